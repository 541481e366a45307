"""The aligner's sentence links for many small pairs at once: the same beads and scores
as `Aligner.align` on each pair alone, in a fraction of the time.

A pair of paragraphs with a few sentences a side (at most SMALL) is a grid the
aligner's bands cover whole: its first pass is one search over the whole grid, and no
run of doubtful beads can make it search wider. So its steps can be done for thousands
of pairs together, each exactly as the aligner does it for one:

1. the evidence (reader.core.evidence) of every pair's sentences in one go: tokens are a
   sentence's own, and the names a Chinese word may spell are each pair's English names
   (`english_side(groups=...)`, `chinese_side_groups`); the match masks of every pair's
   sentences, joined on (pair, key);
2. the scores of every bead shape at every point of the grid (reader.core.beadscore's
   formula, the same floating-point operations in the same order), for all the pairs of
   one grid size at once;
3. the first path (the first pass's shapes, the whole grid), a row of the grid at a
   time for all the pairs of a size, breaking ties as reader.core.beadsearch does;
4. the translations learnt from each pair's first path (reader.core.realign's rule,
   counted within each pair), added to its masks;
5. the final path, every shape, in the band around the first path the aligner uses.

The aligner's settings must be its defaults (those are what this reproduces); with other
settings, and for larger pairs, `align_pairs` calls the aligner itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .aligner import FIRST_PASS, AlignedBead, Aligner, Settings, _distinct
from .beadscore import ending
from .errors import ReaderError
from .evidence import chinese_side_groups, chinese_side_repeated, english_side_repeated
from .lexicon import ranges
from .zhscript import to_simplified

SMALL = 8  # sentences a side, at most: well inside the aligner's first band (10)
NEG = -np.inf


def align_pairs(pairs: Sequence[tuple[Sequence[str], Sequence[str]]], aligner: Aligner) -> list[list[AlignedBead]]:
    """The beads of each pair (English sentences, Chinese sentences), as
    `aligner.align(en, zh)` gives them."""
    out: list[list[AlignedBead] | None] = [None] * len(pairs)
    small = []
    for number, (en, zh) in enumerate(pairs):
        if aligner.settings == Settings() and 1 <= len(en) <= SMALL and 1 <= len(zh) <= SMALL:
            small.append(number)
        else:
            out[number] = aligner.align(list(en), list(zh))
    if small:
        for number, beads in zip(small, _align_small([pairs[k] for k in small], aligner)):
            out[number] = beads
    return out


def _align_small(pairs, aligner: Aligner) -> list[list[AlignedBead]]:
    s = aligner.settings
    en = [sentence for en_side, _ in pairs for sentence in en_side]
    zh = [to_simplified(sentence) for _, zh_side in pairs for sentence in zh_side]
    n_of = np.array([len(e) for e, _ in pairs], dtype=np.int64)
    m_of = np.array([len(z) for _, z in pairs], dtype=np.int64)
    en_first = np.cumsum(n_of) - n_of
    zh_first = np.cumsum(m_of) - m_of
    en_group = np.repeat(np.arange(len(pairs), dtype=np.int64), n_of)
    zh_group = np.repeat(np.arange(len(pairs), dtype=np.int64), m_of)
    zh_local = np.arange(len(zh), dtype=np.int64) - zh_first[zh_group]
    # a sentence met again (a refrain, a heading, a repeated line) is tokenised once
    en_distinct, en_index = _numbered(en)
    zh_distinct, zh_index = _numbered(zh)
    en_side, names = english_side_repeated(en_distinct, en_index, en_group)
    zh_side = chinese_side_repeated(zh_distinct, zh_index, aligner.lexicon, zh_group, names,
                                    wanted=_distinct(en_side.key))
    if zh_side is None:  # a name makes a token of a word with no keys: per document
        zh_side = chinese_side_groups(zh, aligner.lexicon, zh_group, names, wanted=_distinct(en_side.key))
    en_len = np.array(aligner._lengths(en_distinct), dtype=np.float64)[en_index]
    zh_len = np.array(aligner._lengths(zh_distinct), dtype=np.float64)[zh_index]
    en_end = np.array([ending(x) for x in en_distinct], dtype=np.int64)[en_index]
    zh_end = np.array([ending(x) for x in zh_distinct], dtype=np.int64)[zh_index]
    # the masks: [English sentence, its pair's Chinese sentence] -> the bits of each side
    en_mask = np.zeros((len(en), SMALL), dtype=np.uint64)
    zh_mask = np.zeros((len(en), SMALL), dtype=np.uint64)
    e_row, z_row = _join(en_group[en_side.key_sentence], en_side.key, zh_group[zh_side.key_sentence], zh_side.key)
    _mark(en_mask, zh_mask, en_side, zh_side, e_row, z_row, zh_side.key_token[z_row], zh_local)

    shapes_of = {}
    for number, (n, m) in enumerate(zip(n_of.tolist(), m_of.tolist())):
        shapes_of.setdefault((n, m), []).append(number)
    groups = {size: _Group(np.array(members, dtype=np.int64), *size, en_first, en_side.counts, zh_side.counts,
                           en_len, zh_len, en_end, zh_end, zh_first)
              for size, members in shapes_of.items()}
    skip = s.skip
    first_paths: list = [None] * len(pairs)
    first_scores: list = [None] * len(pairs)
    for group in groups.values():
        scores = group.scores(FIRST_PASS, en_mask, zh_mask, s.length_weight, s.end_weight)
        full = np.zeros((len(group.members), group.n + 1), dtype=np.int64), \
            np.full((len(group.members), group.n + 1), group.m, dtype=np.int64)
        paths = group.search(FIRST_PASS, scores, skip, *full)
        for number, path, values in zip(group.members.tolist(), paths, _path_scores(paths, scores, FIRST_PASS, skip)):
            first_paths[number] = path
            first_scores[number] = values
        group.first = scores

    learnt_token, learnt_key = _learn(first_paths, first_scores, en_side, zh_side, en_group, zh_group, en_first,
                                      zh_first, en_mask, zh_mask, s)
    learnt_pairs = set()
    if len(learnt_token):
        e_row, z_row = _join(en_group[en_side.key_sentence], en_side.key,
                             zh_group[zh_side.token_sentence[learnt_token]], learnt_key)
        _mark(en_mask, zh_mask, en_side, zh_side, e_row, z_row, learnt_token[z_row], zh_local)
        learnt_pairs = set(en_group[en_side.key_sentence[e_row]].tolist())

    out: list = [None] * len(pairs)
    for group in groups.values():
        relearn = any(number in learnt_pairs for number in group.members.tolist())
        scores = group.scores(s.shapes, en_mask, zh_mask, s.length_weight, s.end_weight,
                              None if relearn else dict(zip(FIRST_PASS, group.first)))
        bands = [_path_band(tuple(first_paths[number]), group.n, group.m, s.second_band)
                 for number in group.members.tolist()]
        low = np.array([b[0] for b in bands], dtype=np.int64)
        high = np.array([b[1] for b in bands], dtype=np.int64)
        paths = group.search(s.shapes, scores, skip, low, high)
        for number, path, values in zip(group.members.tolist(), paths, _path_scores(paths, scores, s.shapes, skip)):
            out[number] = [AlignedBead(list(range(i0, i1)), list(range(j0, j1)), score)
                           for (i0, j0), (i1, j1), score in zip(path, path[1:], values)]
    return out


def _numbered(sentences) -> tuple[list[str], np.ndarray]:
    """The distinct sentences in order of first occurrence, and each sentence's number among them."""
    number: dict[str, int] = {}
    index = np.fromiter((number.setdefault(x, len(number)) for x in sentences), dtype=np.int64,
                        count=len(sentences))
    return list(number), index


