"""Source readers: formats told from the content (the name only breaks ties), `fmt`
overriding, and bad input as one-line errors naming the file; fuzzed archives too."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.formats.sources import read_bilingual, read_document, sniff

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
SRT = b"1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,500\nGoodbye.\n"
PAGE = b"<!DOCTYPE html><html><body><p>One.</p></body></html>"
FRAGMENT = b"Some text <p>with</p> <div>html</div> <a href='x'>tags</a> in it."
MARKDOWN = b"Intro line\n\n# A heading\n\nSome text.\n"
PLAIN = b"Just a line of text.\n\nAnother paragraph here.\n"


def fixture(name: str) -> bytes:
    return (HERE / name).read_bytes()


DETECTION = [
    # (content, file name, format): the content decides, whatever the name says
    (lambda: fixture("book-en.epub"), "book.epub", "epub"),
    (lambda: fixture("book-en.epub"), "book.zip", "epub"),
    (lambda: fixture("doc-en.docx"), "doc.docx", "docx"),
    (lambda: fixture("doc-en.docx"), "doc.bin", "docx"),
    (lambda: SRT, "subs.srt", "srt"),
    (lambda: SRT, "subs.txt", "srt"),
    (lambda: b"\xef\xbb\xbf" + SRT.replace(b"\n", b"\r\n"), "subs", "srt"),
    (lambda: PAGE, "page.txt", "html"),
    (lambda: b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", "x", "html"),
    (lambda: FRAGMENT, "notes.txt", "html"),
    (lambda: MARKDOWN, "notes.txt", "markdown"),
    (lambda: b"Title\n=====\n\nText.\n", "a", "markdown"),
    (lambda: PLAIN, "a.txt", "plain"),
    (lambda: PLAIN, "a", "plain"),
    # an undecided text: the name breaks the tie
    (lambda: PLAIN, "a.md", "markdown"),
    (lambda: PLAIN, "a.html", "html"),
    (lambda: "第一段。\n\n第二段。\n".encode(), "a.txt", "plain"),
]


@pytest.mark.parametrize("content, name, expected", DETECTION)
def test_detection(content, name, expected):
    assert sniff(content(), Path(name)) == expected


def test_format_overrides_content():
    assert read_document(MARKDOWN, "a.txt", fmt="plain").format == "plain"
    assert read_document(PLAIN, "a.txt", fmt="markdown").format == "markdown"
    with pytest.raises(ReaderError, match="is an EPUB, not a Word document"):
        read_document(fixture("book-en.epub"), "a.docx", fmt="docx")
    with pytest.raises(ReaderError, match="unknown format 'pdf'"):
        read_document(PLAIN, "a.txt", fmt="pdf")


def lying_sizes() -> bytes:
    """A directory declaring 60 MB for each of 10 members of a few bytes (sizes forged)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        for n in range(10):
            archive.writestr(f"EPUB/{n}.xhtml", b"<p>x</p>")
    raw = bytearray(out.getvalue())
    start = raw.rfind(b"PK\x05\x06")
    offset = int.from_bytes(raw[start + 16:start + 20], "little")
    position = offset
    while raw[position:position + 4] == b"PK\x01\x02":
        name_length = int.from_bytes(raw[position + 28:position + 30], "little")
        extra = int.from_bytes(raw[position + 30:position + 32], "little")
        comment = int.from_bytes(raw[position + 32:position + 34], "little")
        name = bytes(raw[position + 46:position + 46 + name_length])
        if name != b"mimetype":
            raw[position + 24:position + 28] = (60 * 1024 * 1024).to_bytes(4, "little")
        position += 46 + name_length + extra + comment
    return bytes(raw)


def rights() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(fixture("book-en.epub"))) as source, zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("META-INF/rights.xml", "<rights/>")
    return out.getvalue()


