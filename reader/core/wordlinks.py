"""Word-level links: which English words of a text render which Chinese words.

An IBM Model 1 word aligner trained by EM over the sentence links of a text, in both
directions (t(e|f) and t(f|e)), with a fast_align-style diagonal prior (words near the
same relative position are likelier to correspond) and seeded with CC-CEDICT and the
text's glossary: a word's dictionary senses (and its glossary renderings) add
pseudo-counts to t(e|f) at every iteration. Chinese words come from the segmenter
(`segment.words`), English tokens are lower-cased and stemmed; stopwords are kept but
their counts down-weighted. The two directions' best links are intersected and grown
along the diagonal (grow-diag).

Everything is numpy over flat arrays of (sentence link, English token, Chinese word)
co-occurrences, so one EM iteration costs a few vector operations for the whole text.

`learn(pairs, dictionary, glossary)` gives a `WordLinkModel`: `model.links(pair_id)` the
word links of a pair, as (zh char span, en char span) in pair coordinates;
`model.english_for(pair, span)` (the `counterpart.WordLinks` shape) and
`model.chinese_for(pair, span)` the reverse.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .english import STOPWORDS, stem
from .model import Pair
from .segment import words as zh_words

VERSION = 1
ITERATIONS = 5
PRIOR = 5.0  # pseudo-count of a dictionary or glossary sense, per occurrence of the word
STOPWORD_WEIGHT = 0.3
DIAGONAL = 1.5  # tension of the diagonal prior (fast_align's lambda)
NULL = 0  # the empty word, on both sides

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_HAN_OR_DIGIT = re.compile(r"[0-9]+|[A-Za-z]+")

Span = tuple[int, int]
WordLink = tuple[Span, Span]  # (zh span, en span), pair coordinates


def english_tokens(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """English tokens as (stem, start, end); numbers as they are (stem reads 2022 as 202)."""
    return [(_key(m.group()), offset + m.start(), offset + m.end()) for m in _WORD.finditer(text)]


def _key(word: str) -> str:
    return word if word.isdigit() else stem(word)


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
        # The linked words that stand together (only spaces or hyphens between them); of
        # several such runs, the one nearest where the word stands in the Chinese.
        runs: list[list[int]] = []
        for start, end in sorted({(int(c), int(d)) for _a, _b, c, d in hit}):
            if runs and start >= runs[-1][1] and not pair.en[runs[-1][1]:start].strip(" -"):
                runs[-1][1] = max(runs[-1][1], end)
            elif runs and start < runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        where = span[0] / max(len(pair.zh), 1)
        best = min(runs, key=lambda run: (abs(run[0] / max(len(pair.en), 1) - where), run[0] - run[1]))
        return best[0], best[1]

    def english_spans(self, pair: Pair, span: Span) -> list[Span]:
        rows = self.by_pair.get(pair.id)
        if rows is None:
            return []
        hit = rows[(rows[:, 0] < span[1]) & (rows[:, 1] > span[0])]
        return sorted({(int(c), int(d)) for _a, _b, c, d in hit})

    def chinese_for(self, pair: Pair, span: Span) -> list[Span]:
        """The Chinese word spans linked to the English span."""
        rows = self.by_pair.get(pair.id)
        if rows is None:
            return []
        hit = rows[(rows[:, 2] < span[1]) & (rows[:, 3] > span[0])]
        return sorted({(int(a), int(b)) for a, b, _c, _d in hit})

    def to_json(self, key: str) -> bytes:
        return json.dumps({"key": key, "version": VERSION,
                           "pairs": {p: rows.tolist() for p, rows in self.by_pair.items()}},
                          ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, key: str) -> WordLinkModel | None:
        """The model of a cache file, or None when it is damaged or for another key."""
        try:
            raw = json.loads(data.decode("utf-8"))
            if raw.get("key") != key or raw.get("version") != VERSION:
                return None
            by_pair = {}
            for pair_id, rows in raw["pairs"].items():
                array = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
                by_pair[str(pair_id)] = array
            return cls(by_pair)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


class _Vocab:
    def __init__(self):
        self.ids: dict[str, int] = {"": NULL}

    def __call__(self, word: str) -> int:
        return self.ids.setdefault(word, len(self.ids))


def _em(src: np.ndarray, tgt: np.ndarray, group: np.ndarray, diag: np.ndarray, weight: np.ndarray,
        prior: np.ndarray, n_src: int) -> np.ndarray:
    """IBM Model 1 with a fixed diagonal factor: t(tgt|src) over the co-occurrence
    entries (one per target token and candidate source word, NULL included). `group`
    numbers the target tokens; `prior` is a pseudo-count per entry. Returns the
    posterior of each entry."""
    pairs_key = src.astype(np.int64) * (int(tgt.max()) + 1) + tgt
    unique, cid = np.unique(pairs_key, return_inverse=True)
    src_of = (unique // (int(tgt.max()) + 1)).astype(np.int64)
    prior_c = np.zeros(len(unique))
    np.maximum.at(prior_c, cid, prior)
    t = np.ones(len(unique))
    total = np.bincount(src_of, weights=t, minlength=n_src)
    t = t / total[src_of]
    posterior = None
    for _ in range(ITERATIONS):
        score = t[cid] * diag
        norm = np.bincount(group, weights=score)
        posterior = score / norm[group]
        counts = np.bincount(cid, weights=posterior * weight, minlength=len(unique))
        counts = counts + prior_c * np.bincount(cid, minlength=len(unique)).clip(max=1) * PRIOR
        total = np.bincount(src_of, weights=counts, minlength=n_src)
        t = counts / np.maximum(total[src_of], 1e-12)
    score = t[cid] * diag
    norm = np.bincount(group, weights=score)
    return score / norm[group]


def _best(group: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Index of the highest score of each group (groups numbered 0..n-1)."""
    order = np.lexsort((-score, group))
    first = np.ones(len(order), dtype=bool)
    first[1:] = group[order][1:] != group[order][:-1]
    return order[first]