def _unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct values and each value's place among them (np.unique's, without
    its import of numpy.ma: 40 ms of a small import)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(ordered) else np.zeros(0, dtype=bool)
    code = np.empty(len(values), dtype=np.int64)
    code[order] = np.cumsum(first) - 1
    return ordered[first], code


def _join(left_group, left_key, right_group, right_key) -> tuple[np.ndarray, np.ndarray]:
    """The (left row, right row) pairs with the same group and key."""
    if not len(left_key) or not len(right_key):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    unique, code = _unique(np.concatenate((left_key, right_key)))
    code = code.astype(np.int64)
    left = left_group.astype(np.int64) * len(unique) + code[:len(left_key)]
    right = right_group.astype(np.int64) * len(unique) + code[len(left_key):]
    order = np.argsort(left, kind="stable")
    ordered = left[order]
    start = np.searchsorted(ordered, right, side="left")
    stop = np.searchsorted(ordered, right, side="right")
    which, at = ranges(start, stop - start)
    return order[at], which


def _mark(en_mask, zh_mask, en_side, zh_side, e_row, z_row, z_token, zh_local) -> None:
    """Each matched (English key row, Chinese key row): the English token's bit and the
    Chinese token's in the cell of their two sentences."""
    if not len(e_row):
        return
    sentence = en_side.key_sentence[e_row]
    column = zh_local[zh_side.token_sentence[z_token]]
    np.bitwise_or.at(en_mask, (sentence, column), en_side.token_bit[en_side.key_token[e_row]])
    np.bitwise_or.at(zh_mask, (sentence, column), zh_side.token_bit[z_token])


