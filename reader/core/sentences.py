"""Sentence segmentation of English and Chinese paragraphs, rule-based and deterministic.

English: a sentence ends at . ? ! or … (with any closing quotes and brackets after it)
followed by space and an opening quote, bracket, capital or digit, or directly by a
capital when the space is missing ("end.Next"). A full stop does not end a sentence after
a known abbreviation (Mr., U.S., No.6, pp.48-64, e.g.), after a single capital initial
("Jeffrey W.Hornung", "J. R. R. Tolkien"), inside a number (3.5) or a dotted acronym.

Chinese: a sentence ends at 。！？ or …… (and their ASCII forms ! ? and ; is not an end),
with any closing quotes and brackets taken along; a full stop inside a quotation that
continues (“……。”他说) still ends the quoted sentence, as the corpora split it.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep pres rev hon
vs etc al cf ibid op cit eg ie viz approx dept univ inc ltd co corp jan feb mar apr jun jul
aug sep sept oct nov dec no nos pp p vol vols ch fig figs ed eds trans repr est ca
""".split())

_CLOSERS = "\"'”’）)]}»」』"
_OPENERS = "\"'“‘（([{«「『"

_EN_END = re.compile(
    r"""(?=[.?!…])               # (the first character, looked for first: 3x faster)
        (?:\.{3}|…|[.?!])+        # the end mark
        [\"'”’)\]}»]*            # closing quotes and brackets
        (?=\s+[\"'“‘(\[{«]*[A-Z0-9]|[\"'“‘]?[A-Z][a-z]|\s*$)""",
    re.VERBOSE,
)
_ZH_END = re.compile(r"(?=[。！？!?….])(?:[。！？!?]+|…+|\.{3,})[”’」』）)\]\"']*")


def split_english(paragraph: str) -> list[str]:
    """The sentences of an English paragraph, stripped."""
    text = " ".join(paragraph.split())
    ends = (m.end() for m in _EN_END.finditer(text)
            if not (m.group().startswith(".") and not m.group().startswith("...") and _not_an_end(text, m.start())))
    return _cut(text, ends)


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _word_before(text: str, dot: int) -> str | None:
    """The word that ends at `dot`: from the first letter of the run of letters and
    full stops that ends there (what `([A-Za-z][A-Za-z.]*)$` finds in text[:dot])."""
    start = dot
    while start and text[start - 1] in _WORD_CHARS:
        start -= 1
    while start < dot and text[start] == ".":
        start += 1
    return text[start:dot] if start < dot else None


def _not_an_end(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` belongs to an abbreviation, an initial or a number."""
    word = _word_before(text, dot)
    after = text[dot + 1 : dot + 3]
    if word is None:
        return False
    bare = word.replace(".", "").lower()
    if bare in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: W. or W.Hornung
    if "." in word and len(bare) <= 4 and all(len(part) <= 1 for part in word.split(".")):
        return True  # U.S., e.g. spelled with dots
    if after[:1].isdigit() and bare in ("no", "pp", "p", "vol", "ch"):
        return True
    return False


def split_chinese(paragraph: str) -> list[str]:
    """The sentences of a Chinese paragraph, stripped."""
    text = paragraph.strip()
    # an ASCII ! or ? right after Latin text (Yahoo!) is no end, unless the text ends
    ends = (m.end() for m in _ZH_END.finditer(text)
            if not (m.group()[0] in "!?" and m.end() < len(text) and m.start()
                    and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum()))
    return _cut(text, ends)


def _cut(text: str, ends) -> list[str]:
    """`text` cut after each of `ends`, the pieces stripped, empty ones dropped."""
    sentences, start = [], 0
    for end in ends:
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def split(paragraph: str, language: str) -> list[str]:
    """The sentences of a paragraph in `language` ('en' or 'zh')."""
    if language == "zh":
        return split_chinese(paragraph)
    if language == "en":
        return split_english(paragraph)
    raise ValueError(f"no sentence splitter for {language!r}")
