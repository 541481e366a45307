"""TSV importer: tab-separated pairs, in one of two forms.

Our export (`delimited.export_tsv`): a header `id<TAB>kind<TAB>en<TAB>zh`, then one pair
a line, its fields escaped (`\\t`, `\\n`, `\\r`, `\\\\`) and undone here by `unescape_tsv`;
every line must have the four fields. The TSV export carries no heading levels, so
headings read back at level 0.

A plain two-column file: English and Chinese, or Chinese and English (decided by the
script of the first rows), one pair a line, kind body, ids p1, p2, ... Fields are taken
literally (no escapes), less the spaces around them; a first row that only names the
columns (`en zh`, `English Chinese`, `中文 英文` ...) sets their order and is not a pair.

Blank lines are skipped. A line with one column (no tab) or too many is a one-line error
naming the file and the line. The title is the title pair's, else the file's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

from ..core.errors import ReaderError
from ..core.model import KINDS, Pair, Text, TextMeta
from ..core.script import language_of
from ..core.pairlinks import link_all
from .delimited import PAIR_COLUMNS, unescape_tsv
from .report import ImportReport

HEADER = "\t".join(PAIR_COLUMNS)
COLUMN_NAMES = {
    "en": "en", "english": "en", "英文": "en", "英语": "en",
    "zh": "zh", "chinese": "zh", "中文": "zh", "汉语": "zh", "zh-cn": "zh", "zh-hans": "zh",
}
SAMPLE_ROWS = 20  # rows whose script decides the column order of a plain file


def _lines(source: str) -> list[tuple[int, str]]:
    """(1-based number, line) of each non-blank line. Lines end at LF only (CR LF too):
    any other line separator is part of a field."""
    return list(_iter_lines(source))


def _iter_lines(source: str, before: int = 0, bom: bool = True) -> Iterator[tuple[int, str]]:
    """_lines one at a time (a book-length file is never held twice, as lines); of a block
    of a file's lines, `before` lines into it (a BOM is dropped at the file's start only)."""
    start = 1 if bom and source.startswith("\ufeff") else 0
    number = before
    while start <= len(source):
        end = source.find("\n", start)
        if end < 0:
            end = len(source)
        number += 1
        line = source[start:end].removesuffix("\r")
        if line.strip():
            yield number, line
        start = end + 1


def block_lines(blocks: Iterable[str]) -> Iterator[tuple[int, str]]:
    """_iter_lines of a file read a block of whole lines at a time (reader.core.files.text_blocks)."""
    before = 0
    for number, block in enumerate(blocks):
        yield from _iter_lines(block, before, bom=not number)
        before += block.count("\n")


def looks_tsv(source: str) -> bool:
    """Our export's header; or two tab-separated columns on every line, but for a stray
    line or two without a tab (which the import then names as the error it is)."""
    return looks_tsv_lines(_iter_lines(source))


def looks_tsv_lines(lines: Iterable[tuple[int, str]]) -> bool:
    """looks_tsv of a file's non-blank lines."""
    count = two = most = 0
    for number, line in lines:
        if not count and line == HEADER:
            return True
        tabs = line.count("\t")
        count += 1
        two += tabs == 1
        most = max(most, tabs)
    if not count:
        return False
    return most == 1 and (two == count or (two >= 5 and two >= 0.9 * count))


def import_tsv(source: str, text_id: str, origin: str = "source") -> ImportReport:
    warnings: list[str] = []
    dropped: list[tuple[int, str]] = []  # rows with neither side
    form, rows, seen = read_rows(_iter_lines(source), origin, warnings, dropped)
    pairs = list(rows)
    number_missing([pair for pair in pairs if not pair.id], seen)
    if not pairs:
        raise ReaderError("no rows with English or Chinese text found", origin)
    meta = TextMeta(id=text_id, import_format="tsv", title=title_of(pairs, origin))
    meta.languages = tuple(lang for lang in ("en", "zh") if any(p.side(lang) for p in pairs))
    pairs = list(link_all(pairs))
    return ImportReport(Text(meta, pairs), dropped, warnings, dropped_label="rows without text",
                        details=[f"read as {form}"])


