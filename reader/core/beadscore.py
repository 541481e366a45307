"""How well a bead's two sides translate each other: the share of each side's tokens that
find a translation on the other side (from the match masks of reader.core.evidence, so a
bead of several sentences counts each token once), less a length penalty, and whether
the two sides end alike.

The score of a bead of a English and b Chinese sentences is

    coverage - length_weight * log((L_en + 10) / (L_zh * ratio + 10)) ** 2 + ending

where coverage averages the English and the Chinese share, L are the sides' lengths (in
SentencePiece pieces times a scale, or characters) and ratio is the document's English to
Chinese length ratio. `ending` compares the last sentence of each side: ending in a
question, an exclamation or an ellipsis, inside a quotation or not. Both alike and out of
the ordinary (a question closing a quotation on both sides) earns `end_weight`; unlike,
it costs as much; two plain full stops weigh nothing, so that the text of an article,
ending every sentence so, is scored as if the feature were not there.

Computed for a block of grid points at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .evidence import Masks

_CLOSERS = "\"'”’）)]}»」』"


def ending(sentence: str) -> int:
    """How a sentence ends: 0 plain, 2 a question, 4 an exclamation, 6 an ellipsis, plus
    1 when a quotation closes with it."""
    text = sentence.rstrip()
    quoted = bool(text) and text[-1] in _CLOSERS
    text = text.rstrip(_CLOSERS + " ")
    last = text[-1:]
    kind = 1 if last in ("?", "？") else 2 if last in ("!", "！") else 3 if last == "…" or text.endswith("...") else 0
    return kind * 2 + quoted


class BeadScorer:
    """Scores of beads of the given shapes ending at grid points, for reader.core.beadsearch."""

    def __init__(self, masks: Masks, en_counts: np.ndarray, zh_counts: np.ndarray,
                 en_lengths: np.ndarray, zh_lengths: np.ndarray, en_endings: np.ndarray, zh_endings: np.ndarray,
                 shapes: Sequence[tuple[int, int]], length_weight: float, end_weight: float, lexical: bool = True):
        self.masks = masks
        self.shapes = list(shapes)
        self.en_count = np.concatenate(([0.0], np.cumsum(en_counts, dtype=np.float64)))
        self.zh_count = np.concatenate(([0.0], np.cumsum(zh_counts, dtype=np.float64)))
        self.en_len = np.concatenate(([0.0], np.cumsum(en_lengths, dtype=np.float64)))
        self.zh_len = np.concatenate(([0.0], np.cumsum(zh_lengths, dtype=np.float64)))
        self.ratio = (self.en_len[-1] + 1) / (self.zh_len[-1] + 1)
        self.en_end, self.zh_end = en_endings, zh_endings
        self.length_weight = length_weight
        self.end_weight = end_weight
        self.lexical = lexical
        self.n, self.m = len(en_lengths), len(zh_lengths)

    def __call__(self, rows: np.ndarray, j: np.ndarray) -> np.ndarray:
        m = self.m
        jc = np.clip(j, 0, m)
        out = np.empty((len(self.shapes),) + j.shape)
        block = _Block(self.masks, rows, j) if self.lexical else None
        if self.end_weight:
            en_end = self.en_end[np.maximum(rows - 1, 0)][:, None]
            zh_end = self.zh_end[np.clip(j - 1, 0, m - 1)]
            ends = self.end_weight * np.where(en_end == zh_end, (en_end != 0).astype(np.float64), -1.0)
        else:
            ends = 0.0
        for k, (a, b) in enumerate(self.shapes):
            source = np.maximum(rows - a, 0)
            jb = np.clip(j - b, 0, m)
            if block is not None:
                en_total = (self.en_count[rows] - self.en_count[source])[:, None]
                zh_total = self.zh_count[jc] - self.zh_count[jb]
                en_hits = sum(block.en_hits(q, b) for q in range(a))
                zh_hits = sum(block.zh_hits(r, a) for r in range(b))
                coverage = 0.5 * (en_hits / np.maximum(en_total, 1) + zh_hits / np.maximum(zh_total, 1))
            else:
                coverage = 0.3
            le = (self.en_len[rows] - self.en_len[source])[:, None] + 10
            lz = (self.zh_len[jc] - self.zh_len[jb]) * self.ratio + 10
            out[k] = coverage - self.length_weight * np.log(le / lz) ** 2 + ends
        return out


class _Block:
    """The masks of one block of grid points, gathered and combined once for all shapes:
    for a bead ending at (i, j), English sentence i - 1 - q and Chinese sentence j - 1 - r."""

    def __init__(self, masks: Masks, rows: np.ndarray, j: np.ndarray):
        self.masks, self.rows, self.j = masks, rows, j
        self.cells: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        self.en_union: dict[tuple[int, int], np.ndarray] = {}
        self.zh_union: dict[tuple[int, int], np.ndarray] = {}
        self.counted: dict[tuple[str, int, int], np.ndarray] = {}

    def cell(self, q: int, r: int) -> tuple[np.ndarray, np.ndarray]:
        found = self.cells.get((q, r))
        if found is None:
            flat = self.masks.at((self.rows - 1 - q)[:, None], self.j - 1 - r)
            found = self.cells[(q, r)] = (self.masks.en.ravel()[flat], self.masks.zh.ravel()[flat])
        return found

    def en_bits(self, q: int, b: int) -> np.ndarray:
        """English sentence q's tokens met in any of Chinese sentences 0..b-1."""
        found = self.en_union.get((q, b))
        if found is None:
            found = self.cell(q, 0)[0] if b == 1 else self.en_bits(q, b - 1) | self.cell(q, b - 1)[0]
            self.en_union[(q, b)] = found
        return found

    def zh_bits(self, r: int, a: int) -> np.ndarray:
        """Chinese sentence r's tokens met in any of English sentences 0..a-1."""
        found = self.zh_union.get((r, a))
        if found is None:
            found = self.cell(0, r)[1] if a == 1 else self.zh_bits(r, a - 1) | self.cell(a - 1, r)[1]
            self.zh_union[(r, a)] = found
        return found

    def en_hits(self, q: int, b: int) -> np.ndarray:
        key = ("en", q, b)
        if key not in self.counted:
            self.counted[key] = np.bitwise_count(self.en_bits(q, b))
        return self.counted[key]

    def zh_hits(self, r: int, a: int) -> np.ndarray:
        key = ("zh", r, a)
        if key not in self.counted:
            self.counted[key] = np.bitwise_count(self.zh_bits(r, a))
        return self.counted[key]
