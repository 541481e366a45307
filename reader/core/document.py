"""A source document as its reader found it: chapters of blocks, one language a side.

Every source reader (reader.formats.sources: EPUB, HTML page, DOCX, SRT, Markdown, plain
text) turns a file into a `Document`; the book aligner (reader.core.bookalign) aligns two
of them, chapters first, then paragraphs, then sentences. Nothing here knows of files.

A block is a heading, a paragraph or a subtitle cue's text. `src` says where the block
stands in the source as the reader can name it: for a text file its lines (1-based, both
ends included), for an archive the member and the block's number in it. Subtitle cues
keep their times in seconds. Footnotes are kept apart from the running text, each with
the block its mark stands in and the mark's character offset there.

`accounting` gives the source's non-blank characters by where they went ("body",
"heading", "footnote", "metadata", "dropped"), as the import report prints them; they add
up to `source_chars`. `dropped` lists what was left out, by where it stood, so the report
can show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("heading", "body")


@dataclass(slots=True)
class Block:
    kind: str  # "heading" or "body"
    text: str
    level: int = 0  # headings: 1 for a chapter or section, 2 below it, ...
    src: tuple[int, int] | str = ()  # lines (first, last) of a text file, or "member#n"
    start: float | None = None  # subtitle cues: seconds
    end: float | None = None


@dataclass(slots=True)
class Note:
    """A footnote or endnote: its mark, its text, and where the mark stands."""

    mark: str
    text: str
    block: int | None = None  # index into the chapter's blocks, None when not found
    offset: int = 0


@dataclass(slots=True)
class Chapter:
    title: str  # "" when the source gives none
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    src: str = ""  # where the chapter came from (an EPUB spine item, a DOCX section, ...)


@dataclass
class Document:
    lang: str  # "en" or "zh"
    chapters: list[Chapter] = field(default_factory=list)
    format: str = ""  # "epub", "html", "docx", "srt", "markdown", "plain"
    title: str = ""
    author: str = ""
    metadata: dict[str, str] = field(default_factory=dict)  # language, publisher, date, ...
    accounting: dict[str, int] = field(default_factory=dict)
    source_chars: int = 0
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (where, content)
    warnings: list[str] = field(default_factory=list)

    def blocks(self):
        for chapter in self.chapters:
            yield from chapter.blocks

    def paragraphs(self) -> int:
        return sum(1 for block in self.blocks() if block.kind == "body")


@dataclass
class Bilingual:
    """A single file holding both languages (a "bilingual EPUB" of a translation plug-in,
    an interleaved HTML page, subtitles with two languages a cue): the two documents, and
    the blocks the file itself pairs, as (chapter, English block, Chinese block) indices;
    a side's index is None where the file gives that block no counterpart."""

    en: Document
    zh: Document
    pairs: list[tuple[int, int | None, int | None]] = field(default_factory=list)
    # the whole file's non-blank characters and where they went (each side's own
    # accounting covers its share; the two shares add up to source_chars)
    source_chars: int = 0
    accounting: dict[str, int] = field(default_factory=dict)
