"""The aligner's bilingual lexicon: Chinese headwords and the English keys of their
glosses (reader.core.english), and the toneless pinyin readings of single characters
(to meet a name such as Qingyang with 清扬).

Built once from CC-CEDICT (a few seconds) and kept in the user cache folder as one file
of flat arrays that is memory-mapped, not parsed: opening it costs a millisecond whatever
its size, and only the pages a document looks up are read. Words and keys are kept as
64-bit hashes (`hash_text`; the same function hashes a document's character n-grams all at
once, `ngram_hashes`), so looking a document's words up is a sorted search in numpy.

The file: a magic line, a JSON header (what it was built from, the arrays' places), then
the arrays, each 8-byte aligned. The cache is keyed by the format version and the data
file's path, size and modification time; a stale, truncated or damaged one is rebuilt.
"""

from __future__ import annotations

import json
import mmap
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from .english import gloss_keys
from .errors import ReaderError
from .files import write_atomically

FORMAT_VERSION = 3
MAGIC = b"reader alignment lexicon\n"

_P = 0x100000001B3  # the multiplier of the polynomial hash (odd, so invertible mod 2**64)
_MASK = (1 << 64) - 1
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB  # splitmix64's finaliser

_PARENS = re.compile(r"\([^()]*\)|\[[^\]]*\]|\b(?:CL|see also|see|variant of|old variant of|used in)\b.*")
_PINYIN = re.compile(r"[a-z:]+(?=[1-5])")


def _finish(h: int) -> int:
    h ^= h >> 30
    h = (h * _M1) & _MASK
    h ^= h >> 27
    h = (h * _M2) & _MASK
    return h ^ (h >> 31)


def hash_text(text: str) -> int:
    """A 64-bit hash of a string: the polynomial sum of its code points, then mixed."""
    h = 0
    for char in text:
        h = (h * _P + ord(char)) & _MASK
    return _finish(h)


def finish_array(h: np.ndarray) -> np.ndarray:
    """`_finish` over an array of uint64 (arithmetic wraps, as the hash wants)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(_M1)
    h ^= h >> np.uint64(27)
    h = h * np.uint64(_M2)
    return h ^ (h >> np.uint64(31))


def ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [start, start + count): the number of the range of each element and the
    element, all ranges laid end to end (the CSR expansion, in numpy)."""
    counts = counts.astype(np.int64)
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(counts)), counts)
    first = np.cumsum(counts) - counts
    return owner, np.arange(total, dtype=np.int64) - first[owner] + starts.astype(np.int64)[owner]


