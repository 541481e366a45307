"""Import of a book, a page, a Word file or subtitles: two Documents, or one bilingual file.

`import_documents` aligns two Documents (reader.core.document: an English and a Chinese
one, as the source readers of reader.formats.sources make them) with the book aligner
(reader.core.bookalign: chapters, then paragraphs, then sentences) and builds the Text:

- a pair of kind title for the documents' titles (when either has one);
- per chapter pair, the beads grouped so that no pair crosses a block boundary on either
  side (as reader.formats.bitext does for paragraphs), a pair of heading blocks being of
  kind heading (its level the block's), the others body; a chapter on one side only gives
  pairs with an empty other side, and the report says so;
- `sentences_en`/`sentences_zh` and `links` (with the beads' scores) as bitext.py makes
  them; a bead below reader.core.pairlinks.DOUBTFUL is a doubtful link in the warnings;
- footnotes (reader.core.model.Footnote), each at its mark in the pair its block went to.

`import_bilingual` does the same for a single file that pairs its blocks itself.

`import_files` is what the command line and the import screen call: one bilingual file,
or two files in either order (their languages told from their content), read by
reader.formats.sources when it is there (every format it knows), else as plain text; the
single-file formats of reader.formats (interleaved, article, TMX, TSV, InterText) keep
their own importers. It returns the report and the verbatim sources to keep, by file
name: the English one as `source.<ext>` (`meta.source_file`), the Chinese one as
`source.zh.<ext>`; each as bytes, or, for a TSV read as a stream (reader.formats.tsv_file),
as a reader.core.files.VerbatimSource that the save copies from the file.

The report: a table of both sides (chapters, paragraphs, sentences, footnotes), the
pairs, links and doubtful links, the chapter matching (one line a chapter pair), what
each side dropped, and the accounting of every non-blank character of both sources.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ..core.bookalign import ChapterAlignment, ChapterMatch, align_documents, align_given, _chapter_title
from ..core.document import Bilingual, Block, Chapter, Document
from ..core.errors import ReaderError
from ..core.model import Footnote, Pair, Text, TextMeta
from ..core.pairlinks import DOUBTFUL, group_beads
from ..core.script import text_language
from .report import ImportReport

LEGACY = ("interleaved", "article", "tmx", "tsv", "intertext")  # single-file formats of their own
ZH_SCRIPTS = ("as-is", "simplified", "traditional")
STOPWORDS = {
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "behind", "what",
    "is", "are", "was", "s", "its", "it", "how", "why", "by", "at", "from", "as",
}
_EXTENSIONS = {"epub": ".epub", "html": ".html", "docx": ".docx", "srt": ".srt", "markdown": ".md", "plain": ".txt"}
SHOWN_DROPPED = 12  # items of dropped material listed a side (the rest counted)


def slug(title: str, words: int = 4) -> str:
    """A text id from a title: its first few words that say something, hyphenated."""
    tokens = [t for t in re.findall(r"[a-z0-9]+", title.lower()) if t not in STOPWORDS]
    return "-".join(tokens[:words])[:64].strip("-")


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---- building the Text ---------------------------------------------------------------


class _Builder:
    def __init__(self, en: Document, zh: Document):
        self.en, self.zh = en, zh
        self.pairs: list[Pair] = []
        self.footnotes: list[Footnote] = []
        self.warnings: list[str] = []
        self.rows: list[tuple] = []  # the chapter table
        self.links = self.doubtful = 0

    def title(self) -> None:
        if self.en.title or self.zh.title:
            self.pairs.append(Pair("p1", "title", self.en.title, self.zh.title))

    def chapter(self, aligned: ChapterAlignment) -> None:
        match = aligned.match
        en_ch = self.en.chapters[match.en] if match.en is not None else None
        zh_ch = self.zh.chapters[match.zh] if match.zh is not None else None
        en_blocks = en_ch.blocks if en_ch else []
        zh_blocks = zh_ch.blocks if zh_ch else []
        es, eb, zs, zb = aligned.en_sentences, aligned.en_blocks, aligned.zh_sentences, aligned.zh_blocks
        en_starts = {i for i in range(len(eb)) if i == 0 or eb[i - 1] != eb[i]}
        zh_starts = {j for j in range(len(zb)) if j == 0 or zb[j - 1] != zb[j]}
        groups: list[list] = []
        for bead in aligned.beads:
            starts = (bead.en and bead.en[0] in en_starts) or (bead.zh and bead.zh[0] in zh_starts)
            if not groups or starts:
                groups.append([])
            groups[-1].append(bead)
        first_pair = len(self.pairs)
        # where each block's sentences went: block -> (pair index, offset of the block in the side)
        en_place: dict[int, tuple[int, int]] = {}
        zh_place: dict[int, tuple[int, int]] = {}
        chapter_links = chapter_doubtful = 0
        for group in groups:
            made = group_beads(group, es, zs)
            en_ids, zh_ids, en_spans, zh_spans = made.en_ids, made.zh_ids, made.sentences_en, made.sentences_zh
            en_side, zh_side, links = made.en, made.zh, made.links
            blocks = [en_blocks[eb[i]] for i in en_ids] + [zh_blocks[zb[j]] for j in zh_ids]
            heading = bool(blocks) and all(b.kind == "heading" for b in blocks)
            pair = Pair(f"p{len(self.pairs) + 1}", "heading" if heading else "body", en_side, zh_side,
                        level=min(b.level for b in blocks) or 1 if heading else 0,
                        src_en=_src(en_blocks, eb, en_ids), src_zh=_src(zh_blocks, zb, zh_ids),
                        sentences_en=en_spans, sentences_zh=zh_spans, links=links)
            for k, i in enumerate(en_ids):
                if i in en_starts:
                    en_place.setdefault(eb[i], (len(self.pairs), en_spans[k][0]))
            for k, j in enumerate(zh_ids):
                if j in zh_starts:
                    zh_place.setdefault(zb[j], (len(self.pairs), zh_spans[k][0]))
            self.pairs.append(pair)
            for bead in group:
                if bead.en and bead.zh:
                    chapter_links += 1
                if bead.score < DOUBTFUL and match.en is not None and match.zh is not None:
                    chapter_doubtful += 1
                    shape = f"{len(bead.en)}-{len(bead.zh)}"
                    what = (f"{_short(' '.join(es[i] for i in bead.en)) or '(nothing)'} ↔ "
                            f"{_short(''.join(zs[j] for j in bead.zh), 20) or '(nothing)'}")
                    self.warnings.append(f"pair {pair.id}: doubtful {shape} link (score {bead.score:.2f}): {what}")
        self.links += chapter_links
        self.doubtful += chapter_doubtful
        for chapter, place, lang in ((en_ch, en_place, "en"), (zh_ch, zh_place, "zh")):
            for note in chapter.notes if chapter else ():
                self._footnote(note, place, lang)
        if match.en is None or match.zh is None:
            side, chapter = ("English", en_ch) if match.zh is None else ("Chinese", zh_ch)
            self.warnings.append(f"chapter {_short(_chapter_title(chapter)) or '(untitled)'!r} is in the {side} "
                                 f"text only: kept with an empty {'Chinese' if side == 'English' else 'English'} side")
        self.rows.append((_short(_chapter_title(en_ch), 24) if en_ch else "—",
                          _short(_chapter_title(zh_ch), 14) if zh_ch else "—",
                          sum(b.kind == "body" for b in en_blocks), sum(b.kind == "body" for b in zh_blocks),
                          len(es), len(zs), len(self.pairs) - first_pair, chapter_links, chapter_doubtful,
                          match.how, aligned.how))

    def _footnote(self, note, place, lang: str) -> None:
        if note.block is not None and note.block in place:
            index, start = place[note.block]
            pair, offset = self.pairs[index], start + note.offset
            offset = min(offset, len(pair.side(lang)))
        else:  # the mark was not found: the note goes with the chapter's last pair
            pair = self.pairs[-1] if self.pairs else None
            offset = len(pair.side(lang)) if pair else 0
        if pair is None:
            return
        self.footnotes.append(Footnote(len(self.footnotes) + 1, note.text, pair.id, offset, lang))


def _src(blocks: list[Block], owners: list[int], ids: list[int]):
    """Where a pair's blocks stand in the source: the lines of a text file, as spans."""
    spans: list[list[int]] = []
    for block in sorted({owners[i] for i in ids}):
        src = blocks[block].src
        if isinstance(src, tuple) and len(src) == 2:
            first, last = src
            if spans and first <= spans[-1][1] + 1:
                spans[-1][1] = max(spans[-1][1], last)
            else:
                spans.append([first, last])
    return tuple((a, b) for a, b in spans)


