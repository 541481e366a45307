"""The parallel view: every pair of a text in one scrolling Line-API widget.

Each screen row is drawn as left cells + divider + right cells (or, when narrow, one
stacked column), so the two languages can never drift apart. Pairs start with an
estimated height; only pairs that come into view (and a page around them) are wrapped,
and the row table absorbs the corrections.

The view owns the pair cursor (moved as a pager moves: see `core.paging`) and the
sentence cursor: while a sentence link is lit, the cursor pair is set link by link, so
that the link and its counterpart are always on screen together.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style as VisualStyle

from ..core import paging
from ..core.layout import (DIVIDER, MEASURE, Columns, Row, RowTable, estimate_heights, lay_out_links,
                           lay_out_pair)
from ..core.model import Pair
from ..core.pairlinks import DOUBTFUL
from .scrollbar import RowScrollBar


TERM_COLOURS = 6  # glossary terms cycle through this many colours (pair-view--term-N)

# Marks on a pair's text: for each language, (start, end, style name) spans, where the
# style name is a component class without its prefix ("term-3", "word"). Spans may
# overlap: their styles are laid over each other in the order of LAYERS (a term keeps its
# colour inside a lit sentence). "gutter" holds the margin marks ("bookmark", "note").
Marks = dict[str, list[tuple[int, int, str]]]
LAYERS = {"doubtful": 0, "doubt-1": 0, "doubt-2": 0, "doubt-3": 0, "sentence": 2, "search": 3, "occurrence": 4,
          "wordlink": 5, "word": 6}  # anything else (terms): 1

GUTTER_SYMBOLS = {"bookmark": ("*", "bookmark"), "note": ("✎", "note-mark"),  # symbol, style
                  "confirmed": ("✓", "confirmed-mark"), "edited": ("~", "edited-mark")}  # (edit mode)


class PairView(ScrollView, can_focus=True):
    """Both columns of a text, with a pair cursor and a sentence cursor."""

    BINDINGS = [
        # The tooltip is the help screen's explanation of the key.
        Binding("down,j", "cursor_down", "Next", key_display="↓/j",
                tooltip="the next pair; through a pair taller than the screen a line at a time first"),
        Binding("up,k", "cursor_up", "Previous", key_display="↑/k",
                tooltip="the previous pair; through a tall pair a line at a time first"),
        Binding("pagedown", "page_down", "Page down", show=False, key_display="PgDn",
                tooltip="a screen down (through a tall pair first)"),
        Binding("pageup", "page_up", "Page up", show=False, key_display="PgUp",
                tooltip="a screen up (through a tall pair first)"),
        Binding("home", "first", "First pair", show=False, key_display="Home"),
        Binding("end", "last", "Last pair", show=False, key_display="End", tooltip="the end of the text in view"),
        Binding("s", "swap", "Swap columns", tooltip="Chinese on the left, or English again (two languages)"),
        Binding("s", "cannot_swap", "Swap columns", show=False),  # a one-language text: says why
        Binding("right_square_bracket", "next_sentence", "Next sentence link", show=False, key_display="]",
                tooltip="its sentences lit in both columns, the pair set link by link; "
                        "after the last, the next pair's first (doubtful links in italics)"),
        Binding("left_square_bracket", "previous_sentence", "Previous sentence link", show=False,
                key_display="[", tooltip="before the first, the previous pair's last"),
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
        "pair-view--wordlink",
        "pair-view--occurrence",
        "pair-view--search",
        "pair-view--sentence",
        "pair-view--doubtful",
        "pair-view--section",
        "pair-view--bookmark",
        "pair-view--note-mark",
        "pair-view--confirmed-mark",
        "pair-view--edited-mark",
        "pair-view--doubt-1",
        "pair-view--doubt-2",
        "pair-view--doubt-3",
        *(f"pair-view--term-{n}" for n in range(TERM_COLOURS)),
    }

    class CursorMoved(Message):
        """The pair under the cursor changed."""

        def __init__(self, index: int, pair: Pair) -> None:
            super().__init__()
            self.index = index
            self.pair = pair

    class Status(Message):
        """Something to tell the reader about the key just pressed (for the status line)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, pairs: list[Pair], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pairs = pairs
        self.cursor = 0
        # Called with the new cursor as it moves, before the CursorMoved message: what must
        # show in the same frame as the cursor (the title bar's position), since a message
        # reaches the app a frame or two later.
        self.cursor_watchers: list = []
        self.sentence: int | None = None  # the lit link of the cursor pair
        self.order: tuple[str, str] = ("en", "zh")
        self._columns: Columns | None = None
        self._table = RowTable([])
        self._rows: dict[int, list[Row]] = {}
        self._link_rows: dict[int, list[tuple[int, int]]] = {}  # a pair set link by link
        self._strips: LRUCache[tuple, Strip] = LRUCache(2048)
        self._pair_marks: LRUCache[int, Marks] = LRUCache(512)  # asked once per pair, not per row
        self._styles: dict[str, Style] = {}
        self.marks: Callable[[int], Marks] | None = None  # set by the screen that owns us
        self._single = False
        self._warming = False  # a draw-ahead is waiting for the frame (see _warm)
        self._focus: tuple[str, int] | None = None  # text of the cursor pair shown on purpose
        self.hidden: str | None = None  # a language shown as placeholders (study mode)
        self.revealed: set[int] = set()  # pairs whose hidden side is shown anyway

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's scrollbar with its rows cached (scrollbar.py): it moves on every key
        that scrolls. Made as `Widget.vertical_scrollbar` makes its own (Textual 8.2)."""
        if self._vertical_scrollbar is None:
            bar = RowScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    @property
    def single(self) -> bool:
        """One column, set to a readable measure and centred (a monolingual text)."""
        return self._single

    @single.setter
    def single(self, value: bool) -> None:
        if value != self._single:
            self._single = value
            self._columns = None
            if self.is_attached:
                self._fit_width()
                self.refresh_bindings()  # "Swap columns" is offered only with two languages
                self.refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "swap":
            return not self.single
        if action == "cannot_swap":
            return self.single
        return True

    # -- layout ---------------------------------------------------------------------------

    @property
    def columns(self) -> Columns | None:
        return self._columns

    @property
    def stacked(self) -> bool:
        return bool(self._columns and self._columns.stacked)

    def _layout_width(self) -> int:
        """The width pairs are laid out for: the whole view, so that the scrollbar sits in
        the right margin and the layout is the one `reader show --width` prints."""
        return self.size.width

    def _view_height(self) -> int:
        return max(self.scrollable_content_region.height, 1)

    def _relayout(self, place: tuple[int, str, int] | None = None) -> None:
        """Start over for a new width or column order: estimate every pair's height. With
        a `place` (see `_place`), the text that was at the top of the view stays there."""
        width = self._layout_width()
        if width <= 0:
            return
        self._columns = Columns.for_width(width, left_lang=self.order[0], stacked=True if self.single else None,
                                          measure=MEASURE if self.single else None)
        self._table = RowTable(estimate_heights(self.pairs, self._columns, self.order))
        self._rows.clear()
        self._link_rows.clear()
        self._strips.clear()
        self._update_virtual_size()
        if place is not None and place[0] < len(self.pairs):
            index, lang, at = place
            self._prepare(index)
            self._scroll_top(self._table.start(index) + (self._row_of(index, lang, at) if lang else 0))

    def _place(self) -> tuple[int, str, int] | None:
        """Where the reader is: the text at the top of the view, as (pair, language,
        character of that side), to find again after a re-layout."""
        if self._columns is None or not self.pairs:
            return None
        index, offset = self._table.locate(round(self.scroll_y))
        rows = self._rows.get(index)
        if rows is None or offset >= len(rows) - 1:
            return index, "", 0
        for lang in self.order:
            line, at = self._line_of(rows[offset], lang)
            if line:
                return index, lang, at
        return index, "", 0

    def _update_virtual_size(self) -> None:
        if self._columns is None:
            return
        size = Size(self._columns.width, self._table.total)
        old = self.virtual_size
        if size == old:
            return
        view = self.container_size.height
        if old.width != size.width or not view or (old.height > view) != (size.height > view):
            self.virtual_size = size  # the scrollbar comes or goes: the screen is laid out again
            return
        # Only the height changed (pairs wrapped as they came into view, a few rows each):
        # what a layout would do for it is to tell the scrollbar, which Textual's
        # `_scroll_update` does. Setting `virtual_size` itself lays the whole screen out
        # again, and its scrollbar follows a frame later: 3 ms of a key that reached new
        # pairs, and a second frame.
        self.set_reactive(PairView.virtual_size, size)
        self._scroll_update(size)

    def _wrap(self, index: int) -> tuple[list[Row], int]:
        """The rows of a pair, wrapping it on first use; returns the change in height."""
        rows = self._rows.get(index)
        if rows is not None:
            return rows, 0
        pair = self.pairs[index]
        if index == self.cursor and self.sentence is not None:
            rows, self._link_rows[index] = lay_out_links(pair, self._columns, self.order)
        else:
            rows = lay_out_pair(pair, self._columns, self.order)
        self._rows[index] = rows
        return rows, self._table.set_height(index, len(rows))

    def _rewrap(self, index: int) -> None:
        """Lay a pair out again (set link by link, or back as a paragraph)."""
        if self._columns is None or not 0 <= index < len(self.pairs):
            return
        self._rows.pop(index, None)
        self._link_rows.pop(index, None)
        top = round(self.scroll_y)
        above = self._table.start(index) + self._table.height(index) <= top
        _, delta = self._wrap(index)
        self._strips.clear()
        self._update_virtual_size()
        if delta and above:  # keep what is on screen where it is
            self.set_scroll(None, max(top + delta, 0))
        self.refresh()

    def _prepare(self, around: int | None = None) -> None:
        """Wrap the pairs in view and a page either side; keep the view from jumping when
        pairs above it change height."""
        if self._columns is None or not self.pairs:
            return
        height = self._view_height()
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
            self._update_virtual_size()
        if shift:
            self.set_scroll(None, max(top_row + shift, 0))

    def _fit_width(self) -> bool:
        """Lay out for the current width if it changed; True if it did."""
        width = self._layout_width()
        if width <= 0 or (self._columns is not None and self._columns.width == width):
            return False
        self._relayout(self._place())
        self._prepare(self.cursor)
        return True

    def on_resize(self) -> None:
        if self._fit_width():
            self._show_cursor()

    def render_lines(self, crop: Region) -> list[Strip]:
        # The first frame may come before the first resize event: lay out now rather than
        # show an empty frame. Later width changes are the resize handler's (it also
        # brings the cursor back into view).
        if self._columns is None and self._fit_width() and self.cursor:
            self.call_after_refresh(self._show_cursor)
        if not self._plain_box():
            self._styles_cache.clear()  # it did not see the frames drawn below
            return super().render_lines(crop)
        # What Textual's styles cache would draw for a widget without border, padding,
        # tint or opacity: each row padded to the content width, then the app's line
        # filters. Done here on the cached rows themselves, so that the padded row and
        # its filtered copies are cached with it (Strip caches both): a row already drawn
        # once costs a look-up, not a fresh copy filtered again segment by segment. A
        # scroll redraws every row on screen, and this is most of what a key costs.
        content_width, paint = self._painter()
        # Rows as laid out, not cut to the width left of the scrollbar: the scrollbar is
        # drawn over their last cell (cutting and padding them again cost a copy a row).
        strips = [paint(strip) for strip in
                  self._lines(round(self.scroll_y) + crop.y, crop.height, content_width, crop=False)]
        x1, x2 = crop.column_span
        if (x1, x2) != (0, self.size.width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _painter(self):
        """What `render_lines` does to a row once drawn, as a function of the row: padded
        to the content width, then the app's line filters (both cached on the row)."""
        base_background, background = self.background_colors
        inner = VisualStyle(background=base_background + background).rich_style
        content_width = self.content_region.width
        filters = self.get_line_filters()

        def paint(strip: Strip) -> Strip:
            strip = strip.adjust_cell_length(content_width, inner)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            return strip

        return content_width, paint

    def _warm(self) -> None:
        """Once a key's frame is out, draw ahead, while the reader reads, the rows the next
        Down or Up will show: the pairs either side of the cursor as the cursor, the
        cursor's own as it will be left, and the pair at the foot of the screen. New rows
        cost most of a key that reaches new pairs (rendering, marks, filters); drawn here,
        they wait in the cache. Only pairs already wrapped: this changes no height."""
        self._warming = False
        if self._columns is None or not self.pairs or not self._plain_box():
            return
        top, height = round(self.scroll_y), self._view_height()
        last, _ = self._table.locate(top + height - 1)
        _, paint = self._painter()
        cursor = self.cursor
        for index, is_cursor in ((cursor + 1, True), (cursor - 1, True), (cursor, False), (last, last == cursor)):
            rows = self._rows.get(index)
            if rows is None:
                continue
            for offset in range(min(len(rows), height + 1)):  # a tall pair: what one key shows of it
                key = (index, offset, is_cursor, None)
                strip = self._strips.get(key)
                if strip is None:
                    strip = self._strips[key] = self._render_cached(index, rows, offset, None, is_cursor)
                paint(strip)
        # And wrap a page further down than `_prepare` does, so that the next keys down find
        # their pairs laid out. Below the screen nothing moves; the text's height follows
        # at the next key (`_prepare`), not in a frame of its own.
        index, limit = last + 1, top + 3 * height
        while index < len(self.pairs) and self._table.start(index) <= limit:
            self._wrap(index)
            index += 1

    def _plain_box(self) -> bool:
        """Whether the view is drawn without border, outline, padding, tint, opacity,
        hatching or links (as reader.tcss has it), so that `render_lines` may draw it."""
        styles = self.styles
        return not (
            any(kind for kind, _ in styles.border) or any(kind for kind, _ in styles.outline)
            or any(styles.padding) or styles.tint.a
            or self.opacity != 1.0 or styles.text_opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
            or (self.auto_links and self.hover_style.link_id)
        )

    def replace_pairs(self, pairs: list[Pair], keep_cursor: bool = False) -> None:
        """Show other pairs: another text (from the top), or the same text redrawn (the
        cursor stays)."""
        self.pairs = pairs
        self._pair_marks.clear()
        self.sentence = None
        self.cursor = min(self.cursor, max(len(pairs) - 1, 0)) if keep_cursor else 0
        self._columns = None
        self._fit_width()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._show_cursor()
        self.refresh()

    def splice(self, start: int, removed: int, added: int, cursor: int) -> None:
        """Pairs `start` to `start + removed` were replaced by `added` others (an edit:
        `pairs` holds them already); only they are laid out again, and the cursor goes to
        `cursor`."""
        delta = added - removed
        if self._columns is not None:
            heights = estimate_heights(self.pairs[start:start + added], self._columns, self.order)
            self._table.splice(start, start + removed, heights)

            def kept(cache: dict) -> dict:
                return {(i if i < start else i + delta): value for i, value in cache.items()
                        if i < start or i >= start + removed}

            self._rows, self._link_rows = kept(self._rows), kept(self._link_rows)
            self._update_virtual_size()
        self._strips.clear()
        self._pair_marks.clear()
        self.revealed = {i if i < start else i + delta for i in self.revealed if i < start or i >= start + removed}
        self.sentence = None
        self._focus = None
        self.cursor = max(0, min(cursor, len(self.pairs) - 1))
        if self._columns is not None and self.pairs:
            self._prepare(self.cursor)
            self._scroll_top(paging.reveal_pair(self._table, self.cursor, round(self.scroll_y), self._view_height()))
        self.refresh()
        if self.pairs:
            self.post_message(self.CursorMoved(self.cursor, self.pairs[self.cursor]))

    def extend(self, pairs: list[Pair]) -> None:
        """Append pairs (a text still loading); the view keeps its place."""
        self.pairs.extend(pairs)
        if self._columns is not None:
            self._table.extend(estimate_heights(pairs, self._columns, self.order))
            self._update_virtual_size()

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

    # -- the pair cursor --------------------------------------------------------------------

    def pair_span(self, index: int) -> tuple[int, int]:
        """First row and row count of a pair (wrapping it if needed)."""
        rows, _ = self._wrap(index)
        return self._table.start(index), len(rows)

    def move_cursor(self, index: int, top: int | None = None) -> None:
        """Put the cursor on a pair and scroll to `top`, or (None) just enough to show it
        (from its first row if it is taller than the screen)."""
        if not self.pairs:
            return
        index = max(0, min(index, len(self.pairs) - 1))
        self._set_cursor(index)
        if self._columns is None:  # not laid out yet: the first layout shows the cursor
            return
        self._prepare(index)
        if top is None:
            top = paging.reveal_pair(self._table, index, round(self.scroll_y), self._view_height())
        self._scroll_top(top)

    def _set_cursor(self, index: int) -> None:
        if index == self.cursor:
            return
        if self.sentence is not None:  # the pair left is set as a paragraph again
            self.sentence = None
            self._pair_marks.clear()
            self._rewrap(self.cursor)
        self._focus = None
        left, self.cursor = self.cursor, index
        # Only the rows of the pair left and of the new one change (rows are cached per
        # cursor state); a scroll that follows redraws the rest.
        self._refresh_pairs(left, index)
        if not self._warming:
            self._warming = True
            self.call_after_refresh(self._warm)
        for watcher in self.cursor_watchers:
            watcher(index)
        self.post_message(self.CursorMoved(index, self.pairs[index]))

    def _refresh_pairs(self, *indexes: int) -> None:
        """Redraw the rows of these pairs that are on screen."""
        if self._columns is None:
            self.refresh()
            return
        top, height, width = round(self.scroll_y), self.size.height, self.size.width
        for index in indexes:
            rows = self._rows.get(index)  # a pair not wrapped yet has not been drawn
            if rows is not None:
                start = self._table.start(index)
                first, end = max(start - top, 0), min(start + len(rows) - top, height)
                if first < end:
                    self.refresh(Region(0, first, width, end - first))

    def _scroll_top(self, top: int) -> None:
        if self._columns is None:
            return
        self._update_virtual_size()
        self.scroll_to(y=max(top, 0), animate=False, immediate=True)

    def _show_cursor(self) -> None:
        """After a re-layout: bring back into view the lit link, or the text last shown on
        purpose (a word, a search hit), or else the cursor pair if it went out of view."""
        if self._columns is None or not self.pairs:
            return
        self._prepare(self.cursor)
        if self._reveal_link():
            return
        if self._focus is not None:
            self.reveal_text(*self._focus)
            return
        # The cursor pair wholly in view if it fits (from the place kept, as little
        # scrolling as that takes); a taller one only if it went out of view altogether.
        start, count = self.pair_span(self.cursor)
        top, height = round(self.scroll_y), self._view_height()
        if count - 1 <= height or start + count - 1 <= top or start >= top + height:
            self._scroll_top(paging.reveal_pair(self._table, self.cursor, top, height))

    def _step(self, rule) -> None:
        """Move by one of the pager's rules (core.paging)."""
        if self._columns is None or not self.pairs:
            return
        self._prepare(self.cursor)
        move = rule(self._table, self.cursor, round(self.scroll_y), self._view_height())
        self._focus = None  # the reader moves on from what was shown
        self.move_cursor(move.cursor, move.top)

    def action_cursor_down(self) -> None:
        self._step(paging.line_down)

    def action_cursor_up(self) -> None:
        self._step(paging.line_up)

    def action_page_down(self) -> None:
        self._step(paging.page_down)

    def action_page_up(self) -> None:
        self._step(paging.page_up)

    def action_first(self) -> None:
        self._step(lambda table, cursor, top, height: paging.first(table, height))

    def action_last(self) -> None:
        self._step(lambda table, cursor, top, height: paging.last(table, height))

    def action_swap(self) -> None:
        place = self._place()
        self.order = (self.order[1], self.order[0])
        self._relayout(place)
        self._prepare(self.cursor)
        self._show_cursor()
        self.refresh()

    def action_cannot_swap(self) -> None:
        self.post_message(self.Status("This text has one language: there are no columns to swap"))

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self._columns is None:
            return
        top = round(self.scroll_y)
        index, _ = self._table.locate(top + offset.y)
        start, count = self.pair_span(index)
        if count - 1 > self._view_height():  # a tall pair: it is on screen already, stay put
            self.move_cursor(index, top)
        else:
            self.move_cursor(index)

    def reveal_text(self, lang: str, offset: int) -> None:
        """Scroll so that the row of the cursor pair holding character `offset` of its
        `lang` side is in view (a search hit or the word cursor deep in a tall pair)."""
        if self._columns is None or not self.pairs:
            return
        self._focus = (lang, offset)  # kept in view across a re-layout too
        row = self._table.start(self.cursor) + self._row_of(self.cursor, lang, offset)
        self._scroll_top(paging.reveal(round(self.scroll_y), self._view_height(), row, row + 1))

    def _row_of(self, index: int, lang: str, offset: int) -> int:
        """The row of a pair holding character `offset` of its `lang` side."""
        rows, _ = self._wrap(index)
        found = 0
        for number, row in enumerate(rows[:-1]):
            line, at = self._line_of(row, lang)
            if line and at <= offset:
                found = number
        return found

    def _line_of(self, row: Row, lang: str) -> tuple[str, int]:
        """The line of `lang` in a row, and where it starts in its side."""
        if self.stacked:
            return (row.left, row.left_at) if row.lang == lang else ("", 0)
        if self.order[0] == lang:
            return row.left, row.left_at
        return row.right, row.right_at

    # -- the sentence cursor ----------------------------------------------------------------

    def action_next_sentence(self) -> None:
        self._step_sentence(1)

    def action_previous_sentence(self) -> None:
        self._step_sentence(-1)

    def clear_sentence(self) -> bool:
        """Put the sentence cursor away; True if it was on."""
        if self.sentence is None:
            return False
        en, zh, _ = self.pairs[self.cursor].links[self.sentence]
        self.sentence = None
        self._pair_marks.clear()
        self._rewrap(self.cursor)
        # Stay by the sentences that were lit, now back in their paragraph.
        pair = self.pairs[self.cursor]
        if en:
            self.reveal_text("en", pair.sentences_en[en[0]][0])
        elif zh:
            self.reveal_text("zh", pair.sentences_zh[zh[0]][0])
        return True

    def _step_sentence(self, step: int) -> None:
        if not self.pairs:
            return
        links = self.pairs[self.cursor].links
        if self.sentence is not None and 0 <= self.sentence + step < len(links):
            self._light(self.cursor, self.sentence + step)
            return
        if self.sentence is None and links:
            self._light(self.cursor, 0 if step > 0 else len(links) - 1)
            return
        index = self.cursor + step  # on to the nearest pair with links that way
        while 0 <= index < len(self.pairs) and not self.pairs[index].links:
            index += step
        if 0 <= index < len(self.pairs):
            self._light(index, 0 if step > 0 else len(self.pairs[index].links) - 1)
        elif self.sentence is None and not links and not any(pair.links for pair in self.pairs):
            self.post_message(self.Status("This text has no sentence links"))
        else:
            self.post_message(self.Status("The last sentence link of the text" if step > 0
                                          else "The first sentence link of the text"))

    def _light(self, index: int, link: int) -> None:
        """Light a link of a pair: the pair is set link by link, and the link shown."""
        if index != self.cursor:
            self.move_cursor(index)
        first_time = self.sentence is None
        self.sentence = link
        self._pair_marks.clear()
        if first_time:
            self._rewrap(index)
        self._strips.clear()
        self.refresh()
        self._prepare(index)
        self._reveal_link()
        links = self.pairs[index].links
        en, zh, score = links[link]
        doubt = " (doubtful)" if score < DOUBTFUL else ""
        self.post_message(self.Status(
            f"{self.pairs[index].id} link {link + 1} of {len(links)}: {len(en)}-{len(zh)} sentences, "
            f"score {score:.2f}{doubt} · Esc: leave"))

    def _reveal_link(self) -> bool:
        """Scroll so that both sides of the lit link are on screen; False if none is lit."""
        if self.sentence is None:
            return False
        self._wrap(self.cursor)
        spans = self._link_rows.get(self.cursor)
        if not spans or self.sentence >= len(spans):
            return False
        first, end = spans[self.sentence]
        start = self._table.start(self.cursor)
        top = paging.reveal(round(self.scroll_y), self._view_height(), start + first, start + max(end, first + 1))
        self._scroll_top(top)
        return True

    def _link_marks(self, index: int) -> Marks:
        """The lit link (on the cursor pair) and the links the aligner doubted."""
        pair = self.pairs[index]
        marks: Marks = {"en": [], "zh": []}
        for number, (en, zh, score) in enumerate(pair.links):
            if index == self.cursor and number == self.sentence:
                name = "sentence"
            elif score < DOUBTFUL and (not pair.link_status or pair.link_status[number] == "auto"):
                name = "doubtful"
            else:
                continue
            marks["en"] += [(*pair.sentences_en[i], name) for i in en]
            marks["zh"] += [(*pair.sentences_zh[i], name) for i in zh]
        return marks

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        return self._lines(round(self.scroll_y) + y, 1, self.scrollable_content_region.width)[0]

    def _lines(self, first: int, count: int, width: int, crop: bool = True) -> list[Strip]:
        """Rows `first` to `first + count` of the text, in `width` cells each (or, not
        `crop`ped, as laid out: in the view's whole width, the scrollbar's cell too)."""
        strips = []
        blank = None
        index, offset = self._table.locate(first) if self._columns is not None else (0, 0)
        rows = None
        cursor = self.cursor
        for row_number in range(first, first + count):
            if self._columns is None or not self.pairs or row_number >= self._table.total:
                blank = blank or Strip.blank(width, self.rich_style)
                strips.append(blank)
                continue
            if rows is None or offset >= len(rows):  # the next pair (or the first)
                if rows is not None:
                    index, offset = index + 1, 0
                rows, delta = self._wrap(index)
                if delta:  # a pair came into view before _prepare saw it; fix the size next frame
                    self.call_after_refresh(self._prepare)
                    index, offset = self._table.locate(row_number)  # the rows moved
                    rows, _ = self._wrap(index)
            if offset >= len(rows):
                blank = blank or Strip.blank(width, self.rich_style)
                strips.append(blank)
                offset += 1
                continue
            key = (index, offset, index == cursor, width if crop else None)
            strip = self._strips.get(key)
            if strip is None:
                strip = self._render_cached(index, rows, offset, width if crop else None, index == cursor)
                self._strips[key] = strip
            strips.append(strip)
            offset += 1
        return strips

    def _render_cached(self, index: int, rows: list[Row], offset: int, width: int | None, is_cursor: bool) -> Strip:
        marks = self._pair_marks.get(index)
        if marks is None:
            marks = dict(self.marks(index)) if self.marks is not None else {}
            for lang, spans in self._link_marks(index).items():
                marks[lang] = [*marks.get(lang, ()), *spans]
            self._pair_marks[index] = marks
        if index in self.revealed:
            marks = {**marks, "reveal": True}
        strip = self._render_row(self.pairs[index], rows, offset, is_cursor, marks)
        return strip.crop(0, width) if width is not None and strip.cell_length > width else strip

    def _style(self, name: str) -> Style:
        """A component style, resolved once per theme (cleared on style updates). Colours
        given with an alpha (`$accent 20%`) are blended over the view's background, as
        Textual draws them."""
        style = self._styles.get(name)
        if style is None:
            component = f"pair-view--{name}"
            blended = self.get_component_rich_style(component)
            rules = self.get_component_styles(component)
            if name == "cursor":
                # Only the background: the text keeps its colours.
                style = Style(bgcolor=blended.bgcolor)
            else:
                style = self.get_component_rich_style(component, partial=True) + Style(
                    color=blended.color if rules.has_rule("color") else None,
                    bgcolor=blended.bgcolor if rules.has_rule("background") else None,
                )
            self._styles[name] = style
        return style

    def _gutter(self, marks: Marks, offset: int, highlighted: bool, base: Style) -> Segment:
        """The margin cell of a row: the pair's marks (bookmark, note) one per row from its
        first (the separator row too when the pair has fewer rows than marks), else the
        cursor marker."""
        kinds = marks.get("gutter") or ()
        if offset < len(kinds):
            symbol, style = GUTTER_SYMBOLS[kinds[offset]]
            return Segment(symbol, base + self._style(style))
        if highlighted:
            return Segment("▌", base + self._style("marker"))
        return Segment(" ", base)

    def _render_row(self, pair: Pair, rows: list[Row], offset: int, is_cursor: bool, marks: Marks) -> Strip:
        columns = self._columns
        row = rows[offset]
        text_rows = len(rows) - 1
        is_gap = offset == text_rows
        base = self._styles.get("")
        if base is None:  # the view's own style, resolved once per theme like the others
            base = self._styles[""] = self.rich_style
        text_style = base
        if f"pair-view--{pair.kind}" in self.COMPONENT_CLASSES:
            text_style = base + self._style(pair.kind)
        if pair.kind == "heading" and pair.level == 1:
            text_style += self._style("section")
        highlighted = is_cursor and not is_gap
        if highlighted:
            base, text_style = base + self._style("cursor"), text_style + self._style("cursor")
        segments = [Segment(" " * columns.indent, base)] if columns.indent else []
        segments.append(self._gutter(marks, offset, highlighted, base))
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
        marked spans of its paragraph (`at` is where the line starts in it) styled, each
        piece in the styles of every span over it, laid in the order of LAYERS."""
        end_at = at + len(text)
        inside = [(max(start, at) - at, min(end, end_at) - at, name)
                  for start, end, name in spans or () if start < end_at and end > at]
        if not inside:
            segments = [Segment(text, style)] if text else []
        else:
            cuts = sorted({0, len(text), *(s for s, _, _ in inside), *(e for _, e, _ in inside)})
            segments = []
            for start, end in zip(cuts, cuts[1:]):
                piece = style
                for _, _, name in sorted((m for m in inside if m[0] <= start and end <= m[1]),
                                         key=lambda m: LAYERS.get(m[2], 1)):
                    piece += self._style(name)
                segments.append(Segment(text[start:end], piece))
        used = cell_len(text)  # the segments are the line's pieces
        if used > width:
            return list(Strip(segments).crop(0, width))
        return [*segments, Segment(" " * (width - used), pad_style)]


def _placeholder(line: str) -> str:
    """A hidden line: dots in place of its characters, as wide as the line was."""
    return "·" * cell_len(line) if line else line
