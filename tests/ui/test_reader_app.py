"""Driving the reader as a user would: keys, mouse, resize, and what ends up on screen."""

from __future__ import annotations

import io

import pytest

from rich.cells import cell_len

from rich.console import Console
from textual.widgets import Static

from reader.ui.app import ReaderApp
from reader.ui.help import HelpScreen
from reader.ui.pairview import PairView

WIDE = (120, 36)
NARROW = (80, 36)


def screen_rows(view: PairView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def cursor_rows(view: PairView) -> list[int]:
    """Rows (in view coordinates) drawn with the cursor marker."""
    return [y for y, line in enumerate(screen_rows(view)) if line.startswith("▌")]


def help_text(screen) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    for static in screen.query(Static):
        console.print(static.content)
    return console.export_text()


async def test_opens_on_first_pair_with_title_and_position(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE):
        view = app.view
        assert view.cursor == 0
        assert app.position == "pair 1 / 11"
        rows = screen_rows(view)
        assert rows[0].lstrip("▌ ").startswith("What is Japan's intentions")
        assert "日本持续推进对欧军事安全合作有何意图" in rows[0]


async def test_cursor_keys_move_pair_by_pair(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("down", "j")
        assert app.view.cursor == 2
        assert app.position == "pair 3 / 11"
        await pilot.press("up")
        assert app.view.cursor == 1
        await pilot.press("k", "k", "k")
        assert app.view.cursor == 0  # stops at the first pair
        await pilot.press("end")
        assert app.view.cursor == 10
        assert app.position == "pair 11 / 11"
        await pilot.press("down")
        assert app.view.cursor == 10  # stops at the last pair
        await pilot.press("home")
        assert app.view.cursor == 0
        await pilot.press("pagedown")
        assert app.view.cursor > 1
        await pilot.press("pageup")
        assert app.view.cursor == 0


async def test_cursor_pair_is_highlighted_in_both_columns_and_kept_in_view(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(9):
            await pilot.press("down")
        await pilot.pause()
        view = app.view
        rows = cursor_rows(view)
        assert rows, "the cursor pair must be on screen"
        pair = article.pairs[9]
        text = " ".join(screen_rows(view)[y] for y in rows)
        assert pair.en.split()[0] in text
        assert pair.zh[:6] in text
        # The highlight covers both columns: the cursor style is on the right column too.
        strip = view.render_line(rows[0])
        divider_at = strip.text.index("│")
        right = strip.crop(divider_at + 2, divider_at + 10)
        cursor_bg = view.get_component_rich_style("pair-view--cursor").bgcolor
        assert cursor_bg != view.rich_style.bgcolor
        assert all(seg.style.bgcolor == cursor_bg for seg in right if seg.text.strip())
        # A pair that is not under the cursor is not highlighted.
        plain = [y for y in range(len(screen_rows(view))) if y not in rows and screen_rows(view)[y].strip()]
        assert plain
        other = view.render_line(plain[0]).crop(divider_at + 2, divider_at + 10)
        assert all(seg.style.bgcolor != cursor_bg for seg in other if seg.text.strip())


async def test_columns_stay_aligned_with_chinese_wrapping(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE) as pilot:
        view = app.view
        width = view.scrollable_content_region.width
        for _ in range(11):
            for y in range(view.scrollable_content_region.height):
                strip = view.render_line(y)
                assert strip.cell_length == width
                text = strip.text
                # the divider sits in the same cell on every row
                assert cell_len(text[: text.index("│")]) == view.columns.left + 2
            await pilot.press("down")


async def test_swap_puts_chinese_on_the_left(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        first = screen_rows(app.view)[0]
        left, right = first.split("│", 1)
        assert "日本持续推进" in left and "Japan" in right
        await pilot.press("s")
        left, right = screen_rows(app.view)[0].split("│", 1)
        assert "Japan" in left and "日本持续推进" in right


async def test_narrow_terminal_stacks_and_reflows_on_resize(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("down", "down", "down")
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        view = app.view
        assert view.stacked
        assert all("│" not in row for row in screen_rows(view))
        assert all(view.render_line(y).cell_length == view.scrollable_content_region.width
                   for y in range(view.scrollable_content_region.height))
        assert cursor_rows(view), "the cursor pair stays in view after the resize"
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert not app.view.stacked
        assert app.view.cursor == 3
        assert cursor_rows(app.view)


async def test_click_selects_a_pair(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE) as pilot:
        view = app.view
        start, _ = view.pair_span(2)
        await pilot.click(PairView, offset=(10, start + 1))
        assert view.cursor == 2
        assert app.position == "pair 3 / 11"


async def test_help_lists_every_key_and_closes(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.screen)
        for binding in [*PairView.BINDINGS, *ReaderApp.BINDINGS]:
            assert binding.description in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_offers_the_reader_actions(article):
    app = ReaderApp(article)
    async with app.run_test(size=WIDE):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Next pair", "Previous pair", "First pair", "Last pair", "Swap columns", "Show keys"} <= titles
        swap = next(c for c in app.get_system_commands(app.screen) if c.title == "Swap columns")
        swap.callback()
        assert app.view.order == ("zh", "en")


async def test_paragraph_text_is_never_markup(make_text):
    text = make_text([("Use [bold] and [/] literally", "[红色]不是标记[/]"), ("second", "第二")])
    app = ReaderApp(text)
    async with app.run_test(size=WIDE):
        first = screen_rows(app.view)[0]
        assert "Use [bold] and [/] literally" in first
        assert "[红色]不是标记[/]" in first


async def test_empty_side_and_long_unbroken_runs_keep_alignment(make_text):
    text = make_text([("only English", ""), ("", "只有中文" * 40), ("x" * 300, "长" * 200)])
    app = ReaderApp(text)
    async with app.run_test(size=WIDE) as pilot:
        view = app.view
        for _ in range(3):
            for y in range(view.scrollable_content_region.height):
                assert view.render_line(y).cell_length == view.scrollable_content_region.width
            await pilot.press("down")


async def test_cursor_far_down_a_long_text_stays_in_view_across_resizes(make_text):
    text = make_text([(f"English paragraph {i} " * 8, f"第{i}段中文" * 12) for i in range(400)])
    app = ReaderApp(text)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("end", "pageup", "k", "k")
        cursor = app.view.cursor
        assert 300 < cursor < 399
        for size in (NARROW, WIDE, (100, 20), (60, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.view.cursor == cursor
            shown = " ".join(screen_rows(app.view)[y] for y in cursor_rows(app.view))
            assert f"English paragraph {cursor}" in shown, size


def rows_in_view(view: PairView) -> set[tuple[int, int]]:
    """(pair, row of the pair) of every text row on screen."""
    top = round(view.scroll_y)
    seen = set()
    for y in range(view.scrollable_content_region.height):
        index, offset = view._table.locate(top + y)
        start, count = view.pair_span(index)
        if top + y < view._table.total and offset < count - 1:
            seen.add((index, offset))
    return seen


def all_text_rows(view: PairView, pairs: range) -> set[tuple[int, int]]:
    return {(i, r) for i in pairs for r in range(view.pair_span(i)[1] - 1)}


async def _walk(pilot, view: PairView, key: str, until) -> set[tuple[int, int]]:
    seen = rows_in_view(view)
    for _ in range(2000):
        if until():
            break
        await pilot.press(key)
        seen |= rows_in_view(view)
    return seen


async def test_j_reads_a_pair_taller_than_the_screen_line_by_line():
    """The 2022 article at 80x24: p8 is taller than the screen; j scrolls through it a
    line at a time, and the cursor goes on to p9 only once p8's last line was shown."""
    from reader.core.store import Library, bundled_library

    app = ReaderApp(Library(bundled_library()).load("japan-europe-2022"))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.view
        view.move_cursor(7)  # p8
        await pilot.pause()
        start, count = view.pair_span(7)
        assert count - 1 > view.scrollable_content_region.height  # taller than the screen
        top = round(view.scroll_y)
        seen = rows_in_view(view)
        await pilot.press("j")
        assert view.cursor == 7 and round(view.scroll_y) == top + 1  # a line, not the next pair
        seen |= await _walk(pilot, view, "j", lambda: view.cursor == 8)
        assert all_text_rows(view, range(7, 8)) <= seen
        # and back up with k: p8's last lines first, then a line at a time
        await pilot.press("k")
        assert view.cursor == 7
        assert (7, count - 2) in rows_in_view(view)
        seen = await _walk(pilot, view, "k", lambda: view.cursor == 6)
        assert all_text_rows(view, range(7, 8)) <= seen


@pytest.mark.parametrize("down, up", [("pagedown", "pageup"), ("j", "k")], ids=["pages", "lines"])
async def test_paging_through_a_whole_text_skips_nothing(down, up):
    """Every row of every pair of the 2022 article is shown on the way down with PgDn
    (or j), and again on the way up with PgUp (or k), at 80x24."""
    from reader.core.store import Library, bundled_library

    app = ReaderApp(Library(bundled_library()).load("japan-europe-2022"))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.view
        last = len(app.pairs) - 1
        seen = await _walk(pilot, view, down, lambda: view.cursor == last and
                           view.scroll_y >= view.max_scroll_y)
        assert all_text_rows(view, range(len(app.pairs))) <= seen
        seen = await _walk(pilot, view, up, lambda: view.cursor == 0 and view.scroll_y == 0)
        assert all_text_rows(view, range(len(app.pairs))) <= seen


async def test_end_and_home_reach_both_ends_of_one_very_tall_pair():
    """An imported chapter without blank lines: one pair of 160 sentences."""
    en = " ".join(f"Sentence {i} of a chapter imported without blank lines." for i in range(160))
    zh = "".join(f"没有空行的一章的第{i}句。" for i in range(160))
    from reader.core.model import Pair, Text, TextMeta

    app = ReaderApp(Text(TextMeta(id="chapter", title={"en": "Chapter"}), [Pair("p1", "body", en, zh)]))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.view
        await pilot.press("end")
        rows = screen_rows(view)
        assert any("第159句" in row for row in rows)  # the very end of the pair
        await pilot.press("home")
        assert "Sentence 0 " in screen_rows(view)[0]
        await pilot.press("pagedown", "pagedown")
        assert round(view.scroll_y) == 2 * view.scrollable_content_region.height
        await pilot.press("pageup")
        assert round(view.scroll_y) == view.scrollable_content_region.height


@pytest.mark.parametrize("change", ["panel", "resize", "swap"])
async def test_a_relayout_keeps_the_text_read_at_the_top(article, change):
    """Opening the panel, resizing or swapping the columns in the middle of a long pair
    keeps its text in place instead of jumping to the pair's first line."""
    from reader.core.model import Text

    pairs = list(article.pairs)
    tall = pairs[6]
    pairs[6] = type(tall)(tall.id, tall.kind, " ".join([tall.en] * 4), tall.zh * 4)
    app = ReaderApp(Text(article.meta, pairs))
    async with app.run_test(size=WIDE) as pilot:
        view = app.view
        view.move_cursor(6)
        for _ in range(8):
            await pilot.press("j")
        assert view.cursor == 6
        index, lang, at = view._place()
        assert index == 6 and at > 0
        if change == "panel":
            await pilot.press("g")
        elif change == "resize":
            await pilot.resize_terminal(100, 30)
        else:
            await pilot.press("s")
        await pilot.pause()
        top = round(view.scroll_y)
        start, _ = view.pair_span(6)
        assert view.cursor == 6
        assert top == start + view._row_of(6, lang, at)  # the same text at the top
