"""The glossary terms of each pair of a text, found once and kept in the user cache.

`reader lookup` and `reader glossary check` ask, of every pair, which glossary terms it
holds: scanning a long text with the matcher (reader.core.matching) for every command
costs seconds at book scale, and so does reading the whole text. The index holds what
those commands need, so that a warm one reads the index and only the pairs it shows:

- per glossary entry, its occurrences: (pair, side, start, end) of every hit (a term
  inside a longer one too), in text order, which is what the look-up lists;
- per pair, the consistency check's verdicts (each term that occurs, as the reader
  highlights it, on either side, and whether its other side renders it) and which
  entries are present at all (for the unused entries);
- per pair, the Chinese side's longest hits (the words the look-up's word cursor sees)
  and the Chinese side itself, so that a dictionary word's occurrences are found without
  reading the text;
- per pair, the Chinese side less the runs of Han characters inside those hits (its
  "free" Chinese), and the runs left out: a dictionary word that holds none of them
  stands as a word only where the free Chinese holds it (`zh_word_candidates`), so the
  pairs where it only occurs inside glossary terms (反击 in 反击能力) are never cut
  into words; and every character and every two characters side by side of the free
  Chinese, so that a word that is not there is known without searching it;
- per pair, its id, and where its line starts in the alignment file, so that a pair
  the look-up shows is read alone.

Beside an index, the text's personal names (`names.Names`, which the look-up's word
cursor needs when it cuts a dictionary word's pairs into words) are kept once learnt,
for the alignment file as it is and the dictionary (`TermIndex.names`).

An index is valid for one alignment file as it is on disk (its path, size, modification
time and inode: a save replaces the file) and one glossary as the matcher sees it (every
entry's term, renderings and exclusions: editing any glossary file changes it), and for
one version of the matcher (`MATCHER_VERSION`). Anything else and it is built again. Up
to `KEEP` indexes are kept a text (a look-up and a check see different glossaries: the
library's every glossary, or the one that applies to the text). It is only a cache: a
damaged or unreadable one is rebuilt, an unwritable folder only costs time.

The file is a short header (marshal: the key, the counts, where each section is and the
CRC-32 of each 64 KiB block of it) and sections of raw arrays, read from a memory map,
each only when asked for, each block checked when first read.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import mmap
import os
import struct
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .mapped import U32, Window, block_crcs, crcs_fit
from .matching import TermMatcher
from .model import Pair
from .script import han_runs

# Of the matcher's behaviour: bump when reader.core.matching finds other hits for the same
# glossary and text, so that indexes made before are not used.
MATCHER_VERSION = 1
FORMAT = 7  # of the index file
KEEP = 4  # indexes kept a text
MAGIC = b"reader term index\n"
SUFFIX = ".tix"

BOTH, ZH_ONLY, EN_ONLY = 0, 1, 2  # a check verdict: the term and a rendering, or one side only
FOUND_IN = ("both", "zh", "en")
_U64 = "Q"


class TermIndex:
    """A text's glossary terms, pair by pair and entry by entry (see the module)."""

    def __init__(self, text_id: str, sections, count: int, entries: int, built: bool,
                 pairs: Sequence[Pair] | None = None, alignment=None) -> None:
        self.text_id = text_id
        self.count = count  # pairs
        self.built = built  # True: scanned now; False: read from the cache
        self._sections = sections  # name -> bytes-like
        self._entries = entries
        self._pairs = pairs  # the text's pairs when in memory
        self._alignment = alignment  # else the alignment file, open, to read one pair from
        self._cache: dict = {}
        self._repair = None  # of an index read from a file: builds its sections again
        self._repaired: dict[str, bytes] | None = None
        self.source: list | None = None  # the alignment file and journal it was made for, as stat'ed
        self.cache_dir: Path | None = None

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, text_id: str, pairs: Sequence[Pair], matcher: TermMatcher,
              lines: Sequence[int] | None = None) -> TermIndex:
        """Scan `pairs` (with `lines`: where each pair's line starts in its file)."""
        return cls(text_id, _build(pairs, matcher, lines), len(pairs), len(matcher.entries), True, pairs=pairs)

    @classmethod
    def for_text(cls, library, text_id: str, matcher: TermMatcher, cache_dir: Path | None = None,
                 building: Callable[[int], None] | None = None) -> TermIndex:
        """The index of a library's text for the matcher's glossary: read from the cache
        when valid for the text's alignment file and edit journal as they are, else built
        (the text read once, whole) and cached, `building` told first the size of the
        alignment file (a command says what it waits for). A text with edits still to be
        written to its file (a read-only library) is scanned in memory and not kept."""
        from . import transaction
        from .editing import settle
        from .editing.journal import journal_path
        from .files import open_binary

        library._require(text_id)
        replayed = settle(library, text_id)
        if replayed is not None:
            return cls.build(text_id, replayed.pairs, matcher)
        path = library.alignment_path(text_id)
        with transaction.locked(library.root, exclusive=False):  # never half a replaced text
            handle = open_binary(path)
        try:
            source = [_stat(path, os.fstat(handle.fileno())), _stat(journal_path(library, text_id))]
            key = _key(source, matcher)
            file = _folder(cache_dir) / f"{text_id}-{key[:20]}{SUFFIX}"
            cached = _read(file, key)
            if cached is not None:
                sections, count, entries = cached
                index = cls(text_id, sections, count, entries, False, alignment=handle)

                def repair() -> dict[str, bytes]:
                    handle.seek(0)
                    pairs, starts = _parse(handle, path, text_id)
                    built = _build(pairs, matcher, starts)
                    _write(file, key, built, count, entries, text_id)
                    return built

                index._repair = repair
                for window in sections.values():
                    window.heal = index._heal
            else:
                if building is not None:
                    building(os.fstat(handle.fileno()).st_size)
                pairs, starts = _parse(handle, path, text_id)
        except BaseException:
            handle.close()
            raise
        if cached is None:
            handle.close()
            index = cls.build(text_id, pairs, matcher, starts)
            _write(file, key, index._sections, index.count, index._entries, text_id)
        index.source, index.cache_dir = source, cache_dir
        return index

    def _heal(self, name: str) -> bytes:
        """A section of the file found damaged as it is read: the index built again from
        the text (once) and written over the file, and that section as built. The parts
        read before passed their checks, so they are what the new build holds too."""
        if self._repaired is None:
            self._repaired = self._repair()
            self.built = True
        return self._repaired[name]

    # -- reading ----------------------------------------------------------------------------

    def _array(self, name: str, kind: str = U32) -> array:
        values = self._cache.get(name)
        if values is None:
            values = self._cache[name] = array(kind)
            values.frombytes(self._sections[name][:])
        return values

    def _slice(self, name: str, start: int, end: int, kind: str = U32) -> array:
        """Items start to end of a section, read alone (without the whole section)."""
        values = array(kind)
        size = values.itemsize
        values.frombytes(self._sections[name][start * size:end * size])
        return values

    @property
    def ids(self) -> list[str]:
        ids = self._cache.get("ids")
        if ids is None:
            ids = self._cache["ids"] = marshal.loads(self._sections["ids"][:])
        return ids

    @property
    def pairs_checked(self) -> int:
        """Pairs with both sides (the ones the check checks)."""
        return self._sections["bilingual"][:].count(1)

    @property
    def used(self) -> set[int]:
        """The entries present anywhere in the text (on either side, inside a longer term too)."""
        return set(self._array("used"))

    def occurrences(self, entry: int, limit: int | None = None
                    ) -> list[tuple[int, list[tuple[int, int]], list[tuple[int, int]]]]:
        """(pair position, English spans, Chinese spans) of each pair the entry is present
        in (of the first `limit` such pairs)."""
        flat = self._postings(entry)
        found: list = []
        last = -1
        for n in range(0, len(flat), 4):
            pos, lang, start, end = flat[n], flat[n + 1], flat[n + 2], flat[n + 3]
            if pos != last:
                if limit is not None and len(found) >= limit:
                    break
                found.append((pos, [], []))
                last = pos
            found[-1][1 + lang].append((start, end))
        return found

    def occurrence_count(self, entry: int) -> int:
        """How many pairs the entry is present in (len(occurrences(entry)), none decoded)."""
        return len(set(self._postings(entry)[::4]))

    def _postings(self, entry: int) -> array:
        """The entry's hits, four numbers each: pair position (in order), language, start, end."""
        if not 0 <= entry < self._entries:
            return array(U32)
        at = self._array("post_at")
        return self._slice("post", 4 * at[entry], 4 * at[entry + 1])

    def present_on_both_sides(self, entry: int, position: int) -> bool:
        """Whether the entry is present on both sides of one pair (an attestation holds)."""
        return any(pos == position and en and zh for pos, en, zh in self.occurrences(entry))

    def verdicts(self) -> Iterator[tuple[int, array, array]]:
        """(pair position, the entries rendered on both sides, the others as entry * 4 +
        ZH_ONLY or EN_ONLY), each by entry, of each pair with both sides where a term
        occurs."""
        at, flat = self._array("items_at"), self._array("items")
        missed_at, missed = self._array("missed_at"), self._array("missed")
        for pos in range(self.count):
            start, end = at[pos], at[pos + 1]
            miss_start, miss_end = missed_at[pos], missed_at[pos + 1]
            if start != end or miss_start != miss_end:
                yield pos, flat[start:end], missed[miss_start:miss_end]

    def zh_terms(self, position: int) -> list[tuple[int, int]]:
        """The longest glossary hits of a pair's Chinese side (the words of the word cursor)."""
        return list(zip(*self.zh_term_edges(position)))

    def zh_term_edges(self, position: int) -> tuple[array, array]:
        """`zh_terms` as their starts and their ends."""
        at = self._array("zhterm_at")
        flat = self._slice("zhterm", 2 * at[position], 2 * at[position + 1])
        return flat[0::2], flat[1::2]

    def zh_containing(self, word: str) -> Iterator[tuple[int, str]]:
        """(position, Chinese side) of each pair whose Chinese side holds `word`."""
        for pos in self._holding("zh", word):
            yield pos, self._zh(pos)

    def zh_word_candidates(self, word: str) -> Iterator[tuple[int, str]]:
        """(position, Chinese side) of each pair where `word` may stand as a word
        (`concordance.word_spans`): the pairs whose Chinese holds it, less those where
        each of its occurrences starts or ends inside a run of Han characters of a
        glossary term, a place where the words never meet. A word that holds no such
        run as a whole occurs elsewhere only outside them: where the free Chinese (the
        runs left out) holds it."""
        runs = self.free_runs
        if any(word[start:end] in runs for start in range(len(word)) for end in range(start + 2, len(word) + 1)):
            yield from self.zh_containing(word)
            return
        if not self._free_may_hold(word):
            return
        for pos in self._holding("free", word):
            yield pos, self._zh(pos)

    def _free_may_hold(self, word: str) -> bool:
        """False when some character of `word`, or two side by side, are nowhere in the
        free Chinese (the search over it would find nothing)."""
        grams = self._array("free_grams", _U64)
        wanted = [word] if len(word) == 1 else map(str.__add__, word, word[1:])
        for gram in map(_gram, wanted):
            at = bisect_left(grams, gram)
            if at == len(grams) or grams[at] != gram:
                return False
        return True

    @property
    def free_runs(self) -> frozenset[str]:
        """The runs of Han characters left out of the free Chinese (each of two or more)."""
        runs = self._cache.get("runs")
        if runs is None:
            runs = self._cache["runs"] = frozenset(marshal.loads(self._sections["runs"][:]))
        return runs

    def _holding(self, name: str, word: str) -> Iterator[int]:
        """The positions of the pairs whose part of the blob `name` (laid out by
        `name`_at) holds `word`, in order."""
        if not word:
            return
        blob = self._sections[name]
        at = self._array(f"{name}_at", _U64)
        needle = word.encode("utf-8")
        find = blob.find
        position = find(needle)
        while position != -1:
            pos = bisect_right(at, position) - 1
            end = at[pos + 1]
            if position + len(needle) <= end:
                yield pos
            position = find(needle, end)  # the next pair

    def _zh(self, position: int) -> str:
        at = self._array("zh_at", _U64)
        return self._sections["zh"][at[position]:at[position + 1]].decode("utf-8", "surrogatepass")

    def pair(self, position: int) -> Pair:
        """One pair of the text, read alone from its file when the text is not in memory."""
        if self._pairs is not None:
            return self._pairs[position]
        return _trusted_pair(json.loads(self._line(position)))

    def shown_pair(self, position: int):
        """A pair as a look-up shows it: the `Pair` itself when the text is in memory,
        else a `PairView` of its id and sides (the rest read when asked for)."""
        if self._pairs is not None:
            return self._pairs[position]
        line = self._line(position)
        fields = _leading_fields(line)
        if fields is None:
            return _trusted_pair(json.loads(line))
        return PairView(*fields, self, position)

    def _line(self, position: int) -> str:
        """The pair's line of the alignment file, read alone (not mapped: a look-up reads a
        few lines here and there, which a map would keep in memory by the page)."""
        fd = self._alignment.fileno()
        start = self._array("lines", _U64)[position]
        size, data = 4096, b""
        while True:
            data = os.pread(fd, size, start)
            end = data.find(b"\n")
            if end != -1 or len(data) < size:
                return (data[:end] if end != -1 else data).decode("utf-8")
            size *= 4

    def all_pairs(self) -> Sequence[Pair]:
        """Every pair of the text (read whole, once, when something needs it all)."""
        if self._pairs is None:
            self._pairs = [self.pair(position) for position in range(self.count)]
        return self._pairs

    def names(self, dictionary):
        """The text's personal names (`names.names_of`), learnt from the whole text once and
        kept in the user cache beside the index, for this alignment file and dictionary."""
        from .names import NAMES_VERSION, names_of

        if "names" in self._cache:
            return self._cache["names"]
        signature = getattr(dictionary, "_cache", None)
        file = None
        if self.source is not None and signature is not None:
            key = _hash([NAMES_VERSION, self.source, repr(signature[1])])
            file = _folder(self.cache_dir) / f"{self.text_id}-names-{key[:20]}.marshal"
            try:
                with open(file, "rb") as handle:
                    stored_key, learnt = marshal.load(handle)
                if stored_key == key:
                    names = self._cache["names"] = names_of((), dictionary, learnt)
                    return names
            except (OSError, EOFError, ValueError, TypeError, KeyError):
                pass  # none yet, or damaged: learnt again
        names = self._cache["names"] = names_of(self.all_pairs(), dictionary)
        if file is not None:
            from .errors import ReaderError
            from .files import write_files_atomically

            try:
                write_files_atomically({file: marshal.dumps((key, names.learnt()))})
                others = sorted(file.parent.glob(f"{self.text_id}-names-*.marshal"), key=_mtime, reverse=True)
                for old in others[KEEP:]:
                    old.unlink(missing_ok=True)
            except (ReaderError, OSError):
                pass
        return names

    def close(self) -> None:
        """Let go of the alignment file (the index's own map goes with the index)."""
        if self._alignment is not None:
            self._alignment.close()
            self._alignment = None


