"""Sentence alignment of an English and a Chinese text, offline and deterministic.

A dynamic programme over beads (m English : n Chinese sentences, from 0-1 and 1-0 up to
5-1 and 1-3), maximising the sum of the beads' scores, in the manner of Bertalign: a
bead's score is how well its two sides translate each other, so two good 1-1 beads beat
one 2-2 bead, while a 2-1 bead beats a 1-1 bead and a deletion when the second English
sentence translates part of the Chinese one.

How well two spans translate each other is measured with a bilingual lexicon, not with
embeddings: each Chinese word (CC-CEDICT's greedy segmentation) stands for the English
words of its glosses (stemmed, common words left out), and the glossary adds its terms.
The coverage of a bead is the share of Chinese words with a translation on the English
side, averaged with the share of English words with a translation on the Chinese side.
Besides dictionary words, a token is a number (Arabic or Chinese), a Latin-script word
written in the Chinese, a name (an English capitalised word that is the pinyin of one to
three Chinese characters: Qingyang = 清扬), or a question or exclamation mark. The score
is the coverage less a length penalty: the squared log ratio of the English length to the
Chinese length times the document's ratio. Deletions score a fixed penalty.

The search runs in a band around the diagonal (sentence positions in proportion), then a
second time with every bead type in a narrower band around the first path. When both texts
have the same number of paragraphs (more than one), each paragraph pair is aligned on its
own: paragraph boundaries are anchors.

The lexicon is built once from CC-CEDICT (~3.5 s) and cached beside the dictionary's cache;
`prepare()` does that ahead of time.
"""

from __future__ import annotations

import marshal
import math
import re
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from .errors import ReaderError
from .files import write_atomically
from .script import is_han

LEXICON_VERSION = 1
_MAGIC = b"reader alignment lexicon\n"

# Bead shapes (English, Chinese) the search considers, and a small prior (in score units)
# against the rarer ones.
BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.0, (2, 1): 0.0, (1, 2): 0.0, (3, 1): 0.0, (1, 3): 0.0, (2, 2): 0.0,
    (4, 1): 0.0, (3, 2): 0.0, (2, 3): 0.0, (5, 1): 0.0,
}
FIRST_PASS = ((1, 1), (2, 1), (1, 2), (3, 1), (1, 3))

STOPWORDS = frozenset("""
a an the of to and or but in on at by for with from as into onto upon out up down off over
under about than then so if is are was were be been being am do does did done have has had
having it its it's this that these those there here which who whom whose what when where why
how not no nor all any some such very can could may might must shall should will would one
sb sth someone something oneself etc i me my mine we us our ours you your yours he him his she
her hers they them their theirs just also too only own same other s t don don't
lit fig see used kind variant old cl abbr pr pref suff esp person thing particle
""".split())

