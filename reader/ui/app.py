"""The reader application: title bar, the parallel view, status line and key bar; help
and command palette."""

from __future__ import annotations

import gc
import itertools
import threading
import time
from collections.abc import Iterable, Iterator

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..core.errors import ReaderError
from ..core.glossary import GlossaryEntry
from ..core.layout import with_footnote_marks
from ..core.model import Pair, Text
from ..core.search import find_spans
from ..core.store import Library
from ..core.userstate import UserState
from .contrast import ContrastFilter
from .editmode import EditMode
from ..core.visible import visible
from . import concordance_screen, english_cursor, glossary_editing, wordlinks_view
from .candidates_screen import CandidatesScreen
from .glossary_actions import GlossaryActions
from .glossary_panel import GlossaryPanel
from .help import HelpScreen
from .keybar import KeyBar
from .library_actions import LibraryActions
from .pairview import PairView
from .statusline import StatusLine
from .study import LANGUAGE
from .study_actions import StudyActions
from .terms import Terms
from .titlebar import TitleBar

STATE_REFRESH_SECONDS = 1.0  # how soon bookmarks and notes set in another reader appear
LOAD_BATCH = 5000  # pairs handed to the view at a time while a large text loads
FIRST_PAIRS = 200  # read before a text is shown: more than a screenful; the rest streams in

# The keys the key bar keeps when not all fit, the most useful first; and their order.
KEY_RANKING = ("help", "quit", "cursor_down", "library", "toggle_panel", "lookup", "search", "cursor_up",
               "swap", "command_palette")
KEY_ORDER = ("cursor_down", "cursor_up", "swap", "toggle_panel", "lookup", "search", "library", "help", "quit",
             "command_palette")


