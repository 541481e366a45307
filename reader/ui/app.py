"""The reader application: title bar, the parallel view, footer; help and command palette."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from ..core.errors import ReaderError
from ..core.glossary import GlossaryEntry, fill_pinyin
from ..core.model import Pair, Text
from .glossary_panel import GlossaryPanel, dictionary_text, entry_text
from .help import HelpScreen
from .lookup_screen import Choice, LookupScreen
from .pairview import PairView
from .terms import Terms
from .titlebar import TitleBar

LOAD_BATCH = 5000  # pairs handed to the view at a time while a large text loads


class ReaderApp(App[None]):
    """Reads one text, English and Chinese side by side.

    `text` holds the pairs read so far; `rest`, if given, streams the others, which are
    read in a background thread after the first frame.
    """

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = [
        Binding("g", "toggle_panel", "Glossary"),
        Binding("l", "lookup", "Look up"),
        Binding("n", "next_occurrence", "Next occurrence", show=False),
        Binding("N", "previous_occurrence", "Previous occurrence", show=False, key_display="N"),
        Binding("w", "next_word", "Next word", show=False),
        Binding("b", "previous_word", "Previous word", show=False),
        Binding("escape", "clear_word", "Leave the word cursor", show=False, key_display="Esc"),
        Binding("T", "toggle_terms", "Term highlights", show=False, key_display="T"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        text: Text,
        rest: Iterator[Pair] | None = None,
        *,
        glossary: list[GlossaryEntry] | None = None,
        dictionary_loader=None,
        settle_gc: bool = False,
    ) -> None:
        """`glossary`: the entries for this text; `dictionary_loader`: a callable giving
        the CC-CEDICT dictionary (called in a background thread when first needed)."""
        super().__init__()
        self.text = text
        self.title = text.meta.display_title()
        self.load_error: ReaderError | None = None
        self.terms = Terms(glossary or [], text.pairs)
        self.show_terms = True
        self.word: tuple[int, int] | None = None  # span in the cursor pair's Chinese side
        self.dictionary = None
        self._dictionary_loader = dictionary_loader
        self._dictionary_lock = threading.Lock()
        self._loaded_dictionary = None
        self._dictionary_wanted = False
        self.term: int | None = None  # the looked-up entry that n / N cycle through
        self._rest = rest
        self._loading = rest is not None
        self._settle_gc = settle_gc

    def compose(self) -> ComposeResult:
        bar = TitleBar()
        bar.title = self._bar_title()
        yield bar
        panel = GlossaryPanel(id="panel")
        panel.display = False
        yield panel
        view = PairView(self.text.pairs, id="pairs")
        view.marks = self._marks
        yield view
        yield Footer()

    def on_mount(self) -> None:
        self.view.focus()
        self._update_position()
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if self._rest is not None:
            self._load_rest(self._rest)
        elif self._settle_gc:
            _settle_gc()
        if any(not entry.pinyin for entry in self.terms.entries):
            self._fill_pinyin()

    @property
    def view(self) -> PairView:
        return self.query_one(PairView)

    @property
    def position(self) -> str:
        """What the title bar says about where the reader is, e.g. 'pair 3 / 11'."""
        return self.query_one(TitleBar).position

    def _bar_title(self) -> str:
        title = self.text.meta.title
        return "  ·  ".join(t for t in (title.get("en"), title.get("zh")) if t) or self.text.id

    def _update_position(self) -> None:
        total = len(self.text.pairs)
        if not total:
            position = "no pairs"
        else:
            position = f"pair {self.view.cursor + 1:,} / {total:,}"
            if self._loading:
                position += "+ (loading)"
        self.query_one(TitleBar).position = position

    def on_pair_view_cursor_moved(self, message: PairView.CursorMoved) -> None:
        self._update_position()
        if self.word is not None:
            self.word = None
            self.view.refresh_marks()
        self._update_panel()

    # -- glossary terms ------------------------------------------------------------------------

    def _marks(self, index: int):
        word = self.word if index == self.view.cursor else None
        return self.terms.marks(index, self.show_terms, word)

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
        self.notify("Term highlights on" if self.show_terms else "Term highlights off", timeout=2)

    def _move_word(self, step: int) -> None:
        if not self.text.pairs:
            return
        words = self.terms.words(self.view.cursor, self.dictionary)
        if not words:
            self.notify("No Chinese words in this pair", timeout=2)
            return
        if self.word is None:
            position = 0 if step > 0 else len(words) - 1
        else:
            starts = [start for start, _ in words]
            current = min(range(len(words)), key=lambda i: abs(starts[i] - self.word[0]))
            position = max(0, min(current + step, len(words) - 1))
        self.word = words[position]
        self.view.refresh_marks()
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
        self.term = choice.entry
        occurrences = self.terms.occurrences(choice.entry)
        entry = self.terms.entries[choice.entry]
        if not occurrences:
            self.notify(f"{entry.zh} {entry.en}: not in this text", timeout=3)
            return
        self.view.move_cursor(occurrences[0])
        self.notify(f"{entry.zh} {entry.en}: 1 of {len(occurrences)} (n / N for the others)", timeout=3)

    def _cycle(self, step: int) -> None:
        if self.term is None:
            self.notify("Look a term up first (l)", timeout=2)
            return
        occurrences = self.terms.occurrences(self.term)
        if not occurrences:
            return
        cursor = self.view.cursor
        if step > 0:
            target = next((i for i in occurrences if i > cursor), occurrences[0])
        else:
            target = next((i for i in reversed(occurrences) if i < cursor), occurrences[-1])
        self.view.move_cursor(target)
        entry = self.terms.entries[self.term]
        self.notify(f"{entry.zh}: {occurrences.index(target) + 1} of {len(occurrences)}", timeout=2)

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

    # -- loading a large text -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load_rest(self, rest: Iterator[Pair]) -> None:
        batch: list[Pair] = []
        try:
            for pair in rest:
                batch.append(pair)
                if len(batch) >= LOAD_BATCH:
                    self.call_from_thread(self._add_pairs, batch)
                    batch = []
        except ReaderError as exc:
            self.call_from_thread(self._load_failed, exc)
            return
        self.call_from_thread(self._add_pairs, batch, True)

    def _add_pairs(self, pairs: list[Pair], done: bool = False) -> None:
        if pairs:
            self.view.extend(pairs)
        if done:
            self._loading = False
            if self._settle_gc:
                _settle_gc()
        self._update_position()

    def _load_failed(self, error: ReaderError) -> None:
        self.load_error = error
        self.exit(return_code=2)

    # -- help and commands -------------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Reading", PairView.BINDINGS),
            ("Glossary and dictionary", self.BINDINGS[:-2]),
            ("Application", [*self.BINDINGS[-2:], Binding("ctrl+p", "command_palette", "Command palette", key_display="Ctrl+P")]),
        ]
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        view = self.view
        yield SystemCommand("Next pair", "Move the cursor to the next pair (↓ / j)", view.action_cursor_down)
        yield SystemCommand("Previous pair", "Move the cursor to the previous pair (↑ / k)", view.action_cursor_up)
        yield SystemCommand("First pair", "Jump to the first pair (Home)", view.action_first)
        yield SystemCommand("Last pair", "Jump to the last pair (End)", view.action_last)
        yield SystemCommand("Swap columns", "Show Chinese on the left, or English again (s)", view.action_swap)
        yield SystemCommand("Glossary panel", "Show or hide the glossary entries of the current pair (g)", self.action_toggle_panel)
        yield SystemCommand("Look up a term", "Search the glossary and CC-CEDICT (l)", self.action_lookup)
        yield SystemCommand("Term highlights", "Turn the highlighting of glossary terms on or off (T)", self.action_toggle_terms)
        yield SystemCommand("Show keys", "List every key of the reader (?)", self.action_help)


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


def _settle_gc() -> None:
    """Everything loaded so far lives as long as the app: move it out of the collector's
    way, so full collections stop pausing keystrokes (27-60 ms every ~15 keys)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)
