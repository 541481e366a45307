"""SRT subtitles through the srt library: each cue a block with its start and end in
seconds, its lines joined (with a space in English, with nothing between Chinese).

The source text is the cues' content; cue numbers and timing lines are the format's
markup. Formatting tags (<i>, <font ...>, {\\an8}) are dropped and counted. Broken
timings are a one-line error naming the cue's line.
"""

from __future__ import annotations

import re
from pathlib import Path

import srt

from ...core.document import Block, Chapter, Document
from ...core.errors import ReaderError
from ...core.script import language_of
from ._common import account, nonblank, squeeze
from .bilingual import split

_TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")


def _cues(text: str, path: Path | str) -> list[srt.Subtitle]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        cues = list(srt.parse(text, ignore_errors=False))
    except srt.SRTParseError as exc:
        rest = text[exc.expected_start:]
        at = exc.expected_start + len(rest) - len(rest.lstrip())
        line = text.count("\n", 0, at) + 1
        snippet = (exc.unmatched_content or rest).strip().split("\n")[:2]
        raise ReaderError(f"broken SRT subtitles: unreadable cue or timing {' / '.join(snippet)[:60]!r}",
                          path, line) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise ReaderError(f"broken SRT subtitles: {exc}", path) from None
    if not cues:
        raise ReaderError("nothing readable: no subtitle cues", path)
    for cue in cues:
        if cue.end < cue.start:
            raise ReaderError(f"broken SRT subtitles: cue {cue.index} ends ({cue.end}) before it starts ({cue.start})", path)
    return cues


def _lines(cue: srt.Subtitle, document: Document) -> list[str]:
    lines = []
    for line in cue.content.split("\n"):
        for tag in _TAG.findall(line):
            document.dropped.append((f"cue {cue.index}: formatting", tag))
        plain = _TAG.sub("", line).strip()
        if plain:
            lines.append(plain)
    return lines


def read(text: str, path: Path | str, lang: str | None) -> Document:
    cues = _cues(text, path)
    document = Document(lang or "en", format="srt")
    chapter = Chapter("", src=str(path))
    for cue in cues:
        document.source_chars += nonblank(cue.content)
        lines = _lines(cue, document)
        if lines:
            chapter.blocks.append(Block("body", squeeze("\n".join(lines)), src=f"cue {cue.index}",
                                        start=cue.start.total_seconds(), end=cue.end.total_seconds()))
    document.chapters = [chapter]
    if lang is None:
        document.lang = language_of(" ".join(block.text for block in chapter.blocks[:500]))
    return account(document)


def read_bilingual(text: str, path: Path | str):
    """Subtitles with both languages a cue (a line of English, a line of Chinese, in
    either order): each line goes to its language's side, the cue's two sides paired."""
    cues = _cues(text, path)
    mixed = Document("en", format="srt")
    chapter = Chapter("", src=str(path))
    for cue in cues:
        mixed.source_chars += nonblank(cue.content)
        groups: dict[str, list[str]] = {}
        order: list[str] = []
        for line in _lines(cue, mixed):
            lang = language_of(line)
            if lang not in groups:
                order.append(lang)
            groups.setdefault(lang, []).append(line)
        for lang in order:
            chapter.blocks.append(Block("body", squeeze("\n".join(groups[lang])), src=f"cue {cue.index}",
                                        start=cue.start.total_seconds(), end=cue.end.total_seconds()))
    mixed.chapters = [chapter]
    account(mixed)
    return split(mixed, path)
