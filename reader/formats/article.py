"""Importer for single-language (English) web copies of journal articles.

The form, as copied from a journal site::

    当前位置:首页 期刊杂志                      site navigation      dropped
    Title                                                            title pair
    时间:2024-07-06                            date line            metadata
    Sun Wenzhu is ... published inPeace ...    author note          note pair
    Body paragraph.1Author,“Title,”Journal, No.6, 2016, pp.48-64.The body goes on...
    Section Heading In Title Case                                    heading, level 1
    Sub-section heading in sentence case                             heading, level 2
    ...
    免责声明 / the disclaimer                   site boilerplate     dropped

Footnotes are glued into the running text right after the sentence they annotate: the
importer finds each mark by the number it expects next, cuts the citation out up to the
point where the running text resumes, and records where the mark stood. Missing spaces
after sentence punctuation are put back in the text (never in citations, which are kept
verbatim). The report accounts for every non-blank character of the source.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..core.errors import ReaderError
from ..core.model import Footnote, Pair, Text, TextMeta
from .interleaved import NAVIGATION, Block, split_blocks
from .report import ImportReport

# -- the page around the article --------------------------------------------------------------

BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|你的位置|You are here)\s*[:：]|^(?:Home|首页)\s*[>»›/]", re.I)
DATE_LINE = re.compile(
    r"^(?:(?:时间|日期|发布时间|发表时间|Date|Published|Posted|Time)\s*[:：]?\s*)?"
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$",
    re.I,
)
DISCLAIMER = {"免责声明", "版权声明", "声明", "disclaimer", "copyright notice", "copyright statement"}

# -- the article's own header -----------------------------------------------------------------

BYLINE = re.compile(r"^By\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})$")
AUTHOR_NOTE = re.compile(
    r"^(?:The author,?\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,3}),?\s+(?:is|was|works|serves)\s"
)
PUBLISHED_IN = re.compile(
    r"(?:published|appeared)\s+(?:first\s+)?in\s*(?P<source>[A-Z].*?)\s*(?:\.(?=\s+[A-Z][a-z])|\.?\s*$)", re.S
)
PARENTHESISED = re.compile(r"^\s*[(（].*[)）]\s*$", re.S)

# -- headings ---------------------------------------------------------------------------------

SUBSECTION_NUMBER = re.compile(r"^(?:\d+\.\d+(?:\.\d+)*\.?|\(\d+\)|\([a-z]\)|[a-z][.)])\s")
SECTION_NUMBER = re.compile(r"^(?:\d+[.、)]|[IVXLC]+\.|(?:Chapter|Part|Section)\s+\w+[.:]?)\s", re.I)
# Small words a title-case heading leaves in lower case.
MINOR_WORDS = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with",
    "by", "from", "as", "into", "onto", "via", "vs", "per", "than", "over", "upon",
}
MIN_WORDS = 50  # of English, for a file to be taken for an article
HEADING_MAX_CHARS = 200
HEADING_MAX_WORDS = 25

# -- footnote marks and citations -------------------------------------------------------------

# A mark: digits glued to the end of a sentence (or word) and to the citation's first letter.
MARK = re.compile(r"(?<![\d\s])(\d{1,3})(?=[A-Z“\"‘])")
MARK_AFTER = set(".!?”\"’),;:]")  # besides lower-case letters
MAX_GAP = 3  # how many missing footnote numbers the search looks past
# Abbreviations that are followed by a number or a name, not by the end of a citation.
NUMBER_ABBREVIATIONS = {"no", "nos", "vol", "vols", "pp", "p", "art", "ch", "chap", "sec", "fig", "para", "op"}
NAME_ABBREVIATIONS = NUMBER_ABBREVIATIONS | {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "gov", "sen", "rep",
    "rev", "vs", "al", "ed", "eds", "trans", "cf",
}
URL = re.compile(r"(?:https?://|www\.)\S*|\S+@\S+\.\S+")
CITATION_SIGNS = re.compile(r"https?:|www\.|\bpp?\.\s?\d|\bNo\.\s?\d+,|\bVol\.\s?\d")
RESUMING_WORDS = (
    "and|but|or|which|while|whereas|as|so|that|the|in|to|with|who|where|when|then|because"
    "|although|though|since|thus|yet|for|of|on|at|by|from|was|were|is|are|has|have|had"
)
# Where running text may resume after a citation, in the forms web copies have:
CITATION_ENDS = re.compile(
    r"(?P<glued>\.)(?=[A-Z“\"‘(])"  # ...pp.52-82.In the post-Cold War period
    r"|(?P<comma>\.)(?=[,;:]\s)"  # ...?noprint., and consequently
    r"|(?P<double>(?<!\.)\.)(?=\.(?!\.))"  # ..._1.html..In January (the text's own full stop)
    rf"|(?P<lower>\.)(?=(?:{RESUMING_WORDS})\s)"  # ...outlook.pdf.and the third edition
    r"|(?P<extension>\.(?:pdf|html?|shtml|aspx?|php|jsp))(?=[A-Z])"  # ...125.pdfIn the field
    r"|(?P<spaced>\.)(?=\s+[A-Z“\"])"  # ...Press, 2019. The body goes on
    r"|(?P<mark>[.”\"’])(?=(?P<next>\d{1,3})[A-Z“\"‘])"  # ...2019.2Jones: the next note at once
)
SENTENCE_END = re.compile(r"[.!?][”\"’]?(?=\s|[A-Z“]|$)")
PLAIN_WORD = re.compile(r"[“\"‘(]?[A-Za-z][A-Za-z'’-]*(?=[\s,;:“])")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# -- missing spaces ---------------------------------------------------------------------------

SPACE_RULES = (
    re.compile(r"[.!?][”\"’]?(?=[A-Z“‘])"),  # speech.This, data.”At
    re.compile(r"(?<=[A-Za-z0-9)”’\]])[,;](?=[A-Za-z“(])"),  # sides,not
    re.compile(r"”(?=[A-Za-z0-9“(])"),  # “Brexit”and
    re.compile(r"\)(?=[A-Za-z])"),  # (SPS)project
    re.compile(r"(?<![A-Za-z'’-])(?:in|of|the|and|to|at|by|on|for|from|with|as|into)(?=[A-Z][a-z])"),  # inPeace
)
SPACE_BEFORE = (
    re.compile(r"(?<=[A-Za-z0-9,.;:!?”’)\]])“"),  # the“Trump
    re.compile(r"(?<=[a-z])\((?=[A-Z])"),  # Agreement(EPA)
)


@dataclass
class Citation:
    n: int
    text: str
    mark: int  # offset of the mark in the paragraph's text once citations are cut out


def looks_article(source: str) -> bool:
    """Some English prose (a title and paragraphs, 50 words or more), with Chinese only
    around it (site navigation, a disclaimer): a few lines of English are not an article."""
    blocks = split_blocks(source.lstrip("\ufeff"))
    langs = [block.lang for block in blocks]
    english = [block for block in blocks if block.lang == "en"]
    if len(english) < 2 or sum(len(WORD.findall(block.text)) for block in english) < MIN_WORDS:
        return False
    first, last = langs.index("en"), len(langs) - 1 - langs[::-1].index("en")
    inside = langs[first:last + 1].count("zh")
    return inside <= max(2, langs.count("en") // 10)


def import_article(source: str, text_id: str, origin: str = "source") -> ImportReport:
    source = source.lstrip("\ufeff")
    blocks = split_blocks(source)
    if not blocks:
        raise ReaderError("the file is empty (no paragraphs)", origin)
    meta = TextMeta(id=text_id, languages=("en",), import_format="article")
    content, dropped, metadata_chars = _separate_page(blocks, meta)
    if not content:
        raise ReaderError("no article paragraphs found (only site boilerplate)", origin)

    pairs: list[Pair] = []
    footnotes: list[Footnote] = []
    warnings: list[str] = []
    repairs = 0
    expected = 1  # the next footnote number
    header = True  # before the first heading or body paragraph

    def add(kind: str, block: Block, text: str) -> tuple[Pair, list[int]]:
        nonlocal repairs
        repaired, inserted = repair_spaces(text)
        repairs += len(inserted)
        pairs.append(Pair(f"p{len(pairs) + 1}", kind, repaired, "", src_en=(block.span,)))
        return pairs[-1], inserted

    for index, block in enumerate(content):
        last = index == len(content) - 1
        byline, note = BYLINE.match(block.text), AUTHOR_NOTE.match(block.text)
        if index == 0 and not last and _looks_like_title(block):
            meta.title["en"] = add("title", block, block.text)[0].en
        elif header and byline:
            meta.author.setdefault("en", byline.group(1))
            add("byline", block, block.text)
        elif header and note and len(block.text) <= 1000:
            meta.author.setdefault("en", note.group(1))
            published = PUBLISHED_IN.search(add("note", block, block.text)[0].en)
            if published and not meta.source:
                meta.source = published.group("source")
        elif PARENTHESISED.match(block.text):
            add("note", block, block.text)
        elif not last and _looks_like_heading(block, expected):
            add("heading", block, block.text)
            header = False
        else:
            header = False
            clean, citations, expected, gaps = extract_footnotes(block.text, expected)
            warnings += [f"line {block.first}: {gap}" for gap in gaps]
            pair, inserted = add("body", block, clean)
            footnotes += [
                Footnote(c.n, c.text, pair.id, c.mark + bisect_left(inserted, c.mark)) for c in citations
            ]
    if "en" not in meta.title:
        warnings.append("no title found (the first paragraph is not a short line)")
    _set_levels([pair for pair in pairs if pair.kind == "heading"])

    accounting: dict[str, int] = {}
    for pair in pairs:
        accounting[pair.kind] = accounting.get(pair.kind, 0) + _visible(pair.en)
    accounting["footnote"] = sum(_visible(f.text) + len(str(f.n)) for f in footnotes)
    accounting["metadata"] = metadata_chars
    accounting["dropped"] = sum(_visible(line) for _, line in dropped) - metadata_chars
    total = _visible(source)
    if sum(accounting.values()) != total:
        warnings.append(f"accounting: {sum(accounting.values())} characters accounted for, the source has {total}")

    numbers = f" (numbered {footnotes[0].n} to {footnotes[-1].n})" if len(footnotes) > 1 else ""
    details = [
        f"{len(footnotes)} footnote(s){numbers}, cut out of the text with where their marks stand",
        f"repaired {repairs} missing space(s) after punctuation (citations kept verbatim)",
    ]
    return ImportReport(
        Text(meta, pairs, footnotes), dropped, warnings,
        dropped_label="site boilerplate (navigation, date line, disclaimer)",
        details=details, accounting=accounting, source_chars=total,
    )


def _separate_page(blocks: list[Block], meta: TextMeta) -> tuple[list[Block], list[tuple[int, str]], int]:
    """The article's paragraphs, the lines of the page around them (dropped), and how many
    characters of those went into `meta` (the date line)."""
    content: list[Block] = []
    dropped: list[tuple[int, str]] = []
    metadata_chars = 0
    for index, block in enumerate(blocks):
        if _is_disclaimer(block):  # the disclaimer and whatever follows it
            for rest in blocks[index:]:
                dropped += _lines(rest)
            break
        date = DATE_LINE.match(block.text)
        if date and not meta.published and len(block.lines) == 1:
            meta.published = "{}-{:0>2}-{:0>2}".format(*date.groups())
            metadata_chars += _visible(block.text)
            dropped += _lines(block)
        elif _is_boilerplate(block):
            dropped += _lines(block)
        else:
            content.append(block)
    return content, dropped, metadata_chars


# -- the page -----------------------------------------------------------------------------------


def _lines(block: Block) -> list[tuple[int, str]]:
    return [(block.first + k, line) for k, line in enumerate(block.lines)]


def _visible(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _is_disclaimer(block: Block) -> bool:
    return block.text.strip().lower().rstrip(":：") in DISCLAIMER


def _is_boilerplate(block: Block) -> bool:
    """Site furniture: Chinese lines around an English article, navigation, breadcrumbs."""
    if block.lang == "zh" or BREADCRUMB.match(block.text):
        return True
    return all(line.strip().lower() in NAVIGATION for line in block.lines)


# -- headings -----------------------------------------------------------------------------------


def _looks_like_title(block: Block) -> bool:
    return len(block.lines) == 1 and len(block.text) <= 300 and not MARK.search(block.text)


def _looks_like_heading(block: Block, expected: int) -> bool:
    """A short line of its own that does not end like a sentence and carries no footnote."""
    text = block.text
    if len(block.lines) != 1 or len(text) > HEADING_MAX_CHARS or len(text.split()) > HEADING_MAX_WORDS:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or text[-1] in ".,;:!?":
        return False
    if text[-1] in "”\"’" and len(text) > 1 and text[-2] in ".,;:!?":
        return False
    return not any(expected <= int(m.group(1)) <= expected + MAX_GAP for m in _marks(text, 0))


def _set_levels(headings: list[Pair]) -> None:
    """Numbering decides where there is some (1 / 1.1, I. / (a)); otherwise capitalisation:
    Title Case headings are sections (1), sentence-case ones sub-sections (2). A text
    whose headings all look alike has one level."""
    styles = []
    for pair in headings:
        if SUBSECTION_NUMBER.match(pair.en):
            styles.append(2)
        elif SECTION_NUMBER.match(pair.en):
            styles.append(1)
        else:
            styles.append(_case_style(pair.en))
    two_cases = "title" in styles and "sentence" in styles
    for pair, style in zip(headings, styles):
        pair.level = style if isinstance(style, int) else (2 if style == "sentence" and two_cases else 1)


def _case_style(text: str) -> str:
    words = [w for w in WORD.findall(text)[1:] if w.lower() not in MINOR_WORDS]
    if not words:
        return "single"  # one significant word ("Conclusion"): a section
    return "title" if all(w[0].isupper() for w in words) else "sentence"


# -- footnotes ----------------------------------------------------------------------------------


def _marks(text: str, start: int):
    for match in MARK.finditer(text, start):
        if match.group(1).startswith("0"):
            continue  # 05: not how notes are numbered
        before = text[match.start() - 1]
        if before.islower() or before in MARK_AFTER:
            if before == "." and _word_before(text, match.start() - 1).lower() in NUMBER_ABBREVIATIONS:
                continue  # No.6, pp.48: a number of the text
            yield match


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def extract_footnotes(text: str, expected: int) -> tuple[str, list[Citation], int, list[str]]:
    """Cut the glued footnotes out of a paragraph.

    Returns the clean text, the citations with where their marks stand in it, the number
    expected next, and a note for each gap in the numbering. A mark is the number expected
    next (or one a little after it, when one is missing): that, not the look of the digits,
    is what keeps "13 rounds", "2+2" or a year from being taken for a mark.
    """
    clean: list[str] = []
    citations: list[Citation] = []
    gaps: list[str] = []
    length = 0
    position = 0
    while True:
        mark = next(
            (m for m in _marks(text, position) if expected <= int(m.group(1)) <= expected + MAX_GAP), None
        )
        if mark is None:
            break
        n = int(mark.group(1))
        if n > expected:
            missing = f"{expected}" if n == expected + 1 else f"{expected} to {n - 1}"
            gaps.append(f"footnote {missing} not found; footnote {n} follows footnote {expected - 1}")
        clean.append(text[position:mark.start()])
        length += mark.start() - position
        end = citation_end(text, mark.end(), n + 1)
        citations.append(Citation(n, text[mark.end():end].strip(), length))
        position = end
        expected = n + 1
    clean.append(text[position:])
    return "".join(clean), citations, expected, gaps


def citation_end(text: str, start: int, next_n: int) -> int:
    """Where the running text resumes after the citation that starts at `start`: the
    first place, past the citation's own abbreviations, initials and URLs, where what
    follows reads as prose, or the next footnote mark, or the end of the paragraph."""
    for match in CITATION_ENDS.finditer(text, start + 2):
        if match.lastgroup == "mark" or match.group("next"):
            if next_n <= int(match.group("next")) <= next_n + MAX_GAP:
                return match.end()
            continue
        if match.lastgroup in ("glued", "spaced"):
            word = _word_before(text, match.start())
            if len(word) == 1 and word.isupper() or word.lower() in NAME_ABBREVIATIONS:
                continue  # Jeffrey W.Hornung, U.S.Navy, Vol.II
        if _reads_as_prose(text, match.end(), strict=match.lastgroup == "spaced"):
            return match.end()
    return len(text)


def _reads_as_prose(text: str, at: int, strict: bool = False) -> bool:
    """Does the running text of the article resume at `at`? It reads as a sentence: it
    has lower-case words besides the small ones, and nothing of a citation (URLs, page
    numbers). With `strict`, for a full stop followed by a space (titles and publishers
    have those too), it must also be a sentence of some length that runs on as prose."""
    rest = text[at:].lstrip(" .,;:")
    if not PLAIN_WORD.match(rest):
        return False  # more of a URL or a code, not a word of prose
    following = next(_marks(rest, 0), None)
    if following is not None:
        rest = rest[: following.start()]  # the sentence ends at the next footnote mark
    end = SENTENCE_END.search(rest, 1)
    sentence = rest[: end.end() if end else 250]
    if CITATION_SIGNS.search(sentence):
        return False
    words = WORD.findall(sentence)
    content_lower = [w for w in words if w[0].islower() and w.lower() not in MINOR_WORDS]
    if not strict:
        return len(words) >= 2 and bool(content_lower)
    if len(words) < 6 or len(content_lower) < len(words) / 3:
        return False
    return not CITATION_SIGNS.search(rest)


# -- missing spaces -------------------------------------------------------------------------------


def repair_spaces(text: str) -> tuple[str, list[int]]:
    """Put back the spaces web copies lose after punctuation ("speech.This", "sides,not",
    "“Brexit”and", "inPeace"), leaving alone abbreviations and initials (U.S., e.g.,
    W.Hornung), numbers (2.5, No.6, pp.48-64, 1,000) and URLs.

    Returns the repaired text and the sorted offsets, in the original text, where a space
    went in (for moving footnote marks along)."""
    protected = [(m.start(), m.end()) for m in URL.finditer(text)]
    at: set[int] = set()
    for rule in SPACE_RULES:
        for match in rule.finditer(text):
            if match.group().startswith(".") and _keeps_full_stop(text, match.start()):
                continue
            at.add(match.end())
    for rule in SPACE_BEFORE:
        at.update(match.start() for match in rule.finditer(text))
    inserted = sorted(
        p for p in at
        if 0 < p < len(text) and not text[p].isspace() and not text[p - 1].isspace()
        and not any(start <= p <= end for start, end in protected)
    )
    if not inserted:
        return text, []
    pieces, previous = [], 0
    for p in inserted:
        pieces += [text[previous:p], " "]
        previous = p
    pieces.append(text[previous:])
    return "".join(pieces), inserted


def _keeps_full_stop(text: str, at: int) -> bool:
    """A full stop that ends an initial or an abbreviation, not a sentence."""
    word = _word_before(text, at)
    return len(word) == 1 or word.lower() in NAME_ABBREVIATIONS