class _Table:
    """Sorted head hashes, and the keys of each head (CSR)."""

    def __init__(self, heads: np.ndarray, offsets: np.ndarray, keys: np.ndarray):
        self.heads, self.offsets, self.keys = heads, offsets, keys

    def find(self, hashes: np.ndarray) -> np.ndarray:
        heads = self.heads
        if not len(heads):
            return np.full(len(hashes), -1, dtype=np.int64)
        where = np.searchsorted(heads, hashes)
        where[where == len(heads)] = 0
        return np.where(heads[where] == hashes, where, -1)

    def expand(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found = np.flatnonzero(index >= 0)
        heads = index[found]
        starts = self.offsets[heads].astype(np.int64)
        owner, at = ranges(starts, self.offsets[heads + 1].astype(np.int64) - starts)
        return found[owner], self.keys[at]


@lru_cache(maxsize=1)
def _rules_digest() -> str:
    """A digest of the code that turns glosses into keys, so that a cache built by other
    rules is rebuilt rather than used."""
    digest = 0
    for module in ("english.py", "lexicon.py"):
        digest = zlib.crc32((Path(__file__).resolve().parent / module).read_bytes(), digest)
    return f"{digest:08x}"


def _member(sorted_hashes: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    if not len(sorted_hashes):
        return np.zeros(len(hashes), dtype=bool)
    where = np.searchsorted(sorted_hashes, hashes)
    where[where == len(sorted_hashes)] = 0
    return sorted_hashes[where] == hashes


def _prefix_table(heads: np.ndarray, prefixes: set[int]) -> dict[str, np.ndarray]:
    """Heads and the prefixes of heads in one open-addressing hash table (linear probing,
    at most half full), each with its head number (-1 for a prefix that is no headword):
    a look-up is one or two probes, where a sorted search is twenty. A slot holds the
    hash's high 32 bits (0: empty), its place comes from the low bits."""
    every = np.union1d(heads, np.array(sorted(prefixes), dtype=np.uint64))
    where = np.searchsorted(heads, every).clip(0, max(len(heads) - 1, 0))
    head = np.where(heads[where] == every, where, -1) if len(heads) else np.full(len(every), -1)
    size = 1 << max(4, int(2 * len(every)).bit_length())
    table = np.zeros(size, dtype=np.uint32)
    table_head = np.full(size, -1, dtype=np.int32)
    print_ = _fingerprint(every)
    pending = np.arange(len(every))
    slot = (every & np.uint64(size - 1)).astype(np.int64)
    while len(pending):
        at = slot[pending]
        free = table[at] == 0
        taken, first = np.unique(at[free], return_index=True)
        winners = pending[free][first]
        table[taken], table_head[taken] = print_[winners], head[winners]
        placed = np.zeros(len(every), dtype=bool)
        placed[winners] = True
        pending = pending[~placed[pending]]
        slot[pending] = (slot[pending] + 1) & (size - 1)
    return {"prefix_table": table, "prefix_head": table_head}


def _fingerprint(hashes: np.ndarray) -> np.ndarray:
    """The high 32 bits of hashes, never 0 (the empty slot)."""
    high = (hashes >> np.uint64(32)).astype(np.uint32)
    return np.where(high == 0, np.uint32(1), high)


def _table(by_hash: dict[int, list[int]]) -> _Table:
    heads = np.array(sorted(by_hash), dtype=np.uint64)
    lists = [sorted(set(by_hash[int(h)])) for h in heads]
    offsets = np.concatenate(([0], np.cumsum([len(k) for k in lists], dtype=np.int64))).astype(np.uint32)
    return _Table(heads, offsets, np.array([k for ks in lists for k in ks], dtype=np.uint64))


class Lexicon:
    """Headword hashes with the English keys of each (CC-CEDICT's, and a glossary's on
    top), and character readings."""

    def __init__(self, arrays: dict[str, np.ndarray], header: dict, handle=None):
        self.table = _Table(arrays["heads"], arrays["offsets"], arrays["keys"])
        # every headword and its every prefix in a hash table, with the head it is, or -1
        self.prefix_table = arrays["prefix_table"]  # see _prefix_table
        self.prefix_head = arrays["prefix_head"]
        self.extra: _Table | None = None  # a glossary's terms
        self.extra_prefixes: np.ndarray | None = None
        self.chars = arrays["chars"]  # uint32 code points, sorted
        self.reading_offsets = arrays["reading_offsets"]  # uint32
        self.readings = arrays["readings"]  # uint16 syllable numbers
        self.syllables: list[str] = header["syllables"]
        self.longest: int = header["longest"]
        self.source: dict = header.get("source", {})
        self._key_text = header.get("key_text")  # hash -> key string, for people (lazy)
        self._extra_text: dict[int, str] = {}  # the glossary's keys
        self._handle = handle  # the mapped file, kept open while the arrays are in use

    # -- looking up ----------------------------------------------------------------------

    def lookup(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For finished hashes of character runs: whether each starts some headword, and
        whether it is one (as the number of the head, -1 if not; -2 for a glossary term
        the dictionary lacks)."""
        table, heads = self.prefix_table, self.prefix_head
        wanted = _fingerprint(hashes)
        slot = (hashes & np.uint64(len(table) - 1)).astype(np.int64)
        prefix = np.zeros(len(hashes), dtype=bool)
        head = np.full(len(hashes), -1, dtype=np.int64)
        active = np.arange(len(hashes))
        while len(active):  # linear probing, all queries at once
            at = slot[active]
            found = table[at]
            hit = found == wanted[active]
            prefix[active[hit]] = True
            head[active[hit]] = heads[at[hit]]
            active = active[~hit & (found != 0)]
            slot[active] = (slot[active] + 1) & (len(table) - 1)
        if self.extra_prefixes is not None:
            prefix |= _member(self.extra_prefixes, hashes)
            head = np.where((head < 0) & (self.extra.find(hashes) >= 0), -2, head)
        return prefix, head

    def keys_of_heads(self, heads: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The English keys of words given by their head numbers (from `lookup`) and their
        hashes, as (word number, key) rows."""
        owner, keys = self.table.expand(np.where(heads >= 0, heads, -1))
        if self.extra is not None:
            more_owner, more_keys = self.extra.expand(self.extra.find(hashes))
            owner, keys = np.concatenate((owner, more_owner)), np.concatenate((keys, more_keys))
        return owner, keys

    def keys_of(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The English keys of words given by their hashes, as (word number, key) rows."""
        owner, keys = self.table.expand(self.table.find(hashes))
        if self.extra is not None:
            more_owner, more_keys = self.extra.expand(self.extra.find(hashes))
            owner, keys = np.concatenate((owner, more_owner)), np.concatenate((keys, more_keys))
        return owner, keys

    def signature(self) -> str:
        """What the lexicon was built from: the data file's name and size, the number of
        headwords, and the glossary terms on top."""
        name = Path(self.source.get("file", "built")).name
        found = f"{name}:{self.source.get('size', 0)}:{len(self.table.heads)}"
        if self.extra is not None:
            found += f"+glossary:{len(self.extra.heads)}"
        return found

    def translations(self, word: str) -> tuple[str, ...]:
        """The English keys of a headword, as text (for people and tests)."""
        _, found = self.keys_of(np.array([hash_text(word)], dtype=np.uint64))
        texts = self._key_texts()
        texts = {**texts, **self._extra_text} if self._extra_text else texts
        return tuple(sorted({texts.get(int(h), "?") for h in found}))

    def readings_of(self, char: str) -> tuple[str, ...]:
        where = int(np.searchsorted(self.chars, ord(char)))
        if where >= len(self.chars) or self.chars[where] != ord(char):
            return ()
        numbers = self.readings[self.reading_offsets[where]:self.reading_offsets[where + 1]]
        return tuple(self.syllables[n] for n in numbers)

    def _key_texts(self) -> dict[int, str]:
        if isinstance(self._key_text, dict):
            return self._key_text
        texts = {}
        if self._key_text is not None:
            raw = bytes(self._key_text).decode("utf-8")
            for text in raw.split("\n") if raw else ():
                texts[hash_text(text)] = text
        self._key_text = texts
        return texts

    # -- a glossary on top ---------------------------------------------------------------

    def add_glossary(self, entries: Iterable) -> Lexicon:
        """A copy with the glossary's terms added (the keys of each rendering's words)."""
        extra: dict[str, set[str]] = {}
        for entry in entries:
            keys = set()
            for rendering in entry.renderings:
                keys |= gloss_keys(rendering)
            if keys:
                extra.setdefault(entry.zh, set()).update(keys)
        if not extra:
            return self
        copy = object.__new__(Lexicon)
        copy.__dict__.update(self.__dict__)
        copy._extra_text = dict(self._extra_text)
        for keys in extra.values():
            copy._extra_text.update((hash_text(k), k) for k in keys)
        copy.extra = _table({hash_text(zh): [hash_text(k) for k in keys] for zh, keys in extra.items()})
        copy.extra_prefixes = np.array(sorted({hash_text(zh[:k]) for zh in extra for k in range(1, len(zh) + 1)}),
                                       dtype=np.uint64)
        copy.longest = max([self.longest] + [len(zh) for zh in extra])
        return copy

    # -- building, saving, mapping -----------------------------------------------------------

    @classmethod
    def build(cls, data_file: Path) -> Lexicon:
        """The lexicon of a CC-CEDICT file."""
        from .dictionary import read_entries

        words: dict[str, set[str]] = defaultdict(set)
        readings: dict[str, list[str]] = defaultdict(list)
        for entry in read_entries(Path(data_file)):
            keys = set()
            for sense in entry.senses.split("/"):
                keys |= gloss_keys(_PARENS.sub(" ", sense))
            if keys:
                words[entry.simplified] |= keys
                words[entry.traditional] |= keys
            if len(entry.simplified) == 1:
                for syllable in _PINYIN.findall(entry.numbered.lower()):
                    syllable = syllable.replace("u:", "v")
                    for char in {entry.simplified, entry.traditional}:
                        if syllable not in readings[char]:
                            readings[char].append(syllable)
        return cls.from_words(words, readings)

    @classmethod
    def from_words(cls, words: dict[str, Iterable[str]], readings: dict[str, Iterable[str]],
                   source: dict | None = None) -> Lexicon:
        by_hash, prefixes = {}, set()
        key_text = set()
        for word, keys in words.items():
            keys = sorted(set(keys))
            if keys:
                by_hash[hash_text(word)] = [hash_text(k) for k in keys]
                key_text.update(keys)
                prefixes.update(hash_text(word[:k]) for k in range(1, len(word)))
        table = _table(by_hash)
        syllables = sorted({s for rs in readings.values() for s in rs})
        number = {s: n for n, s in enumerate(syllables)}
        chars = sorted(c for c in readings if len(c) == 1 and readings[c])
        reading_lists = [[number[s] for s in readings[c]][:4] for c in chars]
        header = {"syllables": syllables, "longest": max((len(w) for w in words), default=1),
                  "source": source or {}}
        lexicon = cls({"heads": table.heads, "offsets": table.offsets, "keys": table.keys,
                       **_prefix_table(table.heads, prefixes),
                       "chars": np.array([ord(c) for c in chars], dtype=np.uint32),
                       "reading_offsets": np.concatenate(([0], np.cumsum([len(r) for r in reading_lists],
                                                                          dtype=np.int64))).astype(np.uint32),
                       "readings": np.array([n for r in reading_lists for n in r], dtype=np.uint16)},
                      header)
        lexicon._key_text = {hash_text(k): k for k in key_text}
        return lexicon

    def to_bytes(self, source: dict) -> bytes:
        table = self.table
        arrays = {"heads": table.heads, "offsets": table.offsets, "keys": table.keys,
                  "prefix_table": self.prefix_table, "prefix_head": self.prefix_head, "chars": self.chars,
                  "reading_offsets": self.reading_offsets, "readings": self.readings,
                  "key_text": np.frombuffer("\n".join(sorted(self._key_texts().values())).encode("utf-8"),
                                            dtype=np.uint8)}
        places, body, at = {}, [], 0
        for name, array in arrays.items():
            raw = np.ascontiguousarray(array).tobytes()
            places[name] = [array.dtype.str, at, len(array)]
            body.append(raw + b"\0" * (-len(raw) % 8))
            at += len(body[-1])
        header = json.dumps({"version": FORMAT_VERSION, "source": source, "longest": self.longest,
                             "syllables": self.syllables, "arrays": places, "size": at}).encode("utf-8")
        header += b" " * (-(len(MAGIC) + 8 + len(header)) % 8)
        return MAGIC + len(header).to_bytes(8, "little") + header + b"".join(body)

    @classmethod
    def map(cls, path: Path, source: dict) -> Lexicon | None:
        """The lexicon in a cache file, mapped; None when the file is missing, stale or damaged."""
        try:
            with open(path, "rb") as handle:
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None
        try:
            if mapped[:len(MAGIC)] != MAGIC:
                return None
            size = int.from_bytes(mapped[len(MAGIC):len(MAGIC) + 8], "little")
            start = len(MAGIC) + 8 + size
            header = json.loads(bytes(mapped[len(MAGIC) + 8:start]))
            if header.get("version") != FORMAT_VERSION or header.get("source") != source:
                return None
            if len(mapped) != start + header["size"]:
                return None
            arrays = {}
            for name, (dtype, at, count) in header["arrays"].items():
                arrays[name] = np.frombuffer(mapped, dtype=np.dtype(dtype), count=count, offset=start + at)
            if len(arrays["offsets"]) != len(arrays["heads"]) + 1 or \
                    (len(arrays["heads"]) and int(arrays["offsets"][-1]) != len(arrays["keys"])):
                return None
            header["key_text"] = arrays.pop("key_text")
            return cls(arrays, header, mapped)
        except (ValueError, KeyError, TypeError, IndexError):
            return None

    @classmethod
    def load(cls, cache_dir: Path | None = None, data_file: Path | None = None) -> Lexicon:
        """The lexicon from its cache (beside the dictionary's), built and cached when the
        cache is missing, stale or damaged."""
        from .cedict import default_cache_dir, shipped_data_file

        data_file = Path(data_file) if data_file is not None else shipped_data_file()
        cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        try:
            stat = data_file.stat()
        except OSError:
            raise ReaderError("no such file", data_file) from None
        source = {"file": str(data_file.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                  "rules": _rules_digest()}
        cache_file = cache_dir / f"lexicon.v{FORMAT_VERSION}.bin"
        lexicon = cls.map(cache_file, source)
        if lexicon is not None:
            return lexicon
        from . import notices

        notices.building("building the aligner's lexicon from CC-CEDICT", cache_file)
        lexicon = cls.build(data_file)
        lexicon.source = source
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(cache_file, lexicon.to_bytes(source))
        except OSError:
            return lexicon  # only a cache
        return cls.map(cache_file, source) or lexicon
