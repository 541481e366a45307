"""A TSV file imported as it is read: a book-length file (100,000 pairs) never held whole.

`import_tsv_file` imports what book_import's single-file import would import as a TSV
(reader.formats.tsv_import), with the same pairs and the same report, reading the file a
block of lines at a time (reader.core.files.text_blocks), twice: first for what the whole
file must show before anything is imported (that it is text, reader.core.script's
check; that it is a TSV, the format's test; its control characters, by line), then for
its pairs, linked 2,000 at a time (reader.core.pairlinks.link_all) and each kept as its
line of the alignment file (reader.core.pair_records: past a few megabytes, in a
temporary file). The verbatim source is copied from the file at the save
(reader.core.files.VerbatimSource).

A file it cannot read so (not a regular file, UTF-16 or UTF-32, an archive, another
format) is left to the import that reads it whole: `import_tsv_file` returns None.
"""

from __future__ import annotations

import os
import stat
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import ReaderError
from ..core.files import VerbatimSource, is_utf8_head, max_size, text_blocks
from ..core.model import Text, TextMeta
from ..core.pairlinks import link_all
from ..core.script import ScriptCounts, check_text, script_counts
from ..core.pair_records import PairRecords
from ..core.visible import Control, controls
from .report import ImportReport
from .tsv_import import block_lines, looks_tsv_lines, number_missing, read_rows

HEAD = 65536  # bytes: what the format is told from (reader.formats.sources.sniff)
TEXT_HEAD = 4096  # characters: what the XML formats' tests read (intertext, tmx)


@dataclass
class Streamed:
    """A streamed file's import, for book_import to finish its report: the verbatim
    source; the links' scores; the source's control characters (by line); and the control
    characters of the pairs as stored, as (field's label, its control characters), in
    the text's order."""

    report: ImportReport
    source: VerbatimSource | None = None
    scores: array = field(default_factory=lambda: array("d"))
    controls: list[Control] = field(default_factory=list)
    stored: list[tuple[str, str]] = field(default_factory=list)


def import_tsv_file(path: Path, text_id: str, fmt: str | None, sources, convert=None) -> Streamed | None:
    """The file at `path` imported as a TSV (see the module), or None if it is not one
    to read so. `sources` is reader.formats.sources (or None), which tells a file's format
    when `fmt` does not; `convert(pair)` converts a pair's Chinese script in place."""
    opened = _head(path)
    if opened is None:
        return None
    head, source = opened
    kind = fmt
    if kind is None and sources is not None:
        if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):  # an archive: read whole
            return None
        kind = sources.sniff(head, path)
    if kind not in (None, "plain", "markdown", "tsv"):
        return None
    origin = str(path)
    counts = ScriptCounts(0, 0, 0, 0)
    found: list[Control] = []
    text_head, before = "", 0

    def checked(blocks):
        """The blocks, their script counts, control characters and head taken on the way."""
        nonlocal counts, text_head, before
        for block in blocks:
            counts = counts.add(script_counts(block))
            found.extend(Control(c.line + before, c.column, c.char) for c in controls(block))
            if len(text_head) < TEXT_HEAD:
                text_head += block[:TEXT_HEAD]
            before += block.count("\n")
            yield block

    # One read for what the whole file must show, the TSV test (if the name does not say
    # TSV) on the way: it may stop early (our header), the counts never do.
    blocks = checked(text_blocks(path))
    tsv_lines = kind == "tsv" or looks_tsv_lines(block_lines(blocks))
    for _ in blocks:
        pass
    check_text(counts, path)
    if kind != "tsv" and not _tsv_by_content(text_head, tsv_lines):
        return None
    streamed = _read(path, text_id, origin, convert)
    streamed.source, streamed.controls = source, found
    return streamed


def _head(path: Path) -> tuple[bytes, VerbatimSource] | None:
    """The first bytes of a regular UTF-8 file no larger than the reader reads, with some
    text in them, and the file to keep as it is now (any change from now on is refused at
    the save); None for any other file (the whole-file import says what is wrong)."""
    try:
        handle = open(path, "rb")
    except OSError:
        return None
    with handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_size():
            return None
        source = VerbatimSource(path, info)
        try:
            head = handle.read(HEAD)
        except OSError:
            return None
    if not head.strip() or not is_utf8_head(head):
        return None
    return head, source


def _tsv_by_content(text_head: str, tsv_lines: bool) -> bool:
    """Whether reader.formats.detect_format would call the file a TSV: not an XML format
    (their tests read its start), a TSV by its lines (`tsv_lines`: looks_tsv_lines)."""
    from . import xml_format

    if not text_head.lstrip("\ufeff \t\r\n") or xml_format(text_head) is not None:
        return False
    return tsv_lines


def _read(path: Path, text_id: str, origin: str, convert) -> Streamed:
    warnings: list[str] = []
    dropped: list[tuple[int, str]] = []
    form, rows, seen = read_rows(block_lines(text_blocks(path)), origin, warnings, dropped)
    seen_sides = {"en": False, "zh": False}
    title: dict[str, str] | None = None

    def watched(pairs):
        nonlocal title
        for pair in pairs:
            if title is None and pair.kind == "title":
                title = {lang: pair.side(lang) for lang in ("en", "zh") if pair.side(lang)}
            seen_sides["en"] = seen_sides["en"] or bool(pair.en)
            seen_sides["zh"] = seen_sides["zh"] or bool(pair.zh)
            yield pair

    records = PairRecords()
    scores = array("d")
    held = []  # the pairs numbered once the file is read, each with its index
    stored: list[tuple[object, str, str]] = []  # (pair id, or its held pair; side; control characters)
    for pair in link_all(watched(rows), beside=True):
        if convert is not None:
            convert(pair)
        scores.extend(score for _, _, score in pair.links or ())
        index = records.append(pair, later=not pair.id)
        if not pair.id:
            held.append((index, pair))
        for lang in ("en", "zh"):
            side = pair.side(lang)
            if not side.isprintable():
                chars = "".join(c.char for c in controls(side))
                if chars:
                    stored.append((pair.id or pair, lang, chars))
    number_missing([pair for _, pair in held], seen)
    for index, pair in held:
        records.put(index, pair)
    if not len(records):
        raise ReaderError("no rows with English or Chinese text found", origin)
    if title is None:
        stem = Path(origin).stem
        title = {"en": stem} if stem else {}
    meta = TextMeta(id=text_id, import_format="tsv", title=title)
    meta.languages = tuple(lang for lang in ("en", "zh") if seen_sides[lang])
    report = ImportReport(Text(meta, records), dropped, warnings, dropped_label="rows without text",
                          details=[f"read as {form}"])
    labels = [(f"pair {owner if isinstance(owner, str) else owner.id} ({lang})", chars)
              for owner, lang, chars in stored]
    return Streamed(report, scores=scores, stored=labels)
