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
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .english import FUNCTION_KEYS, FUNCTION_WORDS, NUMBERS, STOPWORDS, number_key, stem, text_keys
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
    identity: np.ndarray  # uint64: what the token is (its first key; a Chinese word's hash)
    key_sentence: np.ndarray  # int64, each key row's sentence (key rows in sentence order)
    by_key: dict = field(default_factory=dict)  # key rows sorted by key, per slice (match_masks)

    def only_keys(self, key_token: np.ndarray, key: np.ndarray) -> Side:
        """The same tokens with these keys instead of theirs."""
        return _side(self.sentences, self.token_sentence, key_token, key, self.identity)

    def key_rows(self, first: int, last: int) -> tuple[int, int]:
        """The key rows of sentences first..last-1, as a slice."""
        return (int(np.searchsorted(self.key_sentence, first, side="left")),
                int(np.searchsorted(self.key_sentence, last, side="left")))


def _side(sentences: int, token_sentence, key_token, key, identity) -> Side:
    token_sentence = np.asarray(token_sentence, dtype=np.int64)
    counts = np.bincount(token_sentence, minlength=sentences).astype(np.int64)
    first = np.cumsum(counts) - counts
    order = np.arange(len(token_sentence), dtype=np.int64) - first[token_sentence]
    bits = np.left_shift(np.uint64(1), (order % 64).astype(np.uint64))
    key_token = np.asarray(key_token, dtype=np.int64)
    key = np.asarray(key, dtype=np.uint64)
    by_token = np.argsort(key_token, kind="stable")
    key_token, key = key_token[by_token], key[by_token]
    return Side(sentences, token_sentence, bits, key_token, key, counts, np.asarray(identity, dtype=np.uint64),
                token_sentence[key_token])


@lru_cache(maxsize=65536)
def _word_keys(word: str, function_words: bool = True, irregular: bool = True) -> tuple[int, ...]:
    return tuple(hash_text(k) for k in text_keys(word, function_words, irregular))


@lru_cache(maxsize=65536)
def _key(text: str) -> int:
    return hash_text(text)


_EN_SCAN = re.compile(_EN_TOKEN.pattern + r"|\n")


@lru_cache(maxsize=131072)
def _english_word(word: str, function_words: bool, irregular: bool, names: bool) -> tuple[tuple[int, ...], str | None]:
    """A word's key hashes (a capitalised word's name key last) and its name, if any."""
    if word in ("?", "!"):
        return (_key(word),), None
    if word[0].isdigit():
        return (_key(number_key(word.replace(",", ""))),), None
    lower = word.lower()
    found = _word_keys(lower, function_words, irregular)
    if names and word[0].isupper() and lower not in STOPWORDS and lower not in NUMBERS \
            and lower not in FUNCTION_WORDS:
        name = "=" + lower.replace("’", "").replace("'", "")
        return found + (_key(name),), name
    return found, None


def english_side(sentences, function_words: bool = True, irregular: bool = True,
                 names: bool = True, groups: np.ndarray | None = None):
    """The English tokens, and the names they may spell with the fewest pinyin syllables
    allowed (2 for a word seen only at the start of a sentence, where any word is
    capitalised). The flags turn parts of the evidence off (for the benchmark's ablation).
    With `groups` (each sentence's group number, non-decreasing: the sentences of many
    documents at once), the names are a dict per group, each as that group's sentences
    alone would give it."""
    words = _EN_SCAN.findall("\n".join(s.replace("\n", " ") for s in sentences))
    vocabulary: dict[str, int] = {"\n": 0}
    numbers = np.array([vocabulary.setdefault(word, len(vocabulary)) for word in words], dtype=np.int64)
    found = [_english_word(word, function_words, irregular, names) if word != "\n" else ((), None)
             for word in vocabulary]
    key_count = np.array([len(keys) for keys, _ in found], dtype=np.int64)
    key_flat = np.array([k for keys, _ in found for k in keys], dtype=np.uint64)
    key_first = np.cumsum(key_count) - key_count
    boundary = numbers == 0
    sentence_of = np.cumsum(boundary)
    opening = np.concatenate(([True], boundary[:-1]))  # a sentence's first word
    token_at = np.flatnonzero((key_count[numbers] > 0) & ~boundary)
    word_of_token = numbers[token_at]
    token_sentence = sentence_of[token_at]
    owner, at = ranges(key_first[word_of_token], key_count[word_of_token])
    spelled: dict[str, int] = {}
    named = [number for number, (_, name) in enumerate(found) if name is not None]
    if groups is not None:
        return (_side(len(sentences), token_sentence, owner, key_flat[at], key_flat[key_first[word_of_token]]),
                _names_by_group(found, named, numbers, opening, sentence_of, groups))
    if named:
        is_named = np.zeros(len(found), dtype=bool)
        is_named[named] = True
        where = np.flatnonzero(is_named[numbers])
        mid = np.zeros(len(found), dtype=bool)
        mid[numbers[where[~opening[where]]]] = True
        for number in named:
            spelled[found[number][1]] = 1 if mid[number] else 2
    return _side(len(sentences), token_sentence, owner, key_flat[at], key_flat[key_first[word_of_token]]), spelled


