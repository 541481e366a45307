"""A plain text file as the two-file importer reads it: its title line, its paragraphs,
and its sentences, each sentence with the lines of the file it came from.

Paragraphs are runs of non-blank lines. What a line is inside a run is told by how the
lines end:

- lines that end mid-sentence are a paragraph wrapped at some width: they are joined
  (with a space between Latin text, with nothing next to a Han character) and the
  paragraph is split into sentences;
- lines that (nearly all) end at a sentence end hold whole sentences, and a sentence
  never runs across a line end. In a file without blank lines such lines are its
  paragraphs when they are indented or mostly hold several sentences (a paragraph a
  line, as word processors save text); else they are a chapter saved one sentence a
  line, and the file has no paragraph marks at all (nor has a file that is one block).

The title is the first line when it reads as one (short, one sentence, no full stop at
the end) and text follows it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..core.pairlinks import sentence_spans
from ..core.script import char_width

SHORT = {"en": 150, "zh": 60}  # the longest first line taken as a title
UNIT_LINES = 0.8  # the share of line ends at a sentence end that makes lines whole units
SENTENCES_PER_PARAGRAPH_LINE = 1.5  # a paragraph a line holds more than one sentence, mostly
_INDENT = re.compile(r"^(?:\u3000|\t| {2,})")
_CLOSERS = "\"'”’」』）)]}»"
_ENDS = {"en": ".?!…", "zh": "。！？!?…"}
# How a file marks its paragraphs: blank lines, a paragraph a line, or not at all.
BLANK_LINES, LINES, NONE = "blank lines", "lines", "none"


@dataclass(slots=True)
class Paragraph:
    first: int  # 1-based lines of the file, inclusive
    last: int
    text: str
    sentences: list[str]
    lines: list[tuple[int, int]] = field(default_factory=list)  # each sentence's first and last line


@dataclass(slots=True)
class PlainText:
    paragraphs: list[Paragraph]
    marks: str  # BLANK_LINES, LINES or NONE
    title: str = ""  # the title line, when there is one (not among the paragraphs)
    title_line: int = 0
    one_sentence_a_line: bool = False  # lines are whole sentences (NONE: one a line)

    def describe(self) -> str:
        count = len(self.paragraphs)
        if self.marks == BLANK_LINES:
            return f"{count} paragraphs"
        if self.marks == LINES:
            return f"{count} paragraphs, one a line"
        return "no paragraph marks (" + ("one sentence a line" if self.one_sentence_a_line else "one block") + ")"


def read_plain(source: str, lang: str) -> PlainText:
    """The title, paragraphs and sentences of a plain text file in `lang`."""
    blocks = _blocks(source)
    title, title_line = "", 0
    if blocks and _title_like(blocks[0][0][1], lang) and (len(blocks[0]) > 1 or len(blocks) > 1):
        title_line, title = blocks[0].pop(0)
        if not blocks[0]:
            blocks.pop(0)
    inner = [number_line for block in blocks for number_line in block[:-1]]
    whole = bool(inner) and sum(_ends_sentence(line, lang) for _, line in inner) >= UNIT_LINES * len(inner)
    if len(blocks) == 1 and whole and _a_paragraph_a_line(blocks[0], lang):
        paragraphs = [_paragraph([line], lang, whole=True) for line in blocks[0]]
        marks = LINES
    else:
        paragraphs = [_paragraph(block, lang, whole) for block in blocks]
        marks = BLANK_LINES if len(blocks) > 1 else NONE
    paragraphs = [p for p in paragraphs if p.sentences]
    if len(paragraphs) < 2:
        marks = NONE
    return PlainText(paragraphs, marks, title, title_line, one_sentence_a_line=whole)


def _blocks(source: str) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line as (1-based number, the line less its end)."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip():
            blocks[-1].append((number, line.rstrip()))
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _title_like(line: str, lang: str) -> bool:
    line = line.strip()
    return (len(line) <= SHORT[lang] and not _ends_sentence(line, lang)
            and not line.endswith((",", "，", ";", "；", ":", "：", "、"))
            and len(sentence_spans(line, lang)) == 1 and any(char.isalpha() for char in line))


def _ends_sentence(line: str, lang: str) -> bool:
    line = line.rstrip().rstrip(_CLOSERS)
    return bool(line) and line[-1] in _ENDS[lang]


def _a_paragraph_a_line(block: list[tuple[int, str]], lang: str) -> bool:
    """Whether the lines of a file without blank lines are its paragraphs."""
    indented = sum(bool(_INDENT.match(line)) for _, line in block)
    if len(block) > 1 and indented >= 0.8 * len(block):
        return True
    sentences = sum(len(sentence_spans(line, lang)) for _, line in block)
    return sentences >= SENTENCES_PER_PARAGRAPH_LINE * len(block)


def _paragraph(block: list[tuple[int, str]], lang: str, whole: bool) -> Paragraph:
    """A paragraph from its lines: `whole` lines each split on its own, else the lines
    joined and then split."""
    text, starts = "", []  # where each line begins in the joined text
    for _, line in block:
        line = line.strip()
        if text:
            wide = char_width(text[-1]) == 2 or char_width(line[0]) == 2
            text += "" if wide else " "
        starts.append(len(text))
        text += line
    if whole:
        spans = [(start + s, start + e) for start, (_, line) in zip(starts, block)
                 for s, e in sentence_spans(line.strip(), lang)]
    else:
        spans = list(sentence_spans(text, lang))
    numbers = [number for number, _ in block]
    lines = [(_line_at(starts, numbers, s), _line_at(starts, numbers, e - 1)) for s, e in spans]
    sentences = [" ".join(text[s:e].split()) if lang == "en" else text[s:e].strip() for s, e in spans]
    return Paragraph(block[0][0], block[-1][0], text, sentences, lines)


def _line_at(starts: list[int], numbers: list[int], offset: int) -> int:
    return numbers[bisect_right(starts, offset) - 1]
