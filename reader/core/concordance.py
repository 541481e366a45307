"""Where glossary terms occur, and whether each is translated consistently.

A concordance lists, for every glossary entry, each pair where it occurs with the spans
of the term on both sides. The consistency check asks of every pair: where a term occurs
on one side, does one of its renderings occur on the other?
"""

from __future__ import annotations

import bisect
import gc
from functools import partial
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import repeat
from typing import NamedTuple

from .glossary import GlossaryEntry
from .matching import TermMatcher
from .model import Pair, Text
from .script import is_han


@dataclass(slots=True)
class Occurrence:
    """An entry in one pair: the spans of the term in each side (either may be empty)."""

    text_id: str
    pair_index: int
    pair: Pair
    en_spans: list[tuple[int, int]]
    zh_spans: list[tuple[int, int]]


class Concordance:
    """Every occurrence of every entry in some texts, a term inside a longer term too
    (NATO inside "reach the NATO benchmark")."""

    def __init__(self, matcher: TermMatcher, texts: list[Text]) -> None:
        """(Scans every pair: `indexed_occurrences` reads a text's `TermIndex` instead.)"""
        self.matcher = matcher
        self._by_entry: dict[int, list[Occurrence]] = defaultdict(list)
        for text in texts:
            for index, pair in enumerate(text.pairs):
                spans: dict[int, tuple[list, list]] = {}
                for lang, slot in (("en", 0), ("zh", 1)):
                    hits = ((h.start, h.end, h.entry) for h in matcher.find(pair.side(lang), lang, overlapping=True))
                    for start, end, entry in hits:
                        spans.setdefault(entry, ([], []))[slot].append((start, end))
                for entry, (en_spans, zh_spans) in spans.items():
                    self._by_entry[entry].append(Occurrence(text.id, index, pair, en_spans, zh_spans))

    def occurrences(self, entry: int) -> list[Occurrence]:
        return self._by_entry.get(entry, [])


def word_spans(zh: str, word: str, segment) -> list[tuple[int, int]]:
    """Where a dictionary word occurs *as a word* in Chinese text: at the word boundaries
    of `segment` (text -> word spans, such as `Dictionary.segment`), so 日 is not found
    inside 日本 while 反击 is found in 反击能力 (反击 | 能力). A boundary is also wherever
    Han text meets anything else."""
    if not word or word not in zh:
        return []
    cuts = {0, len(zh)}
    for start, end in segment(zh):
        cuts.update((start, end))

    def cut(at: int) -> bool:
        return at in cuts or not is_han(zh[at - 1]) or not is_han(zh[at])

    return _spans_cut(zh, word, cut)


def word_occurrences(texts: list[Text], word: str, segment) -> list[Occurrence]:
    """Every pair where a dictionary word occurs as a word (see `word_spans`;
    `segment(zh, text_id)` gives the words of a text's Chinese); its English side has no
    spans: `model.aligned_span` finds what it corresponds to."""
    found = []
    for text in texts:
        for index, pair in enumerate(text.pairs):
            if word not in pair.zh:
                continue
            spans = word_spans(pair.zh, word, lambda zh, text_id=text.id: segment(zh, text_id))
            if spans:
                found.append(Occurrence(text.id, index, pair, [], spans))
    return found


def indexed_occurrences(indexes, entry: int, limit: int | None = None) -> list[Occurrence]:
    """`Concordance.occurrences` of an entry, from the texts' `TermIndex`es: the same,
    reading only the pairs it occurs in (the first `limit` of them: see
    `indexed_occurrence_count` for how many there are)."""
    found = []
    for index in indexes:
        left = None if limit is None else limit - len(found)
        if left is not None and left <= 0:
            break
        for position, en_spans, zh_spans in index.occurrences(entry, left):
            found.append(Occurrence(index.text_id, position, index.shown_pair(position), en_spans, zh_spans))
    return found


def indexed_occurrence_count(indexes, entry: int) -> int:
    """How many pairs of the texts' `TermIndex`es an entry occurs in (no pair read)."""
    return sum(index.occurrence_count(entry) for index in indexes)


def indexed_word_occurrences(indexes, word: str, segment, limit: int | None = None) -> tuple[list[Occurrence], int]:
    """`word_occurrences` from the texts' `TermIndex`es: the pairs whose Chinese holds the
    word found in the index (less those where it only occurs inside glossary terms:
    `TermIndex.zh_word_candidates`), each cut into words only where it has to be. The words are
    glossary terms first (the index's longest hits), and `words` starts a word at each
    term's end: so a stretch between two terms is cut the same alone as in the whole
    text, and a place inside a term is a boundary only where Han text meets anything
    else. `segment(index, zh, terms, start, stop)` gives the words of a stretch.
    (the first `limit` occurrences, with their pairs read; how many there are in all)"""
    found, total = [], 0
    for index in indexes:
        for position, zh in index.zh_word_candidates(word):
            edges = index.zh_term_edges(position)
            spans = _word_spans_between(
                zh, word, *edges,
                lambda start, stop, edges=edges: segment(index, zh, list(zip(*edges)), start, stop))
            if spans:
                total += 1
                if limit is None or len(found) < limit:
                    found.append(Occurrence(index.text_id, position, index.shown_pair(position), [], spans))
    return found, total


