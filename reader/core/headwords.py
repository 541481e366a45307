"""CC-CEDICT's headwords, sorted, kept as UTF-8 and read a first character at a time.

A dictionary is loaded by every command that marks a counterpart or looks a word up, and
most of them meet a few hundred of its 190,000 headwords. Splitting them all into
strings at each load cost more than anything else the load does (13 ms of 45), so they
are stored as one blob grouped by first character (the groups in the order of the sorted
headwords), and a group becomes a list of strings the first time a word starting with its
character is asked for. A headword's number is its place in the sorted whole, as the
entry tables are keyed.
"""

from __future__ import annotations

import bisect
from array import array


def pack(words: list[str]) -> tuple[str, bytes, bytes, bytes]:
    """Sorted, non-empty headwords as `Headwords` takes them: the first characters, each
    group's first number and where it starts in the blob, and the blob."""
    chars: list[str] = []
    starts, offsets = array("I"), array("I")
    parts: list[bytes] = []
    at = 0
    for number, word in enumerate(words):
        if not chars or word[0] != chars[-1]:
            chars.append(word[0])
            starts.append(number)
            offsets.append(at)
        encoded = word.encode("utf-8") + b"\n"
        parts.append(encoded)
        at += len(encoded)
    starts.append(len(words))
    offsets.append(at)
    return "".join(chars), starts.tobytes(), offsets.tobytes(), b"".join(parts)


class Headwords:
    """The sorted headwords (see the module): exact look-up, the longest one a text
    starts with, the ones a prefix starts, each by its number."""

    def __init__(self, chars: str, starts: bytes, offsets: bytes, blob: bytes) -> None:
        self._chars = chars
        self._starts = memoryview(starts).cast("I")
        self._offsets = memoryview(offsets).cast("I")
        self._blob = blob
        self._groups: dict[str, tuple[int, list[str]] | None] = {}

    def _group(self, char: str) -> tuple[int, list[str]] | None:
        """(the first number, the words) of the headwords starting with `char`."""
        try:
            return self._groups[char]
        except KeyError:
            pass
        place = bisect.bisect_left(self._chars, char)
        group = None
        if place < len(self._chars) and self._chars[place] == char:
            text = self._blob[self._offsets[place]:self._offsets[place + 1] - 1].decode("utf-8")
            group = self._starts[place], text.split("\n")
        self._groups[char] = group
        return group

    def index(self, word: str) -> int | None:
        """The number of this headword, or None."""
        group = self._group(word[:1]) if word else None
        if group is None:
            return None
        base, words = group
        at = bisect.bisect_left(words, word)
        return base + at if at < len(words) and words[at] == word else None

    def longest(self, text: str, start: int, most: int) -> tuple[int, int] | None:
        """The number and length of the longest headword (of `most` characters at most)
        that text[start:] starts with. The greatest headword not after the text either is one
        or shares a first part with the text that the longest one cannot exceed: shorten
        the text to that and look again."""
        group = self._group(text[start:start + 1])
        if group is None:
            return None
        base, words = group
        probe = text[start:start + most]
        while probe:
            at = bisect.bisect_right(words, probe) - 1
            if at < 0:
                return None
            word = words[at]
            if probe.startswith(word):
                return base + at, len(word)
            common = 0
            for a, b in zip(word, probe):
                if a != b:
                    break
                common += 1
            probe = probe[:common]
        return None

    def prefixed(self, prefix: str) -> tuple[int, list[str]]:
        """(the first number, the words) of the headwords that start with `prefix`, in order."""
        group = self._group(prefix[:1]) if prefix else None
        if group is None:
            return 0, []
        base, words = group
        low = bisect.bisect_left(words, prefix)
        high = bisect.bisect_left(words, prefix + "\U0010ffff", lo=low)
        return base + low, words[low:high]
