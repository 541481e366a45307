"""The status line: what the last key did (link 3 of 12, occurrence 2 of 7, highlights
off, ...) on the left, the modes in force on the right. It replaces the message in place,
so a held key never piles anything up over the text; toasts are kept for events."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ..core.visible import visible


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    message: reactive[str] = reactive("")
    modes: reactive[str] = reactive("")

    def render(self) -> Table:
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        # Messages quote texts (a term, a search): control characters as symbols.
        grid.add_row(Text(visible(self.message)), Text(visible("  " + self.modes) if self.modes else "", style="italic"))
        return grid
