"""Source readers: a book, a web page, a Word document, subtitles, Markdown or plain text
read into the shared model reader.core.document (Document, Chapter, Block, Note).

    read_document(raw, path, lang=None, fmt=None) -> Document
    read_bilingual(raw, path, fmt=None) -> Bilingual     (one file holding both languages)
    sniff(raw, path) -> "epub" | "html" | "docx" | "srt" | "markdown" | "plain"

The format is told from the content (`sniff`); `fmt` overrides it, though never so far
as to read a PDF or an EPUB as a Word document. The language, when not given, is told by
script (reader.core.script.language_of) over the text read. Every problem with the input
is one ReaderError naming the file; no parser's exception escapes.
"""

from __future__ import annotations

from pathlib import Path

from ...core.document import Bilingual, Document
from ...core.errors import ReaderError
from ...core.files import decode_text
from ...core.script import text_language
from .detect import FORMATS, NAMES, container, sniff

__all__ = ["FORMATS", "NAMES", "read_bilingual", "read_document", "sniff"]

_LABELS = {"epub": "an EPUB", "docx": "a Word document", "html": "an HTML page", "srt": "SRT subtitles",
           "markdown": "Markdown", "plain": "plain text"}


def _format(raw: bytes, path: Path | str, fmt: str | None) -> str:
    if fmt is None:
        return sniff(raw, path)
    if fmt not in FORMATS:
        raise ReaderError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})", path)
    if fmt == "docx" and raw.startswith(b"%PDF"):
        raise ReaderError("is a PDF, not a Word document (a renamed .pdf?): save it as .docx", path)
    found = container(raw, path)
    if found is not None and found != fmt:
        raise ReaderError(f"is {_LABELS[found]}, not {_LABELS[fmt]}", path)
    if found is None and fmt in ("epub", "docx"):
        raise ReaderError(f"not {_LABELS[fmt]}: it is not a zip archive", path)
    return fmt


def read_document(raw: bytes, path: Path | str, lang: str | None = None, fmt: str | None = None) -> Document:
    """The source in `raw` (read from `path`, which errors name) as a Document."""
    path = Path(path)
    fmt = _format(raw, path, fmt)
    if fmt == "epub":
        from . import epub

        return _check(epub.read(raw, path, lang), path)
    if fmt == "docx":
        from . import docx

        return _check(docx.read(raw, path, lang), path)
    text = decode_text(raw, path)
    if fmt == "html":
        from . import html

        return _check(html.read(text, path, lang), path)
    if fmt == "srt":
        from . import subtitles

        return _check(subtitles.read(text, path, lang), path)
    lang = lang or text_language(text, path)
    if fmt == "markdown":
        from . import markdown

        return _check(markdown.read(text, path, lang), path)
    from . import plain

    return _check(plain.read(text, path, lang), path)


def read_bilingual(raw: bytes, path: Path | str, fmt: str | None = None) -> Bilingual:
    """A file holding both languages: an interleaved EPUB or HTML page (each paragraph
    followed by its translation) or SRT subtitles with an English and a Chinese line a cue."""
    path = Path(path)
    fmt = _format(raw, path, fmt)
    from . import bilingual

    if fmt == "epub":
        from . import epub

        return bilingual.split(epub.read(raw, path, "en", bilingual=True), path)
    if fmt == "srt":
        from . import subtitles

        return subtitles.read_bilingual(decode_text(raw, path), path)
    if fmt in ("html", "markdown", "plain"):
        text = decode_text(raw, path)
        if fmt == "html":
            from . import html

            return bilingual.split(html.read(text, path, "en", bilingual=True), path)
        from . import markdown, plain

        reader = markdown if fmt == "markdown" else plain
        return bilingual.split(reader.read(text, path, "en"), path)
    raise ReaderError(f"{_LABELS[fmt]} holds one language; give the two files with --en and --zh", path)


def _check(document: Document, path: Path) -> Document:
    if not any(True for _ in document.blocks()):
        raise ReaderError(f"nothing readable: no text found in {_LABELS[document.format]}", path)
    return document
