"""Where the reader's view goes when a key moves it: a pager's rules over the row table.

A pair taller than the screen is read as a pager reads a file: moving down scrolls it a
line (or a screen) at a time until its last line is in view, and only then does the
cursor go on to the next pair; moving up does the same the other way. No row is ever
skipped: every move shows the rows next to the ones seen before it.

Each function takes the row table (every pair's first row and height, the last row of a
pair being the blank separator), the cursor pair, the view's top row and its height, and
returns the new cursor and top row. Nothing here knows about a terminal.
"""

from __future__ import annotations

from typing import NamedTuple

from .layout import RowTable


class Move(NamedTuple):
    cursor: int
    top: int


def _text_rows(table: RowTable, index: int) -> tuple[int, int]:
    """The rows a pair's text takes, as (first, end): its rows without the separator."""
    start = table.start(index)
    return start, start + max(table.height(index) - 1, 1)


def _clamp(top: int, table: RowTable, height: int) -> int:
    return max(0, min(top, table.total - height))


def reveal(top: int, height: int, first: int, end: int, upwards: bool = False) -> int:
    """The top row that shows rows [first, end), scrolling as little as possible. Rows
    that cannot all be shown are shown from their first row, or, when the view comes to
    them from below (`upwards`), up to their last."""
    if end - first <= height:
        if first < top:
            return first
        if end > top + height:
            return end - height
        return top
    return end - height if upwards else first


def reveal_pair(table: RowTable, index: int, top: int, height: int, upwards: bool = False) -> int:
    first, end = _text_rows(table, index)
    return _clamp(reveal(top, height, first, end, upwards), table, height)


def line_down(table: RowTable, cursor: int, top: int, height: int) -> Move:
    """j / Down: a line further into a pair taller than the view, else the next pair."""
    _, end = _text_rows(table, cursor)
    if end > top + height:
        return Move(cursor, top + 1)
    if cursor + 1 >= len(table):
        return Move(cursor, _clamp(table.total - height, table, height))  # the end of the text
    return Move(cursor + 1, reveal_pair(table, cursor + 1, top, height))


def line_up(table: RowTable, cursor: int, top: int, height: int) -> Move:
    """k / Up: a line back in a pair that starts above the view, else the previous pair."""
    first, _ = _text_rows(table, cursor)
    if first < top:
        return Move(cursor, top - 1)
    if cursor == 0:
        return Move(0, 0)
    return Move(cursor - 1, reveal_pair(table, cursor - 1, top, height, upwards=True))


def page_down(table: RowTable, cursor: int, top: int, height: int) -> Move:
    """PgDn: a screen further into a pair taller than the view (stopping at its last
    line); else the next screen, which starts with the first pair not wholly seen."""
    _, end = _text_rows(table, cursor)
    bottom = top + height
    if end > bottom:
        return Move(cursor, min(bottom, end - height))
    last = len(table) - 1
    if cursor >= last or bottom >= table.total:
        return Move(last, _clamp(table.total - height, table, height))
    target, offset = table.locate(bottom)
    if offset >= table.height(target) - 1 and target < last:  # only its separator was below
        target += 1
    target = max(target, cursor + 1)
    return Move(target, _clamp(table.start(target), table, height))


def page_up(table: RowTable, cursor: int, top: int, height: int) -> Move:
    """PgUp: a screen back in a pair that starts above the view (stopping at its first
    line); else the screen before, which ends where this one begins, with the cursor on
    its first pair (where reading it starts)."""
    first, _ = _text_rows(table, cursor)
    if first < top:
        return Move(cursor, max(top - height, first))
    if cursor == 0 or top == 0:
        return Move(0, 0)
    above, _ = table.locate(top - 1)
    above = min(above, cursor - 1)
    new_top = _clamp(table.start(above) + table.height(above) - height, table, height)
    target, _ = table.locate(new_top)
    if table.start(target) < new_top and target < above:  # cut at the top: seen on a screen before
        target += 1
    return Move(target, new_top)


def first(table: RowTable, height: int) -> Move:
    return Move(0, 0)


def last(table: RowTable, height: int) -> Move:
    """End: the last pair, and the end of the text."""
    return Move(max(len(table) - 1, 0), _clamp(table.total - height, table, height))
