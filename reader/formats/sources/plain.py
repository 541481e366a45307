"""Plain text through reader.formats.plaintext.read_plain: its title line, its paragraphs.

Blocks name their lines (first, last). Lines read_plain keeps in no paragraph (a row of
asterisks, a line of digits) are dropped, by line, so that every character is counted.
"""

from __future__ import annotations

from pathlib import Path

from ...core.document import Block, Document
from ..plaintext import read_plain
from ._common import account, chapters_by_headings, nonblank


def read(text: str, path: Path | str, lang: str) -> Document:
    plain = read_plain(text, lang)
    blocks: list[Block] = []
    used: set[int] = set()
    if plain.title:
        blocks.append(Block("heading", plain.title.strip(), level=1, src=(plain.title_line, plain.title_line)))
        used.add(plain.title_line)
    for paragraph in plain.paragraphs:
        blocks.append(Block("body", paragraph.text, src=(paragraph.first, paragraph.last)))
        used.update(range(paragraph.first, paragraph.last + 1))
    document = Document(lang, format="plain", title=plain.title.strip())
    document.chapters = chapters_by_headings(blocks, [], plain.title.strip(), src=str(path))
    for number, line in enumerate(text.splitlines(), start=1):
        if number not in used and line.strip():
            document.dropped.append((f"line {number}", line.strip()))
    document.source_chars = nonblank(text)
    return account(document)
