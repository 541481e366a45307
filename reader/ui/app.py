"""The reader application: title bar, the parallel view, footer; help and command palette."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from ..core.errors import ReaderError
from ..core.model import Pair, Text
from .help import HelpScreen
from .pairview import PairView
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
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, text: Text, rest: Iterator[Pair] | None = None, *, settle_gc: bool = False) -> None:
        super().__init__()
        self.text = text
        self.title = text.meta.display_title()
        self.load_error: ReaderError | None = None
        self._rest = rest
        self._loading = rest is not None
        self._settle_gc = settle_gc

    def compose(self) -> ComposeResult:
        bar = TitleBar()
        bar.title = self._bar_title()
        yield bar
        yield PairView(self.text.pairs, id="pairs")
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
            ("Application", [*self.BINDINGS, Binding("ctrl+p", "command_palette", "Command palette", key_display="Ctrl+P")]),
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
        yield SystemCommand("Show keys", "List every key of the reader (?)", self.action_help)


def _settle_gc() -> None:
    """Everything loaded so far lives as long as the app: move it out of the collector's
    way, so full collections stop pausing keystrokes (27-60 ms every ~15 keys)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)
