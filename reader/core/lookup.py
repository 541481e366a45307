"""Looking a term up in the glossary by Chinese, English or pinyin, then in CC-CEDICT.

Results come in rounds: exact matches, then prefix matches, then (only when neither found
anything) fuzzy suggestions. A query is tried as every kind it could be: "men" is both an
English word and a pinyin syllable.
"""

from __future__ import annotations

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
    syllables: list[tuple[str, int | None]] | None = None


def _english_keys(text: str) -> list[str]:
    """The token keys of an English phrase, as written and with hyphenated words joined
    ("post-war" is also "postwar"), the same equivalence the term matcher uses."""
    return [" ".join(keys) for keys in pattern_keys(text)]


class GlossaryIndex:
    """Glossary entries ready for look-up."""

    def __init__(self, entries: list[GlossaryEntry]) -> None:
        self.entries = entries
        self._keys = [
            _Keys(
                zh=entry.zh,
                english=[(r.lower(), key) for r in entry.renderings for key in _english_keys(r)],
                pinyin=pinyin_key(entry.pinyin) if entry.pinyin else "",
                syllables=parse_syllables(entry.pinyin) if entry.pinyin else None,
            )
            for entry in entries
        ]

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
                have = keys.syllables or []
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