def _report(builder: _Builder, text_id: str, en: Document, zh: Document, en_origin: str, zh_origin: str,
            how: str) -> ImportReport:
    meta = TextMeta(id=text_id, import_format=f"{en.format or 'plain'}+{zh.format or 'plain'}")
    if en.title:
        meta.title["en"] = en.title
    if zh.title:
        meta.title["zh"] = zh.title
    if en.author:
        meta.author["en"] = en.author
    if zh.author:
        meta.author["zh"] = zh.author
    text = Text(meta, builder.pairs, builder.footnotes)
    kinds = Counter(p.kind for p in builder.pairs)
    details = [f"English: {en_origin} ({en.format or 'plain'})", f"Chinese: {zh_origin} ({zh.format or 'plain'})", how]
    details += table([
        ("", "chapters", "paragraphs", "sentences", "footnotes"),
        ("English", len(en.chapters), en.paragraphs(), sum(r[4] for r in builder.rows),
         sum(len(c.notes) for c in en.chapters)),
        ("Chinese", len(zh.chapters), zh.paragraphs(), sum(r[5] for r in builder.rows),
         sum(len(c.notes) for c in zh.chapters)),
    ])
    details.append(f"pairs: {len(builder.pairs)} ({', '.join(f'{n} {k}' for k, n in kinds.items())}); "
                   f"links: {builder.links}; doubtful links: {builder.doubtful}")
    details.append("chapters matched:")
    details += ["  " + line for line in table(
        [("#", "English", "Chinese", "¶ en", "¶ zh", "sent en", "sent zh", "pairs", "links", "doubtful", "matched by", "aligned")]
        + [(k + 1, *row) for k, row in enumerate(builder.rows)])]
    for doc, side, origin in ((en, "English", en_origin), (zh, "Chinese", zh_origin)):
        if doc.dropped:
            details.append(f"dropped from the {side} source ({len(doc.dropped)} item(s)):")
            details += [f"  {where}: {_short(content, 60)}" for where, content in doc.dropped[:SHOWN_DROPPED]]
            if len(doc.dropped) > SHOWN_DROPPED:
                details.append(f"  ... and {len(doc.dropped) - SHOWN_DROPPED} more")
        for warning in doc.warnings:
            builder.warnings.append(f"{origin}: {warning}")
    accounting: dict[str, int] = {}
    for doc, lang in ((en, "en"), (zh, "zh")):
        for category, n in doc.accounting.items():
            accounting[f"{category} ({lang})"] = n
    return ImportReport(text, warnings=builder.warnings, details=details, accounting=accounting,
                        source_chars=en.source_chars + zh.source_chars)


