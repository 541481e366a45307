"""Finding glossary terms in text: every occurrence, in both languages, as character spans.

One Aho-Corasick automaton per language scans a text once for all terms at the same
time. Chinese is matched as exact substrings, character by character. English is matched
token by token on normalised keys, so case, plural endings, hyphens and quotes do not get
in the way ("Counterattack capability" finds "counterattack capabilities", "post-war"
finds "postwar"); abbreviations (all capitals: US, SPA, JASDF) match only themselves,
as whole words, so "US" never matches "us". Overlapping hits are resolved longest first.
"""

from __future__ import annotations

import heapq
import re
from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from .glossary import GlossaryEntry

_TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9\"'“”‘’\-‐‑–—()\[\],.;:!?/]")


@dataclass(frozen=True, slots=True, order=True)
class Hit:
    """One occurrence of a glossary entry: text[start:end] is the term."""

    start: int
    end: int
    entry: int  # index of the entry in the matcher's glossary


class Automaton:
    """Aho-Corasick over sequences of hashable symbols (characters or word keys)."""

    def __init__(self) -> None:
        self._goto: list[dict[Hashable, int]] = [{}]
        self._fail: list[int] = [0]
        self._out: list[tuple[tuple[int, int], ...]] = [()]  # (length, value) per state
        self._built = False

    def add(self, symbols: Sequence[Hashable], value: int) -> None:
        if not symbols:
            return
        state = 0
        for symbol in symbols:
            nxt = self._goto[state].get(symbol)
            if nxt is None:
                nxt = len(self._goto)
                self._goto[state][symbol] = nxt
                self._goto.append({})
                self._fail.append(0)
                self._out.append(())
            state = nxt
        if (len(symbols), value) not in self._out[state]:
            self._out[state] += ((len(symbols), value),)
        self._built = False

    def build(self) -> None:
        goto, fail, out = self._goto, self._fail, self._out
        queue = deque(goto[0].values())
        for state in queue:
            fail[state] = 0
        while queue:
            state = queue.popleft()
            for symbol, nxt in goto[state].items():
                queue.append(nxt)
                link = fail[state]
                while link and symbol not in goto[link]:
                    link = fail[link]
                target = goto[link].get(symbol, 0)
                fail[nxt] = target if target != nxt else 0
                out[nxt] += out[fail[nxt]]
        self._built = True

    def _states(self, symbols: Iterable[Hashable]) -> list[tuple[int, int]]:
        """(end, state) for every position where some pattern ends (end exclusive)."""
        if not self._built:
            self.build()
        goto, fail, out = self._goto, self._fail, self._out
        ends = []
        state = 0
        for index, symbol in enumerate(symbols):
            nxt = goto[state].get(symbol)
            while nxt is None and state:
                state = fail[state]
                nxt = goto[state].get(symbol)
            state = nxt if nxt is not None else 0
            if out[state]:
                ends.append((index + 1, state))
        return ends

    def scan(self, symbols: Iterable[Hashable]) -> list[tuple[int, int, int]]:
        """All matches as (start, end, value) in symbol positions (end exclusive)."""
        out = self._out
        return [
            (end - length, end, value) for end, state in self._states(symbols) for length, value in out[state]
        ]

    def scan_longest(self, symbols: Iterable[Hashable], size: int) -> list[tuple[int, int, int]]:
        """Matches without overlaps, longest first, then leftmost, in text order.

        A state's outputs run from the longest pattern ending there to the shortest, so
        only the longest at each position is a candidate at first; a shorter one is tried
        only if the longer is refused. Dense glossaries, where many terms end at each
        position, cost no more than sparse ones.
        """
        out = self._out
        heap = [(-out[state][0][0], end - out[state][0][0], end, state, 0) for end, state in self._states(symbols)]
        heapq.heapify(heap)
        taken = bytearray(size)
        chosen = []
        while heap:
            _, start, end, state, k = heapq.heappop(heap)
            blocked = taken.rfind(1, start, end)
            if blocked == -1:
                taken[start:end] = b"\x01" * (end - start)
                chosen.append((start, end, out[state][k][1]))
                continue
            # Shorter patterns ending here that would still overlap are skipped at once.
            outputs = out[state]
            k += 1
            while k < len(outputs) and end - outputs[k][0] <= blocked:
                k += 1
            if k < len(outputs):
                length = outputs[k][0]
                heapq.heappush(heap, (-length, end - length, end, state, k))
        chosen.sort()
        return chosen


def english_key(token: str) -> str:
    """How an English token is compared: abbreviations as written, words lower-cased and
    reduced to the singular."""
    if len(token) >= 2 and token.isupper():
        return "=" + token
    word = token.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_tokens(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) for each word of English text; quotes, hyphens and other
    separators are not tokens, so they never stop a match."""
    return [(english_key(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def pattern_keys(term: str) -> list[list[str]]:
    """The key sequences a term matches: as written, and with hyphenated parts joined
    ("post-war" also as "postwar")."""
    keys = [[key for key, _, _ in english_tokens(term)]]
    if "-" in term:
        joined = re.sub(r"(?<=\w)-(?=\w)", "", term)
        keys.append([key for key, _, _ in english_tokens(joined)])
    return [k for n, k in enumerate(keys) if k and k not in keys[:n]]


class TermMatcher:
    """All glossary entries, ready to be found in English and Chinese text."""

    def __init__(self, entries: list[GlossaryEntry]) -> None:
        self.entries = entries
        self._zh = Automaton()
        self._en = Automaton()
        for index, entry in enumerate(entries):
            self._zh.add(entry.zh, index)
            for rendering in entry.renderings:
                for keys in pattern_keys(rendering):
                    self._en.add(keys, index)
        self._zh.build()
        self._en.build()

    def find(self, text: str, lang: str, overlapping: bool = False) -> list[Hit]:
        """The entries' occurrences in `text` (of language `lang`): longest first without
        overlaps, or, with `overlapping`, every occurrence (a term inside a longer one too)."""
        if not text or not self.entries:
            return []
        if lang == "zh":
            if overlapping:
                return sorted(Hit(*m) for m in self._zh.scan(text))
            return [Hit(*m) for m in self._zh.scan_longest(text, len(text))]
        tokens = english_tokens(text)
        keys = [key for key, _, _ in tokens]
        matches = sorted(self._en.scan(keys)) if overlapping else self._en.scan_longest(keys, len(keys))
        return [Hit(tokens[start][1], tokens[end - 1][2], entry) for start, end, entry in matches]
