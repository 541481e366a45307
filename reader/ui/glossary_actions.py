"""The reader's glossary and dictionary actions: highlights, the panel, look-up, the word
cursor, and cycling through occurrences. Mixed into the app, whose state it uses."""

from __future__ import annotations

from textual import work

from ..core.errors import ReaderError
from ..core.glossary import fill_pinyin
from ..core.visible import visible
from . import wordlinks_view
from .glossary_panel import GlossaryPanel, dictionary_text, entry_text, name_text
from .lookup_screen import Choice, LookupScreen


class GlossaryActions:
    """Needs from the app: text, view, terms, show_terms, word, dictionary, matches, say(),
    jumped (the pair a look-up jumped to, and the spans it marks there)."""

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
        """What the panel shows as the word: the word cursor's, else a dictionary word a
        look-up jumped to (while the cursor is on its pair)."""
        if self.word is not None:
            start, end = self.word
            word = self.text.pairs[self.view.cursor].zh[start:end]
        elif self.jumped is not None and self.jumped[2] and self.jumped[0] == self.view.cursor:
            word = self.jumped[2]
        else:
            return None
        entry = self.terms.glossary_entry(word)
        if entry is not None:
            return entry_text(entry)
        if self.dictionary is None:
            self._want_dictionary()
            return dictionary_text(word, []).append("\nloading CC-CEDICT…", style="dim")
        found = self.dictionary.lookup(word)
        if not found:
            names = self.terms.names(self.dictionary)
            if names.is_name(word):
                pinyin = self.dictionary.hanzi_pinyin(word, names)
                surname, _ = name_parts(word, names)
                return name_text(word, pinyin, self.dictionary.lookup(surname))
            return dictionary_text(word, []).append("\nnot in CC-CEDICT", style="dim")
        shown = dictionary_text(word, found)
        if (chosen := wordlinks_view.chosen(self)) is not None:  # word links: the text's own rendering
            shown.append("\nin this text: ", style="dim").append(chosen)
        return shown

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

    def _extend_word(self, step: int) -> None:
        """W / B: widen the word cursor by the next (or previous) word, to select a
        phrase for the glossary (`+`)."""
        if self.word is None:
            self._move_word(step)
            return
        if not self.text.pairs:
            return
        words = self.terms.words(self.view.cursor, self.dictionary)
        start, end = self.word
        if step > 0:
            more = next(((s, e) for s, e in words if s >= end), None)
            widened = (start, more[1]) if more else None
        else:
            more = next(((s, e) for s, e in reversed(words) if e <= start), None)
            widened = (more[0], end) if more else None
        if widened is None:
            self.say("The selection reaches the " + ("end" if step > 0 else "start") + " of the pair")
            return
        self.word = widened
        self.view.refresh_marks()
        self.view.reveal_text("zh", widened[0] if step < 0 else widened[1] - 1)
        self._update_panel()
        phrase = self.text.pairs[self.view.cursor].zh[widened[0]:widened[1]]
        self.say(visible(f"Selected {phrase} (+ adds it to the glossary; w / b: one word again)"))

    def action_extend_word(self) -> None:
        self._extend_word(1)

    def action_extend_word_back(self) -> None:
        self._extend_word(-1)

    def on_glossary_panel_edit_entry(self, message: GlossaryPanel.EditEntry) -> None:
        from . import glossary_editing

        glossary_editing.edit_entry(self, message.entry)

    def on_glossary_panel_delete_entry(self, message: GlossaryPanel.DeleteEntry) -> None:
        from . import glossary_editing

        glossary_editing.delete_entry(self, message.entry)

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
        """Look-up results for the dialog, glossary and CC-CEDICT in one ranking (exact
        matches first whatever their source), and a note when nothing was found."""
        from rich.text import Text as RichText

        from ..core.lookup import FUZZY, look_up

        rows = []
        every = self.terms.every_glossary(self.library, self.text.id)
        results = look_up(every.index, self.dictionary, query, limit=30)
        for result in results:
            label = RichText()
            if result.source == "glossary":
                entry = every.entries[result.entry]
                applied = self.terms.entry_index(entry.zh)
                count = len(self.terms.occurrences(applied)) if applied is not None else 0
                label.append(visible(entry.zh), style="bold")
                label.append(visible(f"  {entry.pinyin}  ") if entry.pinyin else "  ")
                label.append(visible(entry.en))
                kind = "did you mean?" if result.kind == FUZZY else result.kind
                where = visible(every.labels[result.entry]) + ("" if every.applies[result.entry] else ", not applied here")
                label.append(f"   {where} · {kind} · {count} pair{'s' if count != 1 else ''}", style="dim")
                rows.append((Choice("glossary", entry=applied if applied is not None else -1), label))
            else:
                word = result.word
                label.append(visible(word.simplified), style="bold")
                label.append(visible(f"  {word.pinyin}  "))
                label.append(visible(senses(word.definitions)))
                label.append(f"   CC-CEDICT · {result.kind}", style="dim")
                rows.append((Choice("cc-cedict", word=word.simplified), label))
        loading = self.dictionary is None and self._dictionary_loader is not None
        shown = visible(query.strip())
        if not results:
            note = f"Nothing found for “{shown}”" + (" in the glossary (CC-CEDICT is loading…)" if loading else "")
        elif all(result.kind == FUZZY for result in results):
            note = f"Nothing found for “{shown}”. Did you mean:"
        else:
            note = "CC-CEDICT is loading…" if loading else ""
        return rows, note

    def _looked_up(self, choice: Choice | None) -> None:
        if choice is None:
            return
        if choice.source == "cc-cedict":
            found = self.dictionary.lookup(choice.word) if self.dictionary else []
            self.panel.display = True
            places = self.terms.word_occurrences(choice.word, self.dictionary)
            if not self._go_to_occurrences([index for index, _ in places], dict(places).get, choice.word, choice.word):
                self._update_panel()
                self.panel.show_word(dictionary_text(choice.word, found))
            return
        if choice.entry < 0:
            return
        entry = self.terms.entries[choice.entry]
        occurrences = self.terms.occurrences(choice.entry)
        self._go_to_occurrences(occurrences, lambda index: self.terms.spans(index, choice.entry), f"{entry.zh} {entry.en}")

    def _go_to_occurrences(self, pairs: list[int], spans_of, label: str, word: str = "") -> bool:
        """Go to the first of the pairs where a looked-up term or word occurs, marking it
        there (`spans_of(index)` gives its spans on each side); n / N visit the others.
        `word`: a dictionary word, which the panel shows meanwhile."""
        if not pairs:
            self.say(f"{label}: not in this text")
            return False
        self.matches, self.matches_label = pairs, label
        self._jump_spans = (pairs, spans_of, word)
        self._mark_jump(pairs[0])
        self.say(f"{label}: 1 of {len(pairs)} (n / N for the others)")
        return True

    def _mark_jump(self, index: int) -> None:
        pairs, spans_of, word = self._jump_spans
        self.jumped = (index, spans_of(index), word)
        self.view.move_cursor(index)
        self.view.refresh_marks()
        self._update_panel()

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
        jump = getattr(self, "_jump_spans", None)
        if jump is not None and jump[0] is self.matches:  # a look-up's, not a search's
            self._mark_jump(target)
        else:
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
            loader = self._dictionary_once if self._dictionary_loader else None
            fill_pinyin(self.terms.entries, loader)
            fill_pinyin(self.terms.every_glossary(self.library, self.text.id).entries, loader)
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
        if dictionary is not None:
            self.terms.names(dictionary)  # learn the text's names here, not on the first key
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


def name_parts(name: str, names) -> tuple[str, str]:
    """A name as its surname and given name."""
    size = 2 if len(name) > 2 and name[:2] in names.surnames else 1
    return name[:size], name[size:]


def senses(definitions, budget: int = 120) -> str:
    """CC-CEDICT senses joined by "; ", as many whole senses as fit in `budget`
    characters (the first always, whole), then "…": never cut inside a sense."""
    shown = [definitions[0]] if definitions else []
    for sense in definitions[1:]:
        if len("; ".join([*shown, sense])) > budget:
            return "; ".join(shown) + "; …"
        shown.append(sense)
    return "; ".join(shown)
