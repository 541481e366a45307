"""The lexical evidence of a document pair: each sentence's tokens, the keys a token may
stand for, and which tokens find a translation in which sentence of the other side.

English tokens are content words (reader.core.english: stems, irregular forms, numbers),
capitalised words also as names (=qingyang), and ? and !. Chinese tokens are the
headwords of the lexicon found in the text, longest first (every headword that no longer
one holds; two may overlap), each standing for the English keys of its glosses; numbers
(二十三 = #23), Latin-script words and digits written in the Chinese, ? and !; and a name of
the English side spelled in pinyin by one to three characters (Qingyang = 清扬) adds its
key to the words it covers.

A token has a bit in its sentence (the n-th token bit n mod 64). For every English sentence
and every Chinese sentence in a band around the expected path, two 64-bit masks say which
of the English sentence's tokens have a translation in the Chinese one, and which of the
Chinese sentence's tokens have one in the English: a bead's coverage is the popcount of
the masks' union, exact for beads of several sentences, in numpy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .english import MONTHS, NUMBERS, STOPWORDS, number_key, stem, text_keys
from .lexicon import _P, Lexicon, finish_array, hash_text, ranges

_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*|[?!]")
_ZH_EXTRA = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*(月)?|[?？!！]")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_SEPARATOR = 10  # "\n" between sentences: no headword holds it


def zh_number(text: str) -> int | None:
    """The value of a run of Chinese numerals (一九八四, 二十三, 三千五百), or None."""
    if all(c in _ZH_DIGITS for c in text):
        return int("".join(str(_ZH_DIGITS[c]) for c in text)) if len(text) > 1 else _ZH_DIGITS[text]
    total, section, digit = 0, 0, None
    for c in text:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        elif c in ("万", "亿"):
            total += (section + (digit or 0)) * _ZH_UNITS[c]
            section, digit = 0, None
        elif c in _ZH_UNITS:
            section += (digit if digit is not None else 1) * _ZH_UNITS[c]
            digit = None
        else:
            return None
    return total + section + (digit or 0)


@dataclass(slots=True)
class Side:
    """One side's tokens: per token its sentence, bit and weight; per key row the token
    it belongs to and the key's hash."""

    sentences: int
    token_sentence: np.ndarray  # int64
    token_bit: np.ndarray  # uint64 (the bit's value: 1 << n)
    key_token: np.ndarray  # int64
    key: np.ndarray  # uint64
    counts: np.ndarray  # tokens per sentence (int64)


def _side(sentences: int, token_sentence, key_token, key) -> Side:
    token_sentence = np.asarray(token_sentence, dtype=np.int64)
    counts = np.bincount(token_sentence, minlength=sentences).astype(np.int64)
    first = np.cumsum(counts) - counts
    order = np.arange(len(token_sentence), dtype=np.int64) - first[token_sentence]
    bits = np.left_shift(np.uint64(1), (order % 64).astype(np.uint64))
    return Side(sentences, token_sentence, bits, np.asarray(key_token, dtype=np.int64),
                np.asarray(key, dtype=np.uint64), counts)


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[int, ...]:
    return tuple(hash_text(k) for k in text_keys(word))


@lru_cache(maxsize=65536)
def _key(text: str) -> int:
    return hash_text(text)


def english_side(sentences) -> tuple[Side, dict[str, int]]:
    """The English tokens, and the names they may spell with the fewest pinyin syllables
    allowed (2 for a word seen only at the start of a sentence, where any word is capitalised)."""
    token_sentence, key_token, keys = [], [], []
    names: dict[str, int] = {}
    for number, sentence in enumerate(sentences):
        for match in _EN_TOKEN.finditer(sentence):
            word = match.group()
            if word in ("?", "!"):
                found = (_key(word),)
            elif word[0].isdigit():
                found = (_key(number_key(word.replace(",", ""))),)
            else:
                lower = word.lower()
                found = _word_keys(lower)
                if word[0].isupper() and lower not in STOPWORDS and lower not in NUMBERS:
                    name = "=" + lower.replace("’", "").replace("'", "")
                    found = found + (_key(name),)
                    least = 1 if match.start() > 0 and sentence[:match.start()].strip() else 2
                    names[name] = min(names.get(name, 3), least)
                if not found:
                    continue
            token = len(token_sentence)
            token_sentence.append(number)
            key_token.extend([token] * len(found))
            keys.extend(found)
    return _side(len(sentences), token_sentence, key_token, keys), names


def _han_mask(codes: np.ndarray) -> np.ndarray:
    return (((codes >= 0x4E00) & (codes <= 0x9FFF)) | ((codes >= 0x3400) & (codes <= 0x4DBF))
            | ((codes >= 0xF900) & (codes <= 0xFAFF)) | ((codes >= 0x20000) & (codes <= 0x3134F)))


