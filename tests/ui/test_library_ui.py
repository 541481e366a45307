"""The library side of the reader: where you left off, bookmarks and notes across restarts,
a damaged state file, search, contents, footnotes, the library screen, themes."""

from __future__ import annotations

import io
import shutil

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, Static

from reader.cli import reader_app
from reader.core.model import Footnote, Pair, Text, TextMeta
from reader.core.store import Library, bundled_library
from reader.core.userstate import UserState
from reader.ui.app import ReaderApp
from reader.ui.dialogs import PickerScreen, TextScreen

SIZE = (130, 36)


@pytest.fixture
def library(tmp_path) -> Library:
    """A copy of the bundled library plus an English-only text with headings and footnotes."""
    root = tmp_path / "library"
    shutil.copytree(bundled_library() / "texts", root / "texts")
    shutil.copytree(bundled_library() / "alignments", root / "alignments")
    library = Library(root)
    pairs = [
        Pair("p1", "title", "An English-only article", ""),
        Pair("p2", "heading", "Major Trends", "", level=1),
        Pair("p3", "body", "Japan and Europe signed an alliance of sorts. It was new.", ""),
        Pair("p4", "heading", "Mechanisms", "", level=2),
        Pair("p5", "body", "The 2+2 dialogue began. Another alliance followed.", ""),
    ]
    footnotes = [
        Footnote(1, "Author, “A Title,” Journal, No.6, 2016, pp.48-64, https://example.org/a/very/long/path.", "p3", 45),
        Footnote(2, "Second citation.", "p3", 57),
    ]
    meta = TextMeta(id="english-only", title={"en": "An English-only article"}, languages=("en",))
    library.save(Text(meta, pairs, footnotes), None)
    return library


@pytest.fixture
def state_path(tmp_path):
    """The data folder of the reading state."""
    return tmp_path / "data"


def open_app(library, state_path, ref=None) -> ReaderApp:
    state, warning = UserState.open(state_path)
    return reader_app(library, ref, state, warning)


def screen_text(app) -> str:
    view = app.view
    return "\n".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))


