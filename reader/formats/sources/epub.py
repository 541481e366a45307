"""EPUB 2 and 3 books through ebooklib: the spine gives the chapters in reading order,
the table of contents (EPUB 3 nav or EPUB 2 NCX) their titles, the content files their
headings, paragraphs and notes (see markup: footnotes and endnotes are kept as notes,
across files: a mark in chapter 3 pointing into notes.xhtml gives chapter 3 a note).

The archive is checked before ebooklib opens it: its zip directory (sizes, ratios: see
archive), and DRM: a META-INF/rights.xml (Adobe ADEPT), sinf.xml (Apple FairPlay), or an
encryption.xml that encrypts anything but fonts is refused. The source text is the text
of every spine file and the OPF's Dublin Core metadata (kept as metadata). A spine file
that holds no running text (a cover, a notes file) gives no chapter; what it held is
still counted.
"""

from __future__ import annotations

import io
import posixpath
import warnings
from pathlib import Path

from lxml import etree

from ...core.document import Chapter, Document, Note
from ...core.errors import ReaderError
from ...core.script import language_of
from ._common import account, nonblank, squeeze
from .archive import open_zip, read_member
from .html import parse
from .markup import Walker, all_text, note_elements

DC = "http://purl.org/dc/elements/1.1/"
FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_ENC = "{http://www.w3.org/2001/04/xmlenc#}"


def check_drm(archive, path: Path | str) -> None:
    names = set(archive.namelist())
    if "META-INF/rights.xml" in names:
        raise ReaderError("DRM-protected EPUB (Adobe ADEPT rights.xml): it cannot be read; "
                          "use a DRM-free copy", path)
    if "META-INF/sinf.xml" in names:
        raise ReaderError("DRM-protected EPUB (Apple FairPlay): it cannot be read; use a DRM-free copy", path)
    if "META-INF/encryption.xml" in names:
        data = read_member(archive, "META-INF/encryption.xml", path, "EPUB")
        try:
            root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            raise ReaderError("DRM-protected or broken EPUB: META-INF/encryption.xml is unreadable", path) from None
        encrypted = []
        for item in root.iter(f"{_ENC}EncryptedData"):
            method = item.find(f"{_ENC}EncryptionMethod")
            algorithm = method.get("Algorithm") if method is not None else ""
            if algorithm not in FONT_OBFUSCATION:
                reference = item.find(f".//{_ENC}CipherReference")
                encrypted.append(reference.get("URI") if reference is not None else "?")
        if encrypted:
            raise ReaderError(f"DRM-protected EPUB: {len(encrypted)} encrypted files "
                              f"({encrypted[0]}, ...) listed in META-INF/encryption.xml; use a DRM-free copy", path)


def _book(raw: bytes, path: Path | str):
    archive = open_zip(raw, path, "EPUB")
    check_drm(archive, path)
    import ebooklib
    from ebooklib import epub

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(raw), options={"ignore_ncx": False})
    except ReaderError:
        raise
    except Exception as exc:  # ebooklib, zipfile, zlib and lxml each raise their own
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReaderError(f"broken EPUB: {text[:160]}", path) from None
    return book, ebooklib


def _toc_titles(toc, titles: dict[str, str]) -> None:
    for entry in toc:
        if isinstance(entry, (tuple, list)) and len(entry) == 2:
            head, children = entry
            _toc_entry(head, titles)
            _toc_titles(children, titles)
        else:
            _toc_entry(entry, titles)


def _toc_entry(entry, titles: dict[str, str]) -> None:
    href = getattr(entry, "href", None) or getattr(entry, "file_name", None)
    title = getattr(entry, "title", None)
    if href and title:
        titles.setdefault(href.split("#", 1)[0], squeeze(str(title)))


def read(raw: bytes, path: Path | str, lang: str | None, bilingual: bool = False) -> Document:
    book, ebooklib = _book(raw, path)
    document = Document(lang or "en", format="epub")
    for name, values in (book.metadata.get(DC) or {}).items():
        for number, (value, _) in enumerate(values, start=1):
            value = squeeze(value or "")
            if value:
                document.metadata[name if number == 1 else f"{name} {number}"] = value
    document.title = document.metadata.get("title", "")
    document.author = document.metadata.get("creator", "")
    titles: dict[str, str] = {}
    _toc_titles(book.toc, titles)
    trees = []
    try:
        for idref, _linear in book.spine:
            item = book.get_item_with_id(idref)
            if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
                continue
            trees.append((item.get_name(), parse(item.get_content(), path)))
    except ReaderError as exc:
        raise ReaderError(f"broken EPUB: a content file is {exc.problem}", path) from None
    except Exception as exc:
        raise ReaderError(f"broken EPUB: {type(exc).__name__}: {str(exc)[:120]}", path) from None
    if not trees:
        raise ReaderError("broken EPUB: its spine lists no content files", path)
    notes: dict[str, object] = {}
    for _, root in trees:
        for key, el in note_elements(root).items():
            notes.setdefault(key, el)
    refs: dict[str, Note] = {}
    loose: list[Note] = []
    for name, root in trees:
        document.source_chars += nonblank(all_text(root))
        head = root.find("head")
        if head is not None:
            text = squeeze(all_text(head))
            if text:
                document.dropped.append((f"{name}: head", text))
        body = root.find("body")
        if body is None:
            continue
        walker = Walker(notes, name, bilingual=bilingual, refs_to=refs)
        walker.container(body)
        document.dropped.extend(walker.out.dropped)
        if not walker.out.blocks:
            loose.extend(walker.out.notes)
            continue
        heading = next((b.text for b in walker.out.blocks if b.kind == "heading"), "")
        title = titles.get(name) or titles.get(posixpath.basename(name)) or heading
        document.chapters.append(Chapter(title, walker.out.blocks, walker.out.notes, src=name))
    document.source_chars += sum(nonblank(value) for value in document.metadata.values())
    if document.chapters:
        document.chapters[-1].notes.extend(loose)
        for note in loose:
            note.block = None
    if lang is None:
        sample = " ".join(b.text for chapter in document.chapters[:5] for b in chapter.blocks[:100])
        document.lang = language_of(sample or document.metadata.get("title", ""))
    return account(document)
