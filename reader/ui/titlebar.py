"""The top line: the text's title on the left, the reading position on the right."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

BOLD = Style(bold=True)
MODE = Style(bold=True, reverse=True)


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

    def render_line(self, y: int) -> Strip:
        # The position changes with every key: the line is put together here, the cells
        # `render`'s grid would give them, without a Rich table's measuring and rendering
        # (a millisecond of each key's frame). The grid still draws what this does not
        # cover: a bar too narrow for the position, a selection.
        line = self._line(self.content_size.width) if y == 0 and self.text_selection is None else None
        return line if line is not None else super().render_line(y)

    def _line(self, width: int) -> Strip | None:
        """The bar in `width` cells: the title cut with an ellipsis or padded to what the
        position leaves; None if the position does not fit."""
        mode, position = self.mode, self.position
        if not position or position[-1].isspace():  # the grid right-justifies, stripped
            return None
        room = width - 2 - cell_len(position) - (cell_len(mode) + 2 if mode else 0)
        if room < 1:
            return None
        title = self.title
        used = cell_len(title)
        title = set_cell_size(title, room - 1) + "…" if used > room else title + " " * (room - used)
        base = self.visual_style.rich_style
        # The segments Rich's Text gives, spaces and all: a segment of spaces alone is not
        # a colour the contrast filter lifts (the SVG screenshots would differ).
        segments = [Segment(title, base + BOLD)]
        if mode:
            segments += [Segment("  ", base), Segment(mode, base + MODE)]
        segments.append(Segment("  " + position, base))
        return Strip(segments, width)
