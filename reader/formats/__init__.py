"""Import and export formats, one module each, looked up by name when used."""

from __future__ import annotations

import importlib

from ..core.errors import ReaderError

# name -> "module:function"; modules are imported only when a format is used.
IMPORTERS = {
    "interleaved": "interleaved:import_interleaved",
    "article": "article:import_article",
    "tmx": "tmx_import:import_tmx",
    "tsv": "tsv_import:import_tsv",
    "intertext": "intertext_import:import_intertext",  # the link file; the texts beside it
}
# Not in IMPORTERS (two files, not one): `reader import --en FILE --zh FILE` is
# bitext:import_bitext(en_source, zh_source, text_id, en_origin, zh_origin).
# An exporter is called as `export(text, pairs, annotations, **options)` and returns what
# it writes: a str (one text file, or standard output), bytes (one binary file) or a dict
# of str by file-name suffix (several text files beside each other). It is given only the
# options it declares as keywords: `glossary` (the text's entries, pinyin filled in), `bom`.
EXPORTERS = {
    "json": "jsonio:export_json",
    "jsonl": "jsonio:export_jsonl",
    "tmx": "tmx:export_tmx",
    "tsv": "delimited:export_tsv",
    "csv": "delimited:export_csv",
    "moses": "moses:export_moses",
    "md": "markdown:export_markdown",
    "html": "html:export_html",
    "anki": "anki:export_anki",
    "intertext": "intertext_export:export_intertext",
}
# Glossary exporters: `export(entries, title=..., **options)` returns the file's text.
GLOSSARY_EXPORTERS = {
    "tbx": "tbx:export_tbx",
    "csv": "delimited:export_glossary_csv",
    "tsv": "delimited:export_glossary_tsv",
    "omegat": "delimited:export_glossary_omegat",
}
# Termbase readers: `read(path, columns)` returns a `core.termbase.Termbase`.
GLOSSARY_IMPORTERS = {
    "tbx": "tbx_import:read_tbx",
    "csv": "termbase_import:read_csv",
    "tsv": "termbase_import:read_tsv",
    "omegat": "termbase_import:read_omegat",
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


def glossary_exporter(name: str):
    return _load(GLOSSARY_EXPORTERS, name, "glossary export")


def glossary_importer(name: str):
    return _load(GLOSSARY_IMPORTERS, name, "glossary import")


def xml_format(text: str) -> str | None:
    """'intertext' or 'tmx' if the text is one (by its start), else None. Their modules
    (and lxml) are imported only for a text with a tag in its first 4,096 characters (or
    first), which both tests look for."""
    if "<" not in text[:4096] and not text.lstrip("\ufeff \t\r\n").startswith("<"):
        return None
    from .intertext_import import looks_intertext

    if looks_intertext(text):  # before tmx: both are XML
        return "intertext"
    from .tmx_import import looks_tmx

    return "tmx" if looks_tmx(text) else None


def detect_format(text: str) -> str:
    """Guess the import format of a source file from its content."""
    # The structured formats first: their shape is unmistakable (XML; a tab on every line).
    # Each test's module is imported only when it is reached (a TSV needs no article rules).
    xml = xml_format(text)
    if xml is not None:
        return xml
    from .tsv_import import looks_tsv

    if looks_tsv(text):
        return "tsv"
    from .interleaved import looks_interleaved

    if looks_interleaved(text):
        return "interleaved"
    from .article import looks_article

    if looks_article(text):  # English only, or nearly: after interleaved, which is bilingual
        return "article"
    raise ReaderError("cannot tell the format of this file; pass --format (choose from "
                      + ", ".join(IMPORTERS) + ")")