def _names_by_group(found, named, numbers, opening, sentence_of, groups) -> list[dict[str, int]]:
    """english_side's names for each group of sentences: a group's words in the order
    they first occur in it (a later word of the same name sets it, as in one document)."""
    out: list[dict[str, int]] = [{} for _ in range(int(groups[-1]) + 1 if len(groups) else 0)]
    if not named:
        return out
    is_named = np.zeros(len(found), dtype=bool)
    is_named[named] = True
    where = np.flatnonzero(is_named[numbers])
    words: list[dict[int, bool]] = [{} for _ in out]
    for group, number, first in zip(groups[sentence_of[where]].tolist(), numbers[where].tolist(),
                                    opening[where].tolist()):
        seen = words[group]
        seen[number] = seen.get(number, False) or not first
    for group, seen in enumerate(words):
        spelled = out[group]
        for number, mid in seen.items():
            spelled[found[number][1]] = 1 if mid else 2
    return out


def _han_mask(codes: np.ndarray) -> np.ndarray:
    return (((codes >= 0x4E00) & (codes <= 0x9FFF)) | ((codes >= 0x3400) & (codes <= 0x4DBF))
            | ((codes >= 0xF900) & (codes <= 0xFAFF)) | ((codes >= 0x20000) & (codes <= 0x3134F)))


