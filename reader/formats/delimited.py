"""Tab- and comma-separated exports: the pairs (id, kind, en, zh) and the glossary.

CSV is written by the csv module (RFC 4180: fields with commas, quotes or line breaks
are quoted, lines end in CRLF). TSV has no quoting, so a field's backslashes, tabs and
line breaks are written as the escapes `\\\\`, `\\t`, `\\n` and `\\r` (the convention of
PostgreSQL's COPY and MySQL's LOAD DATA); `unescape_tsv` undoes it. Either can start
with a UTF-8 byte order mark (`bom`), which spreadsheet programs need to read the
Chinese as UTF-8; readers of this project drop it.

The glossary TSV is a glossary file as `texts/glossary.tsv` is (readable by
`read_glossary`): glossary fields hold no tabs or line breaks, so nothing is escaped.
"""

from __future__ import annotations

import csv
import io
import re

from ..core.errors import ReaderError
from ..core.glossary import COLUMNS, GlossaryEntry
from ..core.model import Pair, Text

PAIR_COLUMNS = ("id", "kind", "en", "zh")
BOM = "\ufeff"

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ESCAPED = re.compile(r"[\\\t\n\r]")
_UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
_ESCAPE = re.compile(r"\\[\\tnr]")
_LINE_OR_TAB = re.compile(r"[\t\n\r]")


def escape_tsv(field: str) -> str:
    return _ESCAPED.sub(lambda m: _ESCAPES[m.group()], field)


def unescape_tsv(field: str) -> str:
    """The field as it was before `escape_tsv` (a backslash before anything else stays)."""
    return _ESCAPE.sub(lambda m: _UNESCAPES[m.group()], field)


def _pair_rows(pairs: list[Pair]) -> list[tuple[str, ...]]:
    return [PAIR_COLUMNS, *((p.id, p.kind, p.en, p.zh) for p in pairs)]


def export_tsv(text: Text, pairs: list[Pair], annotations: dict | None = None, *, bom: bool = False) -> str:
    lines = ("\t".join(escape_tsv(field) for field in row) + "\n" for row in _pair_rows(pairs))
    return (BOM if bom else "") + "".join(lines)


def export_csv(text: Text, pairs: list[Pair], annotations: dict | None = None, *, bom: bool = False) -> str:
    return _csv(_pair_rows(pairs), bom)


def _csv(rows, bom: bool) -> str:
    buffer = io.StringIO()
    buffer.write(BOM if bom else "")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _glossary_rows(entries: list[GlossaryEntry]) -> list[tuple[str, ...]]:
    return [COLUMNS, *(
        (e.zh, e.en, " | ".join(e.variants), e.pinyin, e.category, e.note, e.attested, " | ".join(e.exclude))
        for e in entries
    )]


def export_glossary_tsv(entries: list[GlossaryEntry], *, title: str = "", bom: bool = False) -> str:
    lines = []
    for row in _glossary_rows(entries):
        if any(_LINE_OR_TAB.search(field) for field in row):
            raise ReaderError(f"glossary entry {row[0]!r}: a field holds a tab or line break")
        lines.append("\t".join(row) + "\n")
    return (BOM if bom else "") + "".join(lines)


def export_glossary_csv(entries: list[GlossaryEntry], *, title: str = "", bom: bool = False) -> str:
    return _csv(_glossary_rows(entries), bom)


def export_glossary_omegat(entries: list[GlossaryEntry], *, title: str = "", bom: bool = False) -> str:
    """An OmegaT glossary (tab-separated source, target, comment; UTF-8), Chinese as the
    source: one line per rendering, the preferred first, the note as the comment of the
    first. OmegaT lists every line of a term, so the variants show as its other renderings."""
    lines = [f"# {title}\n" if title else "", "# OmegaT glossary: Chinese source, English target, comment\n"]
    for entry in entries:
        for number, rendering in enumerate(entry.renderings):
            fields = (entry.zh, rendering, entry.note if number == 0 else "")
            if any(_LINE_OR_TAB.search(field) for field in fields):
                raise ReaderError(f"glossary entry {entry.zh!r}: a field holds a tab or line break")
            lines.append("\t".join(fields).rstrip("\t") + "\n")
    return (BOM if bom else "") + "".join(lines)