def _word_spans_between(zh: str, word: str, term_starts, term_ends, segment) -> list[tuple[int, int]]:
    """`word_spans`, with the glossary terms of the text (sorted, without overlaps) as
    their starts and ends, and `segment(start, stop)` the words of a stretch between two
    of them."""
    stretches: dict[int, set[int]] = {}

    def cut(at: int) -> bool:
        if at == 0 or at == len(zh) or not is_han(zh[at - 1]) or not is_han(zh[at]):
            return True
        n = bisect.bisect_right(term_starts, at) - 1
        if n >= 0:
            start, end = term_starts[n], term_ends[n]
            if at == start or at == end:
                return True
            if at < end:
                return False  # inside a term, which is one word
        begin = term_ends[n] if n >= 0 else 0
        if begin not in stretches:
            stop = term_starts[n + 1] if n + 1 < len(term_starts) else len(zh)
            stretches[begin] = {edge for span in segment(begin, stop) for edge in span}
        return at in stretches[begin]

    return _spans_cut(zh, word, cut)


def _spans_cut(zh: str, word: str, cut) -> list[tuple[int, int]]:
    """Where `word` stands in `zh` between two places where `cut(at)` says words meet,
    left to right, never overlapping."""
    spans, at = [], zh.find(word)
    while at != -1:
        end = at + len(word)
        if cut(at) and cut(end):
            spans.append((at, end))
            at = zh.find(word, end)
        else:
            at = zh.find(word, at + 1)
    return spans


class CheckItem(NamedTuple):
    """(A tuple: a long text's check makes one for every term of every pair.)"""

    pair_id: str
    entry: GlossaryEntry
    found_in: str  # "both", "zh" (rendering missing in English) or "en" (term missing in Chinese)


@dataclass
class ConsistencyReport:
    text_id: str
    matches: list[CheckItem] = field(default_factory=list)
    misses: list[CheckItem] = field(default_factory=list)
    unused: list[GlossaryEntry] = field(default_factory=list)
    bad_attestations: list[tuple[GlossaryEntry, str]] = field(default_factory=list)
    pairs_checked: int = 0


def check_consistency(text: Text, matcher: TermMatcher, own: list[GlossaryEntry] | None = None) -> ConsistencyReport:
    """Term consistency of one bilingual text. Where a term *occurs* on one side (as the
    reader highlights it: `TermMatcher.occurring`), one of its renderings must be
    *present* on the other (inside a longer term too: `TermMatcher.present`), so nesting
    causes no false alarm; the study scorer asks the same of a translation. Pairs with an empty side
    are not checked. Unused entries are listed from `own` (the text's own glossary;
    default: all entries). (Scans every pair: `check_indexed` reads a text's `TermIndex`.)"""
    report = ConsistencyReport(text.id)
    used: set[int] = set()
    pairs_by_id = {pair.id: pair for pair in text.pairs}
    for pair in text.pairs:
        occurs = {lang: matcher.occurring(pair.side(lang), lang) for lang in ("en", "zh")}
        present = {lang: matcher.present(pair.side(lang), lang) for lang in ("en", "zh")}
        used |= present["en"] | present["zh"]
        if not pair.en or not pair.zh:
            continue
        report.pairs_checked += 1
        for index in sorted({*occurs["en"], *occurs["zh"]}):
            entry = matcher.entries[index]
            if index in present["en"] and index in present["zh"]:
                report.matches.append(CheckItem(pair.id, entry, "both"))
            else:
                report.misses.append(CheckItem(pair.id, entry, "zh" if index in present["zh"] else "en"))
    own_ids = {id(entry) for entry in (own if own is not None else matcher.entries)}
    report.unused = [
        entry for index, entry in enumerate(matcher.entries) if index not in used and id(entry) in own_ids
    ]
    for number, entry in enumerate(matcher.entries):
        where = entry.attested_pair
        if where is None or where[0] != text.id:
            continue
        pair = pairs_by_id.get(where[1])
        if pair is None:
            report.bad_attestations.append((entry, f"no pair {where[1]!r} in {text.id}"))
            continue
        if not _occurs(matcher, number, pair):
            report.bad_attestations.append((entry, f"pair {pair.id} does not hold both the term and a rendering"))
    return report


def check_indexed(index, matcher: TermMatcher, own: list[GlossaryEntry] | None = None) -> ConsistencyReport:
    """`check_consistency` of a text from its `TermIndex` (built for `matcher`), which
    holds the check's verdict for each pair: the same report, without the text."""
    from .term_index import FOUND_IN

    report = ConsistencyReport(index.text_id)
    entries = matcher.entries
    ids = index.ids
    item = partial(tuple.__new__, CheckItem)
    entry_of = entries.__getitem__
    matches, misses = report.matches, report.misses
    collecting = gc.isenabled()
    # A million items that all live on: collecting while they are made only costs time
    # (most of it, at 100,000 pairs).
    gc.disable()
    try:
        for position, consistent, missed in index.verdicts():
            pair_id = ids[position]
            if consistent:
                matches += map(item, zip(repeat(pair_id), map(entry_of, consistent), repeat("both")))
            for value in missed:
                misses.append(CheckItem(pair_id, entries[value >> 2], FOUND_IN[value & 3]))
    finally:
        if collecting:
            gc.enable()
    report.pairs_checked = index.pairs_checked
    used = index.used
    own_ids = {id(entry) for entry in (own if own is not None else entries)}
    report.unused = [entry for number, entry in enumerate(entries) if number not in used and id(entry) in own_ids]
    positions = None
    for number, entry in enumerate(entries):
        where = entry.attested_pair
        if where is None or where[0] != index.text_id:
            continue
        if positions is None:
            positions = {pair_id: n for n, pair_id in enumerate(ids)}
        position = positions.get(where[1])
        if position is None:
            report.bad_attestations.append((entry, f"no pair {where[1]!r} in {index.text_id}"))
        elif not index.present_on_both_sides(number, position):
            report.bad_attestations.append((entry, f"pair {where[1]} does not hold both the term and a rendering"))
    return report


def _occurs(matcher: TermMatcher, index: int, pair: Pair) -> bool:
    return index in matcher.present(pair.en, "en") and index in matcher.present(pair.zh, "zh")
