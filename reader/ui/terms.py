"""What the reader needs to know about glossary terms in the text it shows: highlights,
the entries of a pair, the words of a Chinese paragraph, where a term occurs. Plain
Python over the core (no widgets), so it is cheap to test."""

from __future__ import annotations

from textual.cache import LRUCache

from ..core.glossary import GlossaryEntry
from ..core.lookup import GlossaryIndex
from ..core.matching import Hit, TermMatcher, english_tokens
from ..core.model import Pair
from ..core.concordance import word_spans
from ..core.names import names_of
from ..core.segment import words
from .pairview import TERM_COLOURS, Marks


class EveryGlossary:
    """The entries of every glossary of a library, not merged, each with the name of its
    glossary, the one that applies to the text first; the entries that apply are the
    text's own objects (so their pinyin, once filled in, is shared)."""

    def __init__(self, applied: list[GlossaryEntry], library, text_id: str) -> None:
        from ..core.glossaries import every_entry

        if library is None:
            every = [(None, entry) for entry in applied]
        else:
            mine = {entry.origin: entry for entry in applied}
            every = [(source, mine.get(entry.origin, entry)) for source, entry in reversed(every_entry(library, text_id))]
        self.entries = [entry for _, entry in every]
        self.labels = [source.label if source is not None else "glossary" for source, _ in every]
        applied_ids = {id(entry) for entry in applied}
        self.applies = [id(entry) in applied_ids for entry in self.entries]
        self.index = GlossaryIndex(self.entries)


