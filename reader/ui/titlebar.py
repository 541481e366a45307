"""The top line: the text's title on the left, the reading position on the right."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    title: reactive[str] = reactive("")
    position: reactive[str] = reactive("")
    mode: reactive[str] = reactive("")  # a mode that changes what keys do (edit mode), before the position

    def render(self) -> Table:
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        position = Text("  ")
        if self.mode:
            position.append(self.mode, style="bold reverse")
            position.append("  ")
        position.append(self.position)
        grid.add_row(Text(self.title, style="bold"), position)
        return grid