def learn(pairs: Sequence[Pair], dictionary, glossary: Iterable = ()) -> WordLinkModel:
    """Learn the word links of a text from its pairs (see the module)."""
    import time

    began = time.perf_counter()
    zh_vocab, en_vocab = _Vocab(), _Vocab()
    seeds: dict[str, set[str]] = {}
    for entry in glossary or ():
        keys = {_key(w) for w in _WORD.findall(entry.en) if w.lower() not in STOPWORDS}
        for zh in (entry.zh, *getattr(entry, "variants", ())):
            seeds.setdefault(zh, set()).update(keys)
    sense_cache: dict[str, set[str]] = {}
    # per sentence link: tokens
    units = []  # (pair id, en tokens, zh tokens)
    for pair in pairs:
        for (ea, eb), (za, zb) in sentence_links(pair):
            en = english_tokens(pair.en[ea:eb], ea)
            zh = chinese_tokens(pair.zh[za:zb], za, dictionary, seeds)
            if en and zh:
                units.append((pair.id, en, zh))
    model = WordLinkModel()
    if not units:
        return model
    # co-occurrence entries: for every unit, every (en token i, zh word j), plus NULLs
    e_ids, f_ids, e_pos, f_pos, unit_of, e_glob, f_glob, e_stop = [], [], [], [], [], [], [], []
    e_base = f_base = 0
    for u, (_pid, en, zh) in enumerate(units):
        I, J = len(en), len(zh)
        eid = np.fromiter((en_vocab(k) for k, _, _ in en), dtype=np.int64, count=I)
        fid = np.fromiter((zh_vocab(k) for k, _, _ in zh), dtype=np.int64, count=J)
        stop = np.fromiter((k in STOPWORDS for k, _, _ in en), dtype=bool, count=I)
        for k, _, _ in zh:
            if k not in sense_cache:
                sense_cache[k] = _senses(k, dictionary) | seeds.get(k, set()) | ({k} if k.isascii() else set())
        ii, jj = np.meshgrid(np.arange(I), np.arange(J + 1), indexing="ij")  # j == J: NULL
        ii, jj = ii.ravel(), jj.ravel()
        e_ids.append(eid[ii])
        f_ids.append(np.where(jj < J, fid[np.minimum(jj, J - 1)] if J else 0, NULL))
        e_pos.append((ii + 0.5) / I)
        f_pos.append(np.where(jj < J, (jj + 0.5) / max(J, 1), -1.0))
        unit_of.append(np.full(len(ii), u))
        e_glob.append(e_base + ii)
        f_glob.append(np.where(jj < J, f_base + jj, -1))
        e_stop.append(stop[ii])
        e_base += I
        f_base += J
    e_id, f_id = np.concatenate(e_ids), np.concatenate(f_ids)
    e_at, f_at = np.concatenate(e_pos), np.concatenate(f_pos)
    e_tok, f_tok = np.concatenate(e_glob), np.concatenate(f_glob)
    stop = np.concatenate(e_stop)
    # the dictionary's and the glossary's senses, as (Chinese word id, English stem id) codes
    width = len(en_vocab.ids) + 1
    codes = [zh_vocab.ids[zh] * width + en_vocab.ids[key] for zh, keys in sense_cache.items()
             for key in keys if key in en_vocab.ids]
    seed = np.isin(f_id * width + e_id, np.asarray(codes, dtype=np.int64)) & (f_id != NULL)
    seed = seed.astype(float)
    real = f_tok >= 0
    diag = np.where(real, np.exp(-DIAGONAL * np.abs(e_at - f_at)), 0.2)
    # zh -> en: each English token chooses a Chinese word (or NULL)
    weight = np.where(stop, STOPWORD_WEIGHT, 1.0)
    post_ef = _em(f_id, e_id, e_tok, diag, weight, seed, len(zh_vocab.ids))
    # en -> zh: each Chinese word chooses an English token; the entries without NULL, plus
    # an English NULL per Chinese word
    r = np.flatnonzero(real)
    n_f = f_base
    src = np.concatenate([e_id[r], np.zeros(n_f, dtype=np.int64)])
    f_word = np.zeros(n_f, dtype=np.int64)
    f_word[f_tok[r]] = f_id[r]
    tgt = np.concatenate([f_id[r], f_word])
    grp = np.concatenate([f_tok[r], np.arange(n_f)])
    dg = np.concatenate([diag[r], np.full(n_f, 0.2)])
    wt = np.ones(len(src))
    sd = np.concatenate([seed[r], np.zeros(n_f)])
    # English stopwords are weaker sources of a Chinese word
    dg[: len(r)] *= np.where(stop[r], STOPWORD_WEIGHT, 1.0)
    post_fe = _em(src, tgt, grp, dg, wt, sd, len(en_vocab.ids))
    # best links each way, on the real (not NULL) entries
    best_e = _best(e_tok, post_ef)  # one entry per English token
    best_e = best_e[real[best_e]]
    best_f = _best(grp, post_fe)
    best_f = best_f[best_f < len(r)]
    a_ef = set(zip(e_tok[best_e].tolist(), f_tok[best_e].tolist()))
    a_fe = set(zip(e_tok[r[best_f]].tolist(), f_tok[r[best_f]].tolist()))
    links = a_ef & a_fe
    union = a_ef | a_fe
    # grow-diag: add union points next to a link whose English or Chinese word is unlinked
    linked_e = {e for e, _ in links}
    linked_f = {f for _, f in links}
    candidates = sorted(union - links)
    neighbours = [(de, df) for de in (-1, 0, 1) for df in (-1, 0, 1) if de or df]
    added = True
    while added and candidates:
        added = False
        left = []
        for e, f in candidates:
            if e in linked_e and f in linked_f:
                continue
            if any((e + de, f + df) in links for de, df in neighbours):
                links.add((e, f))
                linked_e.add(e)
                linked_f.add(f)
                added = True
            else:
                left.append((e, f))
        candidates = left
    # to pair coordinates
    en_spans, zh_spans, pid_of_e = [], [], []
    for pid, en, zh in units:
        en_spans += [(a, b) for _, a, b in en]
        pid_of_e += [pid] * len(en)
        zh_spans += [(a, b) for _, a, b in zh]
    rows: dict[str, list] = {}
    for e, f in sorted(links):
        rows.setdefault(pid_of_e[e], []).append((*zh_spans[f], *en_spans[e]))
    model.by_pair = {p: np.asarray(sorted(set(v)), dtype=np.int64).reshape(-1, 4) for p, v in rows.items()}
    model.seconds = time.perf_counter() - began
    return model