def table(rows: list[tuple]) -> list[str]:
    """Rows as lines of columns, numbers to the right."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(row[k]) for row in cells if k < len(row)) for k in range(max(map(len, cells)))]
    out = []
    for row in rows:
        parts = [(str(c).rjust(w) if isinstance(c, int) else str(c).ljust(w)) for c, w in zip(row, widths)]
        out.append("  ".join(parts).rstrip())
    return out


def _check(value, name: str):
    if value is not None and not callable(getattr(value, "is_set", None)):
        raise TypeError(f"{name} must have is_set()")


def import_documents(en: Document, zh: Document, text_id: str, en_origin: str, zh_origin: str,
                     progress: Callable[[int, int, str], None] | None = None, cancel=None,
                     aligner=None) -> ImportReport:
    """Two documents aligned into a text of the library (see the module)."""
    _check(cancel, "cancel")
    for doc, origin in ((en, en_origin), (zh, zh_origin)):
        if not any(block.text.strip() for block in doc.blocks()):
            raise ReaderError("nothing readable in this file", origin)
    aligned = align_documents(en, zh, aligner, progress, cancel)
    builder = _Builder(en, zh)
    builder.title()
    for chapter in aligned:
        builder.chapter(chapter)
    one_side = sum(1 for c in aligned if c.match.en is None or c.match.zh is None)
    how = (f"aligned {len(aligned)} chapter pair(s): chapters matched first, then paragraphs, then sentences"
           + (f"; {one_side} chapter(s) on one side only" if one_side else ""))
    return _report(builder, text_id, en, zh, en_origin, zh_origin, how)


def import_bilingual(bilingual: Bilingual, text_id: str, origin: str,
                     progress: Callable[[int, int, str], None] | None = None, cancel=None,
                     aligner=None) -> ImportReport:
    """A single file holding both languages, its blocks paired by the file, aligned
    sentence by sentence within each pair (see the module)."""
    _check(cancel, "cancel")
    en, zh = bilingual.en, bilingual.zh
    if not any(b.text.strip() for b in en.blocks()) or not any(b.text.strip() for b in zh.blocks()):
        raise ReaderError("not a bilingual file: it does not hold both English and Chinese text", origin)
    if aligner is None:
        from ..core.pairlinks import _aligner

        aligner = _aligner()
    chapters = max(len(en.chapters), len(zh.chapters))
    by_chapter: dict[int, list[tuple[int | None, int | None]]] = {}
    for chapter, e, z in bilingual.pairs:
        by_chapter.setdefault(chapter, []).append((e, z))
    builder = _Builder(en, zh)
    builder.title()
    for k in range(chapters):
        if cancel is not None and cancel.is_set():
            from ..core.bookalign import Cancelled

            raise Cancelled("cancelled")
        en_ch = en.chapters[k] if k < len(en.chapters) else Chapter("")
        zh_ch = zh.chapters[k] if k < len(zh.chapters) else Chapter("")
        match = ChapterMatch(k if k < len(en.chapters) else None, k if k < len(zh.chapters) else None, 0.0, "the file")
        builder.chapter(align_given(en_ch, zh_ch, by_chapter.get(k, []), aligner, match))
        if progress is not None:
            progress(k + 1, chapters, _chapter_title(en_ch) or _chapter_title(zh_ch))
    how = f"one bilingual file: {len(bilingual.pairs)} block pairs as the file gives them, sentences aligned within each"
    report = _report(builder, text_id, en, zh, origin, origin, how)
    if getattr(bilingual, "source_chars", 0):  # the file's own count (each side's share is in its document)
        report.source_chars = bilingual.source_chars
    return report


# ---- reading files -------------------------------------------------------------------


def _sources():
    """reader.formats.sources when it is there (the source readers), else None."""
    try:
        from . import sources
    except ImportError:
        return None
    return sources


def plain_document(source: str, lang: str, path: str | Path) -> Document:
    """A plain text file as a Document: one chapter of its paragraphs (reader.formats.plaintext),
    the title line as the title. (The fallback while reader.formats.sources is not there.)"""
    from .plaintext import read_plain

    plain = read_plain(source, lang)
    blocks = [Block("body", p.text, src=(p.first, p.last)) for p in plain.paragraphs]
    body = sum(len(p.text) - sum(c.isspace() for c in p.text) for p in plain.paragraphs)
    heading = len(plain.title) - sum(c.isspace() for c in plain.title)
    total = sum(not c.isspace() for c in source)
    return Document(lang, [Chapter("", blocks)], format="plain", title=plain.title,
                    accounting={"body": body, "heading": heading, "dropped": total - body - heading},
                    source_chars=total)


def convert_script(text: str, target: str) -> str:
    """Chinese text in Simplified or Traditional characters, through OpenCC ("as-is": unchanged).
    (reader.core.zhscript's `convert` once that is there.)"""
    if target == "as-is" or not text:
        return text
    try:
        from ..core.zhscript import convert
    except ImportError:
        convert = None
    if convert is not None:
        return convert(text, target)
    import opencc

    config = {"simplified": "t2s", "traditional": "s2t"}[target]
    converter = _CONVERTERS.get(config)
    if converter is None:
        converter = _CONVERTERS[config] = opencc.OpenCC(config)
    return converter.convert(text)


_CONVERTERS: dict = {}


def _convert_pair(pair: Pair, target: str) -> None:
    """A stored pair's Chinese side converted, sentence by sentence, so that its sentence
    spans still fit where a conversion changes a length (a phrase of OpenCC's)."""
    if not pair.sentences_zh:
        pair.zh = convert_script(pair.zh, target)
        return
    text, spans, at = "", [], 0
    for start, end in pair.sentences_zh:
        text += convert_script(pair.zh[at:start], target)
        piece = convert_script(pair.zh[start:end], target)
        spans.append((len(text), len(text) + len(piece)))
        text += piece
        at = end
    pair.zh = text + convert_script(pair.zh[at:], target)
    pair.sentences_zh = tuple(spans)


def _convert_document(doc: Document, target: str) -> None:
    if target == "as-is":
        return
    doc.title = convert_script(doc.title, target)
    for chapter in doc.chapters:
        chapter.title = convert_script(chapter.title, target)
        for block in chapter.blocks:
            block.text = convert_script(block.text, target)
        for note in chapter.notes:
            note.text = convert_script(note.text, target)


def _document_language(doc: Document, origin: str) -> str:
    sample = "\n".join(b.text for _, b in zip(range(400), doc.blocks()))
    return text_language(sample, origin) if sample.strip() else (doc.lang or "en")


def _read_one(path: Path, fmt: str | None) -> tuple[bytes, Document]:
    from ..core.files import decode_text, read_bytes

    raw = read_bytes(path)
    if not raw.strip():
        raise ReaderError("the file is empty", path)
    sources = _sources()
    if sources is not None:
        doc = sources.read_document(raw, path, None, fmt)
    else:
        if fmt not in (None, "plain", "markdown"):
            raise ReaderError(f"format {fmt!r} cannot be read yet (plain text only)", path)
        source = decode_text(raw, path)
        doc = plain_document(source, text_language(source, path), path)
    doc.lang = _document_language(doc, str(path))
    return raw, doc


def import_files(paths: list[Path], text_id: str | None = None, fmt: str | None = None,
                 zh_script: str = "as-is", progress: Callable[[int, int, str], None] | None = None,
                 cancel=None, *, en: Path | None = None, zh: Path | None = None,
                 aligner=None) -> tuple[ImportReport, dict[str, bytes]]:
    """One bilingual file, or two files in either order, imported (see the module): the
    report (its text's id `text_id`, else one made from the title) and the verbatim
    sources to keep, by file name. `en`/`zh` name which of two paths is which when the
    caller was told; otherwise their content decides."""
    if zh_script not in ZH_SCRIPTS:
        raise ReaderError(f"--zh-script {zh_script!r}: use simplified, traditional or as-is")
    paths = [Path(p) for p in paths]
    if len(paths) == 2:
        if fmt in LEGACY:
            raise ReaderError(f"--format {fmt} is a single-file format: it does not apply to two files")
        if _both_plain(paths, fmt):
            result = _import_plain_pair(paths, text_id, zh_script, en, zh, aligner)
            _finished(progress, cancel, result[0])
            return result
        (raw_a, doc_a), (raw_b, doc_b) = _read_one(paths[0], fmt), _read_one(paths[1], fmt)
        first_en = _first_is_english(paths, doc_a.lang, doc_b.lang, en, zh)
        (raw_en, en_doc, en_path), (raw_zh, zh_doc, zh_path) = (
            ((raw_a, doc_a, paths[0]), (raw_b, doc_b, paths[1])) if first_en
            else ((raw_b, doc_b, paths[1]), (raw_a, doc_a, paths[0])))
        _convert_document(zh_doc, zh_script)
        report = import_documents(en_doc, zh_doc, text_id or "untitled", str(en_path), str(zh_path),
                                  progress, cancel, aligner)
        name = "source" + _extension(en_path, en_doc)
        zh_name = "source.zh" + _extension(zh_path, zh_doc)
        if zh_name == name:
            zh_name = "source.zh.bin"
        report.text.meta.source_file = name
        _name_text(report, text_id, en_path)
        report.details[1] += f" (kept as {zh_name})"
        report.details[0] += f" (kept as {name})"
        from ..core.pairlinks import link_summary

        report.details.extend(link_summary(report.text.pairs))
        _control_warnings(report, [])
        return report, {name: raw_en, zh_name: raw_zh}
    if len(paths) != 1:
        raise ReaderError(f"give one bilingual file or two files (an English one and a Chinese one), not {len(paths)}")
    result = _import_single(paths[0], text_id, fmt, zh_script, progress, cancel, aligner)
    _finished(progress, cancel, result[0])
    return result


def _finished(progress, cancel, report: ImportReport) -> None:
    """The importers that align in one go (plain text pairs, the single-file formats):
    one step of progress at their end, and the cancel honoured before the save."""
    if cancel is not None and cancel.is_set():
        from ..core.bookalign import Cancelled

        raise Cancelled("cancelled")
    if progress is not None and not any(line.startswith("aligned ") and "chapter pair" in line
                                        or line.startswith("one bilingual file") for line in report.details):
        progress(1, 1, report.text.meta.title.get("en", ""))


_TOLD = {"en": "English", "zh": "Chinese"}


def _first_is_english(paths: list[Path], lang_a: str, lang_b: str, en, zh) -> bool:
    """Whether the first of two files is the English one: as the caller told (`en`/`zh`,
    checked against the content), else as their content says."""
    if en is not None or zh is not None:
        first_en = Path(en) == paths[0] if en is not None else Path(zh) != paths[0]
        for path, found, lang in ((paths[0], lang_a, "en" if first_en else "zh"),
                                  (paths[1], lang_b, "zh" if first_en else "en")):
            if found != lang:
                raise ReaderError(f"given as the {_TOLD[lang]} text (--{lang}) but it looks {_TOLD[found]}", path)
        return first_en
    if lang_a == lang_b:
        raise ReaderError(f"both files look {_TOLD[lang_a]}: give an English text and its Chinese translation",
                          paths[1])
    return lang_a == "en"


def _both_plain(paths: list[Path], fmt: str | None) -> bool:
    """Whether two files are both plain text (then the plain-text aligner of
    reader.formats.bitext imports them, as it always has)."""
    if fmt not in (None, "plain"):
        return False
    sources = _sources()
    if sources is None:
        return True
    from ..core.files import read_bytes

    return all(sources.sniff(read_bytes(path), path) == "plain" for path in paths)


def _import_plain_pair(paths: list[Path], text_id, zh_script: str, en, zh, aligner):
    from ..core.files import decode_text, read_bytes
    from .bitext import import_bitext

    texts = []
    for path in paths:
        raw = read_bytes(path)
        if not raw.strip():
            raise ReaderError("the file is empty", path)
        source = decode_text(raw, path)
        texts.append((raw, source, text_language(source, path)))
    first_en = _first_is_english(paths, texts[0][2], texts[1][2], en, zh)
    (raw_en, en_source, _), (raw_zh, zh_source, _) = texts if first_en else texts[::-1]
    en_path, zh_path = paths if first_en else paths[::-1]
    report = import_bitext(en_source, convert_script(zh_source, zh_script), text_id or "untitled",
                           str(en_path), str(zh_path), aligner=aligner)
    report.text.meta.source_file = name = "source" + _extension(en_path, None)
    zh_name = "source.zh" + _extension(zh_path, None)
    report.details = [line.replace("(not stored: keep the file)", f"(kept as {zh_name})") for line in report.details]
    _name_text(report, text_id, en_path)
    from ..core.pairlinks import link_summary

    report.details.extend(link_summary(report.text.pairs))
    _control_warnings(report, [(en_source, str(en_path)), (zh_source, str(zh_path))])
    return report, {name: raw_en, zh_name: raw_zh}


def text_fields(text: Text):
    """Every stored string of an imported text, with where it is, for the report."""
    yield from _meta_fields(text)
    for pair in text.pairs:
        yield f"pair {pair.id} (en)", pair.en
        yield f"pair {pair.id} (zh)", pair.zh
    for footnote in text.footnotes:
        yield f"footnote {footnote.n}", footnote.text


def _meta_fields(text: Text):
    for lang, value in text.meta.title.items():
        yield f"title ({lang})", value
    for lang, value in text.meta.author.items():
        yield f"author ({lang})", value


def _control_warnings(report: ImportReport, sources: list[tuple[str, str]]) -> None:
    """The control characters of the sources (by line, for text files) and of what is
    stored (those the sources do not hold raw: from an escape, a reference, an archive)."""
    from ..core.visible import control_warnings, stored_control_warnings

    for source, origin in sources:
        report.warnings += control_warnings(source, origin)
    report.warnings += stored_control_warnings(text_fields(report.text), [s for s, _ in sources])


def _extension(path: Path, doc: Document | None) -> str:
    suffix = path.suffix.lower()
    if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        return suffix
    return _EXTENSIONS.get(doc.format if doc is not None else "plain", ".txt")


def _name_text(report: ImportReport, text_id: str | None, path: Path) -> None:
    if text_id is None:
        from .bitext import name_of

        report.text.meta.id = slug(report.text.meta.title.get("en", "")) or slug(name_of(path)) or "text"
    if not report.text.meta.title.get("en"):
        from .bitext import name_of

        report.text.meta.title["en"] = name_of(path)


def _import_single(path: Path, text_id: str | None, fmt: str | None, zh_script: str, progress, cancel,
                   aligner) -> tuple[ImportReport, dict[str, bytes]]:
    from ..core.files import decode_text, read_bytes

    if fmt in (None, "plain", "markdown", "tsv"):  # the aligner is the default one: a TSV takes no other
        streamed = _import_streamed(path, text_id, fmt, zh_script)
        if streamed is not None:
            return streamed
    raw = read_bytes(path)
    if not raw.strip():
        raise ReaderError("the file is empty", path)
    sources = _sources()
    kind = fmt
    if kind is None and sources is not None:
        kind = sources.sniff(raw, path)
    if kind in (None, "plain", "markdown") or kind in LEGACY:
        from . import detect_format, importer

        source = decode_text(raw, path)
        text_language(source, path)
        if kind not in LEGACY:
            try:
                kind = detect_format(source)
            except ReaderError as exc:
                raise ReaderError(exc.problem, path) from None
        report = importer(kind)(source, text_id or "untitled", str(path))
        texts = [(source, str(path))]
        if zh_script != "as-is":
            for pair in report.text.pairs:
                _convert_pair(pair, zh_script)
            for lang in ("zh",):
                if lang in report.text.meta.title:
                    report.text.meta.title[lang] = convert_script(report.text.meta.title[lang], zh_script)
        if kind != "intertext":  # InterText links are made by hand, not by the aligner
            from ..core.pairlinks import link_summary

            report.details.extend(link_summary(report.text.pairs))
    else:
        if sources is None:
            raise ReaderError(f"format {kind!r} cannot be read yet", path)
        bilingual = sources.read_bilingual(raw, path, kind)
        _convert_document(bilingual.zh, zh_script)
        report = import_bilingual(bilingual, text_id or "untitled", str(path), progress, cancel, aligner)
        texts = []
        from ..core.pairlinks import link_summary

        report.details.extend(link_summary(report.text.pairs))
    name = _named_single(report, path, text_id)
    _control_warnings(report, texts)
    return report, {name: raw}


def _named_single(report: ImportReport, path: Path, text_id: str | None) -> str:
    """The single file's name as kept (`source.<ext>`, in the metadata), and the text's id."""
    name = "source" + (path.suffix.lower() if re.fullmatch(r"\.[a-z0-9]{1,8}", path.suffix.lower()) else ".txt")
    report.text.meta.source_file = name
    if text_id is None:
        from .bitext import name_of

        report.text.meta.id = slug(report.text.meta.title.get("en", "")) or slug(name_of(path)) or "text"
    return name


def _import_streamed(path: Path, text_id: str | None, fmt: str | None, zh_script: str):
    """A TSV file imported as it is read (reader.formats.tsv_file), as _import_single
    imports it, the source copied from the file at the save; None when it is not one."""
    from ..core.pairlinks import scores_summary
    from ..core.visible import control_warnings, stored_control_warnings
    from .tsv_file import import_tsv_file

    convert = None if zh_script == "as-is" else (lambda pair: _convert_pair(pair, zh_script))
    streamed = import_tsv_file(path, text_id or "untitled", fmt, _sources(), convert)
    if streamed is None:
        return None
    report = streamed.report
    if zh_script != "as-is" and "zh" in report.text.meta.title:
        report.text.meta.title["zh"] = convert_script(report.text.meta.title["zh"], zh_script)
    report.details.extend(scores_summary(streamed.scores))
    name = _named_single(report, path, text_id)
    in_sources = {control.char for control in streamed.controls}
    report.warnings += control_warnings("", str(path), found=streamed.controls)
    report.warnings += stored_control_warnings([*_meta_fields(report.text), *streamed.stored], [],
                                               in_sources=in_sources)
    return report, {name: streamed.source}