def chinese_words(codes: np.ndarray, lexicon: Lexicon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The headwords found in the text (its code points, sentences apart by a separator):
    at each Han character the longest headword there, kept unless an earlier one holds
    it all; a Han character no headword starts is a word of its own. As (start, end,
    finished hash), in order."""
    size = len(codes)
    han = _han_mask(codes)
    longest = np.zeros(size, dtype=np.int64)
    best_hash = np.zeros(size, dtype=np.uint64)
    alive = np.flatnonzero(han)
    partial = codes[alive].astype(np.uint64)  # unfinished hashes of the n-grams at `alive`
    length = 1
    while len(alive) and length <= lexicon.longest:
        finished = finish_array(partial)
        prefix = lexicon.is_prefix(finished)
        word = lexicon.known(finished)
        longest[alive[word]] = length
        best_hash[alive[word]] = finished[word]
        alive, partial = alive[prefix], partial[prefix]
        length += 1
        inside = alive + length - 1 < size
        alive, partial = alive[inside], partial[inside]
        following = codes[alive + length - 1]
        joined = following != _SEPARATOR
        alive, partial, following = alive[joined], partial[joined], following[joined]
        with np.errstate(over="ignore"):
            partial = partial * np.uint64(_P) + following.astype(np.uint64)
    starts = np.flatnonzero(han)
    lengths = np.maximum(longest[starts], 1)
    ends = starts + lengths
    reach = np.maximum.accumulate(ends)
    before = np.concatenate(([0], reach[:-1]))
    keep = ends > before
    starts, ends = starts[keep], ends[keep]
    hashes = best_hash[starts]
    single = longest[starts] == 0
    hashes[single] = finish_array(codes[starts[single]].astype(np.uint64))
    return starts, ends, hashes


def chinese_side(sentences, lexicon: Lexicon, names: dict[str, int] | None = None) -> Side:
    """The Chinese tokens (see the module's docstring)."""
    text = "\n".join(s.replace("\n", " ") for s in sentences)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    sentence_of = np.cumsum(codes == _SEPARATOR)
    starts, ends, hashes = chinese_words(codes, lexicon)
    owner, keys = lexicon.keys_of(hashes)
    # a word without keys of its own (not in the lexicon, or only function words in its
    # glosses) stands for its characters' keys, when it has several characters
    bare = np.ones(len(starts), dtype=bool)
    bare[owner] = False
    several = bare & (ends - starts > 1)
    if several.any():
        word_of_char, char_at = ranges(starts[several], ends[several] - starts[several])
        char_hashes = finish_array(codes[char_at].astype(np.uint64))
        char_owner, char_keys = lexicon.keys_of(char_hashes)
        owner = np.concatenate((owner, np.flatnonzero(several)[word_of_char[char_owner]]))
        keys = np.concatenate((keys, char_keys))
    extra_owner, extra_keys = [], []
    # numbers written in Chinese: the words inside a run of numerals stand for its value
    for match in _ZH_NUMERAL.finditer(text):
        value = zh_number(match.group())
        if value is None:
            continue
        first = np.searchsorted(starts, match.start())
        last = np.searchsorted(starts, match.end())
        for token in range(first, last):
            if ends[token] <= match.end():
                extra_owner.append(token)
                extra_keys.append(_key(number_key(value)))
    # names: the English side's capitalised words spelled by the readings of 1-3 characters
    if names:
        for token, key in _names(codes, starts, ends, names, lexicon):
            extra_owner.append(token)
            extra_keys.append(key)
    token_start = list(starts)
    token_sentence = list(sentence_of[starts])
    for match in _ZH_EXTRA.finditer(text):
        word = match.group()
        found: tuple[int, ...]
        if word in "?？":
            found = (_key("?"),)
        elif word in "!！":
            found = (_key("!"),)
        elif word[0].isdigit():
            digits = word[:-1] if match.group(1) else word
            found = (_key(number_key(digits.replace(",", ""))),)
            if match.group(1) and digits.isdigit() and 1 <= int(digits) <= 12:
                found += (_key(f"@{int(digits)}"),)
        else:
            lower = word.lower()
            found = (_key("=" + lower),) + tuple(dict.fromkeys(_word_keys(lower) + (_key(stem(lower)),)))
        token = len(token_start)
        token_start.append(match.start())
        token_sentence.append(int(sentence_of[match.start()]))
        extra_owner.extend([token] * len(found))
        extra_keys.extend(found)
    token_start = np.array(token_start, dtype=np.int64)
    owner = np.concatenate((owner, np.array(extra_owner, dtype=np.int64)))
    keys = np.concatenate((keys, np.array(extra_keys, dtype=np.uint64)))
    order = np.argsort(token_start, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return _side(len(sentences), np.array(token_sentence, dtype=np.int64)[order], rank[owner], keys)


@lru_cache(maxsize=16384)
def _spellings(name: str, syllables: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Every way to spell `name` (=qingyang) with one to three pinyin syllables."""
    word = name[1:]
    inventory = set(syllables)
    found = []

    def walk(at: int, parts: tuple[str, ...]):
        if at == len(word):
            found.append(parts)
            return
        if len(parts) == 3:
            return
        for end in range(at + 1, min(len(word), at + 6) + 1):
            if word[at:end] in inventory:
                walk(end, parts + (word[at:end],))

    walk(0, ())
    return tuple(found)


def _names(codes, starts, ends, names: dict[str, int], lexicon: Lexicon):
    """(token, key) for each name of `names` found spelled in the text."""
    han_at = np.flatnonzero(_han_mask(codes))
    where = np.searchsorted(lexicon.chars, codes[han_at])
    where[where == len(lexicon.chars)] = 0
    known = lexicon.chars[where] == codes[han_at]
    han_at, where = han_at[known], where[known]
    first = lexicon.reading_offsets[where].astype(np.int64)
    owner, at = ranges(first, lexicon.reading_offsets[where + 1].astype(np.int64) - first)
    syllable = lexicon.readings[at].astype(np.int64)
    position = han_at[owner]
    order = np.lexsort((position, syllable))
    syllable, position = syllable[order], position[order]
    bounds = np.searchsorted(syllable, np.arange(len(lexicon.syllables) + 1))
    number = {s: n for n, s in enumerate(lexicon.syllables)}
    syllables = tuple(lexicon.syllables)
    for name, least in names.items():
        key = _key(name)
        for spelling in _spellings(name, syllables):
            if len(spelling) < least:
                continue
            n0 = number[spelling[0]]
            found = position[bounds[n0]:bounds[n0 + 1]]
            for k, part in enumerate(spelling[1:], start=1):
                if not len(found):
                    break
                nk = number[part]
                found = np.intersect1d(found, position[bounds[nk]:bounds[nk + 1]] - k, assume_unique=True)
            for p in found.tolist():
                q = p + len(spelling)
                lo = int(np.searchsorted(ends, p, side="right"))
                hi = int(np.searchsorted(starts, q, side="left"))
                for token in range(lo, hi):
                    yield token, key


# -- matches in a band ----------------------------------------------------------------------


@dataclass(slots=True)
class Masks:
    """For English sentence s and Chinese sentence base[s] + k (k < width): en[s, k], the
    English tokens of s with a translation in the Chinese sentence, and zh[s, k], the
    Chinese sentence's tokens with a translation in s. Row `sentences` is all zeros, and
    so is the last column, for look-ups outside the band."""

    base: np.ndarray
    width: int
    en: np.ndarray
    zh: np.ndarray


def match_masks(en: Side, zh: Side, low: np.ndarray, high: np.ndarray) -> Masks:
    """The masks for English sentence s against Chinese sentences low[s]..high[s]
    (inclusive; both non-decreasing)."""
    n, m = en.sentences, zh.sentences
    width = int((high - low).max()) + 1 if n else 1
    em = np.zeros((n + 1, width + 1), dtype=np.uint64)
    zm = np.zeros((n + 1, width + 1), dtype=np.uint64)
    masks = Masks(low.astype(np.int64), width, em, zm)
    if not n or not m or not len(en.key) or not len(zh.key):
        return masks
    en_sentence = en.token_sentence[en.key_token]
    order = np.lexsort((en_sentence, en.key))
    en_key, en_sentence, en_row = en.key[order], en_sentence[order], order
    unique, first = np.unique(en_key, return_index=True)
    group = np.repeat(np.arange(len(unique), dtype=np.int64), np.diff(np.append(first, len(en_key))))
    composite = group * (n + 1) + en_sentence
    zh_sentence = zh.token_sentence[zh.key_token]
    where = np.searchsorted(unique, zh.key)
    where[where == len(unique)] = 0
    hit = unique[where] == zh.key
    zh_rows = np.flatnonzero(hit)
    g = where[zh_rows]
    j = zh_sentence[zh_rows]
    i_low = np.searchsorted(high, j, side="left")
    i_high = np.searchsorted(low, j, side="right") - 1
    left = np.searchsorted(composite, g * (n + 1) + i_low, side="left")
    right = np.searchsorted(composite, g * (n + 1) + i_high, side="right")
    count = np.maximum(right - left, 0)
    which, at = ranges(left, count)
    zh_row = zh_rows[which]
    e_row = en_row[at]
    s = en.token_sentence[en.key_token[e_row]]
    t = zh.token_sentence[zh.key_token[zh_row]]
    column = t - low[s]
    np.bitwise_or.at(em, (s, column), en.token_bit[en.key_token[e_row]])
    np.bitwise_or.at(zm, (s, column), zh.token_bit[zh.key_token[zh_row]])
    return masks
