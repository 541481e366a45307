"""Sentence alignment of an English and a Chinese text, offline and deterministic.

A dynamic programme over beads (m English : n Chinese sentences, from 0-1 and 1-0 up to
5-1 and 1-3; reader.core.beadsearch), maximising the sum of the beads' scores, in the
manner of Bertalign: a bead's score is how well its two sides translate each other
(reader.core.beadscore), so two good 1-1 beads beat one 2-2 bead, while a 2-1 bead beats a
1-1 bead and a deletion when the second English sentence translates part of the Chinese.

How well two spans translate each other is measured with a bilingual lexicon
(reader.core.lexicon, from CC-CEDICT and the glossary), not with embeddings; the tokens
and their matches are reader.core.evidence's.

The search runs in a band around the diagonal, then a second time in a narrower band
around the first path. When both texts have the same number of paragraphs (more than
one), paragraph boundaries are anchors every path goes through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from . import beadsearch
from .beadscore import BeadScorer
from .evidence import chinese_side, english_side, match_masks
from .lexicon import Lexicon

# Bead shapes (English, Chinese) the search considers.
BEADS: tuple[tuple[int, int], ...] = (
    (1, 1), (2, 1), (1, 2), (3, 1), (1, 3), (2, 2), (4, 1), (3, 2), (2, 3), (5, 1),
)
FIRST_PASS = ((1, 1), (2, 1), (1, 2), (3, 1), (1, 3))


@dataclass(frozen=True, slots=True)
class AlignedBead:
    en: list[int]
    zh: list[int]
    score: float  # the bead's score: ~0.3 and above is a confident link, below 0.1 doubtful


@dataclass(slots=True)
class Settings:
    band: int = 10  # first pass: sentences either side of the diagonal (at least)
    band_share: float = 0.06  # ... or this share of the longer side
    second_band: int = 4  # second pass: sentences either side of the first path
    skip: float = -0.2  # the score of a deletion (0-1 or 1-0)
    length_weight: float = 0.3  # times the squared log length ratio
    shapes: tuple[tuple[int, int], ...] = BEADS
    lexical: bool = True  # False: the length model alone (for ablation)
    # "chars": lengths in characters but spaces; "pieces": in SentencePiece pieces
    # (reader.core.tokenize) times piece_scale, about the characters a piece holds, so that
    # the smoothing (+10) weighs as for characters.
    length_unit: str = "pieces"
    piece_scale: float = 4.0

    def signature(self) -> str:
        return (f"lexical-dp|band={self.band}/{self.band_share}|second={self.second_band}|skip={self.skip}"
                f"|length={self.length_weight}|shapes={len(self.shapes)}"
                + (f"|unit=pieces*{self.piece_scale}" if self.length_unit == "pieces" else ""))


def prepare(cache_dir=None) -> None:
    """Build and cache what alignment needs (the lexicon)."""
    Lexicon.load(cache_dir)


class Aligner:
    """Aligns English and Chinese sentences; `align` returns beads with scores."""

    def __init__(self, lexicon: Lexicon | None = None, *, glossary: Iterable = (), settings: Settings | None = None):
        lexicon = lexicon if lexicon is not None else Lexicon.load()
        glossary = list(glossary)
        if glossary:
            lexicon = lexicon.add_glossary(glossary)
        self.lexicon = lexicon
        self.settings = settings or Settings()

    def align(self, en: Sequence[str], zh: Sequence[str],
              en_paragraphs: Sequence[int] | None = None,
              zh_paragraphs: Sequence[int] | None = None) -> list[AlignedBead]:
        """Beads covering every sentence of both sides in order. `*_paragraphs` give each
        sentence's paragraph number; when both sides have the same number of paragraphs,
        paragraphs are aligned one to one and sentences within them."""
        s = self.settings
        n, m = len(en), len(zh)
        if n == 0 or m == 0:
            return [AlignedBead([i], [], s.skip) for i in range(n)] + [AlignedBead([], [j], s.skip) for j in range(m)]
        anchors = _paragraph_anchors(en_paragraphs, zh_paragraphs)
        en_side, names = english_side(en)
        zh_side = chinese_side(zh, self.lexicon, names)
        en_lengths, zh_lengths = self._lengths(en), self._lengths(zh)

        def run(band: beadsearch.Band, shapes) -> list[tuple[int, int]]:
            low, high = _sentence_band(band, n, m, shapes)
            masks = match_masks(en_side, zh_side, low, high)
            scorer = BeadScorer(masks, en_side.counts, zh_side.counts, en_lengths, zh_lengths, shapes,
                                s.length_weight, s.lexical)
            self._scorer = scorer
            return beadsearch.search(n, m, band, shapes, scorer, s.skip, anchors)

        center, half = _diagonal(n, m, anchors, s)
        path = run(beadsearch.make_band(n, m, center, half, anchors), FIRST_PASS)
        path = run(_path_band(path, n, m, s.second_band, anchors), s.shapes)
        return _beads(path, self._scorer, s.skip)

    def _lengths(self, sentences: Sequence[str]) -> np.ndarray:
        s = self.settings
        if s.length_unit == "pieces":
            from .tokenize import piece_counts

            return np.array(piece_counts(sentences), dtype=np.float64) * s.piece_scale
        return np.array([len(x) - x.count(" ") for x in sentences], dtype=np.float64)


def _paragraph_anchors(en_paragraphs, zh_paragraphs) -> list[tuple[int, int]]:
    if en_paragraphs is None or zh_paragraphs is None:
        return []
    en_groups, zh_groups = _groups(en_paragraphs), _groups(zh_paragraphs)
    if not len(en_groups) == len(zh_groups) > 1:
        return []
    return [(e0, z0) for (e0, _), (z0, _) in zip(en_groups[1:], zh_groups[1:])]


def _groups(numbers: Sequence[int]) -> list[tuple[int, int]]:
    groups = []
    for index, number in enumerate(numbers):
        if not groups or numbers[index - 1] != number:
            groups.append([index, index + 1])
        else:
            groups[-1][1] = index + 1
    return [tuple(g) for g in groups]


def _diagonal(n: int, m: int, anchors, s: Settings) -> tuple[np.ndarray, np.ndarray]:
    """The straight line between consecutive anchors, and the first pass's half-width."""
    corners = [(0, 0)] + list(anchors) + [(n, m)]
    center = np.zeros(n + 1)
    half = np.zeros(n + 1)
    for (i0, j0), (i1, j1) in zip(corners, corners[1:]):
        rows = np.arange(i0, i1 + 1)
        center[i0:i1 + 1] = j0 + (rows - i0) * (j1 - j0) / max(i1 - i0, 1)
        half[i0:i1 + 1] = max(s.band, int(s.band_share * max(i1 - i0, j1 - j0)))
    return center, half


