"""Chinese text as words, the way the reader's word cursor and look-up see it.

Glossary terms are words of their own (the glossary knows 日欧 "Japan-EU" where the
dictionary would read 日 | 欧), and so are personal names (`names.Names`: 陈清扬, where
the dictionary would read 陈 | 清扬); the rest of each run of Han characters is cut into
the dictionary's longest matches (CC-CEDICT), a character no headword starts with being a
word by itself. Without a dictionary (still loading) every character is a word.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from .script import is_han
from .zhscript import to_simplified

Span = tuple[int, int]


def words(zh: str, terms: Iterable[Span] = (), dictionary=None, names=None,
          start: int = 0, stop: int | None = None) -> list[Span]:
    """Word spans of Chinese text: the `terms` spans (glossary hits, which never
    overlap) as they are, then names (`names`, a `Names`), then dictionary words; only
    Han characters start a word, so Latin letters, digits and punctuation are left
    between the spans. A traditional text is cut as its simplified view (the same
    spans). With `start` and `stop`, only the words from `start` (the start of the text
    or the end of a term, where a word always starts) until `stop`, the same as the
    whole text's words there."""
    zh = to_simplified(zh)
    starts = dict(sorted(terms))
    term_starts = sorted(starts)
    spans: list[Span] = []
    position = start
    stop = len(zh) if stop is None else stop
    while position < stop:
        if position in starts:
            spans.append((position, starts[position]))
            position = starts[position]
            continue
        if not is_han(zh[position]):
            position += 1
            continue
        end = position + 1
        name_end = names.name_at(zh, position) if names is not None else None
        if name_end is not None:
            end = name_end
        elif dictionary is not None:
            match = dictionary.longest_match(zh, position)
            if match is not None:
                end = max(end, match[0])
            if names is not None:  # a word never swallows the start of a name (说陈清扬)
                end = next((at for at in range(position + 1, end) if names.name_at(zh, at)), end)
        following = bisect.bisect_right(term_starts, position)
        if following < len(term_starts):  # never run into a glossary term
            end = min(end, term_starts[following])
        spans.append((position, end))
        position = end
    return spans