class Terms:
    def __init__(self, entries: list[GlossaryEntry], pairs: list[Pair]) -> None:
        self.entries = entries
        self.pairs = pairs  # shared with the view: grows while a large text loads
        self.matcher = TermMatcher(entries)
        self.index = GlossaryIndex(entries)
        self._hits: LRUCache[int, dict[str, list[Hit]]] = LRUCache(4096)
        self._all_hits: LRUCache[int, dict[str, list[Hit]]] = LRUCache(4096)  # nested terms too
        self._occurrences: dict[int, tuple[int, list[int]]] = {}
        self._names = None  # (pairs learnt from, Names)
        self._every: EveryGlossary | None = None

    def forget(self) -> None:
        """Pairs changed (an edit): what was found in them is found again when asked."""
        self._hits.clear()
        self._all_hits.clear()
        self._occurrences.clear()
        self._names = None

    def reindex(self) -> None:
        """Entries changed (pinyin was filled in): rebuild the look-up indexes."""
        self.index = GlossaryIndex(self.entries)
        if self._every is not None:
            self._every.index = GlossaryIndex(self._every.entries)

    def every_glossary(self, library, text_id: str) -> "EveryGlossary":
        """Every entry of every glossary of the library, for the look-up (read once)."""
        if self._every is None:
            self._every = EveryGlossary(self.entries, library, text_id)
        return self._every

    def entry_index(self, zh: str) -> int | None:
        """The index of the entry that applies to a term here."""
        return next((n for n, entry in enumerate(self.entries) if entry.zh == zh), None)

    def hits(self, index: int) -> dict[str, list[Hit]]:
        hits = self._hits.get(index)
        if hits is None:
            pair = self.pairs[index]
            hits = {lang: self.matcher.find(pair.side(lang), lang) for lang in ("en", "zh")}
            self._hits[index] = hits
        return hits

    def entry_order(self, index: int) -> list[int]:
        """The entries of a pair in order of first appearance, Chinese side first."""
        order: dict[int, None] = {}
        hits = self.hits(index)
        for hit in (*hits["zh"], *hits["en"]):
            order.setdefault(hit.entry, None)
        return list(order)

    def entries_in(self, index: int) -> list[GlossaryEntry]:
        return [self.entries[entry] for entry in self.entry_order(index)]

    def marks(self, index: int, show_terms: bool = True, word: tuple[int, int] | None = None,
              current: dict[str, list[tuple[int, int]]] | None = None) -> Marks:
        """Highlights for a pair: each entry one colour on both sides (colours are given
        in order of appearance, so neighbouring terms differ), the occurrence a look-up
        jumped to (`current`: its spans on each side, in a style of their own, term
        highlights on or off), and the word cursor."""
        marks: Marks = {"en": [], "zh": []}
        if show_terms:
            colour = {entry: n % TERM_COLOURS for n, entry in enumerate(self.entry_order(index))}
            for lang, hits in self.hits(index).items():
                marks[lang] = [(h.start, h.end, f"term-{colour[h.entry]}") for h in hits]
        for lang, spans in (current or {}).items():
            others = [m for m in marks[lang] if not any(m[0] < end and start < m[1] for start, end in spans)]
            marks[lang] = sorted([*others, *((start, end, "occurrence") for start, end in spans)])
        if word is not None:
            start, end = word
            others = [m for m in marks["zh"] if m[1] <= start or m[0] >= end]
            marks["zh"] = sorted([*others, (start, end, "word")])
        return marks

    def spans(self, index: int, entry: int) -> dict[str, list[tuple[int, int]]]:
        """Where an entry is present in a pair, on each side (inside a longer term too)."""
        hits = self._all_hits.get(index)
        if hits is None:
            pair = self.pairs[index]
            hits = {lang: self.matcher.find(pair.side(lang), lang, overlapping=True) for lang in ("en", "zh")}
            self._all_hits[index] = hits
        return {lang: [(h.start, h.end) for h in found if h.entry == entry] for lang, found in hits.items()}

    def words(self, index: int, dictionary=None) -> list[tuple[int, int]]:
        """Word spans of a pair's Chinese side (`segment.words`): glossary terms first,
        then the text's personal names and dictionary words (single characters until the
        dictionary has loaded)."""
        names = self.names(dictionary) if dictionary is not None else None
        return words(self.pairs[index].zh, [(h.start, h.end) for h in self.hits(index)["zh"]], dictionary, names)

    def names(self, dictionary):
        """The text's personal names (`names.Names`), learnt from its pairs the first time
        they are needed (the dictionary's loading thread asks first, so the word cursor
        does not wait); learnt again if the text has grown since."""
        learnt = self._names
        if learnt is None or learnt[0] != len(self.pairs):
            learnt = self._names = (len(self.pairs), names_of(list(self.pairs), dictionary))
        return learnt[1]

    def word_occurrences(self, word: str, dictionary) -> list[tuple[int, dict[str, list[tuple[int, int]]]]]:
        """The pairs where a dictionary word occurs as a word (`concordance.word_spans`
        over the word cursor's words), each with the word's spans."""
        found = []
        for index, pair in enumerate(self.pairs):
            if word in pair.zh:
                spans = word_spans(pair.zh, word, lambda _zh, index=index: self.words(index, dictionary))
                if spans:
                    found.append((index, {"zh": spans}))
        return found

    def glossary_entry(self, word: str) -> GlossaryEntry | None:
        return next((entry for entry in self.entries if entry.zh == word), None)

    def occurrences(self, entry: int) -> list[int]:
        """Indices of the pairs where an entry is present, on either side: the pairs
        `reader lookup` lists for it (`TermMatcher.present`)."""
        cached = self._occurrences.get(entry)
        if cached is not None and cached[0] == len(self.pairs):  # still loading: look again
            return cached[1]
        found = []
        term = self.entries[entry]
        # Cheap filters first (substring tests run in C), the matcher only on candidates:
        # a hit needs the term's characters, or the start of a rendering's first word.
        words = {key for r in term.renderings for key, _, _ in english_tokens(r)[:1]}
        needles = [w.lstrip("=").lower()[:4] for w in words]
        for index, pair in enumerate(self.pairs):
            if term.zh not in pair.zh:
                lowered = pair.en.lower()
                if not any(n in lowered for n in needles):
                    continue
            if any(self.spans(index, entry).values()):
                found.append(index)
        self._occurrences[entry] = (len(self.pairs), found)
        return found
