"""Running an export: which pairs, which options the format takes, and writing what it
returns (one file, a binary file, or several files) all or nothing.

`write_outputs` (from reader.core.files) is here too for the glossary export."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

from ..core.errors import ReaderError
from ..core.files import write_outputs
from ..core.model import Pair, Text

UNITS = ("paragraph", "sentence")
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def in_units(text: Text, unit: str) -> Text:
    """The text as units to export: its pairs, or with `sentence` one unit per sentence
    link (`p3.1`, `p3.2`, ...: the link's English and Chinese sentences). Pairs without
    sentence links (titles, one-language pairs) stay whole."""
    if unit not in UNITS:
        raise ReaderError(f"--unit {unit!r}: choose paragraph or sentence")
    if unit == "paragraph":
        return text
    if not any(pair.links for pair in text.pairs):
        raise ReaderError(
            f"--unit sentence: {text.id!r} has no sentence links (export with --unit paragraph)"
        )
    units = []
    for pair in text.pairs:
        if not pair.links:
            units.append(pair)
            continue
        statuses = pair.link_status or ("auto",) * len(pair.links)
        for number, ((en, zh, _), status) in enumerate(zip(pair.links, statuses), start=1):
            units.append(Pair(
                f"{pair.id}.{number}", pair.kind,
                " ".join(pair.en[slice(*pair.sentences_en[i])] for i in en),
                "".join(pair.zh[slice(*pair.sentences_zh[i])] for i in zh),
                status=status,
            ))
    return Text(text.meta, units, [])


def pair_range(spec: str, count: int) -> tuple[int, int]:
    """`3-7` or `3` as 0-based (start, stop) into `count` pairs, or a one-line error."""
    match = _RANGE.match(spec)
    if not match:
        raise ReaderError(f"--pairs {spec!r}: want a pair number or a range such as 3-7 (1-based)")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first
    if first > last:
        raise ReaderError(f"--pairs {spec}: the range runs backwards (write {last}-{first})")
    if first < 1 or last > count:
        raise ReaderError(f"--pairs {spec}: out of range, the text has {count} pairs (1-{count})")
    return first - 1, last


def select_pairs(text: Text, spec: str | None) -> Text:
    """The text with only the pairs of `spec` (and the footnotes in them)."""
    if spec is None:
        return text
    start, stop = pair_range(spec, len(text.pairs))
    pairs = text.pairs[start:stop]
    ids = {pair.id for pair in pairs}
    return Text(text.meta, pairs, [f for f in text.footnotes if f.pair in ids])


def options_for(export: Callable, fmt: str, given: dict[str, object], available: dict[str, Callable[[], object]]) -> dict:
    """The keyword options to pass: those the user `given` (refused, in one line, when the
    format does not take them) and the `available` ones it declares (computed only then)."""
    parameters = inspect.signature(export).parameters
    for name in given:
        if name not in parameters:
            raise ReaderError(f"--{name} does not apply to {fmt} export")
    options = dict(given)
    options.update({name: make() for name, make in available.items() if name in parameters})
    return options


def output_files(result: str | bytes | dict[str, str], output: str | None, fmt: str) -> dict[Path, bytes]:
    """The files an export's result goes to (see EXPORTERS); {} means standard output."""
    if isinstance(result, dict):
        if not output:
            names = " and ".join(f"BASE{suffix}" for suffix in result)
            raise ReaderError(f"{fmt} export writes two files, {names}: give -o BASE")
        return {Path(output + suffix): data.encode("utf-8") for suffix, data in result.items()}
    if isinstance(result, bytes):
        if not output:
            raise ReaderError(f"{fmt} export writes a binary file, not text for standard output: give -o FILE")
        return {Path(output): result}
    return {Path(output): result.encode("utf-8")} if output else {}


def export_files(
    text: Text,
    fmt: str,
    output: str | None,
    *,
    annotations: dict | None = None,
    glossary: Callable[[], list] | None = None,
    given: dict[str, object] | None = None,
) -> tuple[str | None, dict[Path, bytes]]:
    """Export a text in format `fmt`, writing nothing: (the output for standard output, or
    None; the files it makes for `output`, path -> bytes)."""
    from . import exporter

    export = exporter(fmt)
    available = {"glossary": glossary} if glossary is not None else {}
    available["output_name"] = lambda: Path(output).name if output else "text"  # files that name each other
    options = options_for(export, fmt, given or {}, available)
    result = export(text, text.pairs, annotations, **options)
    files = output_files(result, output, fmt)
    return (None, files) if files else (result, {})


def export_text(
    text: Text,
    fmt: str,
    output: str | None,
    *,
    annotations: dict | None = None,
    glossary: Callable[[], list] | None = None,
    given: dict[str, object] | None = None,
    force: bool = False,
) -> tuple[str | None, list[Path]]:
    """Export a text in format `fmt`: (the output for standard output, or None; the files
    written, every one or none: see `reader.core.files.write_outputs`; `force` replaces
    read-only files). The one path the command line and the reader's export dialog share."""
    stdout, files = export_files(text, fmt, output, annotations=annotations, glossary=glossary, given=given)
    if not files:
        return stdout, []
    write_outputs(files, force=force)
    return None, list(files)
