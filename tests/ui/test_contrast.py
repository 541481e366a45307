"""Every foreground the reader draws on every background reaches WCAG's 4.5:1, in every
built-in theme, measured on the screen as drawn (Textual's compositor output, alpha
already blended; `dim` blended the way Textual dims; ANSI colours read through the
palette Textual assumes for them)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.color import Color as RichColor
from textual.constants import DIM_FACTOR
from textual.strip import Strip

from reader.core.model import Text
from reader.core.store import Library, bundled_library
from reader.core.userstate import UserState
from reader.ui.app import ReaderApp

MINIMUM = 4.5
SCROLLBAR = set("▁▂▃▄▅▆▇█")  # the ends of a scrollbar's thumb: not text
THEMES = sorted(ReaderApp(Text(Library(bundled_library()).load("japan-europe-2025").meta, [])).available_themes)


def _linear(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(rgb) -> float:
    return 0.2126 * _linear(rgb[0]) + 0.7152 * _linear(rgb[1]) + 0.0722 * _linear(rgb[2])


def ratio(first, second) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def drawn(app) -> list[Strip]:
    """The screen's rows as the terminal gets them."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [Strip.join(line) for line in update.strips]


def faint(app, regions=None) -> list[tuple[float, str, int, str]]:
    """(ratio, text, row, style) of every segment below the minimum, in `regions` of the
    screen (all of it if None)."""
    palette = app.ansi_theme
    found = []
    for y, strip in enumerate(drawn(app)):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            width = segment.cell_length
            inside = regions is None or any(r.contains(x, y) for r in regions)
            x += width
            if not inside or style is None or not text.strip() or set(text) <= SCROLLBAR:
                continue
            # Each slot's colour as the terminal shows it (a default colour is the
            # terminal's foreground in one slot, its background in the other), then
            # swapped if reversed.
            fg_rgb = tuple((style.color or RichColor.default()).get_truecolor(palette, foreground=True))
            bg_rgb = tuple((style.bgcolor or RichColor.default()).get_truecolor(palette, foreground=False))
            if style.reverse:
                fg_rgb, bg_rgb = bg_rgb, fg_rgb
            if style.dim:
                fg_rgb = tuple(int(b + (f - b) * DIM_FACTOR) for f, b in zip(fg_rgb, bg_rgb))
            value = ratio(fg_rgb, bg_rgb)
            if value < MINIMUM:
                found.append((round(value, 2), text.strip()[:20], y, str(style)))
    return found


def bundled_with_marks(tmp_path):
    library = Library(bundled_library())
    text = library.load("japan-europe-2025")
    p3 = text.pairs[2]  # a link the aligner doubted, to see it drawn
    text.pairs[2] = replace(p3, links=(p3.links[0], (*p3.links[1][:2], 0.05)))
    state, _ = UserState.open(tmp_path)
    for pair_id in ("p2", "p4"):
        state.toggle_bookmark(text.id, pair_id)
    for pair_id in ("p3", "p4"):
        state.set_note(text.id, pair_id, "a note")
    return ReaderApp(text, glossary=library.glossary(text.id), library=library, state=state)


async def check_every_theme(app, pilot, regions=None) -> None:
    failures = {}
    for theme in THEMES:
        app.theme = theme
        await pilot.pause()
        bad = faint(app, regions() if callable(regions) else regions)
        if bad:
            failures[theme] = sorted(set(bad))[:4]
    assert not failures, failures


async def _reading(pilot, app):
    app.search_query = "Japan"  # search hits, in and out of the cursor pair
    await pilot.press("j", "j", "j", "right_square_bracket")  # a lit sentence link on p4
    app.say("status line: link 1 of 1")
    app.notify("a warning toast", severity="warning")
    app.notify("an error toast", severity="error")


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["wide", "stacked"])
async def test_reading_screen(tmp_path, size):
    """Cursor pair with terms, a lit sentence link, a doubtful link, search hits, bookmark
    and note marks, title bar, status line, key bar and toasts."""
    app = bundled_with_marks(tmp_path)
    async with app.run_test(size=size) as pilot:
        await _reading(pilot, app)
        await pilot.pause()
        view = app.view
        segments = [segment for y in range(view.scrollable_content_region.height) for segment in view.render_line(y)]
        for state in ("sentence", "search", "cursor"):  # each state is on screen
            assert any(seg.style.bgcolor == view._style(state).bgcolor for seg in segments if seg.text.strip()), state
        assert any(seg.style.italic and seg.style.color == view._style("doubtful").color for seg in segments)
        assert {"*", "✎"} <= {seg.text for seg in segments}
        await check_every_theme(app, pilot)