async def test_reopens_where_you_left_off(library, state_path):
    app = open_app(library, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j")
        await pilot.press("q")
    again = open_app(library, state_path)
    async with again.run_test(size=SIZE):
        assert again.text.id == "japan-europe-2025"
        assert again.view.cursor == 4
        assert again.position == "pair 5 / 11"


async def test_reopens_the_last_text_read(library, state_path):
    app = open_app(library, state_path, "english-only")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        await pilot.press("q")
    again = open_app(library, state_path)  # no text named
    async with again.run_test(size=SIZE):
        assert again.text.id == "english-only"
        assert again.view.cursor == 2


async def test_bookmarks_and_notes_survive_a_restart(library, state_path):
    app = open_app(library, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "m")
        await pilot.press("a")
        app.screen.query_one(Input).value = "a [bold] note"
        await pilot.press("enter")
        await pilot.press("end", "m", "home")
        await pilot.press("q")
    again = open_app(library, state_path)
    async with again.run_test(size=SIZE) as pilot:
        assert again.state.bookmarks["japan-europe-2025"] == ("p3", "p11")
        assert again.state.notes["japan-europe-2025"] == {"p3": "a [bold] note"}
        await pilot.press("apostrophe")
        assert isinstance(again.screen, PickerScreen)
        options = again.screen.query_one(OptionList)
        assert options.option_count == 2
        assert "a [bold] note" in str(options.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        assert again.view.cursor == 10
        # the bookmarked pair is marked in the gutter
        await pilot.press("home", "j", "j", "j")
        assert any(line.startswith("*") for line in screen_text(again).splitlines())


@pytest.mark.parametrize("damaged, backup", [("state.json", "state.json.corrupt"),
                                             ("state.sqlite3", "state.sqlite3.damaged")])
async def test_a_damaged_state_file_is_reported_once_and_kept(library, state_path, damaged, backup):
    state_path.mkdir(parents=True)
    (state_path / damaged).write_text("{not json" * 200, encoding="utf-8")
    app = open_app(library, state_path)
    assert app._state_warning and "damaged" in app._state_warning
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("damaged" in str(n.message) for n in app._notifications)
        await pilot.press("j", "q")
    assert (state_path / backup).read_text(encoding="utf-8") == "{not json" * 200
    state, warning = UserState.open(state_path)
    assert warning is None  # reported once only
    assert state.positions["japan-europe-2025"] == "p2"


async def test_two_readers_on_one_folder_keep_each_others_bookmarks_and_notes(library, state_path):
    """Two readers open at once (two terminals, or two tabs of a served reader): neither
    loses what the other set, and each sees the other's marks within a second."""
    one, two = open_app(library, state_path), open_app(library, state_path)
    async with one.run_test(size=SIZE) as first, two.run_test(size=SIZE) as second:
        await first.press("j", "m")  # one: a bookmark on p2
        await second.press("j", "j", "m")  # two: on p3
        await first.press("a")
        one.screen.query_one(Input).value = "from one"
        await first.press("enter")
        await second.press("a")
        two.screen.query_one(Input).value = "from two"
        await second.press("enter")
        await second.press("j", "m")  # two: and on p4
        await first.pause(1.5)  # one refreshes its snapshot every second
        assert one.state.bookmarks["japan-europe-2025"] == ("p2", "p3", "p4")
        gutter = [line[:1] for line in screen_text(one).splitlines()]
        assert gutter.count("*") >= 2  # p3 and p4 (p2 is under the cursor) are marked
        await first.press("q")
        await second.press("q")
    state, warning = UserState.open(state_path)
    assert warning is None
    assert state.bookmarks["japan-europe-2025"] == ("p2", "p3", "p4")
    assert dict(state.notes["japan-europe-2025"]) == {"p2": "from one", "p3": "from two"}


async def test_search_highlights_and_n_N_move_between_matches(library, state_path):
    app = open_app(library, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        app.screen.query_one(Input).value = "Alliance"
        await pilot.press("enter")
        first = app.view.cursor
        assert "alliance" in app.text.pairs[first].en.lower()
        await pilot.press("n")
        second = app.view.cursor
        assert second != first and "alliance" in app.text.pairs[second].en.lower() + app.text.pairs[second].zh
        await pilot.press("N")
        assert app.view.cursor == first
        marked = [seg for y in range(30) for seg in app.view.render_line(y) if seg.text.lower() == "alliance"]
        assert marked and all(seg.style.bgcolor is not None for seg in marked)
        # Chinese too
        await pilot.press("slash")
        app.screen.query_one(Input).value = "准同盟"
        await pilot.press("enter")
        assert "准同盟" in app.text.pairs[app.view.cursor].zh


async def test_english_only_text_reads_in_one_column_with_headings_contents_and_footnotes(library, state_path):
    app = open_app(library, state_path, "english-only")
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "│" not in text  # one wide column
        assert "Japan and Europe signed an alliance of sorts.¹ It was new.²" in text  # marks shown
        await pilot.press("c")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["An English-only article", "Major Trends", "  Mechanisms"]
        await pilot.press("down", "down", "enter")
        assert app.view.cursor == 3
        await pilot.press("up", "f")
        assert isinstance(app.screen, TextScreen)
        console = Console(width=300, record=True, file=io.StringIO())
        for static in app.screen.query(Static):
            console.print(static.content)
        shown = console.export_text()
        assert "https://example.org/a/very/long/path." in shown  # URLs in full
        assert "2. Second citation." in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, TextScreen)


async def test_library_screen_lists_texts_and_opens_one(library, state_path):
    app = open_app(library, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        await pilot.press("o")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("english-only · en · 5 pairs" in label for label in labels)
        assert any("japan-europe-2025 · en+zh · 11 pairs" in label for label in labels)
        index = next(i for i, label in enumerate(labels) if "english-only" in label)
        options.highlighted = index
        await pilot.press("enter")
        assert app.text.id == "english-only"
        assert app.position == "pair 1 / 5"
        assert "│" not in screen_text(app)
        await pilot.press("o")
        labels = [str(app.screen.query_one(OptionList).get_option_at_index(i).prompt)
                  for i in range(app.screen.query_one(OptionList).option_count)]
        assert any("japan-europe-2025" in label and "at p3" in label for label in labels)  # progress


async def test_theme_is_remembered(library, state_path):
    app = open_app(library, state_path)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("q")
    again = open_app(library, state_path)
    assert again.theme == "textual-light"


def margins(app, index: int) -> list[str]:
    """The margin cell of each row of a pair (the cursor marker included)."""
    view = app.view
    start, count = view.pair_span(index)
    top = round(view.scroll_y)
    return [view.render_line(start - top + r).text[:1] for r in range(count) if 0 <= start - top + r < 36]


async def test_bookmark_and_note_both_show_in_the_margin_and_are_both_listed(library, state_path):
    app = open_app(library, state_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "m", "a")  # p3: a bookmark and a note
        app.screen.query_one(Input).value = "both"
        await pilot.press("enter")
        assert margins(app, 2)[:2] == ["*", "✎"]  # on the cursor pair too
        await pilot.press("j", "j", "a")  # p5: a note and no bookmark
        app.screen.query_one(Input).value = "only a note"
        await pilot.press("enter")
        assert margins(app, 4)[:2] == ["✎", "▌"]  # the mark, then the cursor marker
        await pilot.press("j")
        assert margins(app, 4)[:2] == ["✎", " "]
        await pilot.press("apostrophe")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(labels) == 2
        assert labels[0].startswith("* p3") and "✎ both" in labels[0]
        assert labels[1].startswith("  p5") and "✎ only a note" in labels[1]  # a note alone is listed
        await pilot.press("home", "down", "enter")
        assert app.view.cursor == 4


async def test_a_one_row_pair_with_both_marks_shows_the_second_below_it(make_text, tmp_path):
    text = make_text([("One line.", "一行。"), ("Another.", "另一行。")])
    state, _ = UserState.open(tmp_path)
    state.toggle_bookmark(text.id, "p1")
    state.set_note(text.id, "p1", "note")
    app = ReaderApp(text, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        assert margins(app, 0) == ["*", "✎"]  # the text row, then its separator row