class _Group:
    """The pairs of one grid size (n English, m Chinese sentences)."""

    def __init__(self, members, n, m, en_first, en_counts, zh_counts, en_len, zh_len, en_end, zh_end, zh_first):
        self.members, self.n, self.m = members, n, m
        self.en_rows = en_first[members][:, None] + np.arange(n)  # [P, n]
        zh_rows = zh_first[members][:, None] + np.arange(m)
        zero = np.zeros((len(members), 1))
        self.en_count = np.concatenate((zero, np.cumsum(en_counts[self.en_rows], axis=1, dtype=np.float64)), axis=1)
        self.zh_count = np.concatenate((zero, np.cumsum(zh_counts[zh_rows], axis=1, dtype=np.float64)), axis=1)
        self.en_len = np.concatenate((zero, np.cumsum(en_len[self.en_rows], axis=1, dtype=np.float64)), axis=1)
        self.zh_len = np.concatenate((zero, np.cumsum(zh_len[zh_rows], axis=1, dtype=np.float64)), axis=1)
        self.ratio = (self.en_len[:, -1] + 1) / (self.zh_len[:, -1] + 1)
        self.en_end, self.zh_end = en_end[self.en_rows], zh_end[zh_rows]
        self.first = None

    def scores(self, shapes, en_mask, zh_mask, length_weight, end_weight, known=None) -> list[np.ndarray]:
        """For each shape, the score of its bead ending at each point [P, n + 1, m + 1]
        (-inf where it cannot end), as reader.core.beadscore computes it."""
        n, m = self.n, self.m
        em = en_mask[self.en_rows][:, :, :m]  # [P, n, m]
        zm = zh_mask[self.en_rows][:, :, :m]
        out = []
        for a, b in shapes:
            if known is not None and (a, b) in known:
                out.append(known[(a, b)])
                continue
            grid = np.full((len(self.members), n + 1, m + 1), NEG)
            out.append(grid)
            if a > n or b > m:
                continue
            cell = {}

            def at(q, r, masks):
                return masks[:, a - 1 - q:n - q, b - 1 - r:m - r]

            for q in range(a):
                for r in range(b):
                    cell[q, r] = at(q, r, em), at(q, r, zm)
            en_hits = sum(np.bitwise_count(_union([cell[q, r][0] for r in range(b)])) for q in range(a))
            zh_hits = sum(np.bitwise_count(_union([cell[q, r][1] for q in range(a)])) for r in range(b))
            en_total = (self.en_count[:, a:] - self.en_count[:, :n + 1 - a])[:, :, None]
            zh_total = (self.zh_count[:, b:] - self.zh_count[:, :m + 1 - b])[:, None, :]
            coverage = 0.5 * (en_hits / np.maximum(en_total, 1) + zh_hits / np.maximum(zh_total, 1))
            le = (self.en_len[:, a:] - self.en_len[:, :n + 1 - a])[:, :, None] + 10
            lz = (self.zh_len[:, b:] - self.zh_len[:, :m + 1 - b])[:, None, :] * self.ratio[:, None, None] + 10
            if end_weight:
                en_end = self.en_end[:, a - 1:n][:, :, None]
                zh_end = self.zh_end[:, b - 1:m][:, None, :]
                ends = end_weight * np.where(en_end == zh_end, (en_end != 0).astype(np.float64), -1.0)
            else:
                ends = 0.0
            grid[:, a:, b:] = coverage - length_weight * np.log(le / lz) ** 2 + ends
        return out

    def search(self, shapes, scores, skip, low, high) -> list[list[tuple[int, int]]]:
        """Each pair's best path from (0, 0) to (n, m) through its band (rows' lowest and
        highest points, [P, n + 1]), as reader.core.beadsearch.search finds it."""
        n, m, count = self.n, self.m, len(self.members)
        K = len(shapes)
        INSERT = K + 1
        columns = np.arange(m + 1, dtype=np.int64)[None, :]
        best = np.full((count, n + 1, m + 1), NEG)
        back = np.zeros((count, n + 1, m + 1), dtype=np.int8)
        best[:, 0, :] = np.where(columns <= high[:, :1], (columns - low[:, :1]) * skip, NEG)
        back[:, 0, :] = INSERT
        for i in range(1, n + 1):
            moves = [k for k, (a, _) in enumerate(shapes) if a <= i and shapes[k][1] <= m]
            candidates = np.full((len(moves) + 1, count, m + 1), NEG)
            for row, k in enumerate(moves):
                a, b = shapes[k]
                candidates[row, :, b:] = best[:, i - a, :m + 1 - b] + scores[k][:, i, b:]
            candidates[-1] = best[:, i - 1, :] + skip
            move = np.array(moves + [K], dtype=np.int8)[candidates.argmax(axis=0)]
            along = (columns - low[:, i:i + 1]) * skip
            inside = (columns >= low[:, i:i + 1]) & (columns <= high[:, i:i + 1])
            shifted = np.where(inside, candidates.max(axis=0) - along, NEG)
            running = np.maximum.accumulate(shifted, axis=1)
            best[:, i, :] = np.where(inside, running + along, NEG)
            move[running > shifted] = INSERT
            back[:, i, :] = move
        if not np.isfinite(best[:, n, m]).all():  # cannot be: a band holds the path it is drawn around
            raise ReaderError("the alignment band does not reach the end of both texts")
        paths = []
        for table in back.tolist():
            r, j = n, m
            path = [(r, j)]
            while r or j:
                move = table[r][j]
                if move == INSERT:
                    j -= 1
                elif move == K:
                    r -= 1
                else:
                    a, b = shapes[move]
                    r, j = r - a, j - b
                path.append((r, j))
            paths.append(path[::-1])
        return paths


