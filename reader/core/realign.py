"""A second pass's lexicon, learnt from the document pair itself (hunalign's "realign"):
the words that keep meeting in the confident beads of the first pass, though the
dictionary does not know them as translations (a translator's name for a character,
Trinket for 韦小宝; a term rendered the same way throughout).

Among the beads scoring at least `threshold`, count for each English token and each
Chinese word that found no translation in its bead the beads holding them, and for each
pair the beads holding both. A pair seen together in at least `least` beads with a Dice
coefficient 2 c(e, z) / (c(e) + c(z)) of at least `dice` becomes a translation: the Chinese
word then stands for the English token's key as well.
"""

from __future__ import annotations

import numpy as np

from .evidence import Masks, Side


def bead_masks(masks: Masks, path: list[tuple[int, int]], n: int, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each English and each Chinese sentence: its bead's number and the bits of its
    tokens that met a translation in the bead."""
    corners = np.array(path, dtype=np.int64)
    i0, j0 = corners[:-1, 0], corners[:-1, 1]
    i_len, j_len = np.diff(corners[:, 0]), np.diff(corners[:, 1])
    number = np.arange(len(i0))
    en_bead = np.repeat(number, i_len)
    zh_bead = np.repeat(number, j_len)
    en_met = np.zeros(n, dtype=np.uint64)
    zh_met = np.zeros(m, dtype=np.uint64)
    en_cells, zh_cells = masks.en.ravel(), masks.zh.ravel()
    sentences, chinese = np.arange(n), np.arange(m)
    for r in range(int(j_len.max(initial=0))):  # the bead's r-th Chinese sentence
        t = np.where(r < j_len[en_bead], j0[en_bead] + r, -1)
        en_met |= en_cells[masks.at(sentences, t)]
    for q in range(int(i_len.max(initial=0))):  # the bead's q-th English sentence
        e = np.where(q < i_len[zh_bead], i0[zh_bead] + q, -1)
        zh_met |= zh_cells[masks.at(e, chinese)]
    return en_bead, zh_bead, en_met, zh_met


def learn(en: Side, zh: Side, masks: Masks, path: list[tuple[int, int]], scores: np.ndarray,
          threshold: float = 0.15, least: int = 2, dice: float = 0.4) -> tuple[np.ndarray, np.ndarray]:
    """Keys to add to the Chinese side, as (token, key) rows."""
    n, m = en.sentences, zh.sentences
    en_bead, zh_bead, en_met, zh_met = bead_masks(masks, path, n, m)
    good = scores >= threshold
    en_token_bead = en_bead[en.token_sentence]
    zh_token_bead = zh_bead[zh.token_sentence]
    en_pick = (en_token_bead >= 0) & good[np.maximum(en_token_bead, 0)] & \
        ((en_met[en.token_sentence] & en.token_bit) == 0)
    zh_pick = (zh_token_bead >= 0) & good[np.maximum(zh_token_bead, 0)] & \
        ((zh_met[zh.token_sentence] & zh.token_bit) == 0)
    if not en_pick.any() or not zh_pick.any():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    # (bead, English identity) and (bead, Chinese identity), each pair once
    e_ids, e_code = np.unique(en.identity[en_pick], return_inverse=True)
    z_ids, z_code = np.unique(zh.identity[zh_pick], return_inverse=True)
    eb = np.unique(en_token_bead[en_pick] * len(e_ids) + e_code)
    zb = np.unique(zh_token_bead[zh_pick] * len(z_ids) + z_code)
    e_bead, e_word = eb // len(e_ids), eb % len(e_ids)
    z_bead, z_word = zb // len(z_ids), zb % len(z_ids)
    e_count = np.bincount(e_word, minlength=len(e_ids))
    z_count = np.bincount(z_word, minlength=len(z_ids))
    # words seen once cannot make a pair seen twice
    keep_e = e_count[e_word] >= least
    keep_z = z_count[z_word] >= least
    e_bead, e_word = e_bead[keep_e], e_word[keep_e]
    z_bead, z_word = z_bead[keep_z], z_word[keep_z]
    # join on the bead
    order = np.argsort(z_bead, kind="stable")
    z_bead, z_word = z_bead[order], z_word[order]
    left = np.searchsorted(z_bead, e_bead, side="left")
    right = np.searchsorted(z_bead, e_bead, side="right")
    count = right - left
    from .lexicon import ranges

    which, at = ranges(left, count)
    pair = e_word[which].astype(np.int64) * len(z_ids) + z_word[at]
    pairs, together = np.unique(pair, return_counts=True)
    pe, pz = pairs // len(z_ids), pairs % len(z_ids)
    score = 2 * together / (e_count[pe] + z_count[pz])
    chosen = (together >= least) & (score >= dice)
    pe, pz = pe[chosen], pz[chosen]
    if not len(pe):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    # every Chinese token whose word is in a learnt pair takes the English key
    learnt_z = z_ids[pz]
    order = np.argsort(learnt_z, kind="stable")
    learnt_z, learnt_e = learnt_z[order], e_ids[pe][order]
    where = np.searchsorted(learnt_z, zh.identity, side="left")
    upto = np.searchsorted(learnt_z, zh.identity, side="right")
    token, at = ranges(where, upto - where)
    return token, learnt_e[at]
