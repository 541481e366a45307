"""One file holding both languages, read as one Document of mixed blocks, split in two.

A translation plug-in's "bilingual EPUB" (or a page saved with its translation shown)
follows each paragraph with its translation, in a sibling element or inside the same one;
the readers give those as consecutive blocks (a block that holds both is cut where the
script changes). Each block's language is told by script (language_of); a block
followed by one of the other language and the same kind is its counterpart, in either
order; a block with none is kept with an empty side.

Accounting: each side counts its own blocks and notes, the metadata and dropped
material in its script; `Bilingual.source_chars` is the whole file's, and the sides'
`source_chars` add up to it when nothing was lost.
"""

from __future__ import annotations

from pathlib import Path

from ...core.document import Bilingual, Chapter, Document
from ...core.errors import ReaderError
from ...core.script import language_of
from ._common import account, nonblank


def split(document: Document, path: Path | str) -> Bilingual:
    sides = {lang: Document(lang, format=document.format, author=document.author) for lang in ("en", "zh")}
    pairs: list[tuple[int, int | None, int | None]] = []
    for number, chapter in enumerate(document.chapters):
        parts = {lang: Chapter("", src=chapter.src) for lang in sides}
        index: dict[int, tuple[str, int]] = {}
        pending: tuple[str, int] | None = None
        for i, block in enumerate(chapter.blocks):
            lang = language_of(block.text)
            part = parts[lang]
            index[i] = (lang, len(part.blocks))
            part.blocks.append(block)
            here = (lang, len(part.blocks) - 1)
            if pending and pending[0] != lang and parts[pending[0]].blocks[pending[1]].kind == block.kind:
                en, zh = (pending, here) if lang == "zh" else (here, pending)
                pairs.append((number, en[1], zh[1]))
                pending = None
            else:
                if pending:
                    pairs.append(_alone(number, pending))
                pending = here
        if pending:
            pairs.append(_alone(number, pending))
        for note in chapter.notes:
            if note.block is not None and note.block in index:
                lang, note.block = index[note.block]
            else:
                lang = language_of(note.text)
            parts[lang].notes.append(note)
        for lang, part in parts.items():
            heading = next((b.text for b in part.blocks if b.kind == "heading"), "")
            part.title = chapter.title if chapter.title and language_of(chapter.title) == lang else heading
            sides[lang].chapters.append(part)
    for key, value in document.metadata.items():
        sides[language_of(value)].metadata[key] = value
    for where, content in document.dropped:
        sides[language_of(content)].dropped.append((where, content))
    for lang, side in sides.items():
        side.title = next((c.title for c in side.chapters if c.title), "")
        account(side)
        side.source_chars = sum(side.accounting.values())
        side.warnings = list(document.warnings)
    if not any(True for _ in sides["en"].blocks()) or not any(True for _ in sides["zh"].blocks()):
        missing = "English" if not any(True for _ in sides["en"].blocks()) else "Chinese"
        raise ReaderError(f"not a bilingual file: it holds no {missing} text", path)
    return Bilingual(sides["en"], sides["zh"], pairs, source_chars=document.source_chars,
                     accounting=dict(document.accounting))


def _alone(chapter: int, side: tuple[str, int]) -> tuple[int, int | None, int | None]:
    return (chapter, side[1], None) if side[0] == "en" else (chapter, None, side[1])


__all__ = ["split", "nonblank"]