def _union(arrays):
    found = arrays[0]
    for array in arrays[1:]:
        found = found | array
    return found


def _path_scores(paths, scores, shapes, skip: float) -> list[list[float]]:
    """The score of each bead of each pair's path (deletions and insertions `skip`), the
    pairs of one group, gathered at once."""
    index = {shape: k for k, shape in enumerate(shapes)}
    where, shape, row, column, count = [], [], [], [], []
    for number, path in enumerate(paths):
        count.append(len(path) - 1)
        for (i0, j0), (i1, j1) in zip(path, path[1:]):
            where.append(number)
            shape.append(index.get((i1 - i0, j1 - j0), -1) if i1 > i0 and j1 > j0 else -1)
            row.append(i1)
            column.append(j1)
    shape = np.array(shape, dtype=np.int64)
    found = np.stack(scores)[np.maximum(shape, 0), np.array(where, dtype=np.int64), np.array(row, dtype=np.int64),
                             np.array(column, dtype=np.int64)]
    values = np.where(shape >= 0, found, skip).tolist()
    out, at = [], 0
    for size in count:
        out.append(values[at:at + size])
        at += size
    return out


@lru_cache(maxsize=4096)
def _path_band(path, n: int, m: int, width: int) -> tuple[list[int], list[int]]:
    """The aligner's final band around a path (reader.core.aligner._path_band and
    reader.core.beadsearch.make_band, for a grid without anchors), as rows' lowest and
    highest points (small pairs' paths repeat: kept)."""
    ci = [i for i, _ in path]
    cj = [j for _, j in path]
    last = len(path) - 1
    low, high = [], []
    for row in range(n + 1):
        top, bottom = max(row - width, 0), min(row + width, n)
        k = next((x for x, i in enumerate(ci) if i >= top), len(ci))  # searchsorted left
        k = min(max(k - 1 if ci[min(k, last)] > top else k, 0), last)
        k2 = sum(1 for i in ci if i <= bottom) - 1  # searchsorted right, less one
        k2 = min(max(k2 + 1 if ci[min(max(k2, 0), last)] < bottom else k2, 0), last)
        low.append(min(max(cj[k] - width, 0), m))
        high.append(min(max(cj[k2] + width, 0), m))
    low[0] = 0
    for row in range(n - 1, -1, -1):
        low[row] = min(low[row], low[row + 1])
    for row in range(1, n + 1):
        high[row] = max(high[row], high[row - 1])
    for row in range(1, n + 1):
        low[row] = min(low[row], high[row - 1] + 1)
    return low, high


