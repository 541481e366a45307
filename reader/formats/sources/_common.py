"""What the source readers share: counting a source's characters, joining inline text,
cutting a run of blocks into chapters, and the accounting of a finished Document.

Accounting: each reader computes `source_chars` from the source itself (every text node
of a page, every cue's text, every line of a text file), independently of what it keeps.
`account` then counts what the Document holds: its blocks (body, heading), its notes
(mark and text: footnote), the metadata taken verbatim from the source (`metadata`) and
the dropped material (`dropped`). The two agree when nothing was lost or counted twice;
the tests check that they do.
"""

from __future__ import annotations

import re

from ...core.document import Block, Chapter, Document, Note
from ...core.script import char_width

_SPACE = re.compile(r"\s+")


def nonblank(text: str) -> int:
    """The characters of `text` that are not white space."""
    return sum(1 for char in text if not char.isspace())


def squeeze(text: str) -> str:
    """Runs of white space as one space, none at the ends, and none between two wide
    (Chinese) characters, where a line break in the source stood."""
    parts = _SPACE.split(text.strip())
    if len(parts) == 1:
        return parts[0]
    out = [parts[0]]
    for part in parts[1:]:
        if not part:
            continue
        if out[-1] and char_width(out[-1][-1]) == 2 and char_width(part[0]) == 2:
            out.append(part)
        else:
            out.append(" " + part)
    return "".join(out)


def account(document: Document) -> Document:
    """Fill in `document.accounting` from what it holds (see the module's note)."""
    tally = {"body": 0, "heading": 0, "footnote": 0, "metadata": 0, "dropped": 0}
    for chapter in document.chapters:
        for block in chapter.blocks:
            tally["heading" if block.kind == "heading" else "body"] += nonblank(block.text)
        for note in chapter.notes:
            tally["footnote"] += nonblank(note.mark) + nonblank(note.text)
    tally["metadata"] = sum(nonblank(value) for value in document.metadata.values())
    tally["dropped"] = sum(nonblank(content) for _, content in document.dropped)
    document.accounting = tally
    return document


def chapters_by_headings(blocks: list[Block], notes: list[Note], title: str = "",
                         src: str = "") -> list[Chapter]:
    """Blocks cut into chapters at the top heading level, when it occurs more than once
    (a book in one file: a Word document, a Markdown file, a page of sections), or at the
    level below a lone title heading; else one chapter. Blocks before the first such heading make a chapter of their own (titled
    `title`). Notes follow the block their mark stands in (indices renumbered)."""
    levels = sorted({block.level for block in blocks if block.kind == "heading"})
    top, starts = 0, []
    for level in levels:  # a title heading alone at the top: its sections are the chapters
        at = [i for i, block in enumerate(blocks) if block.kind == "heading" and block.level == level]
        if len(at) >= 2:
            top, starts = level, at
            break
        if len(at) == 1 and at[0] != next(i for i, b in enumerate(blocks) if b.kind == "heading"):
            break
    bounds = ([0] if not starts or starts[0] > 0 else []) + starts + [len(blocks)]
    chapters: list[Chapter] = []
    where: list[tuple[int, int]] = []  # for each block: (chapter, index in it)
    for first, last in zip(bounds, bounds[1:]):
        lead = blocks[first]
        name = lead.text if lead.kind == "heading" and lead.level == top and starts else title
        chapters.append(Chapter(name, blocks[first:last], src=src))
        where.extend((len(chapters) - 1, i) for i in range(last - first))
    if not chapters:
        chapters.append(Chapter(title, [], src=src))
    for note in notes:
        if note.block is None or not where:
            chapters[-1 if where else 0].notes.append(note)
        else:
            number, index = where[note.block]
            note.block = index
            chapters[number].notes.append(note)
    return chapters


def guess_lang(document_text: str) -> str:
    from ...core.script import language_of

    return language_of(document_text)