def chinese_words(codes: np.ndarray, lexicon: Lexicon) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The headwords found in the text (its code points, sentences apart by a separator):
    at each Han character the longest headword there, kept unless an earlier one holds
    it all; a Han character no headword starts is a word of its own. As (start, end,
    finished hash, head number as Lexicon.lookup gives it), in order."""
    size = len(codes)
    han = _han_mask(codes)
    longest = np.zeros(size, dtype=np.int64)
    best_hash = np.zeros(size, dtype=np.uint64)
    best_head = np.full(size, -1, dtype=np.int64)
    alive = np.flatnonzero(han)
    partial = codes[alive].astype(np.uint64)  # unfinished hashes of the n-grams at `alive`
    length = 1
    while len(alive) and length <= lexicon.longest:
        finished = finish_array(partial)
        prefix, head = lexicon.lookup(finished)
        word = head != -1
        longest[alive[word]] = length
        best_hash[alive[word]] = finished[word]
        best_head[alive[word]] = head[word]
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
    ends = starts + np.maximum(longest[starts], 1)
    reach = np.maximum.accumulate(ends)
    keep = ends > np.concatenate(([0], reach[:-1]))
    starts, ends = starts[keep], ends[keep]
    hashes, heads = best_hash[starts], best_head[starts]
    single = longest[starts] == 0
    hashes[single] = finish_array(codes[starts[single]].astype(np.uint64))
    return starts, ends, hashes, heads


_FUNCTION_HASHES = np.array(sorted(hash_text(k) for k in FUNCTION_KEYS), dtype=np.uint64)


def chinese_side(sentences, lexicon: Lexicon, names: dict[str, int] | None = None,
                 function_words: bool = True, wanted: np.ndarray | None = None, chunk: int = 2000) -> Side:
    """The Chinese tokens (see the module's docstring). A token that stands for no key
    (的, 了: the lexicon has only function words for them) is left out, as English
    function words are. With `wanted` (sorted keys: the English side's), only those keys
    are kept, the tokens all the same. Worked `chunk` sentences at a time, so that memory
    holds no more than the result."""
    parts = []
    for start in range(0, len(sentences), chunk):
        token_sentence, key_token, keys, identity = _chinese_part(
            sentences[start:start + chunk], lexicon, names, function_words)
        if wanted is not None:
            keep = _member_sorted(wanted, keys)
            key_token, keys = key_token[keep], keys[keep]
        parts.append((token_sentence + start, key_token, keys, identity))
    tokens = np.cumsum([0] + [len(part[0]) for part in parts])
    return _side(len(sentences), np.concatenate([p[0] for p in parts] or [np.zeros(0, np.int64)]),
                 np.concatenate([p[1] + first for p, first in zip(parts, tokens)] or [np.zeros(0, np.int64)]),
                 np.concatenate([p[2] for p in parts] or [np.zeros(0, np.uint64)]),
                 np.concatenate([p[3] for p in parts] or [np.zeros(0, np.uint64)]))


def _least_spellings(names: list[dict[str, int]]) -> dict[str, np.ndarray]:
    """Each name's fewest spelling in each document (99 where the document lacks it)."""
    least: dict[str, np.ndarray] = {}
    for group, spelled in enumerate(names):
        for name, fewest in spelled.items():
            if name not in least:
                least[name] = np.full(len(names), 99, dtype=np.int64)
            least[name][group] = fewest
    return least


def chinese_side_groups(sentences, lexicon: Lexicon, groups: np.ndarray, names: list[dict[str, int]],
                        wanted: np.ndarray | None = None) -> Side:
    """chinese_side of the sentences of many documents at once (`groups`: each
    sentence's document, non-decreasing; `names`: each document's English names): each
    document's tokens as chinese_side of its sentences alone gives them, but for keys its
    English side lacks (with `wanted`, the keys of every document's English side are kept)."""
    least = _least_spellings(names)
    union = {name: int(values.min()) for name, values in least.items()}
    token_sentence, key_token, keys, identity = _chinese_part(sentences, lexicon, union, True,
                                                              (np.asarray(groups, dtype=np.int64), least))
    if wanted is not None:
        keep = _member_sorted(wanted, keys)
        key_token, keys = key_token[keep], keys[keep]
    return _side(len(sentences), token_sentence, key_token, keys, identity)


def _occurrences(index: np.ndarray, distinct: int):
    """For sentences given as numbers of distinct ones: the occurrences of each distinct
    sentence (their numbers, grouped by it) and where each one's list starts."""
    order = np.argsort(index, kind="stable")
    count = np.bincount(index, minlength=distinct)
    return order, np.cumsum(count) - count, count


def _expand(side: Side, index: np.ndarray, extra_keys=None) -> Side:
    """The side of sentences given as numbers of the distinct sentences of `side` (each
    occurrence with its sentence's tokens); `extra_keys`: more (token, key) rows, by the
    occurrences' tokens."""
    counts = side.counts[index]
    token_first = np.cumsum(side.counts) - side.counts
    owner, at = ranges(token_first[index], counts)
    base = np.cumsum(counts) - counts  # each occurrence's first token
    key_count = np.bincount(side.key_sentence, minlength=side.sentences)
    key_first = np.cumsum(key_count) - key_count
    key_owner, key_at = ranges(key_first[index], key_count[index])
    key_token = base[key_owner] + side.key_token[key_at] - token_first[index[key_owner]]
    key = side.key[key_at]
    if extra_keys is not None and len(extra_keys[0]):
        key_token = np.concatenate((key_token, extra_keys[0]))
        key = np.concatenate((key, extra_keys[1]))
        order = np.argsort(key_token, kind="stable")
        key_token, key = key_token[order], key[order]
    return Side(len(index), owner, side.token_bit[at], key_token, key, counts, side.identity[at], owner[key_token])


def english_side_repeated(sentences, index: np.ndarray, groups: np.ndarray) -> tuple[Side, list[dict[str, int]]]:
    """english_side(groups=...) of the sentences `sentences[index]` (each distinct
    sentence's tokens found once), the evidence's default flags."""
    side, named = _english_named(sentences)
    groups_of = np.asarray(groups, dtype=np.int64)
    out: list[dict[str, int]] = [{} for _ in range(int(groups_of[-1]) + 1 if len(groups_of) else 0)]
    seen: list[dict] = [{} for _ in out]
    for group, sentence in zip(groups_of.tolist(), np.asarray(index).tolist()):
        words = seen[group]
        for word, first in named[sentence]:
            words[word] = words.get(word, False) or not first
    for group, words in enumerate(seen):
        spelled = out[group]
        for (_, name), mid in words.items():
            spelled[name] = 1 if mid else 2
    return _expand(side, np.asarray(index, dtype=np.int64)), out


def _english_named(sentences):
    """english_side of distinct sentences, and each one's capitalised words in order as
    ((word, name), first in its sentence) (the words a document's names come from)."""
    side, _ = english_side(sentences)
    named: list[list] = [[] for _ in sentences]
    for number, sentence in enumerate(sentences):
        words = _EN_SCAN.findall(sentence.replace("\n", " "))
        for at, word in enumerate(words):
            if word[0].isupper():
                _, name = _english_word(word, True, True, True)
                if name is not None:
                    named[number].append(((word, name), at == 0))
    return side, named


def chinese_side_repeated(sentences, index: np.ndarray, lexicon: Lexicon, groups: np.ndarray,
                          names: list[dict[str, int]], wanted: np.ndarray | None = None) -> Side:
    """chinese_side_groups of the sentences `sentences[index]`, each distinct sentence's
    tokens found once (and its names' spellings, each then kept where its document's
    English has the name). None when a token would have keys from a name alone (then its
    being a token depends on the document: chinese_side_groups tells)."""
    least = _least_spellings(names)
    union = {name: 1 for name in least}
    token_sentence, key_token, keys, identity, named, listed, alone = _chinese_part(
        sentences, lexicon, union, True, None, apart=True)
    if alone:
        return None
    if wanted is not None:
        keep = _member_sorted(wanted, keys)
        key_token, keys = key_token[keep], keys[keep]
    side = _side(len(sentences), token_sentence, key_token, keys, identity)
    index = np.asarray(index, dtype=np.int64)
    groups = np.asarray(groups, dtype=np.int64)
    extra = None
    if len(named[0]):
        token, key, name, syllables = named
        occurrence, first, count = _occurrences(index, len(sentences))
        sentence = side.token_sentence[token]
        row, at = ranges(first[sentence], count[sentence])
        where = occurrence[at]  # the occurrence each row goes to
        table = np.stack([least[name] for name in listed])  # [name, group]
        keep = table[name[row], groups[where]] <= syllables[row]
        row, where = row[keep], where[keep]
        counts = side.counts[index]
        base = np.cumsum(counts) - counts
        token_first = np.cumsum(side.counts) - side.counts
        extra = (base[where] + token[row] - token_first[sentence[row]], key[row])
    return _expand(side, index, extra)


def _member_sorted(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    where = np.searchsorted(sorted_keys, keys).clip(0, len(sorted_keys) - 1)
    return sorted_keys[where] == keys


def _chinese_part(sentences, lexicon: Lexicon, names, function_words: bool, grouped=None, apart: bool = False):
    """chinese_side's work on some sentences: (token sentence, key token, key, identity).
    `grouped`: (each sentence's group, each name's fewest syllables per group), for
    chinese_side_groups. `apart`: the names' rows are not among the keys but returned
    after them, as (token, key, name, syllables) arrays with the names' list, and
    whether a token has keys from names alone (the tokens are then those of no name)."""
    text = "\n".join(s.replace("\n", " ") for s in sentences)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    sentence_of = np.cumsum(codes == _SEPARATOR)
    starts, ends, hashes, heads = chinese_words(codes, lexicon)
    owner, keys = lexicon.keys_of_heads(heads, hashes)
    # a word without keys of its own (not in the lexicon, or only function words in its
    # glosses) stands for its characters' keys, when it has several characters
    bare = np.ones(len(starts), dtype=bool)
    bare[owner] = False
    several = bare & (ends - starts > 1)
    if several.any():
        word_of_char, char_at = ranges(starts[several], ends[several] - starts[several])
        char_hashes = finish_array(codes[char_at].astype(np.uint64))
        char_owner, char_keys = lexicon.keys_of_heads(lexicon.lookup(char_hashes)[1], char_hashes)
        owner = np.concatenate((owner, np.flatnonzero(several)[word_of_char[char_owner]]))
        keys = np.concatenate((keys, char_keys))
    extra_owner, extra_keys = [], []
    # numbers written in Chinese: the words inside a run of numerals stand for its value
    runs = [(match.start(), match.end(), zh_number(match.group())) for match in _ZH_NUMERAL.finditer(text)]
    runs = [(a, b, value) for a, b, value in runs if value is not None]
    if runs:
        run_start, run_end = np.array([[a, b] for a, b, _ in runs], dtype=np.int64).T
        first = np.searchsorted(starts, run_start)
        run_of, token = ranges(first, np.searchsorted(starts, run_end) - first)
        inside = ends[token] <= run_end[run_of]
        values = np.array([_key(number_key(value)) for _, _, value in runs], dtype=np.uint64)
        extra_owner.extend(token[inside].tolist())
        extra_keys.extend(values[run_of[inside]].tolist())
    # names: the English side's capitalised words spelled by the readings of 1-3 characters
    name_owner, name_keys, name_rows = [], [], []
    if names:
        group_of = grouped[0][sentence_of[starts]] if grouped is not None else None
        for token, key, name, syllables in _names(codes, starts, ends, names, lexicon):
            if grouped is not None:  # only where the group's English has the name, so spelled
                token = token[grouped[1][name][group_of[token]] <= syllables]
            name_owner.append(token)
            name_keys.append(np.full(len(token), key, dtype=np.uint64))
            if apart:
                name_rows.append((name, syllables, len(token)))
    token_start = list(starts)
    token_sentence = list(sentence_of[starts])
    identity = list(hashes)
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
        identity.append(found[0])
        extra_owner.extend([token] * len(found))
        extra_keys.extend(found)
    token_start = np.array(token_start, dtype=np.int64)
    if apart:
        named_owner = np.concatenate([np.zeros(0, dtype=np.int64)] + name_owner)
        named_keys = np.concatenate([np.zeros(0, dtype=np.uint64)] + name_keys)
        name_owner, name_keys = [], []
    owner = np.concatenate([owner, np.array(extra_owner, dtype=np.int64)] + name_owner)
    keys = np.concatenate([keys, np.array(extra_keys, dtype=np.uint64)] + name_keys)
    if not function_words:
        plain = ~np.isin(keys, _FUNCTION_HASHES)
        owner, keys = owner[plain], keys[plain]
    has_keys = np.zeros(len(token_start), dtype=bool)
    has_keys[owner] = True
    kept = np.flatnonzero(has_keys)
    renumber = np.full(len(token_start), -1, dtype=np.int64)
    renumber[kept] = np.arange(len(kept))
    token_start, owner = token_start[kept], renumber[owner]
    token_sentence = np.array(token_sentence, dtype=np.int64)[kept]
    identity = np.array(identity, dtype=np.uint64)[kept]
    order = np.argsort(token_start, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    if apart:
        listed = sorted({name for name, _, _ in name_rows})
        number = {name: k for k, name in enumerate(listed)}
        row_name = np.repeat(np.array([number[n] for n, _, _ in name_rows], dtype=np.int64),
                             [count for _, _, count in name_rows]).astype(np.int64)
        row_syllables = np.repeat(np.array([k for _, k, _ in name_rows], dtype=np.int64),
                                  [count for _, _, count in name_rows]).astype(np.int64)
        alone = bool((renumber[named_owner] < 0).any())
        known = renumber[named_owner] >= 0
        named = (rank[renumber[named_owner[known]]], named_keys[known], row_name[known], row_syllables[known])
        return token_sentence[order], rank[owner], keys, identity[order], named, listed, alone
    return token_sentence[order], rank[owner], keys, identity[order]


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
    """(tokens, key, name, syllables) for each name of `names` found spelled in the text: the words that
    cover a spelling."""
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
            if len(found):
                lo = np.searchsorted(ends, found, side="right")
                hi = np.searchsorted(starts, found + len(spelling), side="left")
                _, token = ranges(lo, np.maximum(hi - lo, 0))
                yield token, key, name, len(spelling)


# -- matches in a band ----------------------------------------------------------------------


@dataclass(slots=True)
class Masks:
    """For English sentence first + s and Chinese sentence base[s] + k (k < width):
    en[s, k], the English tokens of the English sentence with a translation in the Chinese
    one, and zh[s, k], the Chinese sentence's tokens with a translation in the English.
    The last row and the last column are all zeros, for look-ups outside the band."""

    first: int
    base: np.ndarray
    width: int
    en: np.ndarray
    zh: np.ndarray

    def at(self, sentence: np.ndarray, chinese: np.ndarray) -> np.ndarray:
        """Flat indices of the cells of English sentences (broadcast against the Chinese
        ones), the zero cell where a pair is outside the band."""
        rows = len(self.base)
        local = sentence - self.first
        inside = (local >= 0) & (local < rows)
        local = np.where(inside, local, 0)
        column = chinese - self.base[local]
        valid = inside & (chinese >= 0) & (column >= 0) & (column < self.width)
        stride = self.width + 1
        return np.where(valid, local * stride + column, rows * stride + self.width)


def _sorted_by_key(side: Side, e0: int, e1: int, first: int, rows: int):
    """Key rows e0..e1-1 sorted by key, then sentence: the distinct keys, each row's
    (key's number, sentence - first) as one sortable number, and the rows' places.
    Kept on the side for the next search over the same rows."""
    found = side.by_key.get((e0, e1, first, rows))
    if found is None:
        en_key = side.key[e0:e1]
        en_sentence = side.key_sentence[e0:e1] - first
        order = np.lexsort((en_sentence, en_key))
        en_key, en_sentence = en_key[order], en_sentence[order]
        unique, starts = np.unique(en_key, return_index=True)
        group = np.repeat(np.arange(len(unique), dtype=np.int64), np.diff(np.append(starts, len(en_key))))
        found = (unique, group * (rows + 1) + en_sentence, order + e0)
        side.by_key.clear()
        side.by_key[(e0, e1, first, rows)] = found
    return found


def match_masks(en: Side, zh: Side, low: np.ndarray, high: np.ndarray, first: int = 0,
                chunk: int = 2000) -> Masks:
    """The masks for English sentence first + s against Chinese sentences low[s]..high[s]
    (inclusive; both non-decreasing), for s < len(low); joined `chunk` English sentences
    at a time, so that the join's working memory does not grow with the text."""
    if len(low) <= chunk:
        return _match_masks(en, zh, low, high, first)
    width = int((high - low).max()) + 1
    whole = Masks(first, low.astype(np.int64), width, np.zeros((len(low) + 1, width + 1), dtype=np.uint64),
                  np.zeros((len(low) + 1, width + 1), dtype=np.uint64))
    for start in range(0, len(low), chunk):
        part = _match_masks(en, zh, low[start:start + chunk], high[start:start + chunk], first + start)
        rows = len(part.base)
        whole.en[start:start + rows, :part.width] = part.en[:rows, :part.width]
        whole.zh[start:start + rows, :part.width] = part.zh[:rows, :part.width]
    return whole


def _match_masks(en: Side, zh: Side, low: np.ndarray, high: np.ndarray, first: int) -> Masks:
    rows = len(low)
    width = int((high - low).max()) + 1 if rows else 1
    em = np.zeros((rows + 1, width + 1), dtype=np.uint64)
    zm = np.zeros((rows + 1, width + 1), dtype=np.uint64)
    masks = Masks(first, low.astype(np.int64), width, em, zm)
    if not rows:
        return masks
    e0, e1 = en.key_rows(first, first + rows)
    z0, z1 = zh.key_rows(int(low[0]), int(high[-1]) + 1)
    if e0 == e1 or z0 == z1:
        return masks
    unique, composite, en_row = _sorted_by_key(en, e0, e1, first, rows)
    zh_key = zh.key[z0:z1]
    where = np.searchsorted(unique, zh_key)
    where[where == len(unique)] = 0
    zh_rows = np.flatnonzero(unique[where] == zh_key)
    g = where[zh_rows]
    j = zh.key_sentence[z0 + zh_rows]
    i_low = np.searchsorted(high, j, side="left")
    i_high = np.searchsorted(low, j, side="right") - 1
    # the Chinese rows in the English rows' order, so that the searches below go forward
    order = np.argsort(g * (rows + 1) + i_low, kind="stable")
    zh_rows, g, i_low, i_high = zh_rows[order], g[order], i_low[order], i_high[order]
    left = np.searchsorted(composite, g * (rows + 1) + i_low, side="left")
    right = np.searchsorted(composite, g * (rows + 1) + i_high, side="right")
    which, at = ranges(left, np.maximum(right - left, 0))
    zh_row = z0 + zh_rows[which]
    e_row = en_row[at]
    s = en.key_sentence[e_row] - first
    column = zh.key_sentence[zh_row] - low[s]
    np.bitwise_or.at(em, (s, column), en.token_bit[en.key_token[e_row]])
    np.bitwise_or.at(zm, (s, column), zh.token_bit[zh.key_token[zh_row]])
    return masks

