"""Import and export formats, one module each, looked up by name when used."""

from __future__ import annotations

import importlib

from ..core.errors import ReaderError

# name -> "module:function"; modules are imported only when a format is used.
IMPORTERS = {
    "interleaved": "interleaved:import_interleaved",
}
EXPORTERS = {
    "json": "jsonio:export_json",
    "jsonl": "jsonio:export_jsonl",
}


def _load(table: dict[str, str], name: str, what: str):
    try:
        target = table[name]
    except KeyError:
        raise ReaderError(f"unknown {what} format {name!r} (choose from {', '.join(table)})") from None
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def importer(name: str):
    return _load(IMPORTERS, name, "import")


def exporter(name: str):
    return _load(EXPORTERS, name, "export")


def detect_format(text: str) -> str:
    """Guess the import format of a source file from its content."""
    from .interleaved import looks_interleaved

    if looks_interleaved(text):
        return "interleaved"
    raise ReaderError("cannot tell the format of this file; pass --format (choose from "
                      + ", ".join(IMPORTERS) + ")")
