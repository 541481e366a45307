"""Searching a text: which pairs hold a query, and where, in either language.

Case is ignored; runs of white space in the query match any white space. Chinese is
matched as written (it has no case)."""

from __future__ import annotations

import re

from .model import Pair


def _pattern(query: str) -> re.Pattern[str] | None:
    words = query.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    pattern = _pattern(query)
    if pattern is None or not text:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def find_pairs(pairs: list[Pair], query: str) -> list[int]:
    """Indices of the pairs where the query occurs on either side, in order."""
    pattern = _pattern(query)
    if pattern is None:
        return []
    return [i for i, pair in enumerate(pairs) if pattern.search(pair.en) or pattern.search(pair.zh)]
