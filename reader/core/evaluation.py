"""Strict and lax precision, recall and F1 of sentence alignments, as Vecalign scores them.

A bead is (English indices, Chinese indices); either side may be empty. The definitions
are those of Vecalign's `score.py` (Thompson & Koehn 2019, after Sennrich & Volk 2011),
which Bertalign uses too, counted over all documents before dividing (micro-averaged):

- Precision counts every test bead that is not empty on both sides, deletions (1-0, 0-1)
  included. A test bead is a strict true positive when the same bead is in the gold; else
  a strict false positive. It is a lax true positive when it is strict, or when some gold
  bead holds one of its English sentences together with one of its Chinese sentences
  (so a test deletion is never a lax hit unless it is exactly a gold deletion); else a lax
  false positive. Duplicate beads count once (they are sets).
- Recall is the same count with gold and test swapped, and with the deletions of both
  left out: a gold bead is found strictly when the test holds exactly it, laxly when some
  test bead links one of its English sentences to one of its Chinese ones.
- F1 is the harmonic mean of the two; any 0/0 is 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Bead = tuple[Sequence[int], Sequence[int]]


@dataclass(frozen=True, slots=True)
class Counts:
    strict_hits: int = 0
    strict_misses: int = 0
    lax_hits: int = 0
    lax_misses: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.strict_hits + other.strict_hits, self.strict_misses + other.strict_misses,
                      self.lax_hits + other.lax_hits, self.lax_misses + other.lax_misses)


@dataclass(frozen=True, slots=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def _as_set(beads: Iterable[Bead]) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(tuple(en), tuple(zh)) for en, zh in beads if len(en) or len(zh)}


def precision_counts(gold: Iterable[Bead], test: Iterable[Bead]) -> Counts:
    """How many of `test`'s beads are strict and lax hits against `gold`."""
    gold_set, test_set = _as_set(gold), _as_set(test)
    linked = defaultdict(set)  # English index -> the Chinese indices gold links it with
    for en, zh in gold_set:
        for e in en:
            linked[e].update(zh)
    strict_hits = strict_misses = lax_hits = lax_misses = 0
    for en, zh in test_set:
        if (en, zh) in gold_set:
            strict_hits += 1
            lax_hits += 1
            continue
        strict_misses += 1
        partners = set()
        for e in en:
            partners |= linked.get(e, set())
        if partners.intersection(zh):
            lax_hits += 1
        else:
            lax_misses += 1
    return Counts(strict_hits, strict_misses, lax_hits, lax_misses)


def _ratio(hits: int, misses: int) -> float:
    return hits / (hits + misses) if hits + misses else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Sequence[Sequence[Bead]], test: Sequence[Sequence[Bead]]) -> Scores:
    """Scores of several documents' test beads against their gold beads, in the same order."""
    if len(gold) != len(test):
        raise ValueError("as many gold documents as test documents are needed")
    precision, recall = Counts(), Counts()
    for gold_beads, test_beads in zip(gold, test):
        precision += precision_counts(gold_beads, test_beads)
        gold_links = [(en, zh) for en, zh in gold_beads if len(en) and len(zh)]
        test_links = [(en, zh) for en, zh in test_beads if len(en) and len(zh)]
        recall += precision_counts(test_links, gold_links)
    ps, pl = _ratio(precision.strict_hits, precision.strict_misses), _ratio(precision.lax_hits, precision.lax_misses)
    rs, rl = _ratio(recall.strict_hits, recall.strict_misses), _ratio(recall.lax_hits, recall.lax_misses)
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))


def score_one(gold: Sequence[Bead], test: Sequence[Bead]) -> Scores:
    return score([gold], [test])
