"""The reader's glossary and dictionary actions: highlights, the panel, look-up, the word
cursor, and cycling through occurrences. Mixed into the app, whose state it uses."""

from __future__ import annotations

from textual import work

from ..core.errors import ReaderError
from ..core.glossary import fill_pinyin
from .glossary_panel import GlossaryPanel, dictionary_text, entry_text
from .lookup_screen import Choice, LookupScreen


class GlossaryActions:
    """Needs from the app: text, view, terms, show_terms, word, dictionary, matches, say()."""

    # -- glossary terms ------------------------------------------------------------------------

    @property
    def panel(self) -> GlossaryPanel:
        return self.query_one(GlossaryPanel)

    def _update_panel(self) -> None:
        panel = self.panel
        if not panel.display or not self.text.pairs:
            return
        cursor = self.view.cursor
        panel.show_entries(f"pair {self.text.pairs[cursor].id}", self.terms.entries_in(cursor))
        panel.show_word(self._word_text())

    def _word_text(self):
        if self.word is None:
            return None
        start, end = self.word
        word = self.text.pairs[self.view.cursor].zh[start:end]
        entry = self.terms.glossary_entry(word)
        if entry is not None:
            return entry_text(entry)
        if self.dictionary is None:
            self._want_dictionary()
            return dictionary_text(word, []).append("\nloading CC-CEDICT…", style="dim")
        found = self.dictionary.lookup(word)
        if not found:
            return dictionary_text(word, []).append("\nnot in CC-CEDICT", style="dim")
        return dictionary_text(word, found)

    def action_toggle_panel(self) -> None:
        panel = self.panel
        panel.display = not panel.display
        self._update_panel()

    def action_toggle_terms(self) -> None:
        self.show_terms = not self.show_terms
        self.view.refresh_marks()
        self.say("Term highlights on" if self.show_terms else "Term highlights off")

    def _move_word(self, step: int) -> None:
        if not self.text.pairs:
            return
        words = self.terms.words(self.view.cursor, self.dictionary)
        if not words:
            self.say("No Chinese words in this pair")
            return
        if self.word is None:
            position = 0 if step > 0 else len(words) - 1
        else:
            starts = [start for start, _ in words]
            current = min(range(len(words)), key=lambda i: abs(starts[i] - self.word[0]))
            position = max(0, min(current + step, len(words) - 1))
        self.word = words[position]
        self.view.refresh_marks()
        self.view.reveal_text("zh", self.word[0])  # the word may be deep in a tall pair
        if not self.panel.display:
            self.panel.display = True
        self._update_panel()

    def action_next_word(self) -> None:
        self._move_word(1)

    def action_previous_word(self) -> None:
        self._move_word(-1)

    def action_clear_word(self) -> None:
        if self.word is not None:
            self.word = None
            self.view.refresh_marks()
            self._update_panel()

    def action_lookup(self) -> None:
        if isinstance(self.screen, LookupScreen):
            return
        self._want_dictionary()
        self.push_screen(LookupScreen(self._search), self._looked_up)

    def _search(self, query: str):
        """Look-up results for the dialog: glossary first, then CC-CEDICT."""
        from rich.text import Text as RichText

        results = []
        for match in self.terms.index.search(query, limit=30):
            entry = self.terms.entries[match.entry]
            count = len(self.terms.occurrences(match.entry))
            label = RichText()
            label.append(entry.zh, style="bold")
            label.append(f"  {entry.pinyin}  " if entry.pinyin else "  ")
            label.append(entry.en)
            label.append(f"   glossary · {match.kind} · {count} pair{'s' if count != 1 else ''}", style="dim")
            results.append((Choice("glossary", entry=match.entry), label))
        if self.dictionary is not None and not any(c.entry >= 0 for c, _ in results[:1]):
            for entry in _dictionary_search(self.dictionary, query)[:20]:
                label = RichText()
                label.append(entry.simplified, style="bold")
                label.append(f"  {entry.pinyin}  ")
                label.append("; ".join(entry.definitions)[:80])
                label.append("   CC-CEDICT", style="dim")
                results.append((Choice("cc-cedict", word=entry.simplified), label))
        return results

    def _looked_up(self, choice: Choice | None) -> None:
        if choice is None:
            return
        if choice.source == "cc-cedict":
            found = self.dictionary.lookup(choice.word) if self.dictionary else []
            self.panel.display = True
            self._update_panel()
            self.panel.show_word(dictionary_text(choice.word, found))
            return
        occurrences = self.terms.occurrences(choice.entry)
        entry = self.terms.entries[choice.entry]
        if not occurrences:
            self.say(f"{entry.zh} {entry.en}: not in this text")
            return
        self.matches, self.matches_label = occurrences, f"{entry.zh} {entry.en}"
        self.view.move_cursor(occurrences[0])
        self.say(f"{entry.zh} {entry.en}: 1 of {len(occurrences)} (n / N for the others)")

    def _cycle(self, step: int) -> None:
        """Next / previous pair in the current matches (a looked-up term, or a search)."""
        if not self.matches:
            self.say("Look a term up (l) or search (/) first")
            return
        cursor = self.view.cursor
        if step > 0:
            target = next((i for i in self.matches if i > cursor), self.matches[0])
        else:
            target = next((i for i in reversed(self.matches) if i < cursor), self.matches[-1])
        self.view.move_cursor(target)
        if self.search_query:
            self._reveal_search_hit()
        self.say(f"{self.matches_label}: {self.matches.index(target) + 1} of {len(self.matches)}")

    def action_next_occurrence(self) -> None:
        self._cycle(1)

    def action_previous_occurrence(self) -> None:
        self._cycle(-1)

    def _dictionary_once(self):
        """The dictionary, loaded once whichever worker asks first (runs in a thread)."""
        with self._dictionary_lock:
            if self._loaded_dictionary is None:
                self._loaded_dictionary = self._dictionary_loader()
            return self._loaded_dictionary

    @work(thread=True, exclusive=True, group="pinyin")
    def _fill_pinyin(self) -> None:
        """The glossary's missing pinyin: from the cache, or generated (slow) the first time."""
        try:
            fill_pinyin(self.terms.entries, self._dictionary_once if self._dictionary_loader else None)
        except ReaderError as exc:
            self.call_from_thread(self.notify, f"pinyin not generated: {exc}", severity="warning")
            return
        self.call_from_thread(self._pinyin_filled)

    def _pinyin_filled(self) -> None:
        self.terms.reindex()
        self._update_panel()
        if isinstance(self.screen, LookupScreen):
            self.screen.refresh_results()

    def _want_dictionary(self) -> None:
        if self.dictionary is None and not self._dictionary_wanted:
            self._dictionary_wanted = True
            self._load_dictionary()

    @work(thread=True, exclusive=True, group="dictionary")
    def _load_dictionary(self) -> None:
        try:
            dictionary = self._dictionary_once() if self._dictionary_loader is not None else None
        except ReaderError as exc:
            self.call_from_thread(self.notify, f"CC-CEDICT unavailable: {exc}", severity="warning")
            return
        self.call_from_thread(self._dictionary_loaded, dictionary)

    def _dictionary_loaded(self, dictionary) -> None:
        self.dictionary = dictionary
        if self.word is not None:  # words were single characters until now: widen it
            start = self.word[0]
            words = self.terms.words(self.view.cursor, dictionary)
            self.word = next(((s, e) for s, e in words if s <= start < e), self.word)
            self.view.refresh_marks()
        self._update_panel()
        if isinstance(self.screen, LookupScreen):
            self.screen.refresh_results()


def _dictionary_search(dictionary, query: str):
    """CC-CEDICT entries for a query in any of the three kinds."""
    from ..core.pinyin import looks_like_pinyin
    from ..core.script import is_han

    query = query.strip()
    if any(is_han(char) for char in query):
        found = list(dictionary.lookup(query))
        match = dictionary.longest_match(query, 0)
        if not found and match is not None:
            found = list(match[1])
        return found
    results = list(dictionary.search_english(query))
    if looks_like_pinyin(query):
        results = list(dictionary.search_pinyin(query)) + results
    return results
