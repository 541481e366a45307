"""Reading termbases kept as tables: CSV and TSV with a header row (spreadsheets, our
own glossary files and exports), and OmegaT glossary files.

A CSV or TSV file names its columns in its first row (after `#` comments and blank
lines). They are mapped by name: our glossary's own (`zh`, `en`, `variants`, `pinyin`,
`category`, `note`, `attested`, `exclude`), language codes (`zh-CN`, `zh-Hans`, `en-US`,
`en-GB`, ...) and the usual words (Chinese, 中文, English, 英文, Pinyin, Synonyms,
Comment, Definition, Type, ...); `--columns zh=Source,en=Target,note=Remarks` maps any
others. In the English and variants columns, renderings are separated by `|` or `;`.
CSV is read as RFC 4180 (quoted fields); TSV is read literally, as a glossary file is
(a quote is part of a term), with the PostgreSQL-style escapes our TSV export writes
only in fields that hold them.

An OmegaT glossary is tab-separated, one term a line: source, target, and optionally a
comment; `#` lines are comments. Which side is Chinese is told by its script, so a
glossary of an English-to-Chinese project reads the same as one of a Chinese-to-English
project; several lines for one term give its renderings in turn.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..core.errors import ReaderError
from ..core.files import read_text
from ..core.glossary import COLUMNS
from ..core.script import is_han
from ..core.termbase import Term, Termbase, category, clean, language

_NAMES = {
    "zh": {"zh", "chinese", "中文", "汉语", "简体中文", "chinese (simplified)", "simplified chinese", "term (zh)",
           "chinese term", "zh term", "中文术语"},
    "en": {"en", "english", "英文", "英语", "english term", "term (en)", "en term", "rendering", "英文术语"},
    "variants": {"variants", "variant", "synonyms", "synonym", "alternatives", "other renderings", "also"},
    "pinyin": {"pinyin", "拼音", "pronunciation"},
    "category": {"category", "type", "class", "类别", "类型"},
    "note": {"note", "notes", "comment", "comments", "definition", "description", "remark", "remarks", "备注",
             "注释", "定义"},
    "attested": {"attested"},
    "exclude": {"exclude"},
}
_SEPARATORS = re.compile(r"\s*[|;]\s*")
_BARS = re.compile(r"\s*\|\s*")  # our own files: a semicolon is part of a rendering
_CHECKED = ("zh", "en")


def read_csv(path: Path, columns: dict[str, str] | None = None) -> Termbase:
    return _read_table(path, columns, "csv")


def read_tsv(path: Path, columns: dict[str, str] | None = None) -> Termbase:
    return _read_table(path, columns, "tsv")


def parse_columns(value: str) -> dict[str, str]:
    """`--columns zh=Source,en=Target` as {"zh": "Source", "en": "Target"}."""
    mapping: dict[str, str] = {}
    for part in value.split(","):
        field, sep, name = part.partition("=")
        field, name = field.strip().lower(), name.strip()
        if not sep or not name:
            raise ReaderError(f"--columns {value!r}: want FIELD=COLUMN pairs separated by commas (zh=Source,en=Target)")
        if field not in COLUMNS:
            raise ReaderError(f"--columns: unknown field {field!r} (fields: {', '.join(COLUMNS)})")
        if field in mapping:
            raise ReaderError(f"--columns: {field} is given twice")
        mapping[field] = name
    return mapping


def _rows(path: Path, fmt: str) -> list[tuple[int, list[str]]]:
    """(line, fields) of each row that is not blank or a `#` comment."""
    text = read_text(path)
    rows = []
    if fmt == "csv":
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            for fields in reader:
                line = reader.line_num
                if not any(f.strip() for f in fields) or fields[0].lstrip().startswith("#"):
                    continue
                rows.append((line, fields))
        except csv.Error as exc:
            raise ReaderError(f"malformed CSV: {exc}", path, reader.line_num) from None
        return rows
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((number, line.split("\t")))
    return rows


def _column_map(header: list[str], columns: dict[str, str] | None, path: Path, line: int) -> dict[str, int]:
    names = [clean(name).lower() for name in header]
    found: dict[str, int] = {}
    for field, name in (columns or {}).items():
        if name.lower() not in names:
            raise ReaderError(f"--columns: no column {name!r} in the header (columns: {', '.join(header)})", path, line)
        found[field] = names.index(name.lower())
    for at, name in enumerate(names):
        if at in found.values():
            continue
        field = next((f for f, words in _NAMES.items() if name in words), None)
        if field is None:
            lang = language(name) if re.fullmatch(r"[a-z]{2,3}([-_][a-z0-9]+)*", name) else None
            field = {"zh": "zh", "en": "en"}.get(lang or "")
        if field is not None and field not in found:
            found[field] = at
    missing = [field for field in _CHECKED if field not in found]
    if missing:
        raise ReaderError(
            f"no {' or '.join('Chinese' if f == 'zh' else 'English' for f in missing)} column in the header "
            f"(columns: {', '.join(header)}); name them with --columns zh=COLUMN,en=COLUMN", path, line)
    return found


def _read_table(path: Path, columns: dict[str, str] | None, fmt: str) -> Termbase:
    rows = _rows(path, fmt)
    if not rows:
        raise ReaderError("an empty termbase (no header row)", path)
    (header_line, header), rows = rows[0], rows[1:]
    where = _column_map(header, columns, path, header_line)
    unused = [name for at, name in enumerate(header) if at not in where.values() and name.strip()]
    termbase = Termbase()
    if unused:
        termbase.remarks.append(f"columns not used: {', '.join(unused)}")
    own = {clean(name).lower() for name in header} <= set(COLUMNS)
    separators = _BARS if own else _SEPARATORS
    unknown: dict[str, int] = {}
    for line, fields in rows:
        if len(fields) > len(header) and any(f.strip() for f in fields[len(header):]):
            termbase.refused.append((line, f"{len(fields)} fields, the header has {len(header)}"))
            continue
        value = {field: _unescape(fields[at]).strip() if at < len(fields) else "" for field, at in where.items()}
        renderings = [r for r in separators.split(value.get("en", "")) if r]
        renderings += [r for r in separators.split(value.get("variants", "")) if r]
        kind = ""
        if value.get("category"):
            kind = category(value["category"]) or ""
            if not kind:
                unknown[value["category"]] = unknown.get(value["category"], 0) + 1
        termbase.terms.append(Term(
            zh=value.get("zh", ""), renderings=renderings, line=line, pinyin=value.get("pinyin", ""), category=kind,
            note=value.get("note", ""), attested=value.get("attested", ""),
            exclude=tuple(p for p in (x.strip() for x in value.get("exclude", "").split("|")) if p)))
    if unknown:
        termbase.remarks.append("categories that are not the glossary's, imported as term: " + ", ".join(
            f"{name!r} ({count})" for name, count in sorted(unknown.items())))
    return termbase


def _unescape(field: str) -> str:
    from .delimited import unescape_tsv

    return unescape_tsv(field) if "\\" in field else field


def read_omegat(path: Path, columns: dict[str, str] | None = None) -> Termbase:
    if columns:
        raise ReaderError("--columns is for CSV and TSV files; an OmegaT glossary is source, target, comment")
    termbase = Termbase()
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [clean(field) for field in line.split("\t")]
        if len(fields) < 2 or not fields[1]:
            termbase.refused.append((number, "want a source term and a target term, separated by a tab"))
            continue
        source, target, comment = fields[0], fields[1], " ".join(fields[2:]).strip()
        chinese = [field for field in (source, target) if any(is_han(char) for char in field)]
        if len(chinese) != 1:
            termbase.refused.append((number, "neither term is Chinese" if not chinese else "both terms are Chinese"))
            continue
        zh = chinese[0]
        en = target if zh == source else source
        termbase.terms.append(Term(zh=zh, renderings=[en], line=number, note=comment))
    return termbase


def looks_like(path: Path) -> str:
    """The format of a termbase file, from its name and first bytes."""
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml", ".mtf"):
        return "tbx"
    if suffix == ".csv":
        return "csv"
    if suffix == ".tsv":
        return "tsv"
    text = read_text(path)
    if text.lstrip().startswith("<"):
        return "tbx"
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    names = {clean(name).lower() for name in first.split("\t")}
    if "\t" in first and any(names & words for words in (_NAMES["zh"], _NAMES["en"])):
        return "tsv"
    if "\t" in first:
        return "omegat"
    if "," in first:
        return "csv"
    raise ReaderError("cannot tell the format of this termbase; pass --format (tbx, csv, tsv or omegat)", path)
