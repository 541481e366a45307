"""Writing systems: which language a paragraph is in, and how wide a character is on screen."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= code <= 0x4DBF  # Extension A
        or 0xF900 <= code <= 0xFAFF  # Compatibility Ideographs
        or 0x20000 <= code <= 0x3134F  # Extensions B-G
    )


def language_of(text: str) -> str:
    """'zh' when Han characters carry the paragraph, else 'en'.

    Chinese paragraphs often hold Latin names and numbers (NATO, 2+2, GDP), and English ones
    the odd Chinese name, so count: one Han character weighs about as much as three letters.
    """
    han = latin = 0
    for char in text:
        if is_han(char):
            han += 1
        elif char.isascii() and char.isalpha():
            latin += 1
    return "zh" if han and han * 3 >= latin else "en"


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