def _parse(handle, path: Path, text_id: str) -> tuple[list[Pair], list[int]]:
    """A text's pairs, read and checked as `Library.load` reads them, and where each one's
    line starts in the file."""
    from .store import parse_alignment

    starts: list[int] = []
    at = [0, 0]  # where the line last read starts, and where the next one does

    def lines():
        for raw in handle:
            at[0] = at[1]
            at[1] += len(raw)
            yield raw

    file_id, stream = parse_alignment(lines(), path)
    if file_id != text_id:
        from .errors import ReaderError

        raise ReaderError(f"header names text {file_id!r}, but the file is for {text_id!r}", path, 1)
    pairs = []
    for pair in stream:
        pairs.append(pair)
        starts.append(at[0])
    return pairs, starts


class PairView:
    """A pair's id and sides, read from the start of its line in the alignment file (all
    a look-up shows of most pairs); anything else of the pair (its sentence links) is
    read from the whole line when first asked for. Equal to the `Pair` it shows."""

    __slots__ = ("id", "kind", "en", "zh", "_index", "_position", "_pair")

    def __init__(self, pair_id: str, kind: str, en: str, zh: str, index: TermIndex, position: int) -> None:
        self.id, self.kind, self.en, self.zh = pair_id, kind, en, zh
        self._index, self._position, self._pair = index, position, None

    def side(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    @property
    def whole(self) -> Pair:
        if self._pair is None:
            self._pair = self._index.pair(self._position)
        return self._pair

    def __getattr__(self, name: str):  # what is not a slot: the rest of the pair
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.whole, name)

    def __eq__(self, other) -> bool:
        if isinstance(other, PairView):
            other = other.whole
        return self.whole == other if isinstance(other, Pair) else NotImplemented

    __hash__ = None


