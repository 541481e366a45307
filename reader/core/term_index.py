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
from dataclasses import dataclass
from pathlib import Path

from .matching import TermMatcher
from .model import Text

# Of the matcher's behaviour: bump when reader.core.matching finds other hits for the same
# glossary and text, so that indexes made before are not used.
MATCHER_VERSION = 1
FORMAT = 1  # of the index file
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

    def __init__(self, pairs: list[PairTerms], built: bool) -> None:
        self.pairs = pairs
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


def _read(path: Path, key: str, count: int) -> list[PairTerms] | None:
    try:
        with open(path, "rb") as handle:
            record = marshal.load(handle)
        if record[0] != key or len(record[1]) != count:
            return None
        return [PairTerms(*sides) for sides in record[1]]
    except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError):
        return None  # no index yet, or a damaged one: it is only a cache


def _write(path: Path, key: str, pairs: list[PairTerms], text_id: str) -> None:
    from .errors import ReaderError
    from .files import write_files_atomically

    data = marshal.dumps((key, [(p.every_en, p.every_zh, p.longest_en, p.longest_zh) for p in pairs]))
    try:
        write_files_atomically({path: data})
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
