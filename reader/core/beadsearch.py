"""The best path of beads through a band of the alignment grid, by dynamic programming.

The grid's point (i, j) is "the first i English and j Chinese sentences are aligned"; a
bead of a English and b Chinese sentences goes from (i - a, j - b) to (i, j). Row i of
the band holds the points low[i] <= j <= high[i], so time and memory grow with the number
of sentences times the band's width, not with the product of the two lengths.

Rows are worked one after another, the points of a row all at once in numpy: every bead
shape that ends there (its score computed ahead for a block of rows by the caller), a
deletion from the row above, and insertions along the row as a running maximum. Hard
anchors (i, j), such as paragraph boundaries, are points every path goes through: no
bead starts above an anchor's row and ends below it, none leaves the anchor's row left of
the anchor, and none ends in the anchor's row right of it (only insertions go on from
the anchor along its row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import ReaderError

NEG = -np.inf


@dataclass(slots=True)
class Band:
    """Rows first..first + len(low) - 1 of the grid, and the points of each row."""

    low: np.ndarray  # int64, the lowest j of each row
    high: np.ndarray  # int64, the highest j (inclusive)
    first: int = 0

    @property
    def width(self) -> int:
        return int((self.high - self.low).max()) + 1

    @property
    def last(self) -> int:
        return self.first + len(self.low) - 1


def make_band(n: int, m: int, center: np.ndarray, half: np.ndarray,
              anchors: Sequence[tuple[int, int]] = (), first: int = 0, start: int = 0,
              end: int | None = None) -> Band:
    """The band of rows first..first + len(center) - 1, `half[r]` either side of
    `center[r]`, widened where it must be so that some path runs through it from (first,
    start) to the last row (to its point `end`, when given): each row's lowest point no
    further right than the next row's, nor than the row above's highest plus one, and each
    hard anchor the only point of its row."""
    rows = len(center)
    low = np.floor(center - half).astype(np.int64)
    high = np.ceil(center + half).astype(np.int64)
    low, high = np.clip(low, start, m), np.clip(high, start, m)
    low[0] = start
    if end is not None:
        high = np.minimum(high, end)
        high[-1] = end
        low = np.minimum(low, end)
    inside = [(i - first, j) for i, j in anchors if first <= i < first + rows]
    for r, j in inside:
        low[r], high[r] = min(low[r], j), max(high[r], j)
    low = np.minimum.accumulate(low[::-1])[::-1]
    high = np.maximum.accumulate(high)
    # connected: row r's lowest point reachable from row r - 1 (a 1-1 bead or a deletion)
    low[1:] = np.minimum(low[1:], high[:-1] + 1)
    return Band(low, high, first)


ScoreBlock = Callable[[np.ndarray, np.ndarray], np.ndarray]


def search(band: Band, start: int, shapes: Sequence[tuple[int, int]], score_block: ScoreBlock, skip: float,
           end: int | None = None, anchors: Sequence[tuple[int, int]] = (), block: int = 256) -> list[tuple[int, int]]:
    """The best path from (band.first, start) to the band's last row (to its point `end`,
    or to the best point of that row when None), as its corner points. `score_block(rows,
    j)` gives the scores (len(shapes), len(rows), width) of each shape's bead ending at
    (rows[r], j[r, c]); deletions and insertions score `skip`."""
    low, high, first = band.low, band.high, band.first
    count = len(low)  # rows, the first included
    width = band.width
    shapes = list(shapes)
    K = len(shapes)
    a_of = np.array([a for a, _ in shapes] + [1], dtype=np.int64)  # the last: a deletion
    b_of = np.array([b for _, b in shapes] + [0], dtype=np.int64)
    stride = width + 2  # column 0 and column width + 1 are -inf padding
    best = np.full((count + 1) * stride, NEG)  # the last row: all -inf, for sources before the first
    back = np.zeros((count, width), dtype=np.int8)
    INSERT = K + 1
    columns = np.arange(width, dtype=np.int64)
    along = columns * skip
    # the first row: the start, then insertions
    offset0 = start - low[0]
    reach = high[0] - start + 1
    best[1 + offset0:1 + offset0 + reach] = along[:reach]
    back[0, offset0:offset0 + reach] = INSERT
    # the last anchor at or above each row (the start counts as one): beads may not start
    # above its row, nor in its row left of it; in an anchor's row, none ends right of it
    fence = np.zeros(count, dtype=np.int64)
    fence_column = np.full(count, start, dtype=np.int64)
    anchor_column = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
    for i, j in anchors:
        if first < i < first + count:
            fence[i - first] = i - first
            fence_column[i - first] = j
            anchor_column[i - first] = j
    fence = np.maximum.accumulate(fence)
    fence_column = fence_column[fence]
    local_all = np.arange(count, dtype=np.int64)
    for begin in range(1, count, block):
        local = local_all[begin:min(count, begin + block)]
        j = low[local, None] + columns[None, :]
        scores = np.empty((K + 1, len(local), width))
        scores[:K] = score_block(local + first, j)
        scores[K] = skip
        source = local[None, :] - a_of[:, None]  # (K + 1, R)
        outside = (j[None, :, :] - b_of[:, None, None] < start) | (j[None, :, :] > high[local, None][None, :, :])
        scores[outside] = NEG
        above = fence[local - 1][None, :]
        scores[source < above] = NEG
        left = (source == above)[:, :, None] & \
            (j[None, :, :] - b_of[:, None, None] < fence_column[local - 1][None, :, None])
        scores[left] = NEG
        scores[:, j > anchor_column[local, None]] = NEG
        safe = np.where(source < 0, count, source)
        offset = low[local][None, :] - b_of[:, None] - np.where(source < 0, 0, low[np.maximum(source, 0)])
        row_base = safe * stride + 1  # (K + 1, R)
        sources = np.clip(offset[:, :, None] + columns, -1, width) + row_base[:, :, None]  # (K + 1, R, W)
        # each row's sources and scores contiguous: the loop below is the hot one
        sources = np.ascontiguousarray(sources.transpose(1, 0, 2))
        scores = np.ascontiguousarray(scores.transpose(1, 0, 2))
        accumulate = np.maximum.accumulate
        for r, i in enumerate(local.tolist()):
            candidates = best[sources[r]]
            candidates += scores[r]
            move = candidates.argmax(axis=0)
            shifted = candidates.max(axis=0) - along
            running = accumulate(shifted)
            at = i * stride + 1
            best[at:at + width] = running + along
            best[at + high[i] - low[i] + 1:at + width] = NEG
            move[running > shifted] = INSERT
            back[i] = move
    last = (count - 1) * stride + 1
    if end is None:
        end = int(low[-1] + np.argmax(best[last:last + high[-1] - low[-1] + 1]))
    if not np.isfinite(best[last + end - low[-1]]):
        raise ReaderError("the alignment band does not reach the end of both texts")
    return _trace(back, low, shapes, first, count - 1, end, start, K)


def _trace(back, low, shapes, first, r, j, start, K) -> list[tuple[int, int]]:
    path = [(first + r, j)]
    while r or j != start:
        move = int(back[r, j - low[r]])
        if move == K + 1:
            j -= 1
        elif move == K:
            r -= 1
        else:
            a, b = shapes[move]
            r, j = r - a, j - b
        path.append((first + r, j))
    return path[::-1]