class ReaderApp(GlossaryActions, LibraryActions, StudyActions, App[None]):
    """Reads one text, English and Chinese side by side (a monolingual text in one wide
    column).

    `text` holds the pairs read so far; `rest`, if given, streams the others, which are
    read in a background thread after the first frame.
    """

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    # The screen's width class, for the glossary panel's place (reader.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-medium"), (120, "-wide")]
    BINDINGS = [
        Binding("g", "toggle_panel", "Glossary"),
        Binding("l", "lookup", "Look up"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("n", "next_occurrence", "Next match", show=False),
        Binding("N", "previous_occurrence", "Previous match", show=False, key_display="N"),
        Binding("w", "next_word", "Next word", show=False),
        Binding("b", "previous_word", "Previous word", show=False),
        Binding("x", "cross_word", "Word cursor to the other column", show=False,
                tooltip="English words for w / b / W / B / +, their Chinese counterparts lit; x again: back"),
        Binding("escape", "leave", "Leave the word and sentence cursors", show=False, key_display="Esc"),
        Binding("T", "toggle_terms", "Term highlights", show=False, key_display="T"),
        Binding("W", "extend_word", "Widen the word cursor by the next word", show=False, key_display="W"),
        Binding("B", "extend_word_back", "Widen the word cursor by the previous word", show=False, key_display="B"),
        Binding("plus", "add_term", "Add the word to the glossary", show=False, key_display="+"),
        Binding("G", "term_candidates", "Term candidates", show=False, key_display="G"),
        Binding("C", "concordance", "Concordance of the library", show=False, key_display="C"),
        Binding("o", "library", "Library"),
        Binding("i", "import_text", "Import a text (two files, or one bilingual file)", show=False),
        Binding("c", "contents", "Contents", show=False),
        Binding("f", "footnotes", "Footnotes", show=False),
        Binding("m", "bookmark", "Bookmark", show=False),
        Binding("apostrophe", "bookmarks", "Bookmarks and notes", show=False, key_display="'"),
        Binding("a", "note", "Note", show=False),
        Binding("e", "export", "Export", show=False),
        Binding("h", "hide", "Hide a side", show=False),
        Binding("space", "reveal", "Reveal the pair", show=False, key_display="Space"),
        Binding("t", "translate", "Translate", show=False),
        Binding("S", "study_summary", "Practice summary", show=False, key_display="S"),
        Binding("E", "edit", "Edit mode", show=False, key_display="E"),
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
        library: Library | None = None,
        state: UserState | None = None,
        state_warning: str | None = None,
        settle_gc: bool = False,
    ) -> None:
        """`glossary`: the entries for this text; `dictionary_loader`: a callable giving
        the CC-CEDICT dictionary (called in a background thread when first needed);
        `library`: for the library screen; `state`: what is remembered between runs
        (position, bookmarks, notes, theme; without one, they last for this session),
        with a warning to show if it was damaged."""
        super().__init__()
        self.library = library
        self.state = state if state is not None else UserState.in_memory()
        self._state_warning = state_warning
        self._state_problem: str | None = None  # the last write to the state that failed
        self.load_error: ReaderError | None = None
        self.show_terms = True
        self.dictionary = None
        self._dictionary_loader = dictionary_loader
        self._dictionary_lock = threading.Lock()
        self._loaded_dictionary = None
        self._dictionary_wanted = False
        self._settle_gc = settle_gc
        self._contrast: tuple[tuple, ContrastFilter] | None = None
        self._said_at: int | None = None  # the cursor pair the status message is about
        self._toasts: dict[str, float] = {}  # message -> when its toast goes
        self._begin(text, rest, glossary or [])
        if self.state.theme in self.available_themes:
            self.theme = self.state.theme

    def _begin(self, text: Text, rest: Iterator[Pair] | None, glossary: list[GlossaryEntry]) -> None:
        """Take up a text: what is shown, its terms, and the reading state that goes with it."""
        self.text = text
        self.title = visible(text.meta.display_title())
        self.pairs = with_footnote_marks(text)  # what the view shows
        self.terms = Terms(glossary, self.pairs)
        self.word: tuple[int, int] | None = None  # span in the cursor pair's Chinese side
        self.matches: list[int] = []  # pairs that n / N visit (a looked-up term, a search)
        self.matches_label = ""
        self.jumped: tuple[int, dict, str] | None = None  # a look-up's pair, what it marks there, its word
        self.search_query = ""
        self.drafts: dict[str, str] = {}  # translations typed and not yet compared, by pair id
        self._rest = rest
        self._loading = rest is not None
        self._restored = False

    def compose(self) -> ComposeResult:
        bar = TitleBar()
        bar.title = self._bar_title()
        yield bar
        yield KeyBar(KEY_RANKING, KEY_ORDER)
        with EditMode(id="body"):  # between the bars: the panel docks inside, never over them
            panel = GlossaryPanel(id="panel")
            panel.display = False
            panel.can_focus = True  # Tab: its entries scroll with the keys too, not only the wheel
            yield panel
            view = PairView(self.pairs, id="pairs")
            view.marks = self._marks
            view.single = self.text.meta.languages != ("en", "zh")
            view.cursor_watchers.append(lambda _index: self._update_position())  # in the cursor's frame
            yield view
            yield StatusLine()

    def on_mount(self) -> None:
        self.view.focus()
        self._restore_position()
        self._update_position()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._state_warning:
            self.notify(self._state_warning, severity="warning", timeout=10)
        self._remember(self.state.set_last_text, self.text.id)
        self.set_interval(STATE_REFRESH_SECONDS, self._refresh_state)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if self._rest is not None:
            self._load_rest(self._rest)
        elif self._settle_gc:
            _settle_gc()
        if any(not entry.pinyin for entry in self.terms.entries):
            self._fill_pinyin()

    def open_text(self, meta, pairs) -> None:
        """Switch to another text of the library (from the library screen)."""
        first = list(itertools.islice(pairs, FIRST_PAIRS + 1))
        rest = pairs if len(first) > FIRST_PAIRS else None  # else all read already
        glossary = self.library.glossary(meta.id) if self.library is not None else []
        self._begin(Text(meta, first, pairs.footnotes), rest, glossary)
        self.query_one(TitleBar).title = self._bar_title()
        view = self.view
        view.single = meta.languages != ("en", "zh")
        view.hidden, view.revealed = None, set()  # study mode belongs to the text left
        view.replace_pairs(self.pairs)
        if self.terms.entries and any(not e.pinyin for e in self.terms.entries):
            self._fill_pinyin()
        self._restore_position()
        self._update_position()
        self._update_panel()
        self._remember(self.state.set_last_text, self.text.id)
        if self._rest is not None:
            self._load_rest(self._rest)

    @property
    def view(self) -> PairView:
        return self.query_one(PairView)

    @property
    def position(self) -> str:
        """What the title bar says about where the reader is, e.g. 'pair 3 / 11'."""
        return self.query_one(TitleBar).position

    def _bar_title(self) -> str:
        title = self.text.meta.title
        return visible("  ·  ".join(t for t in (title.get("en"), title.get("zh")) if t) or self.text.id)

    def _update_position(self) -> None:
        total = len(self.pairs)
        if not total:
            position = "no pairs"
        else:
            position = f"pair {self.view.cursor + 1:,} / {total:,}"
            if self._loading:
                position += "+ (loading)"
        self.query_one(TitleBar).position = position

    def on_pair_view_cursor_moved(self, message: PairView.CursorMoved) -> None:
        if self._restored:
            self._remember(self.state.set_position, self.text.id, message.pair.id)
        self._update_position()
        if self.jumped is not None and self.jumped[0] != message.index:
            self.jumped = None
            self.view.refresh_marks()
        if self.word is not None:
            self.word = None
            self.view.refresh_marks()
        english_cursor.clear(self)
        if self._said_at != message.index:  # what was said was about the pair left
            self.query_one(StatusLine).message = ""
        self._update_modes()
        self._update_panel()

    def on_pair_view_status(self, message: PairView.Status) -> None:
        self.say(message.text)

    # -- the status line and toasts ----------------------------------------------------------

    def say(self, message: str) -> None:
        """Tell the reader what a key did, on the status line (it stays until the cursor
        moves to another pair, or the next message)."""
        self._said_at = self.view.cursor
        self.query_one(StatusLine).message = message
        self._update_modes()

    def _update_modes(self) -> None:
        view = self.view
        modes = []
        if view.hidden:
            modes.append(f"{LANGUAGE[view.hidden]} hidden")
        if not self.show_terms:
            modes.append("terms off")
        if self.search_query:
            modes.append(f"search “{self.search_query}”")
        self.query_one(StatusLine).modes = " · ".join(modes)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """A toast, for events (an export written, an error, a warning); the same message
        is not shown again while its toast is up, so a held key cannot pile them up."""
        now = time.monotonic()
        if self._toasts.get(message, 0.0) > now:
            return
        self._toasts = {text: until for text, until in self._toasts.items() if until > now}
        self._toasts[message] = now + (timeout if timeout is not None else self.NOTIFICATION_TIMEOUT)
        # Messages quote texts, file names and errors: shown as written (not markup), with
        # control characters as symbols.
        super().notify(visible(message, lines=True), title=visible(title), severity=severity, timeout=timeout,
                       markup=markup)

    def get_line_filters(self):
        """Textual's filters, then the one that makes every colour legible (contrast.py),
        made anew for each theme."""
        # Asked by every widget drawn in every frame: keyed on what the palette is made
        # of (cheap to read) rather than on `ansi_theme` and `native_ansi_color`, which
        # look the theme up each time.
        key = (self.theme, self.ansi_color, self.ansi_theme_dark, self.ansi_theme_light)
        if self._contrast is None or self._contrast[0] != key:
            self._contrast = (key, ContrastFilter(self.ansi_theme, native_ansi=self.native_ansi_color))
        return [*super().get_line_filters(), self._contrast[1]]

    # -- what is drawn on the text -------------------------------------------------------------

    def _marks(self, index: int):
        """What the app marks on a pair: glossary terms, the word cursor, search hits, and
        in the margin its bookmark and note (the view adds the sentence links)."""
        word = self.word if index == self.view.cursor else None
        current = self.jumped[1] if self.jumped is not None and self.jumped[0] == index else None
        marks = self.terms.marks(index, self.show_terms, word, current)
        pair = self.pairs[index]
        for lang, spans in wordlinks_view.marks(self, index, word).items():  # its counterparts
            marks[lang] = sorted([*marks[lang], *spans])
        for lang, spans in english_cursor.marks(self, index).items():  # the English word cursor
            marks[lang] = sorted([*marks[lang], *spans])
        if self.search_query:
            for lang in ("en", "zh"):
                hits = [(start, end, "search") for start, end in find_spans(pair.side(lang), self.search_query)]
                marks[lang] = sorted([*marks[lang], *hits])
        if self.pairs:
            marks["gutter"] = tuple(kind for kind, found in (
                ("bookmark", pair.id in self.state.bookmarks.get(self.text.id, ())),
                ("note", pair.id in self.state.notes.get(self.text.id, {})),
            ) if found)
        return marks

    def action_leave(self) -> None:
        """Esc: put the sentence cursor and the word cursor away (and come back to the
        text from the panel)."""
        self.view.focus()
        self.view.clear_sentence()
        if self.word is not None:
            self.action_clear_word()
        english_cursor.clear(self)
        self.say("")

    def action_add_term(self) -> None:
        if not english_cursor.add_term(self):
            glossary_editing.add_term(self)

    # -- the English word cursor (english_cursor.py): w / b / W / B on the English, once x took it there

    def action_cross_word(self) -> None:
        english_cursor.cross(self)

    def action_next_word(self) -> None:
        english_cursor.move(self, 1) or super().action_next_word()

    def action_previous_word(self) -> None:
        english_cursor.move(self, -1) or super().action_previous_word()

    def action_extend_word(self) -> None:
        english_cursor.widen(self, 1) or super().action_extend_word()

    def action_extend_word_back(self) -> None:
        english_cursor.widen(self, -1) or super().action_extend_word_back()

    def _word_text(self):
        shown = english_cursor.panel_text(self)
        return shown if shown is not None else super()._word_text()

    def action_concordance(self) -> None:
        concordance_screen.open_concordance(self)

    def action_term_candidates(self) -> None:
        self.push_screen(CandidatesScreen(self))

    def action_import_text(self) -> None:
        if self.library is None:
            self.say("No library: this text was opened from a file")
            return
        from .import_screen import ImportScreen

        self.push_screen(ImportScreen(self.library), self._open_chosen)

    # -- the reading state -------------------------------------------------------------------

    def _restore_position(self) -> None:
        if self._restored:
            return
        pair_id = self.state.positions.get(self.text.id)
        if pair_id is None:
            self._restored = True
            return
        index = next((i for i, pair in enumerate(self.pairs) if pair.id == pair_id), None)
        if index is not None:
            self._restored = True
            self.view.move_cursor(index)
        elif not self._loading:  # the pair is gone (the text was re-imported): start afresh
            self._restored = True

    def _remember(self, change, *args):
        """Write one change to the reading state at once (it is shared with any other
        reader on the data folder); its result, or None if it could not be written (said
        once, until writing works again)."""
        try:
            result = change(*args)
        except ReaderError as exc:
            problem = str(exc)
            if problem != self._state_problem:
                self._state_problem = problem
                self.notify(problem, severity="warning", timeout=6)
            return None
        self._state_problem = None
        return result

    def _refresh_state(self) -> None:
        """Show the bookmarks and notes other readers set or changed meanwhile."""
        if self.state.refresh():
            self.view.refresh_marks()
            self._update_panel()

    def _theme_changed(self, theme) -> None:
        self._remember(self.state.set_theme, self.theme)

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
            if self.pairs is not self.text.pairs:
                self.text.pairs.extend(pairs)
            self.view.extend(pairs)
        if done:
            self._loading = False
            footnotes = getattr(self._rest, "footnotes", None)
            if footnotes and not self.text.footnotes:  # they follow the pairs in the file
                self.text.footnotes = footnotes
                self.pairs = with_footnote_marks(self.text)
                self.terms = Terms(self.terms.entries, self.pairs)
                self.view.replace_pairs(self.pairs, keep_cursor=True)
            if self._settle_gc:
                _settle_gc()
        self._restore_position()  # the saved pair may have just arrived
        self._update_position()

    def _load_failed(self, error: ReaderError) -> None:
        self.load_error = error
        self.exit(return_code=2)

    # -- help and commands -------------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        reading = [b for b in PairView.BINDINGS if b.action not in _SENTENCE_ACTIONS | {"cannot_swap"}]
        sentence_keys = [b for b in PairView.BINDINGS if b.action in _SENTENCE_ACTIONS]
        glossary_keys = [b for b in self.BINDINGS if b.action in _GLOSSARY_ACTIONS]
        library_keys = [b for b in self.BINDINGS if b.action in _LIBRARY_ACTIONS]
        sections = [
            ("Reading", reading),
            ("Sentences, glossary and dictionary", [*sentence_keys, *glossary_keys]),
            ("Library, search, bookmarks and notes", library_keys),
            ("Study", [b for b in self.BINDINGS if b.action in _STUDY_ACTIONS]),
            ("Edit mode (E): the alignment", [b for b in self.BINDINGS if b.action == "edit"] + EditMode.BINDINGS),
            ("Application", [*self.BINDINGS[-2:],
                             Binding("tab", "focus_next", "The text or the glossary panel",
                                     tooltip="with the panel's focus, ↑ ↓ choose an entry, Enter edits it, d deletes "
                                     "it, PgUp PgDn scroll; Esc comes back",
                                     key_display="Tab"),
                             Binding("ctrl+p", "command_palette", "Command palette (themes too)", key_display="Ctrl+P")]),
        ]
        self.push_screen(HelpScreen(sections))

    def action_edit(self) -> None:
        self.query_one(EditMode).toggle()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        view = self.view
        two_languages = not view.single
        yield SystemCommand("Next pair", "Move to the next pair; a tall pair scrolls first (↓ / j)", view.action_cursor_down)
        yield SystemCommand("Previous pair", "Move to the previous pair; a tall pair scrolls first (↑ / k)", view.action_cursor_up)
        yield SystemCommand("Page down", "A screen down (PgDn)", view.action_page_down)
        yield SystemCommand("Page up", "A screen up (PgUp)", view.action_page_up)
        yield SystemCommand("First pair", "Jump to the first pair (Home)", view.action_first)
        yield SystemCommand("Last pair", "Jump to the last pair and the end of the text (End)", view.action_last)
        if two_languages:
            yield SystemCommand("Swap columns", "Show Chinese on the left, or English again (s)", view.action_swap)
        yield SystemCommand("Next sentence link", "Light the next sentence link in both columns (])", view.action_next_sentence)
        yield SystemCommand("Previous sentence link", "Light the previous sentence link ([)", view.action_previous_sentence)
        yield SystemCommand("Word cursor to the other column", "English words for w / b, their Chinese lit (x)",
                            self.action_cross_word)
        yield SystemCommand("Leave the cursors", "Put the sentence and word cursors away (Esc)", self.action_leave)
        yield SystemCommand("Glossary panel", "Show or hide the glossary entries of the current pair (g)", self.action_toggle_panel)
        yield SystemCommand("Look up a term", "Search the glossary and CC-CEDICT (l)", self.action_lookup)
        yield SystemCommand("Term highlights", "Turn the highlighting of glossary terms on or off (T)", self.action_toggle_terms)
        yield SystemCommand("Add to the glossary", "Add the word under the word cursor, or the selection, to the glossary (+)", self.action_add_term)
        yield SystemCommand("Term candidates", "Terms proposed from this text: accept or reject them (G)", self.action_term_candidates)
        yield SystemCommand("Library", "Open another text of the library (o)", self.action_library)
        yield SystemCommand("Contents", "Jump to a heading (c)", self.action_contents)
        yield SystemCommand("Footnotes", "The footnotes of the current paragraph (f)", self.action_footnotes)
        yield SystemCommand("Search", "Search the text in either language (/)", self.action_search)
        yield SystemCommand("Bookmark", "Set or clear a bookmark on the current pair (m)", self.action_bookmark)
        yield SystemCommand("Bookmarks and notes", "List the bookmarks and notes and jump to one (')", self.action_bookmarks)
        yield SystemCommand("Note", "Write a note on the current pair (a)", self.action_note)
        yield SystemCommand("Export", "Export this text: HTML, Anki, TMX, CSV, ... (e)", self.action_export)
        if two_languages:
            yield SystemCommand("Hide a side", "Hide the right column for study; space reveals a pair (h)", self.action_hide)
        yield SystemCommand("Translate and compare", "Translate the current pair and see a score (t)", self.action_translate)
        yield SystemCommand("Practice summary", "Pairs done, average score, missed terms (S)", self.action_study_summary)
        yield SystemCommand("Edit mode", "Fix the alignment: merge, split, shift, confirm, undo (E)", self.action_edit)
        yield SystemCommand("Show keys", "List every key of the reader (?)", self.action_help)


_GLOSSARY_ACTIONS = {"toggle_panel", "lookup", "next_occurrence", "previous_occurrence", "next_word",
                     "previous_word", "cross_word", "leave", "toggle_terms", "extend_word", "extend_word_back", "add_term",
                     "term_candidates"}
_SENTENCE_ACTIONS = {"next_sentence", "previous_sentence"}
_STUDY_ACTIONS = {"hide", "reveal", "translate", "study_summary"}
_LIBRARY_ACTIONS = {"search", "concordance", "library", "import_text", "contents", "footnotes", "bookmark",
                    "bookmarks", "note", "export"}


def _settle_gc() -> None:
    """Everything loaded so far lives as long as the app: move it out of the collector's
    way, so full collections stop pausing keystrokes (27-60 ms every ~15 keys)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)
