"""A web page through lxml.html: the article kept, the page around it dropped.

The article is the page's <article> (the longest, when there are several), else its
<main> (or role="main"), else the element whose own paragraphs hold the most text;
when the page's notes stand outside it, the smallest element holding both. Everything
else in the body is dropped as "outside the article", and within it menus, headers,
footers, asides, scripts and forms (see markup). The <title> is metadata. Blocks name
their source line. A page with headings at the top level more than once is cut into
chapters there.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml import etree

from ...core.document import Document
from ...core.errors import ReaderError
from ...core.script import language_of
from ._common import account, chapters_by_headings, nonblank, squeeze
from .markup import Walker, _tag, all_text, note_elements


def parse(data: str | bytes, path: Path | str):
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        return lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8", remove_comments=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReaderError(f"not a readable HTML page: {str(exc) or type(exc).__name__}", path) from None


def read(text: str, path: Path | str, lang: str | None, bilingual: bool = False) -> Document:
    root = parse(text, path)
    document = Document(lang or "en", format="html")
    document.source_chars = nonblank(all_text(root))
    head = root.find("head")
    if head is not None:
        for el in head.iter():
            if not isinstance(el.tag, str):
                continue
            own = squeeze((el.text or ""))
            if _tag(el) == "title" and own and "title" not in document.metadata:
                document.metadata["title"] = own
            elif own:
                document.dropped.append((f"head: {_tag(el)}", own))
            if el is not head and el.tail and el.tail.strip():
                document.dropped.append(("head", squeeze(el.tail)))
        if head.text and head.text.strip():
            document.dropped.append(("head", squeeze(head.text)))
    body = root.find("body")
    if body is None:
        raise ReaderError("nothing readable: the HTML page has no body", path)
    notes = note_elements(body)
    article = _article(body, list(notes.values()))
    for where, content in _outside(article, root):
        document.dropped.append((where, content))
    walker = Walker(notes, "page", bilingual=bilingual, lines=True)
    walker.container(article)
    document.dropped.extend(walker.out.dropped)
    blocks = walker.out.blocks
    if not blocks:
        raise ReaderError("nothing readable: the HTML page holds no article text "
                          f"({len(document.dropped)} pieces of menus, scripts and page furniture dropped)", path)
    if lang is None:
        document.lang = language_of(" ".join(block.text for block in blocks[:200]))
    title = document.metadata.get("title") or next((b.text for b in blocks if b.kind == "heading"), "")
    document.title = title
    document.chapters = chapters_by_headings(blocks, walker.out.notes, title, src=str(path))
    return account(document)


def _article(body, notes: list):
    articles = [el for el in body.iter("article")]
    if articles:
        best = max(articles, key=lambda el: len(all_text(el)))
    else:
        mains = [el for el in body.iter() if isinstance(el.tag, str) and (_tag(el) == "main" or el.get("role") == "main")]
        best = mains[0] if mains else _densest(body)
    outside = [note for note in notes if best not in note.iterancestors() and note is not best]
    for note in outside:
        while best is not body and best not in note.iterancestors():
            best = best.getparent()
    return best


def _densest(body):
    """The element whose own <p> (and <br>-broken text) hold the most text."""
    best, most = body, 0
    for el in body.iter():
        if not isinstance(el.tag, str) or _tag(el) in ("p", "a", "span"):
            continue
        own = sum(len(all_text(child).strip()) for child in el if _tag(child) == "p")
        if own > most:
            best, most = el, own
    return best


def _outside(article, root):
    """The text of the page outside `article`: (where, text) pairs."""
    node = article
    while node is not None and node.getparent() is not None:
        parent = node.getparent()
        if _tag(parent) == "html":
            break
        if parent.text and parent.text.strip():
            yield ("outside the article", squeeze(parent.text))
        for sibling in parent:
            if sibling is not node and isinstance(sibling.tag, str):
                text = squeeze(all_text(sibling))
                if text:
                    yield (f"outside the article: {_tag(sibling)}", text)
            if sibling is not node and sibling.tail and sibling.tail.strip():
                yield ("outside the article", squeeze(sibling.tail))
        if node is not article and node.tail and node.tail.strip():
            pass
        node = parent
