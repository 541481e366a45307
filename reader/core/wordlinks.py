"""Word-level links: which English words of a text render which Chinese words.

An IBM Model 1 word aligner trained by EM over the sentence links of a text, in both
directions (t(e|f) and t(f|e)), with a fast_align-style diagonal prior (words near the
same relative position are likelier to correspond) and seeded with CC-CEDICT and the
text's glossary: a word's dictionary senses (and its glossary renderings) add
pseudo-counts to t(e|f) at every iteration. Chinese words come from the segmenter
(`segment.words`), English tokens are lower-cased and stemmed; English stopwords are
left out (never linked: they only drew links away from the content words, and a
rendering may hold them between its linked words, "Ministry of Defense"). The two
directions' best links are intersected and grown along the diagonal (grow-diag).

Everything is numpy over flat arrays of (sentence link, English token, Chinese word)
co-occurrences, laid out by whole-array operations, so one EM iteration costs a few
vector operations for the whole text. A text of more than `BUDGET` co-occurrences (some
15,000 pairs) learns from an even sample of its sentence links, then aligns every link
with what it learnt, a chunk at a time, so that memory stays bounded. `learned` runs the
learning of a large text in a child process (see there).

`learn(pairs, dictionary, glossary)` gives a `WordLinkModel`: `model.links(pair_id)` the
word links of a pair, as (zh char span, en char span) in pair coordinates;
`model.english_for(pair, span)` (the `counterpart.WordLinks` shape) and
`model.chinese_for(pair, span)` the reverse.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .english import STOPWORDS, TOKEN, token_key
from .model import Pair
from .segment import words as zh_words

VERSION = 2
ITERATIONS = 5
PRIOR = 5.0  # pseudo-count of a dictionary or glossary sense, per occurrence of the word
DIAGONAL = 1.5  # tension of the diagonal prior (fast_align's lambda)
NULL = 0  # the empty word, on both sides

_HAN_OR_DIGIT = re.compile(r"[0-9]+|[A-Za-z]+")

Span = tuple[int, int]
WordLink = tuple[Span, Span]  # (zh span, en span), pair coordinates


def term_spans(text: str, terms: Iterable[str]) -> list[Span]:
    """Where glossary terms occur in text, longest first, never overlapping."""
    taken: list[Span] = []
    for term in sorted(set(terms), key=len, reverse=True):
        at = text.find(term) if term else -1
        while at >= 0:
            span = (at, at + len(term))
            if all(span[1] <= a or span[0] >= b for a, b in taken):
                taken.append(span)
            at = text.find(term, at + 1)
    return taken


def chinese_tokens(text: str, offset: int, dictionary, terms: Iterable[str] = ()) -> list[tuple[str, int, int]]:
    """Chinese words (segmenter, glossary terms as words of their own) and runs of
    digits or Latin letters (numbers, acronyms)."""
    spans = zh_words(text, term_spans(text, terms), dictionary=dictionary)
    found = [(text[a:b], offset + a, offset + b) for a, b in spans]
    found += [(m.group().lower(), offset + m.start(), offset + m.end()) for m in _HAN_OR_DIGIT.finditer(text)]
    return sorted(found, key=lambda t: t[1])


def sentence_links(pair: Pair) -> list[tuple[Span, Span]]:
    """The (en region, zh region) of each sentence link of a pair with both sides; the
    whole pair when it has no sentence links."""
    if not pair.en.strip() or not pair.zh.strip():
        return []
    if not pair.links or not pair.sentences_en or not pair.sentences_zh:
        return [((0, len(pair.en)), (0, len(pair.zh)))]
    regions = []
    for en_ids, zh_ids, _score in pair.links:
        if not en_ids or not zh_ids:
            continue
        try:
            en = (pair.sentences_en[min(en_ids)][0], pair.sentences_en[max(en_ids)][1])
            zh = (pair.sentences_zh[min(zh_ids)][0], pair.sentences_zh[max(zh_ids)][1])
        except IndexError:
            continue
        regions.append((en, zh))
    return regions


def _senses(word: str, dictionary) -> set[str]:
    from .counterpart import sense_keys

    if dictionary is None:
        return set()
    return sense_keys(d for entry in dictionary.lookup(word) for d in entry.definitions)


@dataclass
class WordLinkModel:
    """Word links per pair id: rows of (zh start, zh end, en start, en end)."""

    by_pair: dict[str, np.ndarray] = field(default_factory=dict)
    # t(e|f) as the text learnt it, for the best English of a Chinese word: word -> stem
    seconds: float = 0.0

    def links(self, pair_id: str) -> list[WordLink]:
        rows = self.by_pair.get(pair_id)
        if rows is None:
            return []
        return [((int(a), int(b)), (int(c), int(d))) for a, b, c, d in rows]

    def english_for(self, pair: Pair, span: Span) -> Span | None:
        """The English span linked to the Chinese span: its linked words that stand
        together, the run nearest the word's place when they are scattered."""
        rows = self.by_pair.get(pair.id)
        if rows is None or not len(rows):
            return None
        hit = rows[(rows[:, 0] < span[1]) & (rows[:, 1] > span[0])]
        if not len(hit):
            return None
        # The linked words that stand together (only spaces or hyphens between them, or a
        # stopword or two, never linked: "Ministry of Defense"); of several such runs, the one nearest where the word stands in the Chinese.
        return _nearest_run(sorted({(int(c), int(d)) for _a, _b, c, d in hit}), pair.en, _joins,
                            span[0] / max(len(pair.zh), 1))

    def english_spans(self, pair: Pair, span: Span) -> list[Span]:
        rows = self.by_pair.get(pair.id)
        if rows is None:
            return []
        hit = rows[(rows[:, 0] < span[1]) & (rows[:, 1] > span[0])]
        return sorted({(int(c), int(d)) for _a, _b, c, d in hit})

    def chinese_span(self, pair: Pair, span: Span) -> Span | None:
        """The Chinese the text chose for an English span: its linked Chinese words that
        stand together (nothing but spaces between them), the run nearest where the
        English stands when they are scattered."""
        spans = self.chinese_for(pair, span)
        if not spans:
            return None
        return _nearest_run(spans, pair.zh, lambda gap: not gap.strip(), span[0] / max(len(pair.en), 1))

    def chinese_for(self, pair: Pair, span: Span) -> list[Span]:
        """The Chinese word spans linked to the English span."""
        rows = self.by_pair.get(pair.id)
        if rows is None:
            return []
        hit = rows[(rows[:, 2] < span[1]) & (rows[:, 3] > span[0])]
        return sorted({(int(a), int(b)) for a, b, _c, _d in hit})

    def to_bytes(self, key: str) -> bytes:
        """The model as a cache file: numpy arrays (all the rows, one after the other, and
        how many each pair has), the pair ids and the key as JSON; no pickles."""
        ids = list(self.by_pair)
        rows = np.concatenate([self.by_pair[p] for p in ids]) if ids else np.zeros((0, 4))
        header = json.dumps({"key": key, "version": VERSION, "ids": ids}, ensure_ascii=False).encode("utf-8")
        out = io.BytesIO()
        small = not len(rows) or int(rows.max()) < 2**16  # offsets in a pair: two bytes each, mostly
        np.savez(out, header=np.frombuffer(header, dtype=np.uint8), rows=rows.astype(np.uint16 if small else np.int32),
                 counts=np.asarray([len(self.by_pair[p]) for p in ids], dtype=np.int64))
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, key: str) -> WordLinkModel | None:
        """The model of a cache file, or None when it is damaged or for another key."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                header = json.loads(arrays["header"].tobytes().decode("utf-8"))
                if header.get("key") != key or header.get("version") != VERSION:
                    return None
                rows = arrays["rows"].astype(np.int32).reshape(-1, 4)
                counts = arrays["counts"]
            ids = [str(p) for p in header["ids"]]
            if len(ids) != len(counts) or int(counts.sum()) != len(rows) or (counts < 0).any():
                return None
            ends = np.cumsum(counts).tolist()
            starts = [0, *ends[:-1]]
            return cls({p: rows[a:b] for p, a, b in zip(ids, starts, ends)})
        except (ValueError, TypeError, KeyError, AttributeError, OSError, EOFError, UnicodeDecodeError,
                zipfile.BadZipFile):
            return None


def _nearest_run(spans: list[Span], text: str, joins, where: float) -> Span:
    """Of the runs the sorted `spans` make in `text` (overlapping, or with a gap that
    `joins`), the one standing nearest `where` (a share of the text's length), the longer
    on a tie."""
    runs: list[list[int]] = []
    for start, end in spans:
        if runs and (start <= runs[-1][1] or joins(text[runs[-1][1]:start])):
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    best = min(runs, key=lambda run: (abs(run[0] / max(len(text), 1) - where), run[0] - run[1]))
    return best[0], best[1]


def _joins(gap: str) -> bool:
    """Whether the text between two linked English words keeps them one rendering."""
    words = gap.split()
    if len(words) > 2 or any(w.lower() not in STOPWORDS for w in words if w != "-"):
        return False
    return not TOKEN.sub("", gap).strip(" -")


class _Vocab:
    def __init__(self):
        self.ids: dict[str, int] = {"": NULL}

    def __call__(self, word: str) -> int:
        return self.ids.setdefault(word, len(self.ids))


def _trie_pattern(words: Sequence[str]) -> str:
    """An alternation of words as a trie (`ab|ac` as `a(?:b|c)`), longest match first:
    the regular expression engine then tries one branch per character, not every word."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return render(trie)


def _term_finder(terms: Iterable[str]):
    """`term_spans` for a fixed set of terms: one regular expression finds, at every
    place, the longest term starting there (in C), instead of a search per term."""
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    if not ordered:
        return lambda text: []
    pattern = re.compile("(?=(" + _trie_pattern(ordered) + "))")

    def find(text: str) -> list[Span]:
        found = [(m.start(), m.start() + len(m.group(1))) for m in pattern.finditer(text)]
        if len(found) < 2:
            return found
        taken: list[Span] = []
        for span in sorted(found, key=lambda s: s[0] - s[1]):  # longest first, then by place
            if all(span[1] <= a or span[0] >= b for a, b in taken):
                taken.append(span)
        return taken

    return find


class _Tokens:
    """The tokens of every sentence link, as flat lists (one entry per token) and counts
    per link: what EM needs, built in one pass over the text."""

    def __init__(self, dictionary, seeds: dict[str, set[str]]):
        self.dictionary = dictionary
        self.find_terms = _term_finder(seeds)
        self.stems: dict[str, str | None] = {}
        self.en_vocab, self.zh_vocab = _Vocab(), _Vocab()
        self.e_word, self.e_a, self.e_b, self.e_pair = [], [], [], []
        self.f_word, self.f_a, self.f_b = [], [], []
        self.n_en, self.n_zh = [], []  # per unit (sentence link)

    def _stem(self, word: str) -> str | None:
        """A word's stem, None for a stopword (left out of the model: never linked)."""
        key = token_key(word)
        known = self.stems[word] = None if key in STOPWORDS or word.lower() in STOPWORDS else key
        return known

    def add(self, index: int, pair: Pair) -> None:
        stems, stem = self.stems, self._stem
        en_ids, zh_ids = self.en_vocab.ids, self.zh_vocab.ids
        for (ea, eb), (za, zb) in sentence_links(pair):
            en = [(stems[w] if (w := m.group()) in stems else stem(w), m.start(), m.end())
                  for m in TOKEN.finditer(pair.en, ea, eb)]
            en = [token for token in en if token[0] is not None]
            if not en:
                continue
            text = pair.zh[za:zb]
            zh = [(text[a:b], za + a, za + b) for a, b in zh_words(text, self.find_terms(text), dictionary=self.dictionary)]
            zh += [(m.group().lower(), za + m.start(), za + m.end()) for m in _HAN_OR_DIGIT.finditer(text)]
            if not zh:
                continue
            zh.sort(key=lambda t: t[1])
            self.e_word += [en_ids.setdefault(key, len(en_ids)) for key, _a, _b in en]
            self.e_a += [a for _k, a, _b in en]
            self.e_b += [b for _k, _a, b in en]
            self.e_pair += [index] * len(en)
            self.f_word += [zh_ids.setdefault(word, len(zh_ids)) for word, _a, _b in zh]
            self.f_a += [a for _w, a, _b in zh]
            self.f_b += [b for _w, _a, b in zh]
            self.n_en.append(len(en))
            self.n_zh.append(len(zh))


class _Direction:
    """One direction of IBM Model 1: each target token chooses a source token of its
    sentence link, or NULL. The entries (target token, source token or NULL) of a target
    token stand together; everything is laid out by whole-array operations."""

    def __init__(self, n_tgt: np.ndarray, n_src: np.ndarray, src_off: np.ndarray, tgt_at: np.ndarray,
                 src_at: np.ndarray, english_target: bool | None = None):
        units = len(n_tgt)
        self.english_target = english_target
        self.group_len = np.repeat((n_src + 1).astype(np.int64), n_tgt)  # entries per target token
        self.starts = np.cumsum(self.group_len) - self.group_len
        size = int(self.group_len.sum())
        index = np.int32 if size < 2**31 - 1 and len(src_at) < 2**31 - 1 else np.int64
        self.tgt_tok = np.repeat(np.arange(len(self.group_len), dtype=index), self.group_len)
        local = np.arange(size, dtype=index) - np.repeat(self.starts.astype(index), self.group_len)
        self.real = local < np.repeat((self.group_len - 1).astype(index), self.group_len)
        first = np.repeat(np.repeat(src_off, n_tgt).astype(index), self.group_len)
        self.src_tok = np.where(self.real, first + local, -1).astype(index)
        del local, first
        # fast_align's diagonal factor (NULL: a constant)
        gap = tgt_at[self.tgt_tok] - src_at[np.maximum(self.src_tok, 0)]
        self.diag = np.where(self.real, np.exp(-DIAGONAL * np.abs(gap)), np.float32(0.2)).astype(np.float32)
        self.units = units

    def posterior(self, t_entries: np.ndarray) -> np.ndarray:
        norm = np.add.reduceat(t_entries, self.starts)
        return t_entries / np.repeat(np.maximum(norm, 1e-30), self.group_len)

    def best_links(self, score: np.ndarray, part) -> np.ndarray:
        """The best real link of every target token, as (target token, source token)
        rows numbered in the whole text (`part.e_idx` / `f_idx`)."""
        best = self.best(self.posterior(score))
        best = best[self.real[best]]
        tgt_idx, src_idx = (part.e_idx, part.f_idx) if self.english_target else (part.f_idx, part.e_idx)
        return np.stack([tgt_idx[self.tgt_tok[best]], src_idx[self.src_tok[best]]], axis=1)

    def best(self, post: np.ndarray) -> np.ndarray:
        """Index of the first highest entry of every target token."""
        top = np.maximum.reduceat(post, self.starts)
        hit = np.flatnonzero(post == np.repeat(top, self.group_len))
        group = self.tgt_tok[hit]
        first = np.ones(len(hit), dtype=bool)
        first[1:] = group[1:] != group[:-1]
        return hit[first]


def _positions(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each token's place in its sentence link (from 0) and its relative position there."""
    offsets = np.cumsum(counts) - counts
    local = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(offsets, counts)
    return local, ((local + 0.5) / np.repeat(counts, counts)).astype(np.float32)


def _em(cid, src_of, diag, weight, group: _Direction, prior: np.ndarray, iterations: int) -> np.ndarray:
    """t(target | source) by EM over the entries (`cid`: the (source word, target word)
    number of each entry; `src_of`: the source word of each number; `prior`: the
    pseudo-count of each number). Returns t per number."""
    n = len(src_of)
    t = 1.0 / np.bincount(src_of, minlength=int(src_of.max()) + 1)[src_of]
    for _ in range(iterations):
        post = group.posterior(t[cid] * diag)
        counts = np.bincount(cid, weights=post if weight is None else post * weight, minlength=n) + prior
        total = np.bincount(src_of, weights=counts)
        t = counts / np.maximum(total[src_of], 1e-12)
    return t


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True), by one sort (numpy's hashing is slower here)."""
    order = np.argsort(values)
    ordered = values[order]
    new = np.ones(len(ordered), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def _in_sorted(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Which values are in the sorted array `ordered`."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return ordered[at] == values


def _grow_diag(links: np.ndarray, candidates: np.ndarray, width: int, n_e: int, n_f: int) -> np.ndarray:
    """grow-diag: add the points of the union next to a link, whose English or Chinese
    token is unlinked, round by round until none is added (links as e * width + f,
    sorted and unique)."""
    linked_e = np.zeros(n_e + 1, dtype=bool)
    linked_f = np.zeros(n_f + 1, dtype=bool)
    linked_e[links // width] = True
    linked_f[links % width] = True
    steps = [de * width + df for de in (-1, 0, 1) for df in (-1, 0, 1) if de or df]
    while len(candidates):
        e, f = candidates // width, candidates % width
        open_ = ~(linked_e[e] & linked_f[f])
        near = np.zeros(len(candidates), dtype=bool)
        for step in steps:
            near |= _in_sorted(candidates + step, links)
        add = open_ & near
        if not add.any():
            break
        links = np.sort(np.concatenate([links, candidates[add]]))
        linked_e[e[add]] = True
        linked_f[f[add]] = True
        candidates = candidates[~add]
    return links


BUDGET = 32_000_000  # co-occurrence entries EM learns from at once; a larger text: a sample of its links
CHUNK = 6_000_000  # entries aligned at a time after learning from a sample
T_SEED = 0.3  # t of a dictionary or glossary sense the sample never met
T_UNSEEN = 1e-4  # t of any other pair of words the sample never met


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The numbers start..start+count of every (start, count), one after the other."""
    total = int(counts.sum())
    shift = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return np.arange(total, dtype=np.int64) + shift


class _Part:
    """Some sentence links (units) of the text with their tokens numbered from 0, and
    the tokens' numbers in the whole text (`e_idx`, `f_idx`)."""

    def __init__(self, units, I, J, e_off, f_off, e_word, f_word, e_at, f_at, f_local):
        self.I, self.J = I[units], J[units]
        self.e_idx = _ranges(e_off[units], self.I)
        self.f_idx = _ranges(f_off[units], self.J)
        self.e_off = np.cumsum(self.I) - self.I
        self.f_off = np.cumsum(self.J) - self.J
        self.e_word, self.f_word = e_word[self.e_idx], f_word[self.f_idx]
        self.e_at, self.f_at = e_at[self.e_idx], f_at[self.f_idx]
        self.f_local = f_local[self.f_idx]


def _train(part: _Part, codes: np.ndarray, width_e: int, width_f: int, final: bool):
    """EM both ways over a part; the t tables (the sorted (Chinese, English) codes met,
    t(e|f) and t(f|e) of each, then of NULL), and with `final` the best links of the
    part's tokens both ways, as (English token, Chinese token) rows in the whole text."""
    # zh -> en: each English token chooses a Chinese word or NULL
    ef = _Direction(part.I, part.J, part.f_off, part.e_at, part.f_at, True)
    real = ef.real
    key_ef = part.f_word[ef.src_tok[real]] * width_e + part.e_word[ef.tgt_tok[real]]
    pairs_key, cid_real = _unique_inverse(key_ef)
    del key_ef
    U = len(pairs_key)
    prior = _in_sorted(pairs_key, codes).astype(float) * PRIOR
    cid_ef = np.empty(len(real), dtype=np.int32 if U + max(width_e, width_f) < 2**31 else np.int64)
    cid_ef[real] = cid_real
    del cid_real
    cid_ef[~real] = U + part.e_word[ef.tgt_tok[~real]]  # t(e | NULL)
    src_of_ef = np.concatenate([pairs_key // width_e, np.zeros(width_e, dtype=np.int64)])
    t_ef = _em(cid_ef, src_of_ef, ef.diag, None, ef, np.concatenate([prior, np.zeros(width_e)]), ITERATIONS)
    a_ef = ef.best_links(t_ef[cid_ef] * ef.diag, part) if final else None
    ef_starts = ef.starts
    del ef, real

    # en -> zh: each Chinese word chooses an English token or NULL
    fe = _Direction(part.J, part.I, part.e_off, part.f_at, part.e_at, False)
    real_fe = fe.real
    cid_fe = np.empty(len(real_fe), dtype=cid_ef.dtype)
    # the same (English, Chinese) co-occurrence in the first layout: its number there
    e_of, f_of = fe.src_tok[real_fe], fe.tgt_tok[real_fe]
    cid_fe[real_fe] = cid_ef[ef_starts[e_of] + part.f_local[f_of]]
    del cid_ef, e_of, f_of, ef_starts
    cid_fe[~real_fe] = U + part.f_word[fe.tgt_tok[~real_fe]]  # t(f | NULL)
    src_of_fe = np.concatenate([pairs_key % width_e, np.zeros(width_f, dtype=np.int64)])
    t_fe = _em(cid_fe, src_of_fe, fe.diag, None, fe, np.concatenate([prior, np.zeros(width_f)]), ITERATIONS)
    a_fe = fe.best_links(t_fe[cid_fe] * fe.diag, part)[:, ::-1] if final else None
    return (pairs_key, t_ef, t_fe), a_ef, a_fe


def _lookup(key: np.ndarray, pairs_key: np.ndarray, t: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """t of (Chinese, English) codes learnt from a sample; those it never met: a little,
    more for a dictionary or glossary sense."""
    at = np.minimum(np.searchsorted(pairs_key, key), len(pairs_key) - 1)
    met = pairs_key[at] == key
    return np.where(met, t[at], np.where(_in_sorted(key, codes), T_SEED, T_UNSEEN))


def _align(part: _Part, tables, codes: np.ndarray, width_e: int):
    """The best links both ways of a part's tokens with t tables learnt elsewhere."""
    pairs_key, t_ef, t_fe = tables
    U = len(pairs_key)
    ef = _Direction(part.I, part.J, part.f_off, part.e_at, part.f_at, True)
    real = ef.real
    t = np.empty(len(real))
    t[real] = _lookup(part.f_word[ef.src_tok[real]] * width_e + part.e_word[ef.tgt_tok[real]], pairs_key,
                      t_ef[:U], codes)
    t[~real] = np.maximum(t_ef[U + part.e_word[ef.tgt_tok[~real]]], T_UNSEEN)
    a_ef = ef.best_links(t * ef.diag, part)
    del ef, real, t
    fe = _Direction(part.J, part.I, part.e_off, part.f_at, part.e_at, False)
    real = fe.real
    t = np.empty(len(real))
    t[real] = _lookup(part.f_word[fe.tgt_tok[real]] * width_e + part.e_word[fe.src_tok[real]], pairs_key,
                      t_fe[:U], codes)
    t[~real] = np.maximum(t_fe[U + part.f_word[fe.tgt_tok[~real]]], T_UNSEEN)
    a_fe = fe.best_links(t * fe.diag, part)[:, ::-1]
    return a_ef, a_fe


def learn(pairs: Sequence[Pair], dictionary, glossary: Iterable = ()) -> WordLinkModel:
    """Learn the word links of a text from its pairs (see the module)."""
    import time

    began = time.perf_counter()
    seeds: dict[str, set[str]] = {}
    for entry in glossary or ():
        keys = {token_key(w) for w in TOKEN.findall(entry.en) if w.lower() not in STOPWORDS}
        for zh in (entry.zh, *getattr(entry, "variants", ())):
            seeds.setdefault(zh, set()).update(keys)
    tokens = _Tokens(dictionary, seeds)
    ids = [pair.id for pair in pairs]
    for index, pair in enumerate(pairs):
        tokens.add(index, pair)
    model = WordLinkModel()
    if not tokens.n_en:
        return model
    I = np.asarray(tokens.n_en, dtype=np.int64)
    J = np.asarray(tokens.n_zh, dtype=np.int64)
    e_off = np.cumsum(I) - I
    f_off = np.cumsum(J) - J
    e_word = np.asarray(tokens.e_word, dtype=np.int64)
    f_word = np.asarray(tokens.f_word, dtype=np.int64)
    n_e, n_f = len(e_word), len(f_word)
    width_e = len(tokens.en_vocab.ids)
    # the dictionary's and the glossary's senses, as (Chinese word, English stem) codes
    codes = []
    en_ids = tokens.en_vocab.ids
    for word, f_id in tokens.zh_vocab.ids.items():
        if f_id == NULL:
            continue
        keys = _senses(word, dictionary) | seeds.get(word, set()) | ({word} if word.isascii() else set())
        codes += [f_id * width_e + en_ids[key] for key in keys if key in en_ids]
    codes = np.asarray(sorted(codes), dtype=np.int64)

    _e_local, e_at = _positions(I)
    f_local, f_at = _positions(J)
    every = np.arange(len(I))
    count = I * (J + 1)
    if int(count.sum()) <= BUDGET:  # EM over the whole text, and its last posteriors give the links
        part = _Part(every, I, J, e_off, f_off, e_word, f_word, e_at, f_at, f_local)
        _tables, a_ef, a_fe = _train(part, codes, width_e, len(tokens.zh_vocab.ids), final=True)
    else:  # EM over an even sample of the sentence links, then every link aligned, a chunk at a time
        step = int(np.ceil(count.sum() / BUDGET))
        sample = _Part(every[::step], I, J, e_off, f_off, e_word, f_word, e_at, f_at, f_local)
        tables, _, _ = _train(sample, codes, width_e, len(tokens.zh_vocab.ids), final=False)
        del sample
        found_ef, found_fe = [], []
        ends = np.cumsum(count)
        first = 0
        while first < len(I):
            last = max(int(np.searchsorted(ends, ends[first] - count[first] + CHUNK, side="right")), first + 1)
            part = _Part(every[first:last], I, J, e_off, f_off, e_word, f_word, e_at, f_at, f_local)
            a, b = _align(part, tables, codes, width_e)
            found_ef.append(a)
            found_fe.append(b)
            first = last
        a_ef, a_fe = np.concatenate(found_ef), np.concatenate(found_fe)
    # as (English token, Chinese token) codes
    a_ef = a_ef[:, 0] * (n_f + 1) + a_ef[:, 1]
    a_fe = a_fe[:, 0] * (n_f + 1) + a_fe[:, 1]
    a_ef, a_fe = _sorted_unique(a_ef), _sorted_unique(a_fe)
    links = a_ef[_in_sorted(a_ef, a_fe)]
    union = _sorted_unique(np.concatenate([a_ef, a_fe]))
    candidates = union[~_in_sorted(union, links)]
    links = _grow_diag(links, candidates, n_f + 1, n_e, n_f)
    # to pair coordinates
    e, f = links // (n_f + 1), links % (n_f + 1)
    e_a, e_b = np.asarray(tokens.e_a, dtype=np.int64), np.asarray(tokens.e_b, dtype=np.int64)
    f_a, f_b = np.asarray(tokens.f_a, dtype=np.int64), np.asarray(tokens.f_b, dtype=np.int64)
    pair_of = np.asarray(tokens.e_pair, dtype=np.int64)[e]
    rows = np.stack([f_a[f], f_b[f], e_a[e], e_b[e]], axis=1)
    order = np.lexsort((rows[:, 3], rows[:, 2], rows[:, 1], rows[:, 0], pair_of))
    rows, pair_of = rows[order], pair_of[order]
    model.by_pair = _split(rows, pair_of, ids)
    model.seconds = time.perf_counter() - began
    return model


def _split(rows: np.ndarray, pair_of: np.ndarray, ids: Sequence[str]) -> dict[str, np.ndarray]:
    """Rows sorted by pair, as a dict of pair id -> its rows (views, no copies)."""
    if not len(rows):
        return {}
    keep = np.ones(len(rows), dtype=bool)  # one row per (pair, link)
    keep[1:] = (rows[1:] != rows[:-1]).any(axis=1) | (pair_of[1:] != pair_of[:-1])
    rows, pair_of = rows[keep], pair_of[keep]
    first = np.flatnonzero(np.r_[True, pair_of[1:] != pair_of[:-1]])
    found = pair_of[first]
    ends = np.append(first[1:], len(rows))
    rows = rows.astype(np.int32)  # what the reader holds: 16 bytes a link
    return {ids[p]: rows[a:b] for p, a, b in zip(found.tolist(), first.tolist(), ends.tolist())}


# -- the cache ----------------------------------------------------------------------------


def glossary_hash(glossary: Iterable) -> str:
    digest = hashlib.sha256()
    for entry in glossary or ():
        digest.update(f"{entry.zh}\t{entry.en}\t{'|'.join(getattr(entry, 'variants', ()))}\n".encode())
    return digest.hexdigest()[:16]


def cache_key(alignment: bytes, glossary: Iterable) -> str:
    return f"{hashlib.sha256(alignment).hexdigest()[:24]}-v{VERSION}-{glossary_hash(glossary)}"


def _cache_path(cache_dir: Path, text_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", text_id) or "text"
    return cache_dir / "wordlinks" / f"{safe}.npz"


def _read_cache(path: Path, key: str) -> WordLinkModel | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return WordLinkModel.from_bytes(data, key)


def cached(text_id: str, alignment: bytes, pairs: Sequence[Pair], dictionary, glossary: Sequence = (),
           cache_dir: Path | None = None) -> WordLinkModel:
    """The text's word links from the cache, or learnt and cached (atomically) when the
    cache is missing, for another alignment, model version or glossary, or damaged."""
    from .cedict import default_cache_dir
    from .files import write_atomically

    key = cache_key(alignment, glossary)
    path = _cache_path(cache_dir or default_cache_dir(), text_id)
    model = _read_cache(path, key)
    if model is not None:
        return model
    model = learn(pairs, dictionary, glossary)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, model.to_bytes(key))
    except (OSError, Exception) as problem:  # a cache that cannot be written is no loss
        if not isinstance(problem, OSError) and type(problem).__name__ != "ReaderError":
            raise
    return model


# -- learning in a child process ------------------------------------------------------------

PROCESS_PAIRS = 200  # from this many pairs on, `learned` learns in a child process (about a second of learning)
_CHUNK = 1000  # pairs sent to the child at a time


class _Entry(NamedTuple):
    """What the word links use of a glossary entry."""

    zh: str
    en: str
    variants: tuple[str, ...] = ()


def learned(text_id: str, alignment: bytes, pairs: Sequence[Pair], dictionary, glossary: Sequence = (),
            cache_dir: Path | None = None, *, process: bool | None = None) -> WordLinkModel:
    """`cached`, for a caller with threads that must not wait (the reader's keys): a
    large text (`PROCESS_PAIRS`, or `process=True`) is learnt in a child Python process,
    whose pure-Python tokenising then never holds this process's GIL; the model comes
    back as the cache file's bytes. A cache that is there is read here; when the child
    cannot be run, the text is learnt here."""
    from .cedict import default_cache_dir

    folder = cache_dir or default_cache_dir()
    data_file = getattr(dictionary, "data_file", None)
    own_cache = getattr(dictionary, "_cache", None)
    if process is None:
        process = len(pairs) >= PROCESS_PAIRS
    if not process or data_file is None:
        return cached(text_id, alignment, pairs, dictionary, glossary, cache_dir)
    key = cache_key(alignment, glossary)
    model = _read_cache(_cache_path(folder, text_id), key)
    if model is not None:
        return model
    entries = [_Entry(e.zh, e.en, tuple(getattr(e, "variants", ()))) for e in glossary or ()]
    header = (text_id, alignment, str(data_file), str(own_cache[0].parent) if own_cache else None, entries,
              str(folder))
    try:
        data = _run_child(header, pairs)
    except (OSError, EOFError, pickle.PickleError, ValueError):
        data = None
    model = WordLinkModel.from_bytes(data, key) if data else None
    if model is None:  # the child failed: learn here
        return cached(text_id, alignment, pairs, dictionary, glossary, cache_dir)
    return model


def _run_child(header: tuple, pairs: Sequence[Pair]) -> bytes | None:
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    child = subprocess.Popen([sys.executable, "-c", "from reader.core.wordlinks import _serve; _serve()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        with child.stdin:
            pickle.dump(header, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            for start in range(0, len(pairs), _CHUNK):  # small pickles: the GIL is let go between
                chunk = [(p.id, p.kind, p.en, p.zh, p.sentences_en, p.sentences_zh, p.links)
                         for p in pairs[start:start + _CHUNK]]
                pickle.dump(chunk, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(None, child.stdin)
        data = child.stdout.read()
    finally:
        child.stdout.close()
        code = child.wait()
    return data if code == 0 else None



def _serve() -> None:
    """The child process: a text's pairs on stdin (pickles from `_run_child`), its word
    links learnt, cached and written to stdout as the cache file's bytes."""
    import sys

    from .dictionary import Dictionary

    source = sys.stdin.buffer
    text_id, alignment, data_file, dictionary_cache, entries, folder = pickle.load(source)
    pairs: list[Pair] = []
    while (chunk := pickle.load(source)) is not None:
        pairs += [Pair(i, kind, en, zh, sentences_en=se, sentences_zh=sz, links=links)
                  for i, kind, en, zh, se, sz, links in chunk]
    dictionary = Dictionary.load(cache_dir=Path(dictionary_cache) if dictionary_cache else None,
                                 data_file=Path(data_file))
    model = cached(text_id, alignment, pairs, dictionary, entries, Path(folder))
    sys.stdout.buffer.write(model.to_bytes(cache_key(alignment, entries)))
    sys.stdout.buffer.flush()