def _learn(paths, path_scores, en_side, zh_side, en_group, zh_group, en_first, zh_first, en_mask, zh_mask,
           s: Settings) -> tuple[np.ndarray, np.ndarray]:
    """reader.core.realign.learn for every pair at once (its words counted within each
    pair): the keys to add to the Chinese side, as (token, key) rows."""
    nothing = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    if not (s.realign and s.lexical):
        return nothing
    en_bead, zh_bead, good, bead_pair = [], [], [], []
    en_span, zh_span = [], []  # each sentence's bead: its other side's first sentence and count
    bead = 0
    for number, (path, scores) in enumerate(zip(paths, path_scores)):
        e0, z0 = int(en_first[number]), int(zh_first[number])
        for ((i0, j0), (i1, j1)), score in zip(zip(path, path[1:]), scores):
            en_bead.extend([bead] * (i1 - i0))
            en_span.extend([(z0 + j0, j1 - j0)] * (i1 - i0))
            zh_bead.extend([bead] * (j1 - j0))
            zh_span.extend([(e0 + i0, i1 - i0)] * (j1 - j0))
            good.append(score >= s.realign_threshold)
            bead_pair.append(number)
            bead += 1
    en_bead, zh_bead = np.array(en_bead, dtype=np.int64), np.array(zh_bead, dtype=np.int64)
    good, bead_pair = np.array(good, dtype=bool), np.array(bead_pair, dtype=np.int64)
    en_span, zh_span = np.array(en_span, dtype=np.int64).reshape(-1, 2), np.array(zh_span, dtype=np.int64).reshape(-1, 2)
    # the bits of each sentence's tokens that met a translation in its bead
    en_met = np.zeros(len(en_bead), dtype=np.uint64)
    sentences = np.arange(len(en_bead))
    local_first = en_span[:, 0] - zh_first[en_group]
    for r in range(SMALL):
        inside = r < en_span[:, 1]
        en_met[inside] |= en_mask[sentences[inside], local_first[inside] + r]
    zh_met = np.zeros(len(zh_bead), dtype=np.uint64)
    chinese = np.arange(len(zh_bead))
    zh_local = chinese - zh_first[zh_group]
    for q in range(SMALL):
        inside = q < zh_span[:, 1]
        zh_met[inside] |= zh_mask[zh_span[inside, 0] + q, zh_local[inside]]

    # a pair with fewer good beads than `least` can learn nothing: its tokens are not picked
    good &= np.bincount(bead_pair[good], minlength=len(paths))[bead_pair] >= s.realign_least

    def picked(side, bead_of, met):
        """Each token's bead, and whether it is in a good one without a translation there."""
        token_bead = bead_of[side.token_sentence]
        return token_bead, good[token_bead] & ((met[side.token_sentence] & side.token_bit) == 0)

    en_token_bead, en_pick = picked(en_side, en_bead, en_met)
    zh_token_bead, zh_pick = picked(zh_side, zh_bead, zh_met)
    if not en_pick.any() or not zh_pick.any():
        return nothing
    least = s.realign_least

    def words(side, token_bead, pick):
        """(bead, word) rows, each once, of words in at least `least` beads of their pair:
        the word as a number over the whole batch, and how many beads hold it."""
        ids, code = _unique(side.identity[pick])
        rows, _ = _unique(token_bead[pick] * len(ids) + code.astype(np.int64))
        row_bead, row_code = rows // len(ids), rows % len(ids)
        word, number = _unique(bead_pair[row_bead] * len(ids) + row_code)
        count = np.bincount(number, minlength=len(word))
        keep = count[number] >= least
        return ids, word, count, row_bead[keep], number[keep]

    e_ids, e_word, e_count, e_bead, e_number = words(en_side, en_token_bead, en_pick)
    z_ids, z_word, z_count, z_bead, z_number = words(zh_side, zh_token_bead, zh_pick)
    if not len(e_bead) or not len(z_bead):
        return nothing
    order = np.argsort(z_bead, kind="stable")
    z_bead, z_number = z_bead[order], z_number[order]
    left = np.searchsorted(z_bead, e_bead, side="left")
    right = np.searchsorted(z_bead, e_bead, side="right")
    which, at = ranges(left, right - left)
    pair = e_number[which].astype(np.int64) * len(z_word) + z_number[at]
    pairs, code = _unique(pair)
    together = np.bincount(code, minlength=len(pairs))
    pe, pz = pairs // len(z_word), pairs % len(z_word)
    score = 2 * together / (e_count[pe] + z_count[pz])
    chosen = (together >= least) & (score >= s.realign_dice)
    pe, pz = pe[chosen], pz[chosen]
    if not len(pe):
        return nothing
    # every Chinese token of the pair whose word is in a learnt pair takes the English key
    learnt_z = z_word[pz]  # pair * len(z_ids) + the word's code
    learnt_e = e_ids[e_word[pe] % len(e_ids)]
    order = np.argsort(learnt_z, kind="stable")
    learnt_z, learnt_e = learnt_z[order], learnt_e[order]
    code = np.searchsorted(z_ids, zh_side.identity).clip(0, len(z_ids) - 1)
    known = z_ids[code] == zh_side.identity
    token_word = np.where(known, zh_group[zh_side.token_sentence] * len(z_ids) + code, -1)
    where = np.searchsorted(learnt_z, token_word, side="left")
    upto = np.searchsorted(learnt_z, token_word, side="right")
    token, at = ranges(where, upto - where)
    return token, learnt_e[at]
