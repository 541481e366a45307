"""Pairs from a sentence alignment where the text gives no paragraphs to follow.

A chapter saved one sentence a line, or as one block, has no paragraph marks; its
sentence alignment (a run of beads) is cut into pairs of a few beads each. The cuts go
where the aligner is surest, between two confident beads: a cut there puts the same
sentences on both sides of the boundary in the same pair, while a cut next to a doubtful
bead may leave a sentence's translation in the neighbouring pair. Among the ways to cut,
the one chosen minimises, by dynamic programming, the pairs' departure from a target
size plus a cost for each cut that is less than sure.

Sizes are in characters, a Chinese character counting two (its cells on screen, and about
what two English letters say).
"""

from __future__ import annotations

from collections.abc import Sequence

TARGET = 700  # the size aimed at: about four English sentences and their translation
LIMIT = 2 * TARGET  # no pair of several beads grows past this
MOST_BEADS = 8  # nor holds more beads than this: a pair of a few sentences, however short
CONFIDENT = 0.3  # a bead scoring this or more is a confident link (see the aligner)
UNSURE_CUT = 3.0  # the cost of a cut between doubtful beads, in units of size cost


def bead_size(en: Sequence[str], zh: Sequence[str]) -> int:
    return sum(map(len, en)) + 2 * sum(map(len, zh))


def cut(sizes: Sequence[int], scores: Sequence[float], target: int = TARGET) -> list[int]:
    """Where to cut a run of beads (their sizes and scores) into pairs: the index of the
    first bead of each pair, 0 first."""
    n = len(sizes)
    if n == 0:
        return []
    limit = 2 * target
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    best = [0.0] + [float("inf")] * n
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        for first in range(end - 1, -1, -1):
            size = prefix[end] - prefix[first]
            if end - first > 1 and (size > limit or end - first > MOST_BEADS):
                break
            cost = best[first] + ((size - target) / target) ** 2
            if first:
                cost += _cut_cost(scores[first - 1], scores[first])
            if cost < best[end]:
                best[end], start[end] = cost, first
    starts, end = [], n
    while end:
        end = start[end]
        starts.append(end)
    return starts[::-1]


def _cut_cost(before: float, after: float) -> float:
    sureness = min(1.0, max(0.0, min(before, after)) / CONFIDENT)
    return UNSURE_CUT * (1.0 - sureness)


def weakest_cut(starts: Sequence[int], scores: Sequence[float]) -> float | None:
    """The lowest score next to any cut (None without cuts): how sure the cuts are."""
    values = [min(scores[i - 1], scores[i]) for i in starts if i]
    return min(values) if values else None
