"""Two monolingual files, an English text and its Chinese translation, aligned on import.

`reader import --en FILE --zh FILE`. Each file is split into paragraphs on blank lines
(a paragraph's lines joined: with a space between Latin text, with nothing next to a Han
character) and each paragraph into sentences (reader.core.sentences). All sentences are
aligned at once by the Aligner, with the paragraph numbers as anchors: when both files
have the same number of paragraphs, paragraph k is aligned with paragraph k and the
sentences within them; otherwise the whole texts are aligned sentence by sentence.

Pairs: the beads are grouped so that no pair crosses a paragraph boundary on either side
(a new pair starts wherever a bead begins a paragraph of either file). When the paragraphs
correspond one to one this gives one pair per paragraph; when they do not, smaller pairs.
(A single bead that itself spans two paragraphs, a 2-1 across a break, stays one pair.)
Every pair is of kind body; its English side is its sentences joined by spaces, its
Chinese side its sentences joined without; `sentences_en`/`sentences_zh` hold where each
sentence stands and `links` the beads, with the pair's sentence indices and the bead's
score. A bead scoring below `reader.core.pairlinks.DOUBTFUL` (a doubtful link, or an
unmatched sentence) is listed among the report's warnings; the reader marks it too.

Storage: the library keeps one verbatim source per text (`meta.source_file`), so the
English file is kept as `source.txt` and `src_en` gives each pair's lines in it; the
Chinese file is not stored (its name is given in the report, and `src_zh` gives each
pair's lines in that file). Re-importing needs both files again.

Title: the first paragraph of each file when it is short (one sentence not ending in a
full stop, at most 150 characters of English or 60 of Chinese), else, in English, the
English file's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ReaderError
from ..core.model import Pair, Span, Text, TextMeta
from ..core.pairlinks import DOUBTFUL
from ..core.script import char_width, language_of
from ..core.sentences import split
from ..core.pairlinks import join_sentences
from .report import ImportReport

SHORT = {"en": 150, "zh": 60}  # the longest first paragraph taken as a title


@dataclass(slots=True)
class Paragraph:
    first: int  # 1-based lines of the file, inclusive
    last: int
    text: str
    sentences: list[str]


def paragraphs(source: str, lang: str) -> list[Paragraph]:
    """The paragraphs of a file (runs of non-blank lines) with their sentences."""
    out: list[Paragraph] = []
    block: list[str] = []
    first = 0
    for number, line in enumerate(source.splitlines() + [""], start=1):
        line = line.strip()
        if line:
            if not block:
                first = number
            block.append(line)
            continue
        if block:
            text = block[0]
            for more in block[1:]:
                wide = char_width(text[-1]) == 2 or char_width(more[0]) == 2
                text += more if wide else " " + more
            sentences = split(text, lang)
            if sentences:
                out.append(Paragraph(first, number - 1, text, sentences))
            block = []
    return out


def _flatten(paras: list[Paragraph]) -> tuple[list[str], list[int]]:
    sentences, numbers = [], []
    for number, paragraph in enumerate(paras):
        sentences += paragraph.sentences
        numbers += [number] * len(paragraph.sentences)
    return sentences, numbers


def _title(paras: list[Paragraph], lang: str) -> str:
    if (paras and len(paras[0].sentences) == 1 and len(paras[0].text) <= SHORT[lang]
            and not paras[0].text.endswith((".", "。"))):
        return paras[0].text
    return ""


def _excerpt(sentences: list[str], indices, width: int = 40) -> str:
    text = " ".join(sentences[i] for i in indices)
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_language(source: str, lang: str, origin: str) -> None:
    found = language_of(source[:20000])
    if found != lang:
        name = {"en": "English", "zh": "Chinese"}
        raise ReaderError(f"given as the {name[lang]} text (--{lang}) but it looks {name.get(found, found)}", origin)


def import_bitext(en_source: str, zh_source: str, text_id: str, en_origin: str = "en",
                  zh_origin: str = "zh", aligner=None) -> ImportReport:
    """Align two monolingual texts into a text of the library (see the module)."""
    _check_language(en_source, "en", en_origin)
    _check_language(zh_source, "zh", zh_origin)
    en_paras, zh_paras = paragraphs(en_source, "en"), paragraphs(zh_source, "zh")
    for paras, origin in ((en_paras, en_origin), (zh_paras, zh_origin)):
        if not paras:
            raise ReaderError("no text in this file", origin)
    en, en_par = _flatten(en_paras)
    zh, zh_par = _flatten(zh_paras)
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

    pairs: list[Pair] = []
    warnings: list[str] = []
    for number, group in enumerate(groups, start=1):
        en_ids = [i for bead in group for i in bead.en]
        zh_ids = [j for bead in group for j in bead.zh]
        en_text, en_spans = join_sentences([en[i] for i in en_ids], " ")
        zh_text, zh_spans = join_sentences([zh[j] for j in zh_ids], "")
        en_local = {i: k for k, i in enumerate(en_ids)}
        zh_local = {j: k for k, j in enumerate(zh_ids)}
        links = tuple((tuple(en_local[i] for i in bead.en), tuple(zh_local[j] for j in bead.zh),
                       round(bead.score, 3)) for bead in group)
        pair = Pair(f"p{number}", "body", en_text, zh_text,
                    src_en=_lines(en_paras, en_par, en_ids), src_zh=_lines(zh_paras, zh_par, zh_ids),
                    sentences_en=en_spans, sentences_zh=zh_spans, links=links)
        pairs.append(pair)
        for bead in group:
            if bead.score < DOUBTFUL:
                shape = f"{len(bead.en)}-{len(bead.zh)}"
                what = (f"{_excerpt(en, bead.en) or '(nothing)'} ↔ {_excerpt(zh, bead.zh, 20) or '(nothing)'}")
                warnings.append(f"pair {pair.id}: doubtful {shape} link (score {bead.score:.2f}): {what}")

    meta = TextMeta(id=text_id, import_format="bitext")
    for lang, paras in (("en", en_paras), ("zh", zh_paras)):
        title = _title(paras, lang)
        if title:
            meta.title[lang] = title
    if "en" not in meta.title:
        meta.title["en"] = Path(en_origin).stem
    anchored = len(en_paras) == len(zh_paras) > 1
    details = [
        f"English: {en_origin}: {len(en_paras)} paragraphs, {len(en)} sentences (kept as the source)",
        f"Chinese: {zh_origin}: {len(zh_paras)} paragraphs, {len(zh)} sentences (not stored: keep the file)",
        f"aligned {len(beads)} beads "
        + ("paragraph by paragraph" if anchored else "over the whole texts (the paragraph counts differ)"),
    ]
    report = ImportReport(Text(meta, pairs), warnings=warnings, details=details)
    return report


def _lines(paras: list[Paragraph], numbers: list[int], indices: list[int]) -> tuple[Span, ...]:
    seen = sorted({numbers[i] for i in indices})
    return tuple((paras[n].first, paras[n].last) for n in seen)