def read_rows(lines: Iterator[tuple[int, str]], origin: str, warnings: list[str],
              dropped: list) -> tuple[str, Iterator[Pair], set[str]]:
    """What form the file is (read from its first lines), and its pairs as they are read;
    a row of our export without a usable id comes with the id "" (numbered by
    number_missing once every id of the file is in the set returned)."""
    first = next(lines, None)
    if first is None:
        raise ReaderError("the file is empty (no rows)", origin)
    seen: set[str] = set()
    if first[1] == HEADER:
        return "our export (id, kind, en, zh)", _our_export(lines, origin, warnings, dropped, seen), seen
    form, rows = _two_columns(chain([first], lines), origin, dropped)
    return form, rows, seen


def number_missing(missing: list[Pair], seen: set[str]) -> None:
    """The pairs without an id given the first p1, p2, ... no other pair has, in order."""
    counter = 0
    for pair in missing:
        counter += 1
        while f"p{counter}" in seen:
            counter += 1
        pair.id = f"p{counter}"
        seen.add(pair.id)


def title_of(pairs: list[Pair], origin: str) -> dict[str, str]:
    """The title: the sides of the first title pair, else the file's name."""
    for pair in pairs:
        if pair.kind == "title":
            return {lang: pair.side(lang) for lang in ("en", "zh") if pair.side(lang)}
    stem = Path(origin).stem
    return {"en": stem} if stem else {}


def _columns(line: str, number: int, want: int, origin: str, what: str) -> list[str]:
    fields = line.split("\t")
    if len(fields) != want:
        count = "one column (no tab)" if len(fields) == 1 else f"{len(fields)} columns"
        raise ReaderError(f"{count}; want {want} ({what}) separated by tabs", origin, number)
    return fields


def _our_export(lines, origin: str, warnings: list[str], dropped: list, seen: set[str]) -> Iterator[Pair]:
    for number, line in lines:
        pid, kind, en, zh = (unescape_tsv(f) for f in _columns(line, number, 4, origin, "id, kind, en, zh"))
        if not en and not zh:
            dropped.append((number, line))
            continue
        if kind not in KINDS:
            warnings.append(f"line {number}: unknown kind {kind!r}; read as body")
            kind = "body"
        pid = pid.strip()
        if pid in seen:
            warnings.append(f"line {number}: id {pid!r} is used by an earlier row; given a new one")
            pid = ""
        if pid:
            seen.add(pid)
        yield Pair(pid, kind, en, zh)


def _two_columns(lines, origin: str, dropped: list) -> tuple[str, Iterator[Pair]]:
    rows = ((number, [f.strip() for f in _columns(line, number, 2, origin, "English and Chinese")])
            for number, line in lines)
    # the rows that decide the columns' order, then the others one at a time (a bad row
    # is the same error: the first in the file)
    head = list(islice(rows, SAMPLE_ROWS + 1))
    names = [COLUMN_NAMES.get(field.lower()) for field in head[0][1]]
    if sorted(filter(None, names)) == ["en", "zh"]:
        order = tuple(names)
        head = head[1:]
        form = f"two columns ({', '.join(order)}) with a header row"
    else:
        order = _order_by_script(head)
        form = f"two columns ({', '.join(order)}, by script)"
    return form, _two_column_pairs(chain(head, rows), order, dropped)


def _two_column_pairs(rows, order: tuple[str, str], dropped: list) -> Iterator[Pair]:
    count = 0
    for number, fields in rows:
        sides = dict(zip(order, fields))
        if not sides["en"] and not sides["zh"]:
            dropped.append((number, "\t".join(fields)))
            continue
        count += 1
        yield Pair(f"p{count}", "body", sides["en"], sides["zh"])


def _order_by_script(rows) -> tuple[str, str]:
    """("zh", "en") when the first column reads as Chinese more often than the second."""
    zh_first = zh_second = 0
    for _, (first, second) in rows[:SAMPLE_ROWS]:
        zh_first += bool(first) and language_of(first) == "zh"
        zh_second += bool(second) and language_of(second) == "zh"
    return ("zh", "en") if zh_first > zh_second else ("en", "zh")
