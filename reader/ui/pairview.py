"""The parallel view: every pair of a text in one scrolling Line-API widget.

Each screen row is drawn as left cells + divider + right cells (or, when narrow, one
stacked column), so the two languages can never drift apart. Pairs start with an
estimated height; only pairs that come into view (and a page around them) are wrapped,
and the row table absorbs the corrections.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.layout import DIVIDER, Columns, Row, RowTable, estimate_heights, lay_out_pair
from ..core.model import Pair


TERM_COLOURS = 6  # glossary terms cycle through this many colours (pair-view--term-N)

# Marks on a pair's text: for each language, (start, end, style name) spans, where the
# style name is a component class without its prefix ("term-3", "word").
Marks = dict[str, list[tuple[int, int, str]]]


class PairView(ScrollView, can_focus=True):
    """Both columns of a text, with a pair cursor."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next", key_display="↓/j"),
        Binding("up,k", "cursor_up", "Previous", key_display="↑/k"),
        Binding("pagedown", "page_down", "Page down", show=False, key_display="PgDn"),
        Binding("pageup", "page_up", "Page up", show=False, key_display="PgUp"),
        Binding("home", "first", "First pair", show=False, key_display="Home"),
        Binding("end", "last", "Last pair", show=False, key_display="End"),
        Binding("s", "swap", "Swap columns"),
    ]

    COMPONENT_CLASSES = {
        "pair-view--cursor",
        "pair-view--marker",
        "pair-view--divider",
        "pair-view--title",
        "pair-view--byline",
        "pair-view--heading",
        "pair-view--note",
        "pair-view--second",
        "pair-view--word",
        "pair-view--occurrence",
        "pair-view--search",
        "pair-view--sentence",
        "pair-view--doubtful",
        "pair-view--section",
        "pair-view--bookmark",
        "pair-view--note-mark",
        *(f"pair-view--term-{n}" for n in range(TERM_COLOURS)),
    }

    class CursorMoved(Message):
        """The pair under the cursor changed."""

        def __init__(self, index: int, pair: Pair) -> None:
            super().__init__()
            self.index = index
            self.pair = pair

    def __init__(self, pairs: list[Pair], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pairs = pairs
        self.cursor = 0
        self.order: tuple[str, str] = ("en", "zh")
        self._columns: Columns | None = None
        self._table = RowTable([])
        self._rows: dict[int, list[Row]] = {}
        self._strips: LRUCache[tuple, Strip] = LRUCache(2048)
        self._pair_marks: LRUCache[int, Marks] = LRUCache(512)  # asked once per pair, not per row
        self._styles: dict[str, Style] = {}
        self.marks: Callable[[int], Marks] | None = None  # set by the screen that owns us
        self.single = False  # one wide column (a monolingual text)
        self.hidden: str | None = None  # a language shown as placeholders (study mode)
        self.revealed: set[int] = set()  # pairs whose hidden side is shown anyway

    # -- layout ---------------------------------------------------------------------------

    @property
    def columns(self) -> Columns | None:
        return self._columns

    @property
    def stacked(self) -> bool:
        return bool(self._columns and self._columns.stacked)

    def _relayout(self) -> None:
        """Start over for a new width or column order: estimate every pair's height."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._columns = Columns.for_width(width, left_lang=self.order[0], stacked=True if self.single else None)
        self._table = RowTable(estimate_heights(self.pairs, self._columns, self.order))
        self._rows.clear()
        self._strips.clear()
        self.virtual_size = Size(width, self._table.total)

    def _wrap(self, index: int) -> tuple[list[Row], int]:
        """The rows of a pair, wrapping it on first use; returns the change in height."""
        rows = self._rows.get(index)
        if rows is not None:
            return rows, 0
        rows = lay_out_pair(self.pairs[index], self._columns, self.order)
        self._rows[index] = rows
        return rows, self._table.set_height(index, len(rows))

    def _prepare(self, around: int | None = None) -> None:
        """Wrap the pairs in view and a page either side; keep the view from jumping when
        pairs above it change height."""
        if self._columns is None or not self.pairs:
            return
        height = max(self.scrollable_content_region.height, 1)
        top_row = round(self.scroll_y)
        top, _ = self._table.locate(top_row)
        first, _ = self._table.locate(max(top_row - height, 0))
        shift = 0
        index = first
        while index < len(self.pairs):
            _, delta = self._wrap(index)
            if index < top:
                shift += delta
            if self._table.start(index) > top_row + shift + 2 * height:
                break
            index += 1
        if around is not None:
            for index in range(max(around - 2, 0), min(around + 3, len(self.pairs))):
                _, delta = self._wrap(index)
                if index < top:
                    shift += delta
        if self.virtual_size.height != self._table.total:
            self.virtual_size = Size(self._columns.width, self._table.total)
        if shift:
            self.set_scroll(None, max(top_row + shift, 0))

    def _fit_width(self) -> bool:
        """Lay out for the current width if it changed; True if it did."""
        width = self.scrollable_content_region.width
        if width <= 0 or (self._columns is not None and self._columns.width == width):
            return False
        self._relayout()
        self._prepare(self.cursor)
        return True

    def on_resize(self) -> None:
        if self._fit_width():
            self._scroll_to_cursor()

    def render_lines(self, crop):
        # The first frame may come before the first resize event: lay out now rather than
        # show an empty frame. Later width changes are the resize handler's (it also
        # brings the cursor back into view).
        if self._columns is None:
            self._fit_width()
        return super().render_lines(crop)

    def replace_pairs(self, pairs: list[Pair], keep_cursor: bool = False) -> None:
        """Show other pairs: another text (from the top), or the same text redrawn (the
        cursor stays)."""
        self.pairs = pairs
        self._pair_marks.clear()
        self.cursor = min(self.cursor, max(len(pairs) - 1, 0)) if keep_cursor else 0
        self._columns = None
        self._fit_width()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_to_cursor()
        self.refresh()

    def extend(self, pairs: list[Pair]) -> None:
        """Append pairs (a text still loading); the view keeps its place."""
        self.pairs.extend(pairs)
        if self._columns is not None:
            self._table.extend(estimate_heights(pairs, self._columns, self.order))
            self.virtual_size = Size(self._columns.width, self._table.total)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        self._prepare()
        super().watch_scroll_y(old_value, new_value)

    def refresh_marks(self) -> None:
        """The marks changed (highlighting toggled, a word cursor moved): redraw."""
        self._pair_marks.clear()
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # -- cursor -----------------------------------------------------------------------------

    def pair_span(self, index: int) -> tuple[int, int]:
        """First row and row count of a pair (wrapping it if needed)."""
        rows, _ = self._wrap(index)
        return self._table.start(index), len(rows)

    def move_cursor(self, index: int) -> None:
        if not self.pairs:
            return
        index = max(0, min(index, len(self.pairs) - 1))
        if index != self.cursor:
            self.cursor = index
            self.refresh()  # rows are cached per cursor state, so this only redraws
            self.post_message(self.CursorMoved(index, self.pairs[index]))
        self._prepare(index)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        if self._columns is None or not self.pairs:
            return
        start, count = self.pair_span(self.cursor)
        height = self.scrollable_content_region.height
        top = self.scroll_y
        if start < top or count > height:
            target = start
        elif start + count > top + height:
            target = start + count - height
        else:
            return
        self.virtual_size = Size(self._columns.width, self._table.total)
        self.scroll_to(y=target, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_page_down(self) -> None:
        start, _ = self.pair_span(self.cursor)
        target, _ = self._table.locate(start + self.scrollable_content_region.height)
        self.move_cursor(max(target, self.cursor + 1))

    def action_page_up(self) -> None:
        start, _ = self.pair_span(self.cursor)
        target, _ = self._table.locate(max(start - self.scrollable_content_region.height, 0))
        self.move_cursor(min(target, self.cursor - 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.pairs) - 1)

    def action_swap(self) -> None:
        self.order = (self.order[1], self.order[0])
        self._relayout()
        self._prepare(self.cursor)
        self._scroll_to_cursor()
        self.refresh()

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self._columns is None:
            return
        index, _ = self._table.locate(round(self.scroll_y) + offset.y)
        self.move_cursor(index)

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row_number = round(self.scroll_y) + y
        if self._columns is None or not self.pairs or row_number >= self._table.total:
            return Strip.blank(width, self.rich_style)
        index, offset = self._table.locate(row_number)
        rows, delta = self._wrap(index)
        if delta:  # a pair came into view before _prepare saw it; fix the size next frame
            self.call_after_refresh(self._prepare)
        if offset >= len(rows):
            return Strip.blank(width, self.rich_style)
        key = (index, offset, index == self.cursor)
        strip = self._strips.get(key)
        if strip is None:
            marks = self._pair_marks.get(index)
            if marks is None:
                marks = self.marks(index) if self.marks is not None else {}
                self._pair_marks[index] = marks
            if index in self.revealed:
                marks = {**marks, "reveal": True}
            strip = self._render_row(self.pairs[index], rows[offset], index == self.cursor, offset == len(rows) - 1, marks)
            self._strips[key] = strip
        return strip

    def _style(self, name: str) -> Style:
        """A component style, resolved once per theme (cleared on style updates)."""
        style = self._styles.get(name)
        if style is None:
            if name == "cursor":
                # Only the background, blended with the widget's: the text keeps its colours.
                style = Style(bgcolor=self.get_component_rich_style("pair-view--cursor").bgcolor)
            else:
                style = self.get_component_rich_style(f"pair-view--{name}", partial=True)
            self._styles[name] = style
        return style

    def _render_row(self, pair: Pair, row: Row, is_cursor: bool, is_gap: bool, marks: Marks) -> Strip:
        columns = self._columns
        base = self.rich_style
        text_style = base
        if f"pair-view--{pair.kind}" in self.COMPONENT_CLASSES:
            text_style = base + self._style(pair.kind)
        if pair.kind == "heading" and pair.level == 1:
            text_style += self._style("section")
        highlighted = is_cursor and not is_gap
        if highlighted:
            base, text_style = base + self._style("cursor"), text_style + self._style("cursor")
        gutter = marks.get("gutter")
        if highlighted:
            segments = [Segment("▌", base + self._style("marker"))]
        elif gutter and not is_gap:
            symbol = "*" if gutter == "bookmark" else "✎"
            segments = [Segment(symbol, base + self._style("bookmark" if gutter == "bookmark" else "note-mark"))]
        else:
            segments = [Segment(" ", base)]
        hidden = self.hidden if self.hidden and marks.get("reveal") is not True else None
        if columns.stacked:
            style = text_style
            if row.lang == self.order[1]:
                style += self._style("second")
            line = _placeholder(row.left) if row.lang == hidden else row.left
            segments += self._cells(line, row.left_at, marks.get(row.lang) if line is row.left else None,
                                    columns.left, style, base)
        else:
            left_lang, right_lang = self.order
            left = _placeholder(row.left) if left_lang == hidden else row.left
            right = _placeholder(row.right) if right_lang == hidden else row.right
            segments += self._cells(left, row.left_at, marks.get(left_lang) if left is row.left else None,
                                    columns.left, text_style, base)
            segments.append(Segment(DIVIDER, base + self._style("divider")))
            segments += self._cells(right, row.right_at, marks.get(right_lang) if right is row.right else None,
                                    columns.right, text_style, base)
        segments.append(Segment(" " * Columns.MARGIN, base))
        return Strip(segments).adjust_cell_length(columns.width, base)

    def _cells(self, text: str, at: int, spans, width: int, style: Style, pad_style: Style) -> list[Segment]:
        """A line in exactly `width` cells (measured by Rich, which draws it), with the
        marked spans of its paragraph (`at` is where the line starts in it) styled."""
        segments = []
        position = 0
        for start, end, name in spans or ():
            start, end = max(start - at, position), min(end - at, len(text))
            if start >= end:
                continue
            if start > position:
                segments.append(Segment(text[position:start], style))
            segments.append(Segment(text[start:end], style + self._style(name)))
            position = end
        if position < len(text):
            segments.append(Segment(text[position:], style))
        used = sum(cell_len(segment.text) for segment in segments)
        if used > width:
            return list(Strip(segments).crop(0, width))
        return [*segments, Segment(" " * (width - used), pad_style)]


def _placeholder(line: str) -> str:
    """A hidden line: dots in place of its characters, as wide as the line was."""
    return "·" * cell_len(line) if line else line
