"""How well a bead's two sides translate each other: the share of each side's tokens that
find a translation on the other side (from the match masks of reader.core.evidence, so a
bead of several sentences counts each token once), less a length penalty.

The score of a bead of a English and b Chinese sentences is

    coverage - length_weight * log((L_en + 10) / (L_zh * ratio + 10)) ** 2

where coverage averages the English and the Chinese share, L are the sides' lengths (in
SentencePiece pieces times a scale, or characters) and ratio is the document's English to
Chinese length ratio. Computed for a block of grid points at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .evidence import Masks


class BeadScorer:
    """Scores of beads of the given shapes ending at grid points, for reader.core.beadsearch."""

    def __init__(self, masks: Masks, en_counts: np.ndarray, zh_counts: np.ndarray,
                 en_lengths: np.ndarray, zh_lengths: np.ndarray, shapes: Sequence[tuple[int, int]],
                 length_weight: float, lexical: bool = True):
        self.masks = masks
        self.shapes = list(shapes)
        self.en_count = np.concatenate(([0], np.cumsum(en_counts))).astype(np.float64)
        self.zh_count = np.concatenate(([0], np.cumsum(zh_counts))).astype(np.float64)
        self.en_len = np.concatenate(([0.0], np.cumsum(en_lengths, dtype=np.float64)))
        self.zh_len = np.concatenate(([0.0], np.cumsum(zh_lengths, dtype=np.float64)))
        self.ratio = (self.en_len[-1] + 1) / (self.zh_len[-1] + 1)
        self.length_weight = length_weight
        self.lexical = lexical
        self.n, self.m = len(en_counts), len(zh_counts)

    def __call__(self, rows: np.ndarray, j: np.ndarray) -> np.ndarray:
        n, m = self.n, self.m
        masks = self.masks
        stride = masks.width + 1
        zero = n * stride + masks.width  # an all-zero cell
        em, zm = masks.en.ravel(), masks.zh.ravel()
        jc = np.clip(j, 0, m)
        out = np.empty((len(self.shapes),) + j.shape)
        gathered: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

        def cell(q: int, r: int):
            found = gathered.get((q, r))
            if found is None:
                s = rows - 1 - q
                t = j - 1 - r
                sc = np.maximum(s, 0)
                column = t - masks.base[sc][:, None]
                valid = (s >= 0)[:, None] & (t >= 0) & (column >= 0) & (column < masks.width)
                flat = np.where(valid, sc[:, None] * stride + column, zero)
                found = gathered[(q, r)] = (em[flat], zm[flat])
            return found

        en_or: dict[tuple[int, int], np.ndarray] = {}  # (q, b): sentence q's tokens met in b sentences
        zh_or: dict[tuple[int, int], np.ndarray] = {}  # (r, a): sentence r's tokens met in a sentences

        def en_hits(q: int, b: int) -> np.ndarray:
            key = (q, b)
            if key not in en_or:
                bits = cell(q, 0)[0] if b == 1 else (en_mask(q, b - 1) | cell(q, b - 1)[0])
                en_or[key] = bits
            return en_or[key]

        def en_mask(q, b):
            en_hits(q, b)
            return en_or[(q, b)]

        def zh_mask(r, a):
            key = (r, a)
            if key not in zh_or:
                zh_or[key] = cell(0, r)[1] if a == 1 else (zh_mask(r, a - 1) | cell(a - 1, r)[1])
            return zh_or[key]

        counted: dict = {}

        def popcount(kind, x, y):
            key = (kind, x, y)
            if key not in counted:
                bits = en_mask(x, y) if kind == "en" else zh_mask(x, y)
                counted[key] = np.bitwise_count(bits).astype(np.float64)
            return counted[key]

        for k, (a, b) in enumerate(self.shapes):
            source = np.maximum(rows - a, 0)
            jb = np.clip(j - b, 0, m)
            if self.lexical:
                en_total = (self.en_count[rows] - self.en_count[source])[:, None]
                zh_total = self.zh_count[jc] - self.zh_count[jb]
                hits_en = sum(popcount("en", q, b) for q in range(a))
                hits_zh = sum(popcount("zh", r, a) for r in range(b))
                coverage = 0.5 * (hits_en / np.maximum(en_total, 1) + hits_zh / np.maximum(zh_total, 1))
            else:
                coverage = 0.3
            le = (self.en_len[rows] - self.en_len[source])[:, None] + 10
            lz = (self.zh_len[jc] - self.zh_len[jb]) * self.ratio + 10
            out[k] = coverage - self.length_weight * np.log(le / lz) ** 2
        return out
