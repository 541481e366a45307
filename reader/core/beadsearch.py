"""The best path of beads through a band of the alignment grid, by dynamic programming.

The grid's point (i, j) is "the first i English and j Chinese sentences are aligned"; a
bead of a English and b Chinese sentences goes from (i - a, j - b) to (i, j). Row i of
the band holds the points low[i] <= j <= high[i], so time and memory grow with the number
of sentences times the band's width, not with the product of the two lengths.

Rows are worked one after another, the points of a row all at once in numpy: every bead
shape that ends there (its score computed ahead for a block of rows by the caller), a
deletion from the row above, and insertions along the row as a running maximum. Hard
anchors (i, j), such as paragraph boundaries, are points every path goes through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import ReaderError

NEG = -np.inf


@dataclass(slots=True)
class Band:
    low: np.ndarray  # (n + 1,) int64, the lowest j of each row
    high: np.ndarray  # (n + 1,) int64, the highest j (inclusive)

    @property
    def width(self) -> int:
        return int((self.high - self.low).max()) + 1


def make_band(n: int, m: int, center: np.ndarray, half: np.ndarray,
              anchors: Sequence[tuple[int, int]] = ()) -> Band:
    """The band of half-width `half[i]` around `center[i]` (both per row), widened where
    it must be so that some path runs through it from (0, 0) to (n, m): each row's lowest
    point no further right than the next row's, nor than the row above's highest plus one,
    and each hard anchor the only point of its row."""
    low = np.floor(center - half).astype(np.int64)
    high = np.ceil(center + half).astype(np.int64)
    low, high = np.clip(low, 0, m), np.clip(high, 0, m)
    low[0], high[n] = 0, m
    for i, j in anchors:
        low[i] = high[i] = j
    # monotone: low never decreases, high never decreases
    low = np.minimum.accumulate(low[::-1])[::-1]
    high = np.maximum.accumulate(high)
    for i, j in anchors:  # widening must not move an anchor's row
        low[i] = high[i] = j
    # connected: row i's lowest point reachable from row i - 1 (a 1-1 bead or a deletion)
    low[1:] = np.minimum(low[1:], high[:-1] + 1)
    for i, j in anchors:
        if low[i] != j or high[i] != j:
            raise ReaderError("the alignment anchors are out of order")
    return Band(low, high)


ScoreBlock = Callable[[np.ndarray, np.ndarray], np.ndarray]


def search(n: int, m: int, band: Band, shapes: Sequence[tuple[int, int]], score_block: ScoreBlock,
           skip: float, anchors: Sequence[tuple[int, int]] = (), block: int = 256) -> list[tuple[int, int]]:
    """The best path from (0, 0) to (n, m) as its corner points. `score_block(rows, j)`
    gives the scores (len(shapes), len(rows), width) of each shape's bead ending at
    (rows[r], j[r, c]); deletions and insertions score `skip`."""
    low, high = band.low, band.high
    width = band.width
    shapes = list(shapes)
    K = len(shapes)
    a_of = np.array([a for a, _ in shapes] + [1], dtype=np.int64)  # the last: a deletion
    b_of = np.array([b for _, b in shapes] + [0], dtype=np.int64)
    stride = width + 2  # column 0 and column width + 1 are -inf padding
    best = np.full((n + 2) * stride, NEG)  # row n + 1: all -inf, for sources before row 0
    back = np.zeros((n + 1, width), dtype=np.int8)
    INSERT = K + 1
    columns = np.arange(width, dtype=np.int64)
    along = columns * skip
    # row 0: insertions only
    first = high[0] - low[0] + 1
    best[1:1 + first] = along[:first]
    back[0, :first] = INSERT
    # the last anchor at or above each row: beads may not start above it
    fence = np.zeros(n + 1, dtype=np.int64)
    for i, _ in anchors:
        fence[i] = i
    fence = np.maximum.accumulate(fence)
    rows_all = np.arange(n + 1, dtype=np.int64)
    for start in range(1, n + 1, block):
        rows = rows_all[start:min(n + 1, start + block)]
        j = low[rows, None] + columns[None, :]
        scores = np.empty((K + 1, len(rows), width))
        scores[:K] = score_block(rows, j)
        scores[K] = skip
        source = rows[None, :] - a_of[:, None]  # (K + 1, R)
        fenced = source < fence[rows - 1][None, :]
        outside = (j[None, :, :] - b_of[:, None, None] < 0) | (j[None, :, :] > high[rows, None][None, :, :])
        scores[outside] = NEG
        scores[fenced] = NEG
        safe = np.where(source < 0, n + 1, source)
        offset = low[rows][None, :] - b_of[:, None] - np.where(source < 0, 0, low[np.maximum(source, 0)])
        row_base = safe * stride + 1  # (K + 1, R)
        for r, i in enumerate(rows.tolist()):
            index = np.clip(offset[:, r, None] + columns, -1, width) + row_base[:, r, None]
            candidates = best[index] + scores[:, r, :]
            move = candidates.argmax(axis=0)
            value = candidates[move, columns]
            shifted = value - along
            running = np.maximum.accumulate(shifted)
            inserted = running > shifted
            at = i * stride + 1
            best[at:at + width] = running + along
            best[at + high[i] - low[i] + 1:at + width] = NEG
            back[i] = np.where(inserted, INSERT, move)
    if not np.isfinite(best[n * stride + 1 + m - low[n]]):
        raise ReaderError("the alignment band does not reach the end of both texts")
    return _trace(back, low, shapes, n, m, K)


def _trace(back, low, shapes, n, m, K) -> list[tuple[int, int]]:
    path = [(n, m)]
    i, j = n, m
    while i or j:
        move = int(back[i, j - low[i]])
        if move == K + 1:
            j -= 1
        elif move == K:
            i -= 1
        else:
            a, b = shapes[move]
            i, j = i - a, j - b
        path.append((i, j))
    return path[::-1]
