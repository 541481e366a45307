"""The reader application: header, the parallel view, footer; help and command palette."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from ..core.model import Text
from .help import HelpScreen
from .pairview import PairView
from .titlebar import TitleBar


class ReaderApp(App[None]):
    """Reads one text, English and Chinese side by side."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, text: Text) -> None:
        super().__init__()
        self.text = text
        self.title = text.meta.display_title()

    def compose(self) -> ComposeResult:
        bar = TitleBar()
        bar.title = self._bar_title()
        yield bar
        yield PairView(self.text.pairs, id="pairs")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PairView).focus()
        self._update_position(0)

    def _bar_title(self) -> str:
        title = self.text.meta.title
        return "  ·  ".join(t for t in (title.get("en"), title.get("zh")) if t) or self.text.id

    @property
    def view(self) -> PairView:
        return self.query_one(PairView)

    def _update_position(self, index: int) -> None:
        total = len(self.text.pairs)
        self.sub_title = f"pair {index + 1} / {total}" if total else "no pairs"
        self.query_one(TitleBar).position = self.sub_title

    def on_pair_view_cursor_moved(self, message: PairView.CursorMoved) -> None:
        self._update_position(message.index)

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
