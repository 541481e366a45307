"""The pager's rules: where the cursor and the view go for each key, and that walking a
text with any key shows every row of it, in order, with none skipped."""

from __future__ import annotations

import pytest

from reader.core import paging
from reader.core.layout import RowTable
from reader.core.paging import Move

# Heights include each pair's separator row: pair 2 has 29 rows of text.
HEIGHTS = [3, 3, 30, 3, 3]
VIEW = 10


@pytest.mark.parametrize(
    "rule, cursor, top, expected",
    [
        (paging.line_down, 0, 0, Move(1, 0)),  # the next pair fits: no scroll
        (paging.line_down, 1, 0, Move(2, 6)),  # a tall pair: from its first row
        (paging.line_down, 2, 6, Move(2, 7)),  # ...then a line at a time
        (paging.line_down, 2, 24, Move(2, 25)),
        (paging.line_down, 2, 25, Move(3, 28)),  # its last row was in view: on to the next
        (paging.line_down, 4, 32, Move(4, 32)),  # the end of the text
        (paging.line_up, 3, 28, Move(2, 25)),  # back into a tall pair: its last rows
        (paging.line_up, 2, 25, Move(2, 24)),  # ...then a line at a time
        (paging.line_up, 2, 6, Move(1, 3)),
        (paging.line_up, 0, 0, Move(0, 0)),
        (paging.page_down, 0, 0, Move(2, 6)),  # the next screen starts with the first pair not wholly seen
        (paging.page_down, 2, 6, Move(2, 16)),  # a screen into the tall pair
        (paging.page_down, 2, 16, Move(2, 25)),  # ...stopping at its last row
        (paging.page_down, 2, 25, Move(3, 32)),
        (paging.page_up, 3, 32, Move(2, 26)),  # the screen before ends with the pair above this one
        (paging.page_up, 2, 25, Move(2, 15)),
        (paging.page_up, 2, 7, Move(2, 6)),  # ...stopping at its first row
        (paging.page_up, 2, 6, Move(0, 0)),
        (paging.page_up, 1, 0, Move(0, 0)),
    ],
)
def test_each_key_moves_as_a_pager(rule, cursor, top, expected):
    assert rule(RowTable(HEIGHTS), cursor, top, VIEW) == expected


def test_first_and_last():
    table = RowTable(HEIGHTS)
    assert paging.first(table, VIEW) == Move(0, 0)
    assert paging.last(table, VIEW) == Move(4, 32)  # the end of the text in view


@pytest.mark.parametrize(
    "top, first, end, upwards, expected",
    [
        (0, 2, 5, False, 0),  # in view: no scroll
        (10, 2, 5, False, 2),  # above: its first row at the top
        (0, 8, 12, False, 2),  # below: its last row at the bottom
        (0, 20, 45, False, 20),  # taller than the view: from its first row
        (50, 20, 45, True, 35),  # ...or, coming from below, up to its last
    ],
)
def test_reveal(top, first, end, upwards, expected):
    assert paging.reveal(top, 10, first, end, upwards) == expected


TABLES = [
    [3, 3, 30, 3, 3],
    [163],  # one pair taller than many screens (a chapter without blank lines)
    [40, 40, 2, 40],
    [2] * 30,
    [4, 11, 10, 12, 2, 9, 25, 3, 11, 11, 2],
    [12, 9, 3],  # a pair exactly as tall as the view, and one a row shorter
]


def _walk(table: RowTable, rule, start: Move, height: int) -> list[Move]:
    moves = [start]
    for _ in range(10_000):
        move = rule(table, moves[-1].cursor, moves[-1].top, height)
        if move == moves[-1]:
            break
        moves.append(move)
    return moves


def _text_rows(table: RowTable) -> set[int]:
    return {table.start(i) + r for i in range(len(table)) for r in range(max(table.height(i) - 1, 1))}


@pytest.mark.parametrize("heights", TABLES)
@pytest.mark.parametrize("rule", [paging.line_down, paging.page_down], ids=["j", "PgDn"])
def test_walking_down_shows_every_row_in_order(heights, rule):
    table = RowTable(heights)
    moves = _walk(table, rule, Move(0, 0), VIEW)
    seen: set[int] = set()
    for before, after in zip(moves, moves[1:]):
        assert after.cursor >= before.cursor and after.top >= before.top
        # the new screen touches the one before (but for blank separator rows)
        assert _text_rows(table).isdisjoint(range(before.top + VIEW, after.top))
        seen.update(range(before.top, before.top + VIEW))
    seen.update(range(moves[-1].top, moves[-1].top + VIEW))
    assert _text_rows(table) <= seen
    assert moves[-1].cursor == len(table) - 1
    # and the cursor was on every pair it passed
    assert sorted({m.cursor for m in moves}) == list(range(len(table))) or rule is paging.page_down


@pytest.mark.parametrize("heights", TABLES)
@pytest.mark.parametrize("rule", [paging.line_up, paging.page_up], ids=["k", "PgUp"])
def test_walking_up_shows_every_row_in_order(heights, rule):
    table = RowTable(heights)
    moves = _walk(table, rule, paging.last(table, VIEW), VIEW)
    seen: set[int] = set()
    for before, after in zip(moves, moves[1:]):
        assert after.cursor <= before.cursor and after.top <= before.top
        assert _text_rows(table).isdisjoint(range(after.top + VIEW, before.top))
        seen.update(range(before.top, before.top + VIEW))
    seen.update(range(moves[-1].top, moves[-1].top + VIEW))
    assert _text_rows(table) <= seen
    assert moves[-1] == Move(0, 0)
