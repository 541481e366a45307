"""Finding glossary terms in text: every occurrence, in both languages, as character spans.

One Aho-Corasick automaton per language scans a text once for all terms at the same
time. Chinese is matched as exact substrings, character by character. English is matched
token by token on normalised keys, so case, plural endings, hyphens and quotes do not get
in the way ("Counterattack capability" finds "counterattack capabilities", "post-war"
finds "postwar"); abbreviations (all capitals: US, SPA, JASDF) match only themselves,
as whole words, so "US" never matches "us". Overlapping hits are resolved longest first.
A few rules keep a rendering from matching where it is only part of a longer name or
compound (see `TermMatcher`); every feature asks this module, so they all agree.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .script import is_han
from .zhscript import to_simplified

if TYPE_CHECKING:
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
        return self._matches(self._states(symbols))

    def _matches(self, ends: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        out = self._out
        return [(end - length, end, value) for end, state in ends for length, value in out[state]]

    def scan_longest(
        self, symbols: Iterable[Hashable], size: int, allowed: Callable[[int, int, int], bool] | None = None
    ) -> list[tuple[int, int, int]]:
        """Matches without overlaps, longest first, then leftmost, in text order; with
        `allowed(start, end, value)`, only the matches it accepts (a refused match leaves
        its place to shorter ones, as if it had not been found).

        A state's outputs run from the longest pattern ending there to the shortest, so
        only the longest at each position is a candidate at first; a shorter one is tried
        only if the longer is refused. Dense glossaries, where many terms end at each
        position, cost no more than sparse ones.
        """
        return self._longest(self._states(symbols), size, allowed)

    def _longest(self, ends: list[tuple[int, int]], size: int,
                 allowed: Callable[[int, int, int], bool] | None = None) -> list[tuple[int, int, int]]:
        out = self._out
        heap = [(-out[state][0][0], end - out[state][0][0], end, state, 0) for end, state in ends]
        heapq.heapify(heap)
        taken = bytearray(size)
        chosen = []
        while heap:
            _, start, end, state, k = heapq.heappop(heap)
            outputs = out[state]
            blocked = taken.rfind(1, start, end)
            if blocked == -1:
                value = outputs[k][1]
                if allowed is None or allowed(start, end, value):
                    taken[start:end] = b"\x01" * (end - start)
                    chosen.append((start, end, value))
                    continue
                k += 1
            else:
                # Shorter patterns ending here that would still overlap are skipped at once.
                k += 1
                while k < len(outputs) and end - outputs[k][0] <= blocked:
                    k += 1
            if k < len(outputs):
                length = outputs[k][0]
                heapq.heappush(heap, (-length, end - length, end, state, k))
        chosen.sort()
        return chosen


@lru_cache(maxsize=1 << 16)  # a text's words repeat: each is keyed once
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
    key = english_key
    return [(key(m.group()), *m.span()) for m in _TOKEN.finditer(text)]


_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end


@lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """The keys of the words of English text, where each starts and where it ends (three
    lists, made by `map`: a text's index makes hundreds of thousands); kept for
    `TermMatcher.find`, which is asked of the same side twice (every hit and the
    longest). Only read, never changed."""
    found = list(_TOKEN.finditer(text))
    return list(map(english_key, map(_GROUP, found))), list(map(_START, found)), list(map(_END, found))


def pattern_keys(term: str) -> list[list[str]]:
    """The key sequences a term matches: as written, and with hyphenated parts joined
    ("post-war" also as "postwar")."""
    keys = [[key for key, _, _ in english_tokens(term)]]
    if "-" in term:
        joined = re.sub(r"(?<=\w)-(?=\w)", "", term)
        keys.append([key for key, _, _ in english_tokens(joined)])
    return [k for n, k in enumerate(keys) if k and k not in keys[:n]]


# Characters that join the parts of a compound word when they stand between two letters
# or digits: hyphens and the en dash ("Japan-Europe", "Japan–EU").
_JOINERS = frozenset("-‐‑–")
_JOINED = re.compile(r"(?<=[^\W_])[-‐‑–](?=[^\W_])")


def _name_phrase(rendering: str) -> bool:
    """A rendering built around a name, which starts with a lower-case word and ends with a
    capitalised one ("the Japanese", "in Japan", "the US"): when a capitalised word follows
    it in a text, the name is part of a longer one ("the Japanese Self-Defense Forces",
    "in Japan Coast Guard exercises") and the phrase is not there."""
    words = _TOKEN.findall(rendering)
    return len(words) >= 2 and words[0][0].islower() and words[-1][0].isupper()


@dataclass(slots=True)
class _Text:
    """What the English rules need to know about a text, worked out once per scan."""

    text: str
    starts: list[int]  # where each token starts
    ends: list[int]  # and ends
    _joined: set[int] | None = None  # the tokens a joiner binds to the token before

    def joined(self, index: int) -> bool:
        """Whether token `index` is joined to the one before by a hyphen (one compound)."""
        if self._joined is None:
            starts, ends = self.starts, self.ends
            self._joined = set()
            for match in _JOINED.finditer(self.text):  # a joiner at `at` binds the token at `at + 1`
                at = match.start()
                token = bisect_left(starts, at + 1)
                if 0 < token < len(starts) and starts[token] == at + 1 and ends[token - 1] == at:
                    self._joined.add(token)
        return index in self._joined

    def name_follows(self, index: int) -> bool:
        """Whether token `index` is a capitalised word right after a space (no punctuation
        or line break between). Title case cannot be told from a run of names, so a
        heading such as "How the Japanese See Europe" reads as one."""
        if index >= len(self.starts):
            return False
        start, end = self.starts[index], self.ends[index - 1]
        gap = self.text[end:start]
        return self.text[start].isupper() and gap.isspace() and "\n" not in gap


class TermMatcher:
    """All glossary entries, ready to be found in English and Chinese text.

    This is the one place that decides whether a term or a rendering is in a text; every
    feature (highlights, look-up, the consistency check, the study scorer, exports) asks
    it, through `find`, `occurring` and `present`. On top of the matching itself:

    - an English match never starts or ends inside a hyphenated compound: "in Japan" is
      not in "in Japan-Europe relations", nor "EU" in "Japan-EU";
    - a rendering built around a name ("the Japanese", "in Japan": a lower-case word
      first, a capitalised one last) does not match where a capitalised word continues
      the name ("the Japanese Self-Defense Forces"); names themselves still do ("NATO"
      in "NATO Secretary General", "Prime Minister" in "Prime Minister Kishida");
    - an entry's `exclude` phrases are contexts in which neither its term nor its
      renderings count ("the Japanese government" for "the Japanese").
    """

    def __init__(self, entries: list[GlossaryEntry]) -> None:
        self.entries = entries
        # The automata are built on the first search (a look-up that reads a text's index
        # needs none), under a lock: the reader searches from worker threads too.
        self._ready = False
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Build the automata now (else the first search does): before a fork, say."""
        with self._lock:
            if not self._ready:
                self._build(self.entries)

    def _build(self, entries: list[GlossaryEntry]) -> None:
        self._zh = Automaton()
        self._en = Automaton()
        self._zh_exclude = Automaton()
        self._en_exclude = Automaton()
        self._en_patterns: list[tuple[int, bool]] = []  # (entry, built around a name) per pattern
        pattern_ids: dict[tuple[int, tuple[str, ...]], int] = {}
        for index, entry in enumerate(entries):
            # Chinese is matched in simplified characters (a traditional text through its
            # simplified view, a traditional term through its simplified form): 軍事 in a
            # text finds the glossary's 军事, and 军事 in a glossary finds 軍事.
            self._zh.add(to_simplified(entry.zh), index)
            for rendering in entry.renderings:
                name_phrase = _name_phrase(rendering)
                for keys in pattern_keys(rendering):
                    pid = pattern_ids.get((index, tuple(keys)))
                    if pid is None:
                        pid = pattern_ids[(index, tuple(keys))] = len(self._en_patterns)
                        self._en_patterns.append((index, name_phrase))
                        self._en.add(keys, pid)
                    elif name_phrase and not self._en_patterns[pid][1]:
                        self._en_patterns[pid] = (index, True)
            for phrase in entry.exclude:
                if exclusion_lang(phrase) == "zh":
                    self._zh_exclude.add(to_simplified(phrase), index)
                else:
                    for keys in pattern_keys(phrase):
                        self._en_exclude.add(keys, index)
        self._has_exclusions = {"zh": any(e.exclude and any(exclusion_lang(x) == "zh" for x in e.exclude)
                                          for e in entries),
                                "en": any(e.exclude and any(exclusion_lang(x) == "en" for x in e.exclude)
                                          for e in entries)}
        self._name_phrases = any(name_phrase for _, name_phrase in self._en_patterns)
        for automaton in (self._zh, self._en, self._zh_exclude, self._en_exclude):
            automaton.build()
        self._ready = True

    def find(self, text: str, lang: str, overlapping: bool = False) -> list[Hit]:
        """The entries' occurrences in `text` (of language `lang`): longest first without
        overlaps, or, with `overlapping`, every occurrence (a term inside a longer one too)."""
        every, longest = self._find(text, lang, overlapping, not overlapping)
        return [Hit(*hit) for hit in (every if overlapping else longest)]

    def find_both(self, text: str, lang: str) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
        """`find(text, lang, overlapping=True)` and `find(text, lang)` in one scan, each
        hit as a tuple (start, end, entry) rather than a `Hit` (a text's index makes
        millions of them)."""
        return self._find(text, lang, True, True)

    def _find(self, text: str, lang: str, every: bool, longest: bool) -> tuple[list[Hit], list[Hit]]:
        if not text or not self.entries:
            return [], []
        if not self._ready:
            self.prepare()
        if lang == "zh":
            text = to_simplified(text)  # the same length: the hits are spans of the text as written
            excluded = self._exclusions(self._zh_exclude, text) if self._has_exclusions["zh"] else None

            def allowed_zh(start: int, end: int, entry: int) -> bool:
                return excluded is None or not _inside(excluded.get(entry), start, end)

            ends = self._zh._states(text)
            if every:
                matches = self._zh._matches(ends)
                every = sorted(filter(lambda m: allowed_zh(*m), matches) if excluded else matches)
            return (every or [],
                    self._zh._longest(ends, len(text), allowed_zh if excluded else None) if longest else [])
        keys, token_starts, token_ends = _tokens(text)
        context = _Text(text, token_starts, token_ends)
        excluded = self._exclusions(self._en_exclude, keys) if self._has_exclusions["en"] else None
        patterns = self._en_patterns

        joiners = any(joiner in text for joiner in _JOINERS)

        def allowed(start: int, end: int, pid: int) -> bool:
            if joiners and (context.joined(start) or context.joined(end)):
                return False
            entry, name_phrase = patterns[pid]
            if name_phrase and context.name_follows(end):
                return False
            return excluded is None or not _inside(excluded.get(entry), start, end)

        if not joiners and excluded is None and not self._name_phrases:
            allowed = None  # no rule can refuse anything here: the plain scan
        ends = self._en._states(keys)
        found = []
        if every:
            found.append(sorted({(start, end, patterns[pid][0]) for start, end, pid in self._en._matches(ends)
                                 if allowed is None or allowed(start, end, pid)}))
        else:
            found.append([])
        if longest:
            found.append([(start, end, patterns[pid][0])
                          for start, end, pid in self._en._longest(ends, len(keys), allowed)])
        else:
            found.append([])
        return tuple([(token_starts[start], token_ends[end - 1], entry) for start, end, entry in matches]
                     for matches in found)

    def occurring(self, text: str, lang: str) -> list[int]:
        """The entries that *occur* in a text: where the reader highlights them (longest
        hits, so "EU" inside a longer term is not an occurrence of its own), in order of
        first appearance. What a translation is expected to render."""
        return list(dict.fromkeys(hit.entry for hit in self.find(text, lang)))

    def present(self, text: str, lang: str) -> set[int]:
        """The entries whose term or a rendering is *present* in a text at all, inside a
        longer term too ("NATO" in "reach the NATO benchmark"). What counts as rendered."""
        return {hit.entry for hit in self.find(text, lang, overlapping=True)}

    @staticmethod
    def _exclusions(automaton: Automaton, symbols) -> dict[int, list[tuple[int, int]]]:
        spans: dict[int, list[tuple[int, int]]] = {}
        for start, end, entry in automaton.scan(symbols):
            spans.setdefault(entry, []).append((start, end))
        return spans


def _inside(spans: list[tuple[int, int]] | None, start: int, end: int) -> bool:
    return bool(spans) and any(outer_start <= start and end <= outer_end for outer_start, outer_end in spans)


def exclusion_lang(phrase: str) -> str:
    """An exclusion phrase is Chinese if it holds a Han character, else English."""
    return "zh" if any(is_han(char) for char in phrase) else "en"
