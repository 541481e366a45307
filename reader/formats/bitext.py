"""Two monolingual files, an English text and its Chinese translation, aligned on import.

`reader import --en FILE --zh FILE`. Each file is read as plain text
(reader.formats.plaintext: its title line, its paragraphs, marked by blank lines or a
paragraph a line, or not marked at all, and its sentences). All sentences are aligned at
once by the Aligner, with the paragraph numbers as anchors: when both files have the same
number of paragraphs, paragraph k is aligned with paragraph k and the sentences within
them; otherwise the whole texts are aligned sentence by sentence.

Pairs: the beads are grouped so that no pair crosses a paragraph boundary on either side
(a new pair starts wherever a bead begins a paragraph of either file). When the paragraphs
correspond one to one this gives one pair per paragraph; when they do not, smaller pairs.
(A single bead that itself spans two paragraphs, a 2-1 across a break, stays one pair.)
Where neither file marks its paragraphs, the beads are cut into pairs of a few sentences
at the aligner's surest breaks (reader.core.pairing); so is a paragraph too long to read
as one pair. Every pair is of kind body, but the title's; its English side is its
sentences joined by spaces, its Chinese side its sentences joined without;
`sentences_en`/`sentences_zh` hold where each sentence stands and `links` the beads, with
the pair's sentence indices and the bead's score. A bead scoring below
`reader.core.pairlinks.DOUBTFUL` (a doubtful link, or an unmatched sentence) is listed
among the report's warnings; the reader marks it too. The report says how each file's
paragraphs were read and how the pairs were made.

Storage: the library keeps one verbatim source per text (`meta.source_file`), so the
English file is kept as `source.txt` and `src_en` gives the lines of each pair's
sentences in it; the Chinese file is not stored (its name is given in the report, and
`src_zh` gives each pair's lines in that file). Re-importing needs both files again.

Title: the files' title lines (a pair of kind title, outside the alignment); without an
English one, the English file's name less its language part ("006.en.txt" -> "006").
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import ReaderError
from ..core.model import Pair, Span, Text, TextMeta
from ..core.pairing import LIMIT, MOST_BEADS, bead_size, cut, weakest_cut
from ..core.pairlinks import DOUBTFUL, group_beads
from ..core.script import text_language
from .plaintext import NONE, PlainText, read_plain
from .report import ImportReport

LONG = 3000  # a paragraph larger than this (in pairing's sizes) is cut into several pairs
_LANGUAGE_PART = re.compile(
    r"[._ -](?:en|eng|english|zh|zho|chi|chinese|cn|zh[_-](?:cn|hans|hant|tw|hk)|chs|cht)$", re.IGNORECASE)


def name_of(path: str | Path) -> str:
    """A file's name less its extension and its language part: "006" for "006.en.txt",
    "story" for "story_zh.txt"."""
    return _LANGUAGE_PART.sub("", Path(path).stem) or Path(path).stem


def _excerpt(sentences: list[str], indices, width: int = 40) -> str:
    text = " ".join(sentences[i] for i in indices)
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_language(source: str, lang: str, origin: str) -> None:
    found = text_language(source, origin)
    if found != lang:
        name = {"en": "English", "zh": "Chinese"}
        raise ReaderError(f"given as the {name[lang]} text (--{lang}) but it looks {name.get(found, found)}", origin)


def _flatten(text: PlainText) -> tuple[list[str], list[int], list[tuple[int, int]]]:
    sentences, numbers, lines = [], [], []
    for number, paragraph in enumerate(text.paragraphs):
        sentences += paragraph.sentences
        numbers += [number] * len(paragraph.sentences)
        lines += paragraph.lines
    return sentences, numbers, lines


def import_bitext(en_source: str, zh_source: str, text_id: str, en_origin: str = "en",
                  zh_origin: str = "zh", aligner=None) -> ImportReport:
    """Align two monolingual texts into a text of the library (see the module)."""
    _check_language(en_source, "en", en_origin)
    _check_language(zh_source, "zh", zh_origin)
    en_text, zh_text = read_plain(en_source, "en"), read_plain(zh_source, "zh")
    for text, origin in ((en_text, en_origin), (zh_text, zh_origin)):
        if not text.paragraphs:
            raise ReaderError("no text in this file" + (" but its title" if text.title else ""), origin)
    en, en_par, en_lines = _flatten(en_text)
    zh, zh_par, zh_lines = _flatten(zh_text)
    if aligner is None:
        from ..core.pairlinks import _aligner

        aligner = _aligner()
    beads = aligner.align(en, zh, en_par, zh_par)

    en_starts = {i for i, p in enumerate(en_par) if i == 0 or en_par[i - 1] != p}
    zh_starts = {j for j, p in enumerate(zh_par) if j == 0 or zh_par[j - 1] != p}
    groups: list[list] = []
    for bead in beads:
        starts = (bead.en and bead.en[0] in en_starts) or (bead.zh and bead.zh[0] in zh_starts)
        if not groups or starts:
            groups.append([])
        groups[-1].append(bead)
    unmarked = en_text.marks == NONE and zh_text.marks == NONE
    groups, cut_groups, cuts_made, weakest = _cut_long_groups(groups, en, zh, unmarked)

    pairs: list[Pair] = []
    warnings: list[str] = []
    if en_text.title or zh_text.title:
        pairs.append(Pair("p1", "title", en_text.title, zh_text.title,
                          src_en=((en_text.title_line,) * 2,) if en_text.title else (),
                          src_zh=((zh_text.title_line,) * 2,) if zh_text.title else ()))
    for group in groups:
        made = group_beads(group, en, zh)
        pair = Pair(f"p{len(pairs) + 1}", "body", made.en, made.zh,
                    src_en=_spans(en_lines, made.en_ids), src_zh=_spans(zh_lines, made.zh_ids),
                    sentences_en=made.sentences_en, sentences_zh=made.sentences_zh, links=made.links)
        pairs.append(pair)
        for bead in group:
            if bead.score < DOUBTFUL:
                shape = f"{len(bead.en)}-{len(bead.zh)}"
                what = (f"{_excerpt(en, bead.en) or '(nothing)'} ↔ {_excerpt(zh, bead.zh, 20) or '(nothing)'}")
                warnings.append(f"pair {pair.id}: doubtful {shape} link (score {bead.score:.2f}): {what}")

    meta = TextMeta(id=text_id, import_format="bitext")
    meta.title["en"] = en_text.title or name_of(en_origin)
    if zh_text.title:
        meta.title["zh"] = zh_text.title
    details = [
        f"English: {en_origin}: {en_text.describe()}, {len(en)} sentences (kept as the source)",
        f"Chinese: {zh_origin}: {zh_text.describe()}, {len(zh)} sentences (not stored: keep the file)",
        f"aligned {len(beads)} beads " + _how_aligned(en_text, zh_text),
    ]
    if cut_groups:
        sentences = (len(en) + len(zh)) / max(1, 2 * len(groups))
        what = ("neither file marks its paragraphs, so the sentence alignment was cut into "
                f"{len(groups)} pairs of about {sentences:.0f} sentences a side" if unmarked else
                f"{cut_groups} paragraph(s) too long for one pair were cut into {cut_groups + cuts_made} pairs")
        where = ("at the aligner's surest breaks" + (f" (the least sure cut lies next to a link of score {weakest:.2f})"
                                                     if weakest is not None else ""))
        details.append(f"{what}, {where}")
    return ImportReport(Text(meta, pairs), warnings=warnings, details=details)


def _how_aligned(en_text: PlainText, zh_text: PlainText) -> str:
    en_count, zh_count = len(en_text.paragraphs), len(zh_text.paragraphs)
    if en_text.marks != NONE and zh_text.marks != NONE:
        if en_count == zh_count:
            return "paragraph by paragraph"
        return f"over the whole texts (the paragraph counts differ: {en_count} English, {zh_count} Chinese)"
    if en_text.marks == NONE and zh_text.marks == NONE:
        return "over the whole texts (neither file marks its paragraphs)"
    unmarked = "English" if en_text.marks == NONE else "Chinese"
    return f"over the whole texts (the {unmarked} file does not mark its paragraphs)"


def _cut_long_groups(groups: list[list], en: list[str], zh: list[str], unmarked: bool):
    """Groups too large for a pair cut at the aligner's surest breaks (a paragraph when
    larger than LONG; where no paragraphs are marked, more than a few sentences): the new
    groups, how many were cut, how many cuts were made and the lowest score next to a cut."""
    out, cut_groups, cuts_made, weakest = [], 0, 0, None
    for group in groups:
        sizes = [bead_size([en[i] for i in bead.en], [zh[j] for j in bead.zh]) for bead in group]
        small = sum(sizes) <= LIMIT and len(group) <= MOST_BEADS if unmarked else sum(sizes) <= LONG
        if small or len(group) < 2:
            out.append(group)
            continue
        scores = [bead.score for bead in group]
        starts = cut(sizes, scores)
        out += [group[a:b] for a, b in zip(starts, starts[1:] + [len(group)])]
        if len(starts) > 1:
            cut_groups += 1
            cuts_made += len(starts) - 1
            low = weakest_cut(starts, scores)
            weakest = low if weakest is None else min(weakest, low)
    return out, cut_groups, cuts_made, weakest


def _spans(lines: list[tuple[int, int]], indices: list[int]) -> tuple[Span, ...]:
    """The lines of the given sentences, as [first, last] spans: lines next to each other
    run into one span, a gap (a blank line between paragraphs) starts another."""
    spans: list[list[int]] = []
    for first, last in sorted(lines[i] for i in indices):
        if spans and first <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], last)
        else:
            spans.append([first, last])
    return tuple((first, last) for first, last in spans)
