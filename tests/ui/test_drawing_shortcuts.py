"""The widgets a key redraws draw themselves directly, for speed (the pair view, the title
bar, the text's scrollbar); what they draw must be what Textual's own path draws, cell for
cell and style for style, so that the screen cannot tell. Each is compared here with the
path it shortcuts, in the states a reader meets."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset, Region
from textual.scrollbar import ScrollBar
from textual.widget import Widget

from reader.ui.app import ReaderApp
from reader.ui.pairview import PairView
from reader.ui.scrollbar import RowScrollBar
from reader.ui.titlebar import TitleBar


def _segments(strips) -> list[list[Segment]]:
    """Each strip's segments, a missing style counted as the empty one (the same cells)."""
    return [[Segment(s.text, s.style or Style()) for s in strip] for strip in strips]


def _cells(strips) -> list[list[tuple[str, Style]]]:
    """Each strip cell by cell: character and style."""
    return [[(char, s.style or Style()) for s in strip for char in s.text] for strip in strips]


@pytest.mark.parametrize("size", [(120, 36), (44, 20)])
async def test_title_bar_line_is_the_grid_it_replaces(article, size):
    app = ReaderApp(article)
    async with app.run_test(size=size) as pilot:
        bar = app.query_one(TitleBar)
        compared = 0
        for title in ("Japan and Europe  ·  日本与欧洲", "日本" * 70, "x" * 300, "short"):
            for mode in ("", " EDIT English · 3 of 11 confirmed "):
                for position in ("pair 3 / 11", "pair 10,000 / 100,000+ (loading)", "no pairs"):
                    bar.title, bar.mode, bar.position = title, mode, position
                    await pilot.pause()
                    line = bar._line(bar.content_size.width)
                    if line is None:  # too narrow: the grid draws it
                        continue
                    bar._render_content()
                    assert _segments([line]) == _segments([bar._render_cache.lines[0]]), (size, title, mode)
                    compared += 1
        assert compared >= 6


async def test_pair_view_rows_are_what_textual_would_draw(article):
    app = ReaderApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(PairView)
        for keys in ((), ("down", "down"), ("end",), ("s",)):
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            region = Region(0, 0, *view.size)
            mine = view.render_lines(region)
            view._styles_cache.clear()
            textual = Widget.render_lines(view, region)
            # Textual cuts each row to the width left of the scrollbar and pads it back;
            # the view draws rows whole: only the cell under the scrollbar may differ.
            width = view.scrollable_content_region.width
            assert _cells(strip.crop(0, width) for strip in mine) == _cells(strip.crop(0, width) for strip in textual)
            assert all(strip.cell_length == view.size.width for strip in mine)


async def test_text_scrollbar_rows_are_textuals(article):
    app = ReaderApp(article)
    async with app.run_test(size=(90, 24)) as pilot:
        bar = app.query_one(PairView).vertical_scrollbar
        assert isinstance(bar, RowScrollBar)
        width, height = bar.size
        for state in ("still", "hover", "grabbed"):
            bar.mouse_over = state == "hover"
            bar.grabbed = Offset(0, 0) if state == "grabbed" else None
            for position in (0, 0.125, 2.5, 17.875, bar.window_virtual_size):
                bar.position = position
                await pilot.pause()
                for crop in (Region(0, 0, width, height), Region(0, 2, width, 5)):
                    assert _segments(bar.render_lines(crop)) == _segments(ScrollBar.render_lines(bar, crop)), (
                        state, position, crop)
