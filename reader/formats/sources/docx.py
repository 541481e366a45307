"""Word documents (.docx) through python-docx: paragraphs in body order (table cells'
paragraphs among them), headings by paragraph style ("Heading 1".."Heading 9", "Title"),
footnotes from the footnotes part, each with the paragraph its reference stands in.

The source text is every w:t of the body, the footnotes' text, the core properties'
title and author (metadata), and the numbers Word shows for footnote marks (it numbers
them itself; the number is the note's mark). A document cut by top-level headings more
than once is cut into chapters there.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from lxml import etree

from ...core.document import Block, Document, Note
from ...core.errors import ReaderError
from ...core.script import language_of
from ._common import account, chapters_by_headings, nonblank, squeeze
from .archive import open_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^heading\s*(\d)$", re.I)


def _paragraph_text(p, numbers: dict[str, str], marks: list[tuple[str, int]]) -> str:
    text = ""
    for el in p.iter():
        tag = el.tag
        if tag == f"{W}t":
            text += el.text or ""
        elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            text += " " if tag == f"{W}tab" else "\n"
        elif tag == f"{W}footnoteReference":
            marks.append((el.get(f"{W}id"), len(squeeze(text + "x")) - 1 if text.strip() else 0))
    return text


def _style_level(paragraph) -> int:
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, AttributeError, ValueError):
        return 0
    name = name or ""
    if name.lower() == "title":
        return 1
    match = _HEADING.match(name)
    return int(match.group(1)) if match else 0


def _footnotes(document, path) -> dict[str, str]:
    notes: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob,
                                        parser=etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError as exc:
                raise ReaderError(f"broken Word document: word/footnotes.xml: {exc}", path) from None
            for note in root.iter(f"{W}footnote"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in note.iter(f"{W}p")]
                notes[note.get(f"{W}id")] = squeeze(" ".join(paragraphs))
    return notes


def read(raw: bytes, path: Path | str, lang: str | None) -> Document:
    open_zip(raw, path, "Word document")
    import docx
    from docx.text.paragraph import Paragraph

    try:
        word = docx.Document(io.BytesIO(raw))
        body = word.element.body
        footnotes = _footnotes(word, path)
        properties = word.core_properties
        meta = {"title": properties.title or "", "author": properties.author or ""}
    except ReaderError:
        raise
    except Exception as exc:  # python-docx, zipfile and lxml each raise their own
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReaderError(f"broken Word document: {text[:160]}", path) from None
    document = Document(lang or "en", format="docx")
    for key, value in meta.items():
        if squeeze(value):
            document.metadata[key] = squeeze(value)
    document.source_chars = sum(nonblank(v) for v in document.metadata.values())
    document.source_chars += sum(nonblank(text) for text in footnotes.values())
    blocks: list[Block] = []
    notes: list[Note] = []
    numbers: dict[str, str] = {}
    elements = [el for el in body.iter(f"{W}p")]
    levels = [_style_level(Paragraph(el, word)) for el in elements]
    for number, (el, level) in enumerate(zip(elements, levels), start=1):
        marks: list[tuple[str, int]] = []
        text = _paragraph_text(el, numbers, marks)
        document.source_chars += nonblank(text)
        clean = squeeze(text)
        index = len(blocks) if clean else None
        if clean:
            blocks.append(Block("heading" if level else "body", clean, level=level, src=f"paragraph {number}"))
        for ident, offset in marks:
            if ident in footnotes and ident not in numbers:
                numbers[ident] = str(len(numbers) + 1)
                document.source_chars += nonblank(numbers[ident])
                notes.append(Note(numbers[ident], footnotes[ident], index, offset))
    for ident, text in footnotes.items():
        if ident not in numbers and text:
            document.dropped.append((f"footnote {ident} (no reference to it)", text))
    if lang is None:
        document.lang = language_of(" ".join(b.text for b in blocks[:300]))
    title = document.metadata.get("title") or next((b.text for b in blocks if b.kind == "heading"), "")
    document.title = title
    document.author = document.metadata.get("author", "")
    document.chapters = chapters_by_headings(blocks, notes, title, src=str(path))
    return account(document)