async def test_glossary_panel_and_word_cursor(tmp_path):
    app = bundled_with_marks(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("j", "j", "j", "g", "w", "w")
        await check_every_theme(app, pilot)


async def test_hidden_side_and_one_language_text(tmp_path):
    app = bundled_with_marks(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("h", "j")
        await check_every_theme(app, pilot)
        library = Library(bundled_library())
        meta, pairs = library.open("japan-europe-2022")  # headings, footnote marks, one column
        app.open_text(meta, pairs)
        await pilot.pause()
        for _ in range(12):
            await pilot.press("j")
        await check_every_theme(app, pilot)


# (name, keys to open it from the reading screen, the dialog's selector, keys to close it)
DIALOGS = [
    ("help", ["question_mark"], "#help-body", ["escape"]),
    ("library", ["o"], ".dialog", ["escape"]),
    ("bookmarks and notes", ["apostrophe"], ".dialog", ["escape"]),
    ("search prompt", ["slash"], ".dialog", ["escape"]),
    ("look-up", ["l", "f", "a", "n", "j", "i"], "#lookup-body", ["escape"]),
    ("translation", ["t"], "#translate-body", []),
    ("result", ["x", "ctrl+s"], ".dialog", ["escape"]),
    ("command palette", ["ctrl+p"], "#--container", ["escape"]),
    ("footnotes", ["o", "down", "enter", "j", "j", "j", "j", "f"], ".dialog", ["escape"]),
]


async def test_dialogs(tmp_path):
    """Each dialog in turn, in one run of the reader: its own region of the screen."""
    app = bundled_with_marks(tmp_path)
    failures = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("j", "j")
        for name, keys, selector, close in DIALOGS:
            await pilot.press(*keys)
            await pilot.pause()
            assert app.screen.query(selector), name
            try:
                await check_every_theme(app, pilot, lambda: [w.region for w in app.screen.query(selector)])
            except AssertionError as failure:
                failures[name] = failure
            await pilot.press(*close)
    assert not failures, failures


def editable_library(root):
    """A copy of the bundled library whose p5 links score across the shades of edit mode."""
    import shutil

    for sub in ("texts", "alignments"):
        shutil.copytree(bundled_library() / sub, root / sub)
    library = Library(root)
    text = library.load("japan-europe-2025")
    p5 = text.pairs[4]
    text.pairs[4] = replace(p5, links=((*p5.links[0][:2], 0.05), (*p5.links[1][:2], 0.2)))
    p7 = text.pairs[6]
    text.pairs[6] = replace(p7, links=tuple((*link[:2], score) for link, score in zip(p7.links, (0.4, 0.05, 0.25, 0.9))))
    library.save(text, None, replace=True)
    return library


async def test_edit_mode(tmp_path):
    """Edit mode: the EDIT mark of the title bar, confirmed and edited marks in the margin,
    links shaded by their score (each shade, on and off the cursor pair, a term in it)."""
    from reader.cli import reader_app
    from reader.ui.editmode import SHADES

    library = editable_library(tmp_path / "library")
    state, _ = UserState.open(tmp_path / "data")
    app = reader_app(library, "japan-europe-2025", state)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("j", "j", "E", "J", "j", "y")  # p3 + p4 edited, p5 confirmed (and those above)
        await pilot.pause()
        view = app.view

        def drawn():
            return [segment for y in range(view.scrollable_content_region.height) for segment in view.render_line(y)]

        assert {"✓", "~"} <= {seg.text for seg in drawn()}
        await check_every_theme(app, pilot)
        await pilot.press("j", "j")  # p7, its links in every shade, the cursor on them
        await pilot.pause()
        app.theme = "textual-dark"
        await pilot.pause()
        backgrounds = {seg.style.bgcolor for seg in drawn() if seg.text.strip()}
        for _, shade in SHADES:
            assert view._style(shade).bgcolor in backgrounds, shade
        await check_every_theme(app, pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")  # a lit link among shaded ones
        await check_every_theme(app, pilot)
    state.close()
