"""Writing systems: which language a paragraph is in, and how wide a character is on screen."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_ZH_PUNCTUATION = re.compile("[。，、；：？！]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]")  # as is_han


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

    Chinese paragraphs often hold Latin names and terms (NATO, GDP, Kubernetes), and
    English ones the odd Chinese name, so Han characters are weighed against Latin words:
    a Chinese character carries about as much as an English word.
    """
    han = len(_HAN.findall(text))
    if not han:
        return "zh" if _ZH_PUNCTUATION.search(text) else "en"
    latin_words = len(_LATIN_WORD.findall(text))
    return "zh" if han >= latin_words else "en"


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
