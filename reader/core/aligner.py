"""Sentence alignment of an English and a Chinese text, offline and deterministic.

A dynamic programme over beads (a English : b Chinese sentences, from 0-1 and 1-0 up to
5-1 and 1-3; reader.core.beadsearch), maximising the sum of the beads' scores, in the
manner of Bertalign: a bead's score is how well its two sides translate each other
(reader.core.beadscore), so two good 1-1 beads beat one 2-2 bead, while a 2-1 bead beats a
1-1 bead and a deletion when the second English sentence translates part of the Chinese.

How well two spans translate each other is measured with a bilingual lexicon
(reader.core.lexicon, from CC-CEDICT and the glossary), not with embeddings; the tokens
and their matches are reader.core.evidence's.

Three steps, each in time and memory that grow with the length of the texts:

1. A first path with the common bead shapes, a chunk of rows at a time, each chunk in a
   band around the line from where the path has got to towards the end (so the band
   follows the texts as they drift apart, whatever their length).
2. The words that keep meeting in the first path's confident beads, though the lexicon
   does not pair them, become translations for the rest (reader.core.realign).
3. The final path, with every bead shape, in a narrow band around the first.

When both texts have the same number of paragraphs (more than one), paragraph boundaries
are anchors every path goes through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

import numpy as np

from . import beadsearch
from .beadscore import BeadScorer, ending
from .evidence import chinese_side, english_side, match_masks
from .lexicon import Lexicon
from .zhscript import to_simplified

# Bead shapes (English, Chinese) the search considers.
BEADS: tuple[tuple[int, int], ...] = (
    (1, 1), (2, 1), (1, 2), (3, 1), (1, 3), (2, 2), (4, 1), (3, 2), (2, 3), (5, 1),
)
FIRST_PASS = ((1, 1), (2, 1), (1, 2), (3, 1), (1, 3))
VERSION = 2  # of the method: changes when the same settings would give other beads


@dataclass(frozen=True, slots=True)
class AlignedBead:
    en: list[int]
    zh: list[int]
    score: float  # the bead's score: ~0.3 and above is a confident link, below 0.1 doubtful


@dataclass(frozen=True, slots=True)
class Settings:
    band: int = 10  # first pass: sentences either side of the line (at least)
    band_share: float = 0.06  # ... or this share of the chunk's extent
    chunk: int = 1000  # the first pass keeps this many rows of each chunk's path
    chunk_overlap: int = 250  # ... and looks this many rows further
    doubtful: float = 0.1  # a bead scoring less is doubtful (the reader marks it so)
    lost_run: int = 6  # a chunk with this many doubtful beads in a row is searched again, wide
    second_band: int = 3  # final pass: sentences either side of the first path
    skip: float = -0.2  # the score of a deletion (0-1 or 1-0)
    length_weight: float = 0.45  # times the squared log length ratio
    # "pieces": lengths in SentencePiece pieces (reader.core.tokenize) times piece_scale,
    # about the characters a piece holds, so that the smoothing (+10) weighs as for
    # characters; "chars": in characters but spaces
    length_unit: str = "pieces"
    piece_scale: float = 4.0
    end_weight: float = 0.06  # both sides ending alike (a question, in quotes): see beadscore
    shapes: tuple[tuple[int, int], ...] = BEADS
    # the evidence, each part of which can be turned off (the benchmark's ablation)
    lexical: bool = True  # False: the length model alone
    function_words: bool = True  # pronouns and negation as tokens (reader.core.english)
    irregular: bool = True  # irregular forms stand for their base form too
    names: bool = True  # capitalised words met through pinyin (Qingyang = 清扬)
    realign: bool = True  # the second step: translations learnt from the first path
    realign_threshold: float = 0.15  # beads scoring at least this teach
    realign_least: int = 2  # in at least this many beads together
    realign_dice: float = 0.4  # with a Dice coefficient of at least this

    def changed(self) -> dict:
        """The settings that differ from the defaults."""
        default = Settings()
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != getattr(default, f.name)}

    def signature(self) -> str:
        """What produced an alignment, in the manner of sacrebleu's signatures: the
        method's version, the length model, the evidence, the passes."""
        length = f"pieces*{self.piece_scale:g}" if self.length_unit == "pieces" else self.length_unit
        evidence = "length-only" if not self.lexical else "+".join(
            ["lexicon"] + [name for name, on in (("function", self.function_words), ("irregular", self.irregular),
                                                 ("names", self.names)) if on])
        passes = "first+realign+final" if self.realign and self.lexical else "first+final"
        return (f"reader-align:{VERSION}|length:{length}/{self.length_weight:g}|evidence:{evidence}"
                f"|end:{self.end_weight:g}|skip:{self.skip:g}|shapes:{len(self.shapes)}"
                f"|band:{self.band}/{self.band_share:g}/{self.chunk}+{self.chunk_overlap}/{self.second_band}"
                f"|passes:{passes}")


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

    def signature(self) -> str:
        """The settings' signature and the lexicon's (its data file and the glossary terms on top)."""
        return f"{self.settings.signature()}|lexicon:{self.lexicon.signature()}"

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
        # A traditional side is aligned as its simplified view, character for character:
        # the lexicon's glossary terms and names, and the length model's pieces, are of
        # simplified text; the beads are of sentences, so nothing else changes.
        zh = [to_simplified(sentence) for sentence in zh]
        en_side, names = english_side(en, s.function_words, s.irregular, s.names)
        # keys the English side lacks can meet nothing: only the others are kept
        zh_side = chinese_side(zh, self.lexicon, names if s.names else None, s.function_words,
                               wanted=_distinct(en_side.key))
        lengths = self._lengths(en), self._lengths(zh)
        endings = np.array([ending(x) for x in en]), np.array([ending(x) for x in zh])

        built = []  # the first pass's sentence bands and masks

        def scorer_for(band: beadsearch.Band, shapes, zh_side, reuse=None) -> BeadScorer:
            first, low, high = reuse[:3] if reuse else _sentence_band(band, m, shapes)
            masks = reuse[3] if reuse else match_masks(en_side, zh_side, low, high, first)
            if reuse is None and shapes is FIRST_PASS:  # keep the first only (memory)
                built.append((first, low, high, masks) if not built else None)
            return BeadScorer(masks, en_side.counts, zh_side.counts, *lengths, *endings, shapes,
                              s.length_weight, s.end_weight, s.lexical)

        path = self._first_pass(n, m, anchors, lambda band: scorer_for(band, FIRST_PASS, zh_side))
        band = _path_band(path, n, m, s.second_band, anchors)
        # one band held the whole first pass: its masks hold the final band's too (the
        # final band lies around the first path, inside it), so they are not joined again
        reuse = built[0] if len(built) == 1 and built[0][0] == 0 and len(built[0][1]) == n else None
        scorer = scorer_for(band, s.shapes, zh_side, reuse)
        if s.realign and s.lexical:
            from .realign import learn

            scores = _bead_scores(path, scorer, s.skip)
            token, key = learn(en_side, zh_side, scorer.masks, path, scores, s.realign_threshold,
                               s.realign_least, s.realign_dice)
            if len(token):  # the masks of the learnt keys alone, added to the others
                first, low, high = reuse[:3] if reuse else _sentence_band(band, m, s.shapes)
                learnt = match_masks(en_side, zh_side.only_keys(token, key), low, high, first)
                scorer.masks.en |= learnt.en
                scorer.masks.zh |= learnt.zh
        path = beadsearch.search(band, 0, s.shapes, scorer, s.skip, m, anchors)
        return _beads(path, scorer, s.skip)

    def _first_pass(self, n: int, m: int, anchors, scorer_for) -> list[tuple[int, int]]:
        """The first path: between consecutive anchors, chunk after chunk of rows, each in a
        band around the line from where the path has got to towards the segment's end; a
        chunk's path is kept for `chunk` rows, and the next chunk starts from there."""
        s = self.settings
        corners = [(0, 0)] + list(anchors) + [(n, m)]
        path = [(0, 0)]
        size = s.chunk + s.chunk_overlap
        for (i_a, j_a), (i_b, j_b) in zip(corners, corners[1:]):
            i0, j0 = i_a, j_a
            while True:
                final = i_b - i0 <= size
                i1 = i_b if final else i0 + size
                rows = np.arange(i0, i1 + 1, dtype=np.float64)
                slope = (j_b - j0) / max(i_b - i0, 1)
                extent = max(i1 - i0, (i1 - i0) * slope)
                half = np.full(len(rows), float(max(s.band, int(s.band_share * extent))))
                end = j_b if final else None
                band = beadsearch.make_band(j_b, j_b, j0 + (rows - i0) * slope, half, first=i0, start=j0, end=end)
                scorer = scorer_for(band)
                piece = beadsearch.search(band, j0, FIRST_PASS, scorer, s.skip, end)
                if s.lexical:
                    # Lost? A run of doubtful beads says the texts part further than the
                    # band reaches (a passage left out of one of them): then search again
                    # in a band four times as wide, then over the whole rectangle, and
                    # keep the path that scores best.
                    scores = _bead_scores(piece, scorer, s.skip)
                    width = half[0]
                    while _longest_run(scores < s.doubtful) >= s.lost_run and width < extent:
                        width = min(4 * width, float(extent))
                        wide = beadsearch.make_band(j_b, j_b, j0 + (rows - i0) * slope, np.full(len(rows), width),
                                                    first=i0, start=j0, end=end)
                        wide_scorer = scorer_for(wide)
                        again = beadsearch.search(wide, j0, FIRST_PASS, wide_scorer, s.skip, end)
                        again_scores = _bead_scores(again, wide_scorer, s.skip)
                        if again_scores.sum() <= scores.sum():
                            break
                        piece, scores = again, again_scores
                if final:
                    path.extend(piece[1:])
                    break
                kept = [corner for corner in piece[1:] if corner[0] <= i0 + s.chunk]
                path.extend(kept)
                i0, j0 = kept[-1]
        return path

    def _lengths(self, sentences: Sequence[str]) -> np.ndarray:
        s = self.settings
        if s.length_unit == "pieces":
            from .tokenize import piece_counts

            return np.array(piece_counts(sentences), dtype=np.float64) * s.piece_scale
        return np.array([len(x) - x.count(" ") for x in sentences], dtype=np.float64)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (np.unique without its import of numpy.ma)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


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


