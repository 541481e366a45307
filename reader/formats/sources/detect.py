"""Telling a source's format from its content; the file name only breaks a tie.

A zip archive is an EPUB when its `mimetype` member says application/epub+zip (or it
has an OPF container), a Word document when it holds word/document.xml. A PDF, a
legacy Word file (OLE2), other archives and binary data are one-line errors. Text is
SRT when its first cue has a timing line (`00:00:01,000 --> ...`, even a broken one:
the SRT reader then says what is wrong with it), HTML when markup opens it or it has
HTML's block tags, Markdown when it has ATX or setext headings or fenced code, plain
text otherwise; a name ending .md, .srt or .html tips an undecided text.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ...core.errors import ReaderError
from .archive import ZIP_ERRORS, is_zip

FORMATS = ("epub", "html", "docx", "srt", "markdown", "plain")
NAMES = {".epub": "epub", ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
         ".srt": "srt", ".md": "markdown", ".markdown": "markdown", ".txt": "plain", ".text": "plain"}
TEXT_FORMATS = ("html", "srt", "markdown", "plain")

_TIMING = re.compile(r"^\s*\d+\s*\n\s*[\d:,.\s]+-->", re.M)
_TIMING_LINE = re.compile(r"^\s*\d{1,2}:\d{1,2}:\d{1,2}[,.]\d{1,3}\s*-->", re.M)
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:p|div|h[1-6]|article|section|span|br|a\s)[\s>/]", re.I)
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
_SETEXT = re.compile(r"^[^\s=-][^\n]*\n ?(?:=+|-{2,})[ \t]*$", re.M)
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)


def sniff(raw: bytes, path: Path | str) -> str:
    """The format of `raw` (one of FORMATS), or a one-line ReaderError for a file that is
    none of them."""
    kind = container(raw, path)
    if kind is not None:
        return kind
    return sniff_text(_peek_text(raw, path), path)


def container(raw: bytes, path: Path | str) -> str | None:
    """"epub" or "docx" for those archives, None for text; a ReaderError for any other
    binary file."""
    suffix = Path(str(path)).suffix.lower()
    if raw.startswith(b"%PDF"):
        if suffix == ".docx":
            raise ReaderError("is a PDF, not a Word document (a renamed .pdf?): save it as .docx", path)
        if suffix == ".epub":
            raise ReaderError("is a PDF, not an EPUB (a renamed .pdf?)", path)
        raise ReaderError("is a PDF: PDF files are not read; export it as text, EPUB or DOCX", path)
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReaderError("is a legacy Word (.doc) or other OLE2 file: save it as .docx", path)
    if is_zip(raw):
        try:
            archive = zipfile.ZipFile(__import__("io").BytesIO(raw))
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:64].strip() if "mimetype" in names else b""
        except ZIP_ERRORS:
            what = {".epub": "EPUB", ".docx": "Word document"}.get(suffix, "zip archive")
            raise ReaderError(f"broken {what}: not a readable zip archive", path) from None
        if mimetype == b"application/epub+zip" or "META-INF/container.xml" in names:
            return "epub"
        if "word/document.xml" in names:
            return "docx"
        if mimetype:
            raise ReaderError(f"a zip archive of type {mimetype.decode('ascii', 'replace')!r}, "
                              "neither an EPUB nor a Word document", path)
        raise ReaderError("a zip archive that is neither an EPUB nor a Word document", path)
    if raw[:2] == b"PK":
        what = {".epub": "EPUB", ".docx": "Word document"}.get(suffix, "zip archive")
        raise ReaderError(f"broken {what}: not a readable zip archive", path)
    return None


def _peek_text(raw: bytes, path: Path | str) -> str:
    from ...core.files import decode_text

    try:
        return decode_text(raw[:65536], path)
    except ReaderError:
        if raw[:65536].count(0) == 0:
            try:  # a multi-byte character cut at the end of the sample
                return decode_text(raw[:65536].decode("utf-8", "ignore").encode(), path)
            except ReaderError:
                pass
        raise ReaderError("unknown format: binary data, not an EPUB, Word document, HTML page, "
                          "subtitles, Markdown or text", path) from None


def sniff_text(text: str, path: Path | str) -> str:
    head = text[:65536].replace("\r\n", "\n").replace("\r", "\n")
    suffix = Path(str(path)).suffix.lower()
    by_name = NAMES.get(suffix)
    if _HTML_START.match(head):
        return "html"
    if _TIMING.match(head.lstrip("\ufeff")) or _TIMING_LINE.search(head[:4096]):
        return "srt"
    if by_name in ("html", "srt", "markdown"):
        return by_name
    if len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if _ATX.search(head) or _SETEXT.search(head) or _FENCE.search(head):
        return "markdown"
    return "plain"