# -- the cache ----------------------------------------------------------------------------


def glossary_hash(glossary: Iterable) -> str:
    digest = hashlib.sha256()
    for entry in glossary or ():
        digest.update(f"{entry.zh}\t{entry.en}\t{'|'.join(getattr(entry, 'variants', ()))}\n".encode())
    return digest.hexdigest()[:16]


def cache_key(alignment: bytes, glossary: Iterable) -> str:
    return f"{hashlib.sha256(alignment).hexdigest()[:24]}-v{VERSION}-{glossary_hash(glossary)}"


def cached(text_id: str, alignment: bytes, pairs: Sequence[Pair], dictionary, glossary: Sequence = (),
           cache_dir: Path | None = None) -> WordLinkModel:
    """The text's word links from the cache, or learnt and cached (atomically) when the
    cache is missing, for another alignment, model version or glossary, or damaged."""
    from .cedict import default_cache_dir
    from .files import write_atomically

    folder = (cache_dir or default_cache_dir()) / "wordlinks"
    key = cache_key(alignment, glossary)
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", text_id) or "text"
    path = folder / f"{safe}.json"
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    if data is not None:
        model = WordLinkModel.from_json(data, key)
        if model is not None:
            return model
    model = learn(pairs, dictionary, glossary)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, model.to_json(key))
    except (OSError, Exception) as problem:  # a cache that cannot be written is no loss
        if not isinstance(problem, OSError) and type(problem).__name__ != "ReaderError":
            raise
    return model