_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*|[?!]")
_ZH_EXTRA = re.compile(r"[A-Za-z]+|\d+|[?？!！]")
_GLOSS_WORD = re.compile(r"[a-z]+")
_PARENS = re.compile(r"\([^()]*\)|\[[^\]]*\]|\b(?:CL|see|variant of|old variant of)\b.*")
_PINYIN = re.compile(r"[a-z:]+(?=[1-5])")
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def stem(word: str) -> str:
    """A crude English stem, enough to meet "walked" with "walk" and "cities" with "city"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3:
        return word
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # stopped -> stopp -> stop
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


# -- the lexicon -------------------------------------------------------------------------


class Lexicon:
    """Chinese words to English stems, from CC-CEDICT (and a glossary), plus the toneless
    pinyin readings of single characters (for names)."""

    def __init__(self, words: dict[str, tuple[str, ...]], readings: dict[str, tuple[str, ...]]):
        self.words = words
        self.readings = readings

    def translations(self, word: str) -> tuple[str, ...]:
        return self.words.get(word, ())

    def add_glossary(self, entries: Iterable) -> Lexicon:
        """A copy with the glossary's terms added (each rendering's words, stemmed)."""
        words = dict(self.words)
        for entry in entries:
            stems = {stem(w) for rendering in entry.renderings for w in _GLOSS_WORD.findall(rendering.lower())
                     if w not in STOPWORDS}
            if stems:
                words[entry.zh] = tuple(sorted(stems | set(words.get(entry.zh, ()))))
        return Lexicon(words, self.readings)

    @classmethod
    def build(cls, data_file: Path) -> Lexicon:
        from .dictionary import read_entries

        words: dict[str, set[str]] = defaultdict(set)
        readings: dict[str, set[str]] = defaultdict(set)
        for entry in read_entries(Path(data_file)):
            senses = entry.senses
            if "surname " in senses and len(entry.simplified) == 1:
                pass  # a surname sense still gives the character's reading below
            stems = set()
            for sense in senses.split("/"):
                sense = _PARENS.sub(" ", sense)
                for w in _GLOSS_WORD.findall(sense.lower()):
                    if w not in STOPWORDS and len(w) > 1:
                        stems.add(stem(w))
            if stems:
                words[entry.simplified].update(stems)
                if entry.traditional != entry.simplified:
                    words[entry.traditional].update(stems)
            if len(entry.simplified) == 1:
                for syllable in _PINYIN.findall(entry.numbered.lower()):
                    readings[entry.simplified].add(syllable.replace("u:", "v"))
        return cls({k: tuple(sorted(v)) for k, v in words.items()},
                   {k: tuple(sorted(v)) for k, v in readings.items()})

    @classmethod
    def load(cls, cache_dir: Path | None = None, data_file: Path | None = None) -> Lexicon:
        """The lexicon from its cache (beside the dictionary's), built and cached when the
        cache is missing, stale or damaged."""
        from .dictionary import default_cache_dir, shipped_data_file

        data_file = Path(data_file) if data_file is not None else shipped_data_file()
        cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        try:
            stat = data_file.stat()
        except OSError:
            raise ReaderError("no such file", data_file) from None
        key = (LEXICON_VERSION, sys.version_info[:2], str(data_file.resolve()), stat.st_size, stat.st_mtime_ns)
        cache_file = cache_dir / f"lexicon.v{LEXICON_VERSION}.marshal"
        try:
            raw = cache_file.read_bytes()
            if raw.startswith(_MAGIC):
                body = raw[len(_MAGIC) + 4:]
                if zlib.crc32(body).to_bytes(4, "big") == raw[len(_MAGIC): len(_MAGIC) + 4]:
                    stored_key, words, readings = marshal.loads(body)
                    if tuple(stored_key) == key:
                        return cls(words, readings)
        except (OSError, ValueError, TypeError, EOFError):
            pass
        lexicon = cls.build(data_file)
        body = marshal.dumps((key, lexicon.words, lexicon.readings))
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(cache_file, _MAGIC + zlib.crc32(body).to_bytes(4, "big") + body)
        except OSError:
            pass  # only a cache
        return lexicon


def prepare(cache_dir: Path | None = None) -> None:
    """Build and cache what alignment needs (the dictionary index and the lexicon)."""
    from .dictionary import Dictionary

    Dictionary.load(cache_dir)
    Lexicon.load(cache_dir)


# -- tokens ------------------------------------------------------------------------------


def _zh_number(text: str) -> int | None:
    if all(c in _ZH_DIGITS for c in text):
        return int("".join(str(_ZH_DIGITS[c]) for c in text)) if len(text) > 1 else _ZH_DIGITS[text]
    total, digit = 0, None
    for c in text:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            total += (digit if digit is not None else 1) * _ZH_UNITS[c]
            digit = None
        else:
            return None
    return total + (digit or 0)


def en_tokens(sentence: str) -> list[str]:
    """An English sentence's tokens: stems of its content words, numbers (#12), names
    (=qingyang, for capitalised words), ? and !."""
    tokens = []
    for match in _EN_TOKEN.finditer(sentence):
        word = match.group()
        if word in "?!":
            tokens.append(word)
        elif word[0].isdigit():
            tokens.append("#" + word.replace(",", ""))
        else:
            lower = word.lower()
            if lower in _EN_NUMBERS:
                tokens.append(f"#{_EN_NUMBERS[lower]}")
            elif lower in STOPWORDS:
                continue
            elif word[0].isupper() and match.start() > 0:
                tokens.append("=" + lower)
            else:
                tokens.append(stem(lower))
    return tokens


class _Tokenizer:
    def __init__(self, lexicon: Lexicon, segment):
        self.lexicon = lexicon
        self.segment = segment

    def zh_tokens(self, sentence: str) -> tuple[list[frozenset[str]], frozenset[str]]:
        """The Chinese sentence's tokens, each as the set of English tokens it may stand
        for, and the names (=pinyin) its characters may spell."""
        lexicon = self.lexicon
        tokens: list[frozenset[str]] = []
        for start, end in self.segment(sentence):
            word = sentence[start:end]
            number = _zh_number(word)
            if number is not None:
                tokens.append(frozenset((f"#{number}",)))
                continue
            found = set(lexicon.translations(word))
            if not found and len(word) > 1:
                for char in word:
                    found.update(lexicon.translations(char))
            tokens.append(frozenset(found))
        for match in _ZH_EXTRA.finditer(sentence):
            token = match.group()
            if token in "?？":
                tokens.append(frozenset("?"))
            elif token in "!！":
                tokens.append(frozenset("!"))
            elif token[0].isdigit():
                tokens.append(frozenset((f"#{token}",)))
            else:
                tokens.append(frozenset(("=" + token.lower(), stem(token))))
        names = set()
        han = [c for c in sentence if is_han(c)]
        readings = lexicon.readings
        for i in range(len(han)):
            spelled = {""}
            for k in range(i, min(i + 3, len(han))):
                options = readings.get(han[k], ())[:3]
                spelled = {s + o for s in spelled for o in options}
                if not spelled:
                    break
                names.update("=" + s for s in spelled)
        return tokens, frozenset(names)


# -- alignment ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AlignedBead:
    en: list[int]
    zh: list[int]
    score: float  # the bead's score: ~0.3 and above is a confident link, below 0.1 doubtful


@dataclass(slots=True)
class Settings:
    band: int = 10  # first pass: sentences either side of the diagonal (at least)
    band_share: float = 0.06  # ... or this share of the longer side
    second_band: int = 4  # second pass: sentences either side of the first path
    skip: float = -0.2  # the score of a deletion (0-1 or 1-0)
    length_weight: float = 0.3  # times the squared log length ratio
    shapes: tuple[tuple[int, int], ...] = tuple(BEADS)
    lexical: bool = True  # False: the length model alone (for ablation)
    # "chars": lengths in characters but spaces; "pieces": in SentencePiece pieces
    # (reader.core.tokenize) times piece_scale, about the characters a piece holds, so that
    # the smoothing (+10) weighs as for characters. On MAC-Dev pieces x4 scores strict F1
    # 0.843 against 0.830 with characters (benchmarks/bench_alignment.py), so it is the default.
    length_unit: str = "pieces"
    piece_scale: float = 4.0

    def signature(self) -> str:
        return (f"lexical-dp|band={self.band}/{self.band_share}|second={self.second_band}|skip={self.skip}"
                f"|length={self.length_weight}|shapes={len(self.shapes)}"
                + (f"|unit=pieces*{self.piece_scale}" if self.length_unit == "pieces" else ""))


class Aligner:
    """Aligns English and Chinese sentences; `align` returns beads with scores."""

    def __init__(self, lexicon: Lexicon | None = None, dictionary=None, glossary: Iterable = (),
                 settings: Settings | None = None):
        if dictionary is None:
            from .dictionary import Dictionary

            dictionary = Dictionary.load()
        lexicon = lexicon if lexicon is not None else Lexicon.load()
        glossary = list(glossary)
        if glossary:
            lexicon = lexicon.add_glossary(glossary)
        self.settings = settings or Settings()
        self.tokenizer = _Tokenizer(lexicon, dictionary.segment)

    def align(self, en: Sequence[str], zh: Sequence[str],
              en_paragraphs: Sequence[int] | None = None,
              zh_paragraphs: Sequence[int] | None = None) -> list[AlignedBead]:
        """Beads covering every sentence of both sides in order. `*_paragraphs` give each
        sentence's paragraph number; when both sides have the same number of paragraphs,
        paragraphs are aligned one to one and sentences within them."""
        if en_paragraphs is not None and zh_paragraphs is not None:
            en_groups, zh_groups = _groups(en_paragraphs), _groups(zh_paragraphs)
            if len(en_groups) == len(zh_groups) > 1:
                beads = []
                for (e0, e1), (z0, z1) in zip(en_groups, zh_groups):
                    for bead in self._align(en[e0:e1], zh[z0:z1]):
                        beads.append(AlignedBead([e0 + i for i in bead.en], [z0 + j for j in bead.zh], bead.score))
                return beads
        return self._align(en, zh)

    def _align(self, en: Sequence[str], zh: Sequence[str]) -> list[AlignedBead]:
        n, m = len(en), len(zh)
        if n == 0 or m == 0:
            return [AlignedBead([i], [], self.settings.skip) for i in range(n)] + \
                [AlignedBead([], [j], self.settings.skip) for j in range(m)]
        scorer = _Scorer(en, zh, self.tokenizer, self.settings)
        s = self.settings
        width = max(s.band, int(s.band_share * max(n, m)))
        diagonal = [round(i * m / n) for i in range(n + 1)]
        band = [(max(0, d - width), min(m, d + width)) for d in diagonal]
        path = _search(n, m, band, FIRST_PASS, scorer, s.skip)
        # second pass: every shape, near the first path
        lows, highs = [m] * (n + 1), [0] * (n + 1)
        for i, j in path:
            for k in range(max(0, i - s.second_band), min(n, i + s.second_band) + 1):
                lows[k] = min(lows[k], max(0, j - s.second_band))
                highs[k] = max(highs[k], min(m, j + s.second_band))
        path = _search(n, m, list(zip(lows, highs)), s.shapes, scorer, s.skip)
        beads = []
        for (i0, j0), (i1, j1) in zip(path, path[1:]):
            en_side, zh_side = list(range(i0, i1)), list(range(j0, j1))
            score = scorer.score(i0, i1, j0, j1) if en_side and zh_side else s.skip
            beads.append(AlignedBead(en_side, zh_side, score))
        return beads


def _groups(numbers: Sequence[int]) -> list[tuple[int, int]]:
    groups = []
    for index, number in enumerate(numbers):
        if not groups or numbers[index - 1] != number:
            groups.append([index, index + 1])
        else:
            groups[-1][1] = index + 1
    return [tuple(g) for g in groups]


def _search(n, m, band, shapes, scorer, skip) -> list[tuple[int, int]]:
    """The best path from (0, 0) to (n, m) through the band (band[i] = lowest and highest
    j allowed at i), as its corner points."""
    NEG = -1e18
    best = [dict() for _ in range(n + 1)]
    back = [dict() for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        low, high = band[i]
        if i == n:
            high = m
        if i == 0:
            low = 0
        row = best[i]
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            top, move = NEG, None
            prev = row.get(j - 1)
            if prev is not None and prev + skip > top:
                top, move = prev + skip, (i, j - 1)
            if i:
                prev = best[i - 1].get(j)
                if prev is not None and prev + skip > top:
                    top, move = prev + skip, (i - 1, j)
            for a, b in shapes:
                if a > i or b > j:
                    continue
                prev = best[i - a].get(j - b)
                if prev is None:
                    continue
                value = prev + scorer.score(i - a, i, j - b, j)
                if value > top:
                    top, move = value, (i - a, j - b)
            if move is not None:
                row[j] = top
                back[i][j] = move
    if m not in best[n]:
        raise ReaderError("the alignment band does not reach the end of both texts")
    path = [(n, m)]
    while path[-1] != (0, 0):
        i, j = path[-1]
        path.append(back[i][j])
    return path[::-1]


class _Scorer:
    """Bead scores, from per-sentence-pair bit masks of matched tokens."""

    def __init__(self, en, zh, tokenizer: _Tokenizer, settings: Settings):
        self.settings = settings
        en_tokens_ = [en_tokens(s) for s in en]
        zh_parsed = [tokenizer.zh_tokens(s) for s in zh]
        # prefix sums of token counts and lengths (characters but spaces)
        self.en_count = list(accumulate((len(t) for t in en_tokens_), initial=0))
        self.zh_count = list(accumulate((len(t) for t, _ in zh_parsed), initial=0))
        if settings.length_unit == "pieces":
            from .tokenize import piece_counts

            scale = settings.piece_scale
            self.en_len = list(accumulate((scale * c for c in piece_counts(en)), initial=0))
            self.zh_len = list(accumulate((scale * c for c in piece_counts(zh)), initial=0))
        else:
            self.en_len = list(accumulate((len(s) - s.count(" ") for s in en), initial=0))
            self.zh_len = list(accumulate((len(s) - s.count(" ") for s in zh), initial=0))
        self.ratio = (self.en_len[-1] + 1) / (self.zh_len[-1] + 1)
        self.m = len(zh)
        # en mask[i, j]: which of i's tokens have a translation in j; zh mask[i, j]:
        # which of j's tokens have a translation in i
        en_mask: dict[int, int] = defaultdict(int)  # keyed by i * m + j
        zh_mask: dict[int, int] = defaultdict(int)
        where_en: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, tokens in enumerate(en_tokens_):
            for bit, token in enumerate(tokens):
                where_en[token].append((i, bit))
        n, m = len(en), len(zh)
        reach = max(settings.band, int(settings.band_share * max(n, m))) + settings.second_band + 6
        for j, (tokens, names) in enumerate(zh_parsed):
            d = j * n / m
            for bit, options in enumerate(tokens):
                for token in options:
                    for i, ebit in where_en.get(token, ()):
                        if abs(i - d) <= reach:
                            zh_mask[i * m + j] |= 1 << bit
                            en_mask[i * m + j] |= 1 << ebit
            for token in names:
                for i, ebit in where_en.get(token, ()):
                    if abs(i - d) <= reach:
                        en_mask[i * m + j] |= 1 << ebit
        self.en_mask, self.zh_mask = dict(en_mask), dict(zh_mask)
        self.cache: dict[int, float] = {}

    def score(self, i0: int, i1: int, j0: int, j1: int) -> float:
        key = ((i0 * 8 + i1 - i0) * self.m + j0) * 8 + j1 - j0
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        en_mask, zh_mask, m = self.en_mask, self.zh_mask, self.m
        if self.settings.lexical:
            en_hits = zh_hits = 0
            if i1 - i0 == 1 and j1 - j0 == 1:
                en_hits = en_mask.get(i0 * m + j0, 0).bit_count()
                zh_hits = zh_mask.get(i0 * m + j0, 0).bit_count()
            else:
                for i in range(i0, i1):
                    bits = 0
                    for j in range(j0, j1):
                        bits |= en_mask.get(i * m + j, 0)
                    en_hits += bits.bit_count()
                for j in range(j0, j1):
                    bits = 0
                    for i in range(i0, i1):
                        bits |= zh_mask.get(i * m + j, 0)
                    zh_hits += bits.bit_count()
            en_total = self.en_count[i1] - self.en_count[i0]
            zh_total = self.zh_count[j1] - self.zh_count[j0]
            coverage = 0.5 * (en_hits / (en_total or 1) + zh_hits / (zh_total or 1))
        else:
            coverage = 0.3
        le = self.en_len[i1] - self.en_len[i0] + 10
        lz = (self.zh_len[j1] - self.zh_len[j0]) * self.ratio + 10
        penalty = math.log(le / lz) ** 2
        value = coverage - self.settings.length_weight * penalty + BEADS.get((i1 - i0, j1 - j0), 0.0)
        self.cache[key] = value
        return value