def _longest_run(flags: np.ndarray) -> int:
    """The length of the longest run of True."""
    if not flags.any():
        return 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max())


def _bead_scores(path, scorer: BeadScorer, skip: float) -> np.ndarray:
    """The score of each of the path's beads (all scored in one go; deletions `skip`)."""
    corners = np.array(path, dtype=np.int64).reshape(-1, 2)
    starts, ends = corners[:-1], corners[1:]
    scores = scorer(ends[:, 0], ends[:, 1:2])[:, :, 0]
    shape_index = {shape: k for k, shape in enumerate(scorer.shapes)}
    a, b = (ends - starts).T
    index = np.array([shape_index.get(shape, -1) for shape in zip(a.tolist(), b.tolist())], dtype=np.int64)
    picked = scores[np.maximum(index, 0), np.arange(len(index))]
    return np.where((index >= 0) & (a > 0) & (b > 0), picked, skip)


def _beads(path, scorer: BeadScorer, skip: float) -> list[AlignedBead]:
    """The path's beads, each with its score."""
    scores = _bead_scores(path, scorer, skip).tolist()
    return [AlignedBead(list(range(i0, i1)), list(range(j0, j1)), score)
            for (i0, j0), (i1, j1), score in zip(path, path[1:], scores)]


def _path_band(path, n: int, m: int, width: int, anchors) -> beadsearch.Band:
    """The points within `width` rows and columns of the path, row by row (the path runs
    between its corners, so a row inside a bead of several rows lies between the bead's
    two corners)."""
    corners = np.array(path, dtype=np.int64)
    ci, cj = corners[:, 0], corners[:, 1]
    rows = np.arange(n + 1)
    top = np.maximum(rows - width, 0)
    k = np.searchsorted(ci, top, side="left")
    k = np.where(ci[k.clip(0, len(ci) - 1)] > top, k - 1, k).clip(0, len(ci) - 1)
    bottom = np.minimum(rows + width, n)
    k2 = np.searchsorted(ci, bottom, side="right") - 1
    k2 = np.where(ci[k2.clip(0, len(ci) - 1)] < bottom, k2 + 1, k2).clip(0, len(ci) - 1)
    low, high = cj[k] - width, cj[k2] + width
    return beadsearch.make_band(m, m, (low + high) / 2, (high - low) / 2, anchors)


def _sentence_band(band: beadsearch.Band, m: int, shapes) -> tuple[int, np.ndarray, np.ndarray]:
    """For each English sentence of the band's rows, the Chinese sentences a bead through
    the band may pair it with: (the first sentence, lowest, highest)."""
    most_a = max(a for a, _ in shapes)
    most_b = max(b for _, b in shapes)
    first, last = band.first, band.last
    s = np.arange(first, last)
    low = np.maximum(band.low[s + 1 - first] - most_b, 0)
    high = np.minimum(band.high[np.minimum(s + most_a, last) - first] - 1, m - 1)
    high = np.maximum(high, low)
    return first, low, high
