"""Markdown through markdown-it-py (CommonMark): `#` and setext headings, paragraphs,
list items and block quotes as paragraphs, code as paragraphs of its own.

The source text is the text markdown-it finds once the markup is parsed away: inline
text and code, code blocks, raw HTML blocks and image descriptions. Raw HTML and images
are dropped (and counted so). Blocks name their lines (first, last), from the parser's
line map.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from ...core.document import Block, Document
from ._common import account, chapters_by_headings, nonblank, squeeze

_PARSER = MarkdownIt("commonmark")


def read(text: str, path: Path | str, lang: str) -> Document:
    tokens = _PARSER.parse(text)
    document = Document(lang, format="markdown")
    blocks: list[Block] = []
    source = 0
    heading = 0
    for index, token in enumerate(tokens):
        lines = (token.map[0] + 1, token.map[1]) if token.map else ()
        if token.type == "heading_open":
            heading = int(token.tag[1])
        elif token.type == "heading_close":
            heading = 0
        elif token.type == "inline":
            pieces, dropped = [], []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    pieces.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    pieces.append("\n")
                elif child.type == "image":
                    alt = "".join(grand.content for grand in child.children or [])
                    if alt.strip():
                        dropped.append(alt)
            source += sum(nonblank(piece) for piece in pieces) + sum(nonblank(d) for d in dropped)
            for alt in dropped:
                document.dropped.append((f"line {lines[0] if lines else '?'}: image", alt.strip()))
            body = squeeze("".join(pieces))
            if body:
                kind = "heading" if heading else "body"
                blocks.append(Block(kind, body, level=heading, src=lines))
        elif token.type in ("fence", "code_block"):
            source += nonblank(token.content)
            if token.content.strip():
                blocks.append(Block("body", token.content.strip("\n"), src=lines))
        elif token.type == "html_block":
            source += nonblank(token.content)
            if token.content.strip():
                document.dropped.append((f"line {lines[0] if lines else '?'}: HTML", token.content.strip()))
    title = next((b.text for b in blocks if b.kind == "heading"), "")
    document.title = title
    document.chapters = chapters_by_headings(blocks, [], title, src=str(path))
    document.source_chars = source
    return account(document)
