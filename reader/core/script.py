"""Writing systems: which language a paragraph or a file is in, and how wide a character is
on screen."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ReaderError

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’-][A-Za-z\u00c0-\u024f]+)*")
# The Han characters (`is_han`): CJK Unified Ideographs, Extension A, the Compatibility
# Ideographs, Extensions B-G; as ranges and as a regular expression's character class.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
HAN_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES)
# Runs, not characters: counted by what a substitution removes, a run at a time.
_HAN = re.compile(f"[{HAN_CLASS}]+")
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


def han_runs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """The runs of Han characters (`is_han`, each run as long as it goes) of
    text[start:end], as spans of `text`."""
    for run in _HAN.finditer(text, start, len(text) if end is None else end):
        yield run.span()


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
    check_text(counts, origin)
    return _language(text, counts)


def check_text(counts: "ScriptCounts", origin: str | Path) -> None:
    """text_language's refusals, from a file's counts (`add`ed up, for a file read a
    block of lines at a time)."""
    if not counts.letters:
        raise ReaderError("not a text: it has no letters (English or Chinese) at all", origin)
    if counts.controls * 2 > counts.letters:
        raise ReaderError(f"not a text: binary data ({counts.controls} control characters, "
                          f"{counts.letters} letters)", origin)
    if not counts.han and not counts.latin_words:
        raise ReaderError("neither English nor Chinese: it has no Latin or Han letters", origin)


@dataclass(frozen=True, slots=True)
class ScriptCounts:
    han: int  # Han characters
    latin_words: int  # words in Latin letters
    letters: int  # letters of any script (Han characters included)
    controls: int  # C0 and C1 control characters other than tab, line breaks and form feed

    def add(self, other: "ScriptCounts") -> "ScriptCounts":
        """The counts of two texts one after the other, when a line break parts them."""
        return ScriptCounts(self.han + other.han, self.latin_words + other.latin_words,
                            self.letters + other.letters, self.controls + other.controls)


FAST_FROM = 1 << 16  # characters: a longer text is counted over its code points (numpy)


def script_counts(text: str) -> ScriptCounts:
    if len(text) >= FAST_FROM:
        return _counts_of_codes(text)

    def count(pattern: re.Pattern) -> int:
        return len(text) - len(pattern.sub("", text))

    return ScriptCounts(han=count(_HAN), latin_words=len(_LATIN_WORD.findall(text)),
                        letters=count(_LETTER), controls=count(_CONTROL))


def _counts_of_codes(text: str, chunk: int = 1 << 20) -> ScriptCounts:
    """script_counts of a long text, the same counts: each character's classes looked up
    in one table of the Basic Multilingual Plane (built by the same patterns) and counted
    at once; the other planes' characters by their ranges and the patterns themselves, a
    chunk at a time; a Latin word is a run of Latin letters not joined to the run before
    by one apostrophe or hyphen."""
    import numpy as np

    classes = _class_table()
    han = letters = controls = words = 0
    for at in range(0, len(text), chunk):
        before = text[at - 1] if at else " "
        codes = np.frombuffer((before + text[at:at + chunk + 1]).encode("utf-32-le", "surrogatepass"),
                              dtype=np.uint32)
        found = classes[np.minimum(codes, 0xFFFF)]  # U+FFFF is in no class: neither are the other planes here
        end = 1 + min(chunk, len(text) - at)
        counts = np.bincount(found[1:end], minlength=_CLASSES).tolist()
        han += sum(n for k, n in enumerate(counts) if k & _HAN_BIT)
        controls += sum(n for k, n in enumerate(counts) if k & _CONTROL_BIT)
        letters += sum(n for k, n in enumerate(counts) if k & _LETTER_BIT)
        inner = codes[1:end]
        if int(inner.max(initial=0)) >= 0x10000:
            astral = inner[inner >= 0x10000]
            han += int(((astral >= 0x20000) & (astral <= 0x3134F)).sum())
            astral_text = "".join(map(chr, astral.tolist()))
            letters += len(astral_text) - len(_LETTER.sub("", astral_text))
        is_latin = (found & _LATIN_BIT).astype(bool)
        is_joiner = (found & _JOINER_BIT).astype(bool)
        starts = is_latin[1:end] & ~is_latin[:end - 1]
        after = np.append(is_latin[2:end + 1], False) if end + 1 > len(codes) else is_latin[2:end + 1]
        joins = is_joiner[1:end] & is_latin[:end - 1] & after[:end - 1]
        words += int(starts.sum()) - int(joins.sum())
    return ScriptCounts(han=han, latin_words=words, letters=letters, controls=controls)


_HAN_BIT, _CONTROL_BIT, _LETTER_BIT, _LATIN_BIT, _JOINER_BIT = 1, 2, 4, 8, 16
_CLASSES = 32


@lru_cache(maxsize=1)
def _class_table():
    """Each character of the Basic Multilingual Plane's classes, as bits: Han, control,
    letter (`_LETTER`), Latin letter, word joiner (the last two for Latin words)."""
    import numpy as np

    codes = np.arange(0x10000, dtype=np.uint32)
    table = np.zeros(0x10000, dtype=np.uint8)
    han = ((codes >= 0x4E00) & (codes <= 0x9FFF)) | ((codes >= 0x3400) & (codes <= 0x4DBF)) \
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
    control = (codes <= 0x08) | (codes == 0x0B) | ((codes >= 0x0E) & (codes <= 0x1F)) | ((codes >= 0x7F) & (codes <= 0x9F))
    latin, joiner = _latin_tables()
    for bit, members in ((_HAN_BIT, han), (_CONTROL_BIT, control), (_LETTER_BIT, _letter_table()),
                         (_LATIN_BIT, latin), (_JOINER_BIT, joiner)):
        table[members] |= bit
    table[0xFFFF] = 0  # stands for every character of the other planes (U+FFFF itself is in no class)
    return table


@lru_cache(maxsize=1)
def _letter_table():
    import numpy as np

    table = np.zeros(0x10000, dtype=bool)
    plane = "".join(map(chr, range(0x10000)))
    for match in _LETTER.finditer(plane):
        table[match.start():match.end()] = True
    return table


@lru_cache(maxsize=1)
def _latin_tables():
    import numpy as np

    latin = np.zeros(0x10000, dtype=bool)
    latin[[ord(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"]] = True
    latin[0xC0:0x250] = True
    joiner = np.zeros(0x10000, dtype=bool)
    joiner[[ord("'"), ord("’"), ord("-")]] = True
    return latin, joiner


@lru_cache(maxsize=1 << 14)  # remembered: a look-up prints thousands of lines of the same few characters
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


def clip_left(text: str, cells: int) -> str:
    """The end of `text` in at most `cells` terminal cells, not starting inside a word."""
    used, index = 0, len(text)
    tail = text[-cells:] if cells > 0 else ""
    if tail.isascii():  # a cell each: taken at once, then on as before
        used, index = len(tail), len(text) - len(tail)
    while index > 0 and used + char_width(text[index - 1]) <= cells:
        index -= 1
        used += char_width(text[index])
    if 0 < index < len(text) and text[index - 1].isalnum() and text[index].isalnum():
        space = text.find(" ", index)  # do not start in the middle of an English word
        index = space + 1 if space != -1 else index
    return text[index:]


def end_within(text: str, start: int, cells: int) -> int:
    """Where the part of `text` from `start` that fits in `cells` terminal cells ends, not
    inside a word."""
    used, index = 0, start
    head = text[start:start + cells] if cells > 0 else ""
    if head.isascii():  # a cell each (see clip_left)
        used, index = len(head), start + len(head)
    while index < len(text) and used + char_width(text[index]) <= cells:
        used += char_width(text[index])
        index += 1
    if start < index < len(text) and text[index - 1].isalnum() and text[index].isalnum():
        space = text.rfind(" ", start, index)  # nor end in the middle of one
        index = space if space > start else index
    return index


def clip_right(text: str, cells: int) -> str:
    """The start of `text` in `cells` terminal cells, not ending inside a word; "…" if cut."""
    end = end_within(text, 0, cells)
    return text[:end] + ("…" if end < len(text) else "")
