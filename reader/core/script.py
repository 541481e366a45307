"""Writing systems: which language a paragraph or a file is in, and how wide a character is
on screen."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ReaderError

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’-][A-Za-z\u00c0-\u024f]+)*")
# Runs, not characters: counted by what a substitution removes, a run at a time.
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]+")
_LETTER = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]+")
_CJK_PUNCTUATION = re.compile("[。，、；：？！「」『』《》【】]")


def is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= code <= 0x4DBF  # Extension A
        or 0xF900 <= code <= 0xFAFF  # Compatibility Ideographs
        or 0x20000 <= code <= 0x3134F  # Extensions B-G
    )


def language_of(text: str) -> str:
    """'zh' when Han characters carry the text, else 'en': the proportion of the two
    scripts over the whole of it decides, never a single character.

    Chinese text often holds Latin names and terms (NATO, GDP, Kubernetes), and English
    the odd Chinese name or a stray full-width comma, so Han characters are weighed
    against Latin words: a Chinese character carries about as much as an English word.
    Only a text with no letters at all is told by its punctuation (，。 say Chinese).
    """
    return _language(text, script_counts(text))


def _language(text: str, counts: "ScriptCounts") -> str:
    if not counts.han and not counts.latin_words:
        return "zh" if _CJK_PUNCTUATION.search(text) else "en"
    return "zh" if counts.han >= counts.latin_words else "en"


def text_language(text: str, origin: str | Path) -> str:
    """The language of a whole file, as every importer and `reader align` tell it
    (`language_of` over all of it); a file with no letters, or one of control bytes more
    than of letters, is not a text: a one-line error naming `origin`."""
    counts = script_counts(text)
    if not counts.letters:
        raise ReaderError("not a text: it has no letters (English or Chinese) at all", origin)
    if counts.controls * 2 > counts.letters:
        raise ReaderError(f"not a text: binary data ({counts.controls} control characters, "
                          f"{counts.letters} letters)", origin)
    if not counts.han and not counts.latin_words:
        raise ReaderError("neither English nor Chinese: it has no Latin or Han letters", origin)
    return _language(text, counts)


@dataclass(frozen=True, slots=True)
class ScriptCounts:
    han: int  # Han characters
    latin_words: int  # words in Latin letters
    letters: int  # letters of any script (Han characters included)
    controls: int  # C0 and C1 control characters other than tab, line breaks and form feed


def script_counts(text: str) -> ScriptCounts:
    def count(pattern: re.Pattern) -> int:
        return len(text) - len(pattern.sub("", text))

    return ScriptCounts(han=count(_HAN), latin_words=len(_LATIN_WORD.findall(text)),
                        letters=count(_LETTER), controls=count(_CONTROL))


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Terminal cells taken by one character: 2 for wide East Asian characters, 0 for
    combining marks and zero-width characters, else 1."""
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\u2060\ufeff":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def cell_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))