def _beads(path, scorer: BeadScorer, skip: float) -> list[AlignedBead]:
    """The path's beads, each with its score (all scored in one go)."""
    ends = np.array(path[1:], dtype=np.int64).reshape(-1, 2)
    starts = np.array(path[:-1], dtype=np.int64).reshape(-1, 2)
    scores = scorer(ends[:, 0], ends[:, 1:2])[:, :, 0]
    shape_index = {shape: k for k, shape in enumerate(scorer.shapes)}
    beads = []
    for number, ((i0, j0), (i1, j1)) in enumerate(zip(starts.tolist(), ends.tolist())):
        shape = shape_index.get((i1 - i0, j1 - j0))
        score = float(scores[shape, number]) if shape is not None and i1 > i0 and j1 > j0 else skip
        beads.append(AlignedBead(list(range(i0, i1)), list(range(j0, j1)), score))
    return beads


def _path_band(path, n: int, m: int, width: int, anchors) -> beadsearch.Band:
    """The points within `width` of the path, row by row (as the old second pass)."""
    low = np.full(n + 1, m, dtype=np.int64)
    high = np.zeros(n + 1, dtype=np.int64)
    for i, j in path:
        k0, k1 = max(0, i - width), min(n, i + width)
        low[k0:k1 + 1] = np.minimum(low[k0:k1 + 1], max(0, j - width))
        high[k0:k1 + 1] = np.maximum(high[k0:k1 + 1], min(m, j + width))
    center = (low + high) / 2
    half = (high - low) / 2
    return beadsearch.make_band(n, m, center, half, anchors)


def _sentence_band(band: beadsearch.Band, n: int, m: int, shapes) -> tuple[np.ndarray, np.ndarray]:
    """For each English sentence, the Chinese sentences a bead through the band may pair it with."""
    most_a = max(a for a, _ in shapes)
    most_b = max(b for _, b in shapes)
    s = np.arange(n)
    low = np.maximum(band.low[s + 1] - most_b, 0)
    high = np.minimum(band.high[np.minimum(s + most_a, n)] - 1, m - 1)
    high = np.maximum(high, low)
    return low, high
