"""Looking a term up in the glossary and CC-CEDICT by Chinese, English or pinyin.

Results come in rounds: exact matches, then prefix matches, then partial ones, then (only
when none of these found anything) fuzzy suggestions; within a round the glossary comes
before CC-CEDICT, so an exact dictionary word (日本 for "Japan") comes before a glossary
prefix match (日欧 "Japan-EU"). A query is tried as every kind it could be: "men" is both
an English word and a pinyin syllable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .glossary import GlossaryEntry
from .matching import pattern_keys
from .pinyin import looks_like_pinyin, parse_syllables, pinyin_key
from .script import is_han

EXACT, PREFIX, PARTIAL, FUZZY = "exact", "prefix", "partial", "fuzzy"
_RANK = {EXACT: 0, PREFIX: 1, PARTIAL: 2, FUZZY: 3}


@dataclass(slots=True)
class Match:
    entry: int  # index into the entries searched
    kind: str  # exact, prefix, partial or fuzzy
    score: float = 100.0


@dataclass(slots=True)
class _Keys:
    """What an entry is compared on, prepared once."""

    zh: str
    english: list[tuple[str, str]] = field(default_factory=list)  # (lower text, token key)
    pinyin: str = ""
    syllables: list[tuple[str, int | None]] | None = None  # parsed when a toned query first needs them


def _english_keys(text: str) -> list[str]:
    """The token keys of an English phrase, as written and with hyphenated words joined
    ("post-war" is also "postwar"), the same equivalence the term matcher uses."""
    return [" ".join(keys) for keys in pattern_keys(text)]


class GlossaryIndex:
    """Glossary entries ready for look-up."""

    def __init__(self, entries: list[GlossaryEntry]) -> None:
        self.entries = entries
        self._keys = [
            _Keys(zh=entry.zh, pinyin=pinyin_key(entry.pinyin) if entry.pinyin else "")
            for entry in entries
        ]
        self._english_ready = False  # the renderings' keys, made for the first English query

    def search(self, query: str, limit: int = 20) -> list[Match]:
        query = query.strip()
        if not query:
            return []
        found: dict[int, Match] = {}

        def offer(index: int, kind: str, score: float = 100.0) -> None:
            current = found.get(index)
            if current is None or _RANK[kind] < _RANK[current.kind]:
                found[index] = Match(index, kind, score)

        han = any(is_han(char) for char in query)
        if han:
            for index, keys in enumerate(self._keys):
                if keys.zh == query:
                    offer(index, EXACT)
                elif keys.zh.startswith(query):
                    offer(index, PREFIX)
                elif query in keys.zh or keys.zh in query:
                    offer(index, PARTIAL)
        else:
            lowered = query.lower()
            query_keys = _english_keys(query)
            if not self._english_ready:
                for entry, keys in zip(self.entries, self._keys):
                    keys.english = [(r.lower(), key) for r in entry.renderings for key in _english_keys(r)]
                self._english_ready = True
            for index, keys in enumerate(self._keys):
                for text, key in keys.english:
                    if key in query_keys:
                        offer(index, EXACT)
                    elif text.startswith(lowered) or any(key.startswith(q) for q in query_keys):
                        offer(index, PREFIX)
                    elif any(f" {q} " in f" {key} " for q in query_keys):
                        offer(index, PARTIAL)
            if looks_like_pinyin(query):
                self._search_pinyin(query, offer)
        if not found:
            for index, score in self._fuzzy(query, limit):
                offer(index, FUZZY, score)
        ranked = sorted(found.values(), key=lambda m: (_RANK[m.kind], -m.score, len(self.entries[m.entry].zh)))
        return ranked[:limit]

    def _search_pinyin(self, query: str, offer) -> None:
        """Toneless queries match any tones; a syllable given a tone must have it
        ("fan3ji" matches fǎnjī, not fànjì)."""
        toneless = pinyin_key(query)
        wanted = parse_syllables(query)
        if not toneless or not wanted:
            return
        toned = any(tone is not None for _, tone in wanted)
        for index, keys in enumerate(self._keys):
            if not keys.pinyin:
                continue
            if toned:
                if keys.syllables is None:
                    keys.syllables = parse_syllables(self.entries[index].pinyin) or []
                have = keys.syllables
                if len(wanted) > len(have) or not all(
                    syllable == h_syllable and (tone is None or tone == h_tone)
                    for (syllable, tone), (h_syllable, h_tone) in zip(wanted, have)
                ):
                    continue
                offer(index, EXACT if len(wanted) == len(have) else PREFIX)
            elif keys.pinyin == toneless:
                offer(index, EXACT)
            elif keys.pinyin.startswith(toneless):
                offer(index, PREFIX)

    def _fuzzy(self, query: str, limit: int) -> list[tuple[int, float]]:
        from rapidfuzz import fuzz, process

        choices: list[str] = []
        owners: list[int] = []
        for index, (entry, keys) in enumerate(zip(self.entries, self._keys)):
            for text in (entry.zh, *entry.renderings, keys.pinyin):
                if text:
                    choices.append(text.lower())
                    owners.append(index)
        best: dict[int, float] = {}
        for _, score, position in process.extract(
            query.lower(), choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=70
        ):
            index = owners[position]
            best[index] = max(best.get(index, 0.0), score)
        return sorted(best.items(), key=lambda item: -item[1])[:limit]


@dataclass(slots=True)
class Result:
    """One look-up result: a glossary entry (by index) or a CC-CEDICT entry."""

    source: str  # "glossary" or "cc-cedict"
    kind: str  # exact, prefix, partial or fuzzy
    entry: int = -1  # the glossary entry
    word: object = None  # the CC-CEDICT entry (`DictEntry`)
    score: float = 100.0

    @property
    def zh(self) -> str:
        return self.word.simplified if self.word is not None else ""


_DICTIONARY_KIND = {0: EXACT, 1: PREFIX, 2: PARTIAL}  # dictionary ranks EXACT, STARTS, CONTAINS
_PINYIN_KIND = {0: EXACT, 1: EXACT, 2: PREFIX, 3: PREFIX}


def look_up(index: GlossaryIndex, dictionary, query: str, limit: int = 20) -> list[Result]:
    """Glossary and CC-CEDICT results for a query, ranked as the module says. `dictionary`
    may be None (not loaded yet): glossary results only. A CC-CEDICT headword that is a
    glossary term already listed is left out: the glossary entry says more. Fuzzy
    suggestions (glossary only) come only when nothing else was found."""
    query = query.strip()
    if not query:
        return []
    glossary = index.search(query, limit)
    results = [Result("glossary", m.kind, entry=m.entry, score=m.score) for m in glossary if m.kind != FUZZY]
    suggestions = [Result("glossary", m.kind, entry=m.entry, score=m.score) for m in glossary if m.kind == FUZZY]
    if dictionary is not None:
        listed = {index.entries[r.entry].zh for r in results}
        best: dict[int, Result] = {}
        for kind, entry in _dictionary_matches(dictionary, query, limit):
            key = id(entry)
            if entry.simplified in listed:
                continue
            if key not in best or _RANK[kind] < _RANK[best[key].kind]:
                best[key] = Result("cc-cedict", kind, word=entry)
        results += best.values()
    if not results:
        return suggestions[:limit]
    # stable: within a kind the glossary first, each source in its own order
    results.sort(key=lambda r: (_RANK[r.kind], r.source != "glossary"))
    return results[:limit]


def _dictionary_matches(dictionary, query: str, limit: int):
    """CC-CEDICT's matches as (kind, entry), best first."""
    if any(is_han(char) for char in query):
        return [(_DICTIONARY_KIND[rank], entry) for rank, entry in dictionary.headword_matches(query, limit)]
    found = []
    if looks_like_pinyin(query):
        found += [(_PINYIN_KIND[rank], entry) for rank, entry in dictionary.pinyin_matches(query, limit)]
    # The index calls a match exact when any comma-separated part of a gloss is the query
    # ("Kyoto, Japan" for "Japan"): look closer, at a few more candidates than needed.
    english = [(_english_kind(entry, query), n, entry)
               for n, (_, entry) in enumerate(dictionary.english_matches(query, 4 * limit))]
    english.sort(key=lambda item: (_RANK[item[0][0]], item[0][1], item[1]))
    found += [(kind, entry) for (kind, _), _, entry in english[:limit]]
    return found


_NOTE = re.compile(r"\([^()]*\)|\[[^\]]*\]")


def _english_kind(entry, query: str) -> tuple[str, int]:
    """How a CC-CEDICT entry matches an English query: EXACT when a sense is the query
    (notes in brackets and a leading "to " aside), PREFIX when one starts with it, else
    PARTIAL; and 0 when that sense is the entry's first (日本 "Japan" before 和, whose
    Japan is a later sense), else 1."""
    wanted = _words(query)
    best = (PARTIAL, 1)
    for number, sense in enumerate(entry.definitions):
        words = _words(_NOTE.sub(" ", sense))
        if words == wanted:
            kind = EXACT
        elif words[: len(wanted)] == wanted:
            kind = PREFIX
        else:
            continue
        candidate = (kind, 0 if number == 0 else 1)
        if (_RANK[candidate[0]], candidate[1]) < (_RANK[best[0]], best[1]):
            best = candidate
    return best


def _words(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9\u00c0-\u024f]+", text.lower())
    return words[1:] if len(words) > 1 and words[0] == "to" else words
