"""The reader at every size: the key bar keeps the keys that fit, whole; the layout
stacks only below 100 columns, as `reader show` does; a one-language text reads in a
centred measure; at 40x15 the glossary panel leaves the text readable; nothing is ever
drawn cut (a wide character least of all); toasts never pile up."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Input

from reader.core.layout import MEASURE, render_plain
from reader.core.store import Library, bundled_library
from reader.ui.app import ReaderApp
from reader.ui.glossary_panel import GlossaryPanel
from reader.ui.keybar import KeyBar
from reader.ui.statusline import StatusLine


def app_for(text_id: str = "japan-europe-2025") -> ReaderApp:
    library = Library(bundled_library())
    return ReaderApp(library.load(text_id), glossary=library.glossary(text_id), library=library)


def view_rows(view) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def key_bar_text(app) -> str:
    bar = app.query_one(KeyBar)
    return bar.render().plain


@pytest.mark.parametrize("text_id", ["japan-europe-2025", "japan-europe-2022"])
async def test_key_bar_at_80_columns_keeps_library_help_and_quit(text_id):
    app = app_for(text_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = key_bar_text(app)
        for key in ("o Library", "? Help", "q Quit", "↓/j Next"):
            assert key in text
        assert cell_len(text) <= 80


async def test_key_bar_shows_each_key_whole_or_not_at_all():
    app = app_for()
    async with app.run_test(size=(120, 24)) as pilot:
        bar = app.query_one(KeyBar)
        offered = bar.keys()
        for width in range(10, 161, 3):
            shown = bar.shown(width)
            items = [f"{display} {description}" for _, display, description, _ in shown]
            line = " " + "  ".join(items)
            assert cell_len(line) <= width
            for _, display, description, action in offered:
                assert (f"{display} {description}" in line) is any(a == action for *_, a in shown)
        # the most useful stay longest
        assert [a for *_, a in bar.shown(22)] == ["help", "quit"]


async def test_a_one_language_text_offers_no_swap_and_s_says_why():
    app = app_for("japan-europe-2022")
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert "Swap" not in key_bar_text(app)
        await pilot.press("s")
        assert app.view.order == ("en", "zh")
        assert "one language" in app.query_one(StatusLine).message
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Swap columns" not in titles and "Hide a side" not in titles
        # and a bilingual text opened from the library offers it again
        meta, pairs = app.library.open("japan-europe-2025")
        app.open_text(meta, pairs)
        await pilot.pause()
        assert "s Swap columns" in key_bar_text(app)
        await pilot.press("s")
        assert app.view.order == ("zh", "en")


@pytest.mark.parametrize("width, stacked", [(99, True), (100, False), (101, False)])
async def test_stacks_only_below_100_columns_as_reader_show_does(width, stacked):
    app = app_for()
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        view = app.view
        assert view.stacked is stacked
        plain = render_plain(app.pairs, width, stacked=False)  # what `reader show --width N` prints
        assert [("│" in line) for line in plain if line.strip()][:3] == [not stacked] * 3
        rows = [row.replace("▌", " ").rstrip() for row in view_rows(view)]
        rows = [row if row.strip(" │") else "" for row in rows]  # on screen the divider runs on between pairs
        assert rows == plain[: len(rows)]  # line for line the same layout


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_a_one_language_text_is_set_to_a_centred_measure(width):
    app = app_for("japan-europe-2022")
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("j", "j", "j")
        lines = [row[1:] for row in view_rows(app.view) if row.strip()]  # the margin cell aside
        measure = min(width - 2, MEASURE)
        indent = (width - 2 - measure) // 2
        assert all(cell_len(line.rstrip()) <= indent + measure for line in lines)
        assert all(line[:indent].strip() in ("", "▌", "*", "✎") for line in lines)
        widest = max(cell_len(line.rstrip()) - indent for line in lines)
        assert measure - 12 <= widest <= measure  # lines fill the measure
        if width > MEASURE + 2:
            left = indent
            right = width - 1 - (indent + 1 + measure)  # the scrollbar takes the last cell
            assert abs(left - right) <= 2  # centred


def cut_widgets(app) -> list:
    """Visible widgets that do not fit the screen's width (their edges would be cut)."""
    screen = app.screen.region
    return [widget for widget in app.screen.walk_children()
            if widget.display and widget.region.width and
            (widget.region.x < screen.x or widget.region.right > screen.right)]


async def test_40x15_with_the_panel_keeps_the_text_readable():
    app = app_for()
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.press("j", "j", "g")
        await pilot.pause()
        panel = app.query_one(GlossaryPanel)
        view = app.view
        assert view.region.width == 40  # the text keeps the whole width...
        assert view.scrollable_content_region.height >= 5  # ...and several rows
        assert panel.region.y >= view.region.bottom  # the panel is below it
        assert not cut_widgets(app)
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "欧盟" in screen  # the panel's first term, whole (was shown as 盟)


SMALL_SCREENS = [
    ["g"], ["question_mark"], ["o"], ["apostrophe"], ["slash"], ["l", "o", "u"], ["t"], ["c"],
    ["ctrl+p"], ["w"],
]


@pytest.mark.parametrize("keys", SMALL_SCREENS, ids=[" ".join(k) for k in SMALL_SCREENS])
async def test_nothing_is_cut_at_40x15(keys):
    app = app_for()
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.press("j", "j", *keys)
        await pilot.pause()
        assert not cut_widgets(app), cut_widgets(app)


async def test_held_keys_never_pile_up_toasts():
    app = app_for()
    async with app.run_test(size=(120, 36)) as pilot:
        for key in ["right_square_bracket"] * 25 + ["f"] * 5 + ["T"] * 4 + ["n"] * 3:
            await pilot.press(key)
        assert not app._notifications
        for _ in range(5):
            app.notify("the same warning", severity="warning")
        await pilot.pause()
        assert len(app._notifications) == 1  # an event is shown once, not once per key
        await pilot.press("slash")
        app.screen.query_one(Input).value = "Japan"
        await pilot.press("enter", "n", "n")
        assert "of" in app.query_one(StatusLine).message and not [
            n for n in app._notifications if n.message != "the same warning"]


async def test_the_glossary_panel_scrolls_with_the_keys():
    """A pair with many terms overflows the panel: Tab gives it the keys, PgDn scrolls
    it, Esc comes back to the text."""
    app = app_for()
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.press(*["j"] * 6, "g")  # p7: many terms
        panel = app.query_one(GlossaryPanel)
        await pilot.pause()
        assert panel.max_scroll_y > 0  # more than fits
        await pilot.press("tab")
        assert app.focused is panel
        await pilot.press("pagedown")
        assert panel.scroll_y > 0
        await pilot.press("escape")
        assert app.focused is app.view
        before = (app.view.cursor, app.view.scroll_y)
        await pilot.press("j")
        assert (app.view.cursor, app.view.scroll_y) != before  # the keys are the text's again


async def test_the_translation_hint_is_whole_on_a_small_screen():
    from textual.widgets import Static

    app = app_for()
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.press("j", "j", "t")
        await pilot.pause()
        hint = app.screen.query_one("#translate-hint", Static)
        assert hint.region.height >= 2 and hint.region.bottom <= 15  # wrapped, not cut
        assert app.screen.query_one("#translation").region.height >= 1