def fonts_only() -> bytes:
    """Font obfuscation is not DRM: such a book reads."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(fixture("book-en.epub"))) as source, zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("META-INF/encryption.xml",
                         '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                         'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
                         '<enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
                         '<enc:CipherData><enc:CipherReference URI="EPUB/font.otf"/></enc:CipherData>'
                         '</enc:EncryptedData></encryption>')
    return out.getvalue()


def other_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


BAD = [
    # (content, name, what the one-line error says)
    (lambda: fixture("bad-drm.epub"), "bad-drm.epub", "DRM-protected EPUB: 1 encrypted files"),
    (rights, "rights.epub", r"DRM-protected EPUB \(Adobe ADEPT"),
    (lambda: fixture("bad-broken.epub"), "bad-broken.epub", "broken EPUB"),
    (lambda: fixture("bad-bomb.epub"), "bad-bomb.epub", "refused as a zip bomb: 'EPUB/huge.xhtml' would inflate"),
    (lying_sizes, "lies.epub", "refused as a zip bomb: .EPUB/0.xhtml. would inflate"),
    (lambda: fixture("bad-empty.html"), "bad-empty.html", "nothing readable: the HTML page holds no article text"),
    (lambda: fixture("bad-times.srt"), "bad-times.srt", r"bad-times.srt:5: broken SRT subtitles"),
    (lambda: b"1\n00:00:05,000 --> 00:00:02,000\nBackwards.\n", "back.srt", "ends .* before it starts"),
    (lambda: fixture("bad-renamed-pdf.docx"), "bad-renamed-pdf.docx", "is a PDF, not a Word document"),
    (lambda: b"%PDF-1.7\n", "paper.pdf", "is a PDF: PDF files are not read"),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.doc", r"legacy Word \(.doc\)"),
    (lambda: fixture("bad-unknown.bin"), "bad-unknown.bin", "unknown format: binary data"),
    (other_zip, "stuff.zip", "neither an EPUB nor a Word document"),
    (lambda: b"PK\x03\x04garbage", "x.docx", "broken Word document"),
    (lambda: "<html><body><p>   </p></body></html>".encode(), "blank.html", "nothing readable"),
    (lambda: b"\n\n   \n", "blank.txt", "no letters"),
    (lambda: b"<html><body>" + b"<div>" * 300 + b"<p>Deep.</p>" + b"</div>" * 300, "deep.html",
     "excessive depth in document: 256"),
]


@pytest.mark.parametrize("content, name, message", BAD)
def test_bad_input_is_one_line_naming_the_file(content, name, message):
    with pytest.raises(ReaderError, match=message) as caught:
        read_document(content(), Path(name))
    text = str(caught.value)
    assert "\n" not in text and text.startswith(name)


def test_zip_directory_checked_before_reading(monkeypatch):
    """The members' declared total and each one's size are refused from the directory."""
    from reader.formats.sources import archive

    monkeypatch.setattr(archive, "MAX_TOTAL", 5_000)
    with pytest.raises(ReaderError, match="refused as a zip bomb: its members declare"):
        read_document(fixture("book-en.epub"), "book.epub")
    monkeypatch.setattr(archive, "MAX_MEMBER", 1_000)
    with pytest.raises(ReaderError, match="refused as a zip bomb: .* declares .* bytes uncompressed"):
        read_document(fixture("doc-en.docx"), "doc.docx")


def test_font_obfuscation_is_not_drm():
    assert read_document(fonts_only(), "fonts.epub").paragraphs() == 8


def test_bilingual_needs_both_languages():
    with pytest.raises(ReaderError, match="not a bilingual file: it holds no Chinese text"):
        read_bilingual(fixture("book-en.epub"), "book-en.epub")
    with pytest.raises(ReaderError, match="holds one language"):
        read_bilingual(fixture("doc-en.docx"), "doc-en.docx")


FUZZED = ["book-en.epub", "doc-en.docx", "bilingual.epub"]


@pytest.mark.parametrize("name", FUZZED)
def test_fuzzed_archives_give_one_line_errors(name):
    """Truncated archives and flipped bytes: a document or one ReaderError, never another
    exception (which pytest would report with its traceback)."""
    good = fixture(name)
    rng = random.Random(name)
    outcomes = {"read": 0, "error": 0}
    for trial in range(40):
        raw = bytearray(good)
        if trial % 3 == 0:
            raw = raw[: rng.randrange(1, len(raw))]
        else:
            for _ in range(rng.randrange(1, 12)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        try:
            read_document(bytes(raw), Path(name))
            outcomes["read"] += 1
        except ReaderError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(name)
            outcomes["error"] += 1
    assert outcomes["error"] > 0


def test_fuzzed_text_formats():
    rng = random.Random(7)
    for name in ("page-en.html", "subs-en.srt", "notes-zh.md"):
        good = fixture(name)
        for _ in range(15):
            raw = bytearray(good)
            for _ in range(rng.randrange(1, 30)):
                raw[rng.randrange(len(raw))] = rng.choice(b"<>/&\n\r-:0123456789 \x00\xff")
            try:
                read_document(bytes(raw), Path(name))
            except ReaderError as exc:
                assert "\n" not in str(exc)