# How the alignment file writes a pair's line (`store.pair_record`): these fields first.
_LEADS = ('{"id": "', ', "kind": "', ', "en": "', ', "zh": "')


def _leading_fields(line: str) -> list[str] | None:
    """The id, kind, English and Chinese of a pair's line, decoded as JSON strings without
    the rest of the line; None when the line is laid out otherwise."""
    from json.decoder import scanstring

    values, at = [], 0
    for lead in _LEADS:
        if not line.startswith(lead, at):
            return None
        value, at = scanstring(line, at + len(lead))
        values.append(value)
    return values


def _trusted_pair(record: dict) -> Pair:
    """A pair of a file the index was built from, checked then (`store._pair_from_record`):
    the file is as it was (its size, time and inode), so read without the checks."""
    get = record.get
    src, sentences, links, link_status = get("src"), get("sentences"), get("links"), get("link_status")
    return Pair(record["id"], record["kind"], record["en"], record["zh"],
                tuple(map(tuple, src.get("en", ()))) if src else (), tuple(map(tuple, src.get("zh", ()))) if src else (),
                get("level", 0),
                tuple(map(tuple, sentences.get("en", ()))) if sentences else (),
                tuple(map(tuple, sentences.get("zh", ()))) if sentences else (),
                tuple([(tuple(en), tuple(zh), float(score)) for en, zh, score in links]) if links else (),
                get("status", "auto"),
                tuple(link_status) if link_status and any(item != "auto" for item in link_status) else ())


