"""Bilingual term candidates from an aligned text: Chinese terms with the English that
renders them, ranked.

1. **Chinese candidates** (`term_candidates`): runs of the words terms are made of, by
   jieba's parts of speech, with rules for verbs, single words (everyday vocabulary is
   left out: 合作, 能力, 日本) and quoted phrases.
2. **Termhood** (`term_candidates`): occurrences, corrected for nesting (the C-value's
   correction, halved), times the rarity of its words in general Chinese.
3. **English.** Wherever a candidate occurs, the English sentences the sentence links
   align with its sentence are searched for the n-gram (one to six words, no
   punctuation inside, not starting or ending with a function word or inside a hyphenated
   compound) that renders it
   best: how much of the Chinese finds its CC-CEDICT senses in the n-gram and how much of
   the n-gram is explained by them (harmonic mean; a name also by its pinyin; a word no
   part renders may be explained by a character's senses, a hyphenated compound is one
   word, a derived word renders its suffix's part too: 主义 "-ism"), and the
   Dice coefficient of the two over the text's sentence links (an n-gram found only
   where the candidate is found counts more than "Japan", found everywhere).
4. **Score.** Termhood times (0.1 + the cube of how well it is rendered: a phrase cut at
   the wrong place is rendered by part of its English at best); each candidate with the
   pairs where it and its English occur together. A rendering stopped inside a name is
   taken on to the name's end, a phrasal verb to its particle. Of two candidates nested
   one in the other with the same English, the one it renders worse is demoted.

Terms already in a glossary are left out (unless told to ignore the glossaries), and so
are candidates a reader rejected.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .counterpart import BREAK, alike, find_phrase, renderings, sense_keys
from .english import NUMBERS, STOPWORDS, stem
from .model import Text
from .script import is_han
from .term_candidates import chinese_candidates, termhood

MAX_ENGLISH = 6  # words of an English rendering at most
NESTED_SAME_ENGLISH = 0.5  # the score of a candidate that one nested with it renders better
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


@dataclass(slots=True)
class Candidate:
    zh: str
    en: str
    score: float
    pairs: list[str]  # the pairs where the term and its English occur together (or the term)
    frequency: int = 0  # occurrences in the text
    termhood: float = 0.0
    translation: float = 0.0  # how well `en` renders it, 0 to 1

    def record(self) -> dict:
        return {"zh": self.zh, "en": self.en, "score": round(self.score, 3), "pairs": self.pairs,
                "frequency": self.frequency, "termhood": round(self.termhood, 3),
                "translation": round(self.translation, 3)}


@dataclass(slots=True)
class _Unit:
    """A sentence link (or a pair without links): its Chinese and the English aligned with it."""

    pair: str
    zh: str
    en: str
    en_tokens: list[tuple[str, int, int]] = field(default_factory=list)


def units(text: Text) -> list[_Unit]:
    found = []
    for pair in text.pairs:
        if not pair.zh or not pair.en:
            continue
        if pair.links and pair.sentences_zh and pair.sentences_en:
            for en, zh, _ in pair.links:
                if not zh or not en:
                    continue
                zh_text = pair.zh[pair.sentences_zh[zh[0]][0]:pair.sentences_zh[zh[-1]][1]]
                en_text = pair.en[pair.sentences_en[en[0]][0]:pair.sentences_en[en[-1]][1]]
                found.append(_Unit(pair.id, zh_text, en_text))
        else:
            found.append(_Unit(pair.id, pair.zh, pair.en))
    for unit in found:
        unit.en_tokens = [(_key(m.group()), m.start(), m.end()) for m in _WORD.finditer(unit.en)]
    return found


def _stop(token: tuple[str, int, int], text: str) -> bool:
    """Whether a token of a unit is a function word (an acronym such as "US" is not)."""
    key, start, end = token
    return key in STOPWORDS or (not key.isupper() and text[start:end].lower() in STOPWORDS)


def _key(word: str) -> str:
    """The key of an English word of a unit: its stem, but an acronym that is a function
    word in lower case ("US", "IT") is itself, a word that may start or end a rendering
    ("US-Japan alliance")."""
    if len(word) > 1 and word.isupper() and word.lower() in STOPWORDS:
        return word
    return stem(word)


class _English:
    """The English n-grams of the units, counted over the units (for Dice)."""

    def __init__(self, found: list[_Unit]) -> None:
        self.units = found
        self.counts: Counter = Counter()
        for unit in found:
            self.counts.update(set(self.ngrams(unit)))

    @staticmethod
    def ngrams(unit: _Unit):
        tokens, text = unit.en_tokens, unit.en
        for start in range(len(tokens)):
            if _stop(tokens[start], text):
                continue
            if _joined(text, tokens[start][1] - 1):
                continue  # never inside a hyphenated compound (the Pacific of Asia-Pacific)
            for end in range(start + 1, min(start + MAX_ENGLISH, len(tokens)) + 1):
                if BREAK.search(text[tokens[start][1]:tokens[end - 1][2]]):
                    break
                if _stop(tokens[end - 1], text) or _joined(text, tokens[end - 1][2]):
                    continue
                yield tuple(key for key, _, _ in tokens[start:end])


def _parts(term: str, words: list[str], dictionary) -> list[tuple[int, set[str]]]:
    """The words of a candidate as (characters, CC-CEDICT sense words): jieba's words,
    or CC-CEDICT's own where jieba's are not its headwords."""
    if dictionary is None:
        return []
    parts = [(len(w), _senses(dictionary, w)) for w in words]
    if sum(1 for _, keys in parts if keys) < len(parts):
        parts = [(b - a, _senses(dictionary, term[a:b])) for a, b in dictionary.segment(term)]
    return parts


def _senses(dictionary, word: str) -> set[str]:
    """The sense words of a Chinese word, numbers among them as the English spells them
    (四 "four", as in "four-year plan" for 四年计划)."""
    definitions = [d for e in dictionary.lookup(word) for d in e.definitions]
    keys = sense_keys(definitions)
    for rendering in renderings(definitions):
        keys.update(stem(w) for w in _WORD.findall(rendering.lower()) if w in NUMBERS or w.isdigit())
    keys.update("-" + suffix for sense in definitions for suffix in _SUFFIX.findall(sense))
    return keys


# a sense that is an English suffix (主义 "-ism", 化 "-ization", 性 "... -ness or -ity")
_SUFFIX = re.compile(r"(?<![\w-])-([a-z]{2,})\b")


def _suffixed(word: str, suffix: str) -> bool:
    """Whether an English word ends with a suffix, inflected or not (-ize: institutionalized)."""
    word, base = word.lower(), suffix[:-1] if suffix.endswith("e") else suffix
    return len(word) > len(suffix) + 2 and word.endswith(tuple(base + ending for ending in _INFLECTIONS))


_INFLECTIONS = ("", "e", "es", "ed", "ing", "s")


def _joined(text: str, at: int) -> bool:
    """Whether text[at] is a hyphen between two letters or digits."""
    return 0 < at < len(text) - 1 and text[at] in "-‐‑–" and text[at - 1].isalnum() and text[at + 1].isalnum()


def _render(term: str, parts, whole: list[str], dictionary, unit: _Unit, english: _English,
            together: Counter, occurrences: int, characters: tuple = ()):
    """The best rendering of `term` in one unit: (score, keys, text, coverage), or None."""
    total = sum(size for size, _ in parts) or 1
    tokens, text = unit.en_tokens, unit.en
    # which parts each token renders (a function word renders none)
    renders = [frozenset(n for n, (_, senses) in enumerate(parts) if any(alike(s, key) for s in senses))
               if key not in STOPWORDS else None for key, _, _ in tokens]
    # a derived word renders its suffix's part too, beside its stem's ("isolationism":
    # 孤立 "isolate" and 主义 "-ism")
    suffixes = [(n, s[1:]) for n, (_, senses) in enumerate(parts) for s in senses if s[:1] == "-"]
    if suffixes:
        renders = [found | {n for n, suffix in suffixes if _suffixed(text[a:b], suffix)} if found else found
                   for found, (_, a, b) in zip(renders, tokens)]
    # a word no part renders but one of its characters does (陆上自卫队 "Japan Ground
    # Self-Defense Force": 陆 "land; ground") is explained inside a rendering: its positions
    weak = [frozenset(at for at, senses in enumerate(characters) if any(alike(s, key) for s in senses))
            if found is not None and not found else frozenset() for found, (key, _, _) in zip(renders, tokens)]
    # and one its last character renders may end it: a Chinese compound's head comes last
    # (无人机 "unmanned aircraft": 机 "aircraft"; 交换意见 "exchange views": 见 "view")
    head = characters[-1] if characters else ()
    headed = [found is not None and not found and any(alike(s, key) for s in head)
              for found, (key, _, _) in zip(renders, tokens)]
    spans, at = [], 0  # each part's characters in the term
    for size, _ in parts:
        spans.append(range(at, at + size))
        at += size
    if at != len(term) or len(characters) != len(term):
        spans = None
    exact = {span for phrase in whole if (span := find_phrase(phrase, tokens))}
    name = _pinyin_span(term, dictionary, tokens, text) if dictionary is not None else None
    if name is not None:
        exact.add(name)
    best = None
    for start in range(len(tokens)):
        covered: set[int] = set()
        content = explained = inner = 0
        weakly: set[int] = set()  # the characters the weakly explained words inside render
        word = None  # the English word so far (the parts of a hyphenated compound): explained?
        for end in range(start + 1, min(start + MAX_ENGLISH, len(tokens)) + 1):
            found = renders[end - 1]
            if found is not None:
                if word is not None and _joined(text, tokens[end - 2][2]):
                    # the next part of a hyphenated compound, one English word with the parts
                    # before it: "next-generation" renders 新一代, though 新 is "new"
                    explained += bool(found) and not word
                    word = word or bool(found)
                else:
                    content += 1
                    explained += bool(found)
                    word = bool(found)
                covered |= found
            else:
                word = None
            if end - start > 1 and weak[end - 2] and end - 2 > start:
                inner += 1  # a weakly explained word counts inside the n-gram, never at its ends
                weakly |= weak[end - 2]
            ends_on_head = end - start > 1 and headed[end - 1]
            explained_here = explained + inner + ends_on_head
            keys = tuple(key for key, _, _ in tokens[start:end])
            if keys not in english.counts:
                continue
            if (start, end) in exact:
                coverage = 1.0
            else:
                if spans is None:
                    zh_share = sum(parts[n][0] for n in covered) / total
                else:  # character by character: the parts rendered, and the characters
                    zh_share = len(weakly.union(*(spans[n] for n in covered),
                                                (len(term) - 1,) if ends_on_head else ())) / total
                en_share = explained_here / max(content, 1)
                coverage = 2 * zh_share * en_share / (zh_share + en_share) if zh_share and en_share else 0.0
            dice = 2 * together[keys] / (occurrences + english.counts[keys])
            score = 0.75 * coverage + 0.25 * dice if coverage else 0.1 * dice
            # on a tie the longer n-gram, when it renders; else the shorter
            longer = (end - start > best[2] - best[1]) == bool(coverage) if best is not None else True
            if best is None or score > best[0] + 1e-9 or (abs(score - best[0]) <= 1e-9 and longer):
                best = (score, start, end, coverage)
    if best is None:
        return None
    score, start, end, coverage = best
    end = _completed(tokens, text, start, end)
    return score, tuple(key for key, _, _ in tokens[start:end]), text[tokens[start][1]:tokens[end - 1][2]], coverage


_PARTICLES = frozenset({"up", "out", "off", "down", "away", "back"})


def _completed(tokens, text: str, start: int, end: int) -> int:
    """Where a rendering ends, taken on to the end of the name it stops inside ("Minister
    for Foreign" -> "Minister for Foreign Affairs", "China Institute of International
    Studies": the capitalised words right after it) or to the particle of a phrasal verb
    ("hyped" -> "hyped up")."""
    def word(n: int) -> str:
        return text[tokens[n][1]:tokens[n][2]]

    def next_to(n: int) -> bool:  # token n follows token n - 1 after a space, nothing else
        return text[tokens[n - 1][2]:tokens[n][1]] == " "

    if end - start == 1 and end < len(tokens) and word(end).lower() in _PARTICLES and next_to(end) \
            and word(start).islower():
        return end + 1
    while (end < len(tokens) and end - start < MAX_ENGLISH + 2 and word(end - 1)[:1].isupper()
           and word(end)[:1].isupper() and next_to(end)):
        end += 1
    return end


def _name_like(term: str, words: list[str], segmenter, dictionary) -> bool:
    """A name the dictionary does not know (石破茂, 出云): one word of jieba's, a name's or a
    place's, all Han characters, not a CC-CEDICT headword."""
    from .term_candidates import NAMES

    return (len(words) == 1 and segmenter.tag(term) in NAMES and all(is_han(c) for c in term)
            and not dictionary.lookup(term))


def _unexplained_name(term: str, unit: _Unit, dictionary):
    """The English of a name no dictionary has, by elimination: the capitalised words of
    the unit's English that no other Chinese word of the unit renders (石破茂 in "After
    Shigeru Ishiba took office, Japan ..." is "Shigeru Ishiba": Japan is 日本's). When
    several are left, the one standing where the name stands in the Chinese, less surely.
    (keys, text, coverage), or None."""
    tokens, text = unit.en_tokens, unit.en
    if not tokens:
        return None
    at = unit.zh.find(term)
    senses: set[str] = set()
    for start, end in dictionary.segment(unit.zh):
        if end <= at or start >= at + len(term):
            senses |= sense_keys(d for e in dictionary.lookup(unit.zh[start:end]) for d in e.definitions)
    runs: list[list[int]] = []
    for n, (_, begin, finish) in enumerate(tokens):
        word = text[begin:finish]
        if not word[:1].isupper() or word.lower() in STOPWORDS:
            continue
        if runs and runs[-1][-1] == n - 1 and text[tokens[n - 1][2]:begin] in (" ", "-"):
            runs[-1].append(n)
        else:
            runs.append([n])
    left = []  # the runs less their words that other Chinese words render ("After" is 后's)
    for run in runs:
        part: list[int] = []
        for n in run + [-1]:
            if n >= 0 and not any(alike(k, tokens[n][0]) for k in senses):
                part.append(n)
            elif part:
                left.append(part)
                part = []
    if not left:
        return None
    where = at / max(len(unit.zh), 1)
    best = min(left, key=lambda r: abs(tokens[r[0]][1] / max(len(text), 1) - where))
    shown = text[tokens[best[0]][1]:tokens[best[-1]][2]]
    return tuple(tokens[n][0] for n in best), shown, 1.0 if len(left) == 1 else 0.8


def _pinyin_names(found: list[_Unit], surnames, dictionary) -> set[str]:
    """Chinese names the English spells in pinyin (孙文竹 "Sun Wenzhu"), where jieba cuts
    them (孙 | 文竹): two to four Han characters from a surname on, whose reading is a
    stretch of capitalised words of the aligned English."""
    from .counterpart import pinyin_name

    names = set()
    for unit in found:
        if not any(text[:1].isupper() for text in (unit.en[a:b] for _, a, b in unit.en_tokens)):
            continue
        zh = unit.zh
        for at, char in enumerate(zh):
            if char not in surnames and zh[at:at + 2] not in surnames:
                continue
            for size in (4, 3, 2):
                name = zh[at:at + size]
                if len(name) < size or not all(is_han(c) for c in name) or dictionary.lookup(name):
                    continue
                span = pinyin_name(name, dictionary, unit.en_tokens, unit.en)
                if span is not None and all(unit.en[unit.en_tokens[n][1]][:1].isupper() for n in range(*span)):
                    names.add(name)
                    break
    return names


def _pinyin_span(term: str, dictionary, tokens, text):
    from .counterpart import pinyin_name

    return pinyin_name(term, dictionary, tokens, text)


def extract(text: Text, segmenter, dictionary, *, known: set[str] = frozenset(), rejected: set[str] = frozenset(),
            top: int = 100) -> list[Candidate]:
    """The best `top` candidates of a text (see the module); `known` and `rejected`
    terms are left out."""
    found = units(text)
    if not found:
        return []
    names = None
    if dictionary is not None:
        from .names import names_of

        names = names_of(text.pairs, dictionary)
    candidates = chinese_candidates([unit.zh for unit in found], segmenter, names, dictionary)
    if names is not None:
        spelled = _pinyin_names(found, names.surnames, dictionary)
        joined = "\n".join(unit.zh for unit in found)
        for name in spelled:
            candidates.setdefault(name, [name])
        for term in [t for t in candidates if t not in spelled]:  # 文竹 of 孙文竹: no term
            inside = [name for name in spelled if term in name]
            if inside and joined.count(term) <= sum(joined.count(name) for name in inside):
                del candidates[term]
    scores = termhood(candidates, "\n".join(unit.zh for unit in found), segmenter)
    ranked = sorted((term for term in scores if term not in known and term not in rejected),
                    key=lambda term: -scores[term][0])[: max(5 * top, 300)]
    english = _English(found)
    results = []
    for term in ranked:
        where = [unit for unit in found if term in unit.zh][:20]
        together: Counter = Counter()
        for unit in where:
            together.update(set(english.ngrams(unit)))
        parts = _parts(term, candidates[term], dictionary)
        whole = renderings([d for e in dictionary.lookup(term) for d in e.definitions]) if dictionary else []
        characters = tuple(frozenset(_senses(dictionary, c)) if is_han(c) else frozenset() for c in term) \
            if dictionary else ()
        totals: dict[tuple, list] = {}
        for unit in where:
            best = _render(term, parts, whole, dictionary, unit, english, together, len(where), characters)
            if best is None:
                continue
            score, keys, shown, coverage = best
            entry = totals.setdefault(keys, [0.0, shown, [], 0.0])
            entry[0] += score
            entry[2].append(unit.pair)
            entry[3] = max(entry[3], coverage)
        strength, count = scores[term]
        if totals and max(entry[3] for entry in totals.values()) == 0 and len(where) < 2:
            totals = {}  # nothing renders it, and one occurrence says nothing of co-occurrence
        if not totals and dictionary is not None and _name_like(term, candidates[term], segmenter, dictionary):
            for unit in where:
                found_name = _unexplained_name(term, unit, dictionary)
                if found_name is not None:
                    keys, shown, coverage = found_name
                    entry = totals.setdefault(keys, [0.0, shown, [], 0.0])
                    entry[0] += coverage
                    entry[2].append(unit.pair)
                    entry[3] = max(entry[3], coverage)
        if totals:
            keys, (total, shown, pairs, coverage) = max(totals.items(), key=lambda item: item[1][0])
            translation = total / len(where)
        else:
            shown, pairs, translation = "", [unit.pair for unit in where], 0.0
        results.append(Candidate(term, shown, strength * _weight(translation), list(dict.fromkeys(pairs)), count,
                                 strength, translation))
    results = _demote_nested(results)
    results.sort(key=lambda c: (-c.score, c.zh))
    return results[:top]


def _demote_nested(results: list[Candidate]) -> list[Candidate]:
    """Of candidates nested one in the other and rendered by the same English, the one it
    renders worse is demoted: 增强威慑力量 "deterrence" below 威慑力量 (the English
    renders none of 增强), 中国国际 "China Institute of International Studies" below
    中国国际问题研究院. Demoted, not left out (both may be terms), and neither on a tie
    (海上自卫队 and 日本海上自卫队, both "Japan Maritime Self-Defense Force")."""
    by_english: dict[str, list[Candidate]] = {}
    for c in results:
        if c.en:
            by_english.setdefault(c.en.lower(), []).append(c)
    for c in results:
        if c.en and any((o.zh in c.zh or c.zh in o.zh) and o.translation > c.translation + 1e-9
                        for o in by_english[c.en.lower()] if o.zh != c.zh):
            c.score *= NESTED_SAME_ENGLISH
    return results



def text_candidates(library, text_id: str, *, use_glossary: bool = True, top: int = 100,
                    rejected: set[str] = frozenset()) -> list[Candidate]:
    """The term candidates of a text of a library, CC-CEDICT and jieba loaded for it;
    terms of its glossaries left out unless `use_glossary` is false."""
    from .dictionary import Dictionary
    from .errors import ReaderError
    from .segmenter import Segmenter

    text = library.load(text_id)
    if not any(pair.zh for pair in text.pairs):
        raise ReaderError(f"text {text_id!r} has no Chinese side: term candidates come from an aligned text")
    known = {entry.zh for entry in library.glossary(text_id)} if use_glossary else set()
    return extract(text, Segmenter.load(), Dictionary.load(), known=known, rejected=rejected, top=top)



def _weight(translation: float) -> float:
    """How a candidate's rendering weighs in its score: steeply, since a phrase cut at
    the wrong place (签署日欧, 政客反复) is rendered by a part of its English at best,
    while a term is rendered whole."""
    return 0.1 + translation ** 3
