"""The glossary terms of each pair of a text, found once and kept in the user cache.

`reader lookup` and `reader glossary check` ask, of every pair, which glossary terms it
holds: scanning a long text with the matcher (reader.core.matching) for every command
costs seconds at book scale. The index holds, per pair and side, the matcher's hits
(every hit, a term inside a longer one too, and the longest hits the reader highlights),
so those commands read the answer instead.

An index is valid for one alignment file as it is on disk (its path, size, modification
time and inode: a save replaces the file) and one glossary as the matcher sees it (every
entry's term, renderings and exclusions: editing any glossary file changes it), and for
one version of the matcher (`MATCHER_VERSION`). Anything else and it is built again. Up
to `KEEP` indexes are kept a text (a look-up and a check see different glossaries: the
library's every glossary, or the one that applies to the text). It is only a cache: a
damaged or unreadable one is rebuilt, an unwritable folder only costs time.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .matching import TermMatcher
from .model import Text

# Of the matcher's behaviour: bump when reader.core.matching finds other hits for the same
# glossary and text, so that indexes made before are not used.
MATCHER_VERSION = 1
FORMAT = 2  # of the index file
KEEP = 4  # indexes kept a text

Span = tuple[int, int, int]  # start, end, entry index


@dataclass(frozen=True, slots=True)
class PairTerms:
    """A pair's hits, each (start, end, entry), by side: `every_*` with overlaps (a term
    inside a longer one too), `longest_*` the longest without overlaps."""

    every_en: tuple[Span, ...]
    every_zh: tuple[Span, ...]
    longest_en: tuple[Span, ...]
    longest_zh: tuple[Span, ...]

    def every(self, lang: str) -> tuple[Span, ...]:
        return self.every_en if lang == "en" else self.every_zh

    def occurring(self, lang: str) -> list[int]:
        """As `TermMatcher.occurring`: entries of the longest hits, by first appearance."""
        return list(dict.fromkeys(entry for _, _, entry in (self.longest_en if lang == "en" else self.longest_zh)))

    def present(self, lang: str) -> set[int]:
        """As `TermMatcher.present`: entries of every hit."""
        return {entry for _, _, entry in self.every(lang)}


class TermIndex:
    """Per pair of a text (by position), its glossary terms (`PairTerms`)."""

    def __init__(self, pairs, built: bool) -> None:
        self.pairs = pairs  # a sequence of PairTerms
        self.built = built  # True: scanned now; False: read from the cache

    @classmethod
    def build(cls, text: Text, matcher: TermMatcher) -> TermIndex:
        pairs = []
        for pair in text.pairs:
            sides = []
            for overlapping in (True, False):
                for lang in ("en", "zh"):
                    hits = matcher.find(pair.side(lang), lang, overlapping=overlapping)
                    sides.append(tuple((hit.start, hit.end, hit.entry) for hit in hits))
            pairs.append(PairTerms(*sides))
        return cls(pairs, built=True)

    @classmethod
    def for_text(cls, text: Text, matcher: TermMatcher, alignment: Path | None,
                 cache_dir: Path | None = None, also: tuple[Path, ...] = ()) -> TermIndex:
        """The text's index from the cache when it is valid for `alignment` (the text's
        alignment file; None: nothing to key on, so built and not kept), the files `also`
        (as they are, or missing: the text's edit journal) and the matcher's glossary, else
        built and cached."""
        key = _key(alignment, matcher, also) if alignment is not None else None
        if key is None:
            return cls.build(text, matcher)
        folder = _folder(cache_dir)
        path = folder / f"{text.id}-{key[:20]}.marshal"
        cached = _read(path, key, len(text.pairs))
        if cached is not None:
            return cls(cached, built=False)
        index = cls.build(text, matcher)
        _write(path, key, index.pairs, text.id)
        return index


def _folder(cache_dir: Path | None) -> Path:
    if cache_dir is None:
        from platformdirs import user_cache_dir

        cache_dir = Path(user_cache_dir("reader"))
    return cache_dir / "term-index"


def _stat(path: Path) -> list | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _key(alignment: Path, matcher: TermMatcher, also: tuple[Path, ...] = ()) -> str | None:
    """What the index depends on, hashed: None when the alignment file cannot be seen."""
    files = _stat(alignment)
    if files is None:
        return None
    glossary = [[e.zh, list(e.renderings), list(e.exclude)] for e in matcher.entries]
    record = [FORMAT, MATCHER_VERSION, files, [_stat(path) or str(path) for path in also], glossary]
    return hashlib.sha256(json.dumps(record, ensure_ascii=False).encode("utf-8")).hexdigest()


class _StoredPairs(Sequence):
    """The pairs of an index file, made into `PairTerms` when asked for: each side's hits
    are one flat array of (start, end, entry) triples and the pairs' offsets into it, which
    load at once where a list of tuples would be unmarshalled object by object."""

    def __init__(self, offsets: list[array], data: list[array]) -> None:
        self._offsets = offsets
        self._data = data

    def __len__(self) -> int:
        return len(self._offsets[0]) - 1

    def __getitem__(self, index: int) -> PairTerms:
        if not 0 <= index < len(self):
            raise IndexError(index)
        sides = []
        for offsets, data in zip(self._offsets, self._data):
            values = iter(data[3 * offsets[index]:3 * offsets[index + 1]])
            sides.append(tuple(zip(values, values, values)))
        return PairTerms(*sides)


def _read(path: Path, key: str, count: int) -> Sequence[PairTerms] | None:
    try:
        with open(path, "rb") as handle:
            record = marshal.load(handle)
        stored_key, stored_count, offsets, data = record
        if stored_key != key or stored_count != count:
            return None
        offsets = [_array("q", raw) for raw in offsets]
        data = [_array("q", raw) for raw in data]
        if len(offsets) != 4 or len(data) != 4 or any(len(o) != count + 1 for o in offsets) \
                or any(len(d) != 3 * o[-1] for o, d in zip(offsets, data)):
            return None
        return _StoredPairs(offsets, data)
    except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError):
        return None  # no index yet, or a damaged one: it is only a cache


def _array(kind: str, raw: bytes) -> array:
    values = array(kind)
    values.frombytes(raw)
    return values


def _write(path: Path, key: str, pairs: list[PairTerms], text_id: str) -> None:
    from .errors import ReaderError
    from .files import write_files_atomically

    offsets, data = [], []
    for side in ("every_en", "every_zh", "longest_en", "longest_zh"):
        at, flat = array("q", [0]), array("q")
        for pair in pairs:
            for hit in getattr(pair, side):
                flat.extend(hit)
            at.append(len(flat) // 3)
        offsets.append(at.tobytes())
        data.append(flat.tobytes())
    record = marshal.dumps((key, len(pairs), offsets, data))
    try:
        write_files_atomically({path: record})
        others = sorted((p for p in path.parent.glob(f"{text_id}-*.marshal") if len(p.name) == len(path.name)),
                        key=_mtime, reverse=True)
        for old in others[KEEP:]:
            old.unlink(missing_ok=True)
    except (ReaderError, OSError):
        pass  # an unwritable cache folder only costs time on the next command


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