PARALLEL_PAIRS = 20_000  # pairs from which a build is split among processes, one a core
_WORKERS = 4
_FORKED: tuple | None = None  # (pairs, matcher) a worker process builds from (inherited through fork)


def _build(pairs: Sequence[Pair], matcher: TermMatcher, lines: Sequence[int] | None,
           parallel_from: int | None = None) -> dict[str, bytes]:
    """The sections of a text's index (see the module): scanned here, or, for a long
    text on a machine with cores to spare, in stretches by forked processes and this
    one, then joined (the same sections)."""
    global _FORKED
    parallel_from = PARALLEL_PAIRS if parallel_from is None else parallel_from
    workers = min(os.cpu_count() or 1, _WORKERS)
    if len(pairs) < max(parallel_from, 2) or workers < 2:
        return _build_stretch(pairs, matcher, lines)
    from .workers import can_fork, forked_pool

    if not can_fork():
        return _build_stretch(pairs, matcher, lines)
    matcher.prepare()  # built once, before the fork, not in every worker
    cuts = [len(pairs) * n // workers for n in range(workers + 1)]
    _FORKED = (pairs, matcher)
    try:
        with forked_pool(workers - 1) as pool:
            pending = [pool.apply_async(_build_in_worker, (cuts[n], cuts[n + 1])) for n in range(1, workers)]
            parts = [_build_stretch(pairs[cuts[0]:cuts[1]], matcher, None)]
            parts += [job.get() for job in pending]
    finally:
        _FORKED = None
    return _joined(parts, cuts, pairs, len(matcher.entries), lines)


def _build_in_worker(start: int, end: int) -> dict[str, bytes]:
    pairs, matcher = _FORKED
    return _build_stretch(pairs[start:end], matcher, None)


def _joined(parts: list[dict[str, bytes]], cuts: list[int], pairs: Sequence[Pair], entries: int,
            lines: Sequence[int] | None) -> dict[str, bytes]:
    """The sections of the whole text from those of its stretches (`cuts`: where each
    starts): blobs and items end to end, their offsets and pair positions shifted."""
    def values(part, name, kind=U32):
        found = array(kind)
        found.frombytes(part[name])
        return found

    joined: dict[str, bytes] = {"ids": _strings([pair.id for pair in pairs]),
                                "bilingual": b"".join(part["bilingual"] for part in parts),
                                "used": array(U32, sorted(set().union(*(values(p, "used") for p in parts)))).tobytes()}
    for name, kind in (("items", U32), ("missed", U32), ("zhterm", U32), ("zh", _U64), ("free", _U64)):
        at, total = array(kind, [0]), 0
        for part in parts:
            offsets = values(part, f"{name}_at", kind)
            at.extend(offset + total for offset in offsets[1:])
            total += offsets[-1]
        joined[f"{name}_at"] = at.tobytes()
        joined[name] = b"".join(part[name] for part in parts)
    post_at, post = array(U32, [0]), array(U32)
    stretches = [(values(part, "post_at"), values(part, "post"), first) for part, first in zip(parts, cuts)]
    for entry in range(entries):
        for at, hits, first in stretches:
            these = hits[4 * at[entry]:4 * at[entry + 1]]
            if first:
                these[0::4] = array(U32, [pos + first for pos in these[0::4]])
            post.extend(these)
        post_at.append(len(post) // 4)
    joined["post_at"], joined["post"] = post_at.tobytes(), post.tobytes()
    joined["runs"] = _strings(sorted(set().union(*(marshal.loads(part["runs"]) for part in parts))))
    joined["free_grams"] = array(_U64, sorted(set().union(*(values(p, "free_grams", _U64) for p in parts)))).tobytes()
    joined["lines"] = array(_U64, lines if lines is not None else ()).tobytes()
    return {name: joined[name] for name in _SECTIONS}


def _strings(strings: list[str]) -> bytes:
    """A list of strings as marshal bytes that depend on the strings alone (marshal's
    version 2 has no references, whose use depends on how each object is held)."""
    return marshal.dumps(strings, 2)


def _build_stretch(pairs: Sequence[Pair], matcher: TermMatcher, lines: Sequence[int] | None) -> dict[str, bytes]:
    """The sections of an index of `pairs` alone."""
    entries = len(matcher.entries)
    postings = [array(U32) for _ in range(entries)]
    items_at, items = array(U32, [0]), array(U32)  # the entries a pair renders (the check's matches)
    missed_at, missed = array(U32, [0]), array(U32)  # and the others (its misses)
    zhterm_at, zhterm = array(U32, [0]), array(U32)
    zh_at, zh_blob = array(_U64, [0]), []
    free_at, free_blob, runs, grams = array(_U64, [0]), [], set(), set()
    bilingual = bytearray(len(pairs))
    used: set[int] = set()
    size = free_size = 0
    find = matcher.find_both
    for pos, pair in enumerate(pairs):
        every_en, longest_en = find(pair.en, "en")
        every_zh, longest_zh = find(pair.zh, "zh")
        present_en = {entry for _, _, entry in every_en}
        present_zh = {entry for _, _, entry in every_zh}
        for lang, hits in ((0, every_en), (1, every_zh)):
            for start, end, entry in hits:
                postings[entry].extend((pos, lang, start, end))
        used |= present_en
        used |= present_zh
        if pair.en and pair.zh:
            bilingual[pos] = 1
            for entry in sorted({entry for _, _, entry in longest_en} | {entry for _, _, entry in longest_zh}):
                if entry in present_en and entry in present_zh:
                    items.append(entry)
                else:
                    missed.append(4 * entry + (ZH_ONLY if entry in present_zh else EN_ONLY))
        items_at.append(len(items))
        missed_at.append(len(missed))
        for start, end, _ in longest_zh:
            zhterm.extend((start, end))
        zhterm_at.append(len(zhterm) // 2)
        raw = pair.zh.encode("utf-8", "surrogatepass")
        zh_blob.append(raw)
        size += len(raw)
        zh_at.append(size)
        free = _free_chinese(pair.zh, longest_zh, runs, grams)
        free_blob.append(free)
        free_size += len(free)
        free_at.append(free_size)
    post_at, post = array(U32, [0]), array(U32)
    for values in postings:
        post.extend(values)
        post_at.append(len(post) // 4)
    return {
        "ids": _strings([pair.id for pair in pairs]),
        "bilingual": bytes(bilingual),
        "used": array(U32, sorted(used)).tobytes(),
        "items_at": items_at.tobytes(), "items": items.tobytes(),
        "missed_at": missed_at.tobytes(), "missed": missed.tobytes(),
        "post_at": post_at.tobytes(), "post": post.tobytes(),
        "zhterm_at": zhterm_at.tobytes(), "zhterm": zhterm.tobytes(),
        "zh_at": zh_at.tobytes(), "zh": b"".join(zh_blob),
        "free_at": free_at.tobytes(), "free": b"".join(free_blob), "runs": _strings(sorted(runs)),
        "free_grams": array(_U64, sorted(map(_gram, grams))).tobytes(),
        "lines": array(_U64, lines if lines is not None else ()).tobytes(),
    }


def _free_chinese(zh: str, terms: Sequence[tuple[int, int, int]], runs: set[str], grams: set[str]) -> bytes:
    """A pair's Chinese side (UTF-8) less each run of two or more Han characters inside
    one of its longest glossary hits (`terms`, in order), a 0xFF byte (which no word's
    UTF-8 holds) in the place of each; the runs left out added to `runs`. A word occurs
    there where it occurs in `zh` touching none of the runs; where it touches one, it
    starts or ends inside it (where the word cursor never cuts: the run is inside one
    word) or holds it whole. Hits that overlap (which the matcher never gives) leave
    the side whole. Every character of what is kept, and every two characters side by
    side there, are added to `grams`."""
    kept, last, previous_end = [], 0, 0
    for start, end, _ in terms:
        if start < previous_end:
            kept, last = [], 0
            break
        previous_end = end
        for run_start, run_end in han_runs(zh, start, end):
            if run_end - run_start > 1:
                kept.append(zh[last:run_start])
                runs.add(zh[run_start:run_end])
                last = run_end
    kept.append(zh[last:])
    for part in kept:
        grams.update(part)
        grams.update(map(str.__add__, part, part[1:]))
    return b"\xff".join(part.encode("utf-8", "surrogatepass") for part in kept)


def _gram(gram: str) -> int:
    """A character, or two side by side, as one number (sorted in `free_grams`)."""
    return ord(gram[0]) << 21 | (ord(gram[1]) if len(gram) > 1 else 0x1FFFFF)


# -- the cache file --------------------------------------------------------------------------


def _folder(cache_dir: Path | None) -> Path:
    if cache_dir is None:
        from platformdirs import user_cache_dir

        cache_dir = Path(user_cache_dir("reader"))
    return cache_dir / "term-index"


def _stat(path: Path, stat=None) -> list | str:
    try:
        stat = stat or path.stat()
    except OSError:
        return str(path)  # missing (an edit journal not made yet)
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _key(source: list, matcher: TermMatcher) -> str:
    """What the index depends on, hashed: the alignment file as opened and the edit
    journal (`source`), the glossary as the matcher sees it, the matcher's version."""
    glossary = [[e.zh, list(e.renderings), list(e.exclude)] for e in matcher.entries]
    return _hash([FORMAT, MATCHER_VERSION, source, glossary])


def _hash(record) -> str:
    return hashlib.sha256(json.dumps(record, ensure_ascii=False).encode("utf-8")).hexdigest()


# The sections, and the size of their items (0: bytes of any length).
_SECTIONS = {"ids": 0, "bilingual": 1, "used": 4, "items_at": 4, "items": 4, "missed_at": 4, "missed": 4,
             "post_at": 4, "post": 4,
             "zhterm_at": 4, "zhterm": 4, "zh_at": 8, "zh": 0, "free_at": 8, "free": 0, "runs": 0, "free_grams": 8,
             "lines": 8}
_LENGTH = struct.Struct("<Q")


def _read(path: Path, key: str):
    """(sections, pairs, entries) of a valid index file, else None (none yet, another
    key, or damaged: it is only a cache)."""
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    try:
        if mapped[:len(MAGIC)] != MAGIC:
            raise ValueError
        at = len(MAGIC)
        (length,) = _LENGTH.unpack(mapped[at:at + _LENGTH.size])
        at += _LENGTH.size
        stored_key, count, entries, places = marshal.loads(mapped[at:at + length])
        if stored_key != key or set(places) != set(_SECTIONS):
            raise ValueError
        sections = {}
        for name, (start, size, crcs) in places.items():
            item = _SECTIONS[name]
            if (start < at + length or start + size > len(mapped) or (item and size % item)
                    or not crcs_fit(crcs, size)):
                raise ValueError
            sections[name] = Window(name, mapped, start, size, crcs)
        _check(sections, count, entries)
        return sections, count, entries
    except (ValueError, TypeError, EOFError, IndexError, KeyError, struct.error):
        mapped.close()
        return None


def _check(sections, count: int, entries: int) -> None:
    """The sections agree with each other (a damaged file raises ValueError)."""
    def items(name, size=4):
        return len(sections[name]) // size

    def last(name, kind=U32):
        values = array(kind)
        size = values.itemsize
        values.frombytes(sections[name][-size:])
        return values[0]

    if (len(sections["bilingual"]) != count or items("items_at") != count + 1 or items("missed_at") != count + 1
            or items("zhterm_at") != count + 1
            or items("zh_at", 8) != count + 1 or items("free_at", 8) != count + 1 or items("post_at") != entries + 1
            or items("lines", 8) not in (0, count)):
        raise ValueError
    if (last("items_at") != items("items") or last("missed_at") != items("missed")
            or 2 * last("zhterm_at") != items("zhterm")
            or 4 * last("post_at") != items("post") or last("zh_at", _U64) != len(sections["zh"])
            or last("free_at", _U64) != len(sections["free"])):
        raise ValueError
    ids = marshal.loads(sections["ids"][:])
    if type(ids) is not list or len(ids) != count:
        raise ValueError
    runs = marshal.loads(sections["runs"][:])
    if type(runs) is not list or not all(type(run) is str for run in runs):
        raise ValueError


def _write(path: Path, key: str, sections: dict[str, bytes], count: int, entries: int, text_id: str) -> None:
    from .errors import ReaderError
    from .files import write_files_atomically

    places, offset = {}, 0
    for name in _SECTIONS:
        places[name] = [offset, len(sections[name]), block_crcs(sections[name])]
        offset += len(sections[name])
    # The header holds the sections' places, which count from its own end: sized twice.
    header = marshal.dumps((key, count, entries, places))
    base = len(MAGIC) + _LENGTH.size + len(header) + 64
    places = {name: (start + base, size, crc) for name, (start, size, crc) in places.items()}
    header = marshal.dumps((key, count, entries, places))
    padding = base - len(MAGIC) - _LENGTH.size - len(header)
    if padding < 0:
        return  # (never: the places are no longer the second time)
    record = b"".join([MAGIC, _LENGTH.pack(len(header)), header, b"\0" * padding,
                       *(sections[name] for name in _SECTIONS)])
    try:
        write_files_atomically({path: record})
        others = sorted((p for p in path.parent.glob(f"{text_id}-*{SUFFIX}") if len(p.name) == len(path.name)),
                        key=_mtime, reverse=True)
        for old in others[KEEP:]:
            old.unlink(missing_ok=True)
        for old in path.parent.glob(f"{text_id}-*.marshal"):  # the format before this one
            if len(old.name) == len(text_id) + 1 + 20 + len(".marshal"):  # not the names
                old.unlink(missing_ok=True)
    except (ReaderError, OSError):
        pass  # an unwritable cache folder only costs time on the next command


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
