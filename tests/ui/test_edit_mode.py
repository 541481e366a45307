"""Edit mode in the reader: E turns it on and off (the title bar and the key bar say so);
every edit and its undo by key; the view, the panel and the state follow at once; the
edits are in the file and undo goes on in the next run."""

from __future__ import annotations

import shutil

import pytest

from reader.cli import reader_app
from reader.core.store import Library, bundled_library
from reader.core.userstate import UserState
from reader.ui.keybar import KeyBar
from reader.ui.titlebar import TitleBar

TEXT = "japan-europe-2025"
SIZE = (120, 36)


@pytest.fixture
def library(tmp_path) -> Library:
    root = tmp_path / "library"
    for sub in ("texts", "alignments"):
        shutil.copytree(bundled_library() / sub, root / sub)
    return Library(root)


@pytest.fixture
def state(tmp_path):
    opened, _ = UserState.open(tmp_path / "data")
    yield opened
    opened.close()


def app_on(library, state):
    return reader_app(library, TEXT, state)


def keys(app) -> list[str]:
    return [action.rpartition(".")[2] for _, _, _, action in app.query_one(KeyBar).shown(app.size.width)]


def on_disk(library):
    return Library(library.root).load(TEXT).pairs


async def settle(app, pilot):
    await pilot.pause()
    app.query_one("EditMode").editor.flush(10)


async def test_e_turns_edit_mode_on_and_off_and_the_bars_say_so(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        assert "undo" not in keys(app)
        await pilot.press("E")
        mode = app.query_one(TitleBar).mode
        assert "EDIT" in mode and "0 of 11 confirmed" in mode
        assert {"leave_edit", "undo", "confirm", "join", "split"} <= set(keys(app))
        await pilot.press("E")
        assert app.query_one(TitleBar).mode == "" and "undo" not in keys(app)
        await pilot.press("u")  # not an edit key while reading: nothing happens
        assert len(app.text.pairs) == 11


async def test_join_and_undo_redo_by_key(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "E", "J")
        assert [p.id for p in app.text.pairs[2:4]] == ["p3", "p5"] and app.view.cursor == 2
        assert app.view.pairs[2].en == app.text.pairs[2].en  # the view shows it at once
        assert "merge p3 + p4" in app.query_one("StatusLine").message
        await settle(app, pilot)
        assert [p.id for p in on_disk(library)][2:4] == ["p3", "p5"]
        await pilot.press("u")
        assert [p.id for p in app.text.pairs[2:4]] == ["p3", "p4"]
        await pilot.press("ctrl+r")
        assert len(app.text.pairs) == 10
        await settle(app, pilot)
        assert len(on_disk(library)) == 10


@pytest.mark.parametrize("press, check", [
    (("K",), lambda pairs: [p.id for p in pairs[6:8]] == ["p7", "p7a"]),  # before its last link
    (("right_square_bracket", "right_square_bracket", "vertical_line"),
     lambda pairs: [len(p.links) for p in pairs[6:8]] == [1, 3]),  # the lit link starts the new pair
    (("left_curly_bracket",), lambda pairs: pairs[6].zh.startswith(pairs[6].zh[:0]) and len(pairs[5].sentences_zh) == 2),
    (("right_curly_bracket",), lambda pairs: len(pairs[7].sentences_zh) == 4),
    (("x", "left_curly_bracket"), lambda pairs: len(pairs[5].sentences_en) == 2),
    (("left_parenthesis",), lambda pairs: pairs[6].zh == "" and len(pairs[5].sentences_zh) == 5),
    (("right_parenthesis",), lambda pairs: pairs[6].zh == "" and len(pairs[7].sentences_zh) == 7),
    (("O",), lambda pairs: pairs[6].zh == "" and pairs[-1].id == "p11a"),
    (("right_square_bracket", "J"), lambda pairs: len(pairs[6].links) == 3),
    (("right_square_bracket", "K"), lambda pairs: [link[:2] for link in pairs[6].links[:2]] == [((0,), ()), ((), (0,))]),
    (("right_square_bracket", "right_square_bracket", "left_curly_bracket"),
     lambda pairs: pairs[6].links[0][1] == (0, 1)),
    (("y",), lambda pairs: [p.status for p in pairs[:7]] == ["confirmed"] * 7),
    (("right_square_bracket", "y"), lambda pairs: pairs[6].link_status[0] == "confirmed"),
])
async def test_every_edit_by_key_and_its_undo(library, state, press, check):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["j"] * 6, "E")  # p7: four 1-1 links
        before = list(app.text.pairs)
        await pilot.press(*press)
        assert check(app.text.pairs), app.query_one("StatusLine").message
        assert app.view.pairs == app.text.pairs
        await settle(app, pilot)
        assert on_disk(library) == app.text.pairs
        await pilot.press("u")
        assert app.text.pairs == before
        await settle(app, pilot)
        assert on_disk(library) == before


async def test_an_impossible_edit_says_why_on_the_status_line(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "E", "J")
        assert app.query_one("StatusLine").message == "p11 is the last pair: nothing to merge it with"
        await pilot.press("u")
        assert app.query_one("StatusLine").message == "nothing to undo in japan-europe-2025"


async def test_review_keys_confirm_and_go_to_the_next_unconfirmed(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "E", "y")
        assert "3 of 11 confirmed" in app.query_one(TitleBar).mode
        await pilot.press("v")
        assert app.view.cursor == 3
        await pilot.press("1")  # the next link that is not 1-1: p4's 2-1
        assert (app.view.cursor, app.view.sentence) == (3, 0)
        await pilot.press("d")
        assert "No doubtful link" in app.query_one("StatusLine").message


async def test_margin_marks_and_score_shading(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "E", "y")
        view = app.view
        marks = view.marks(2)
        assert "confirmed" in marks["gutter"]
        shaded = view.marks(6)  # p7's links score 0.49-0.60: the lightest shade on the auto ones under 0.5
        assert any(name == "doubt-1" for *_, name in shaded["zh"])
        await pilot.press("E")
        assert "gutter" not in view.marks(2) or "confirmed" not in view.marks(2)["gutter"]


async def test_bookmarks_follow_a_merge_and_come_back(library, state):
    state.set_bookmark(TEXT, "p4", True)
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "E", "J")
        assert state.bookmarks[TEXT] == ("p3",) and "bookmark" in app.view.marks(2)["gutter"]
        await pilot.press("u")
        assert state.bookmarks[TEXT] == ("p4",)


async def test_search_and_the_panel_see_the_edit(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        app._searched("NATO")
        before = list(app.matches)
        await pilot.press("j", "j", "E", "J")
        assert app.matches == [i - 1 if i > 3 else i for i in before]


async def test_undo_goes_on_in_the_next_run(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "E", "J")
        await settle(app, pilot)
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        assert len(app.text.pairs) == 10
        await pilot.press("E", "u")
        assert len(app.text.pairs) == 11
        await settle(app, pilot)
    assert len(on_disk(library)) == 11


async def test_a_text_opened_from_a_file_cannot_be_edited(library, state, tmp_path):
    from reader.cli import reader_app as open_app

    loose = tmp_path / "loose.jsonl"
    shutil.copyfile(library.alignment_path(TEXT), loose)
    app = open_app(Library(tmp_path / "nowhere"), str(loose), state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        assert "Only a text of the library can be edited" in app.query_one("StatusLine").message


async def test_help_lists_the_edit_keys(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        text = "\n".join(str(line) for line in app.screen.query("Static").results())
        shown = str(app.screen.sections)
        assert "Edit mode (E)" in shown and "Join" in shown and text


async def test_closing_the_gap_an_empty_counterpart_opened(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["j"] * 6, "E")
        before = [(p.id, p.en, p.zh) for p in app.text.pairs]
        await pilot.press("O")
        assert app.text.pairs[6].zh == "" and len(app.text.pairs) == 12
        await pilot.press("D")
        assert [(p.id, p.en, p.zh) for p in app.text.pairs] == before
        await pilot.press("D")
        assert "has Chinese text: there is no gap to close" in app.query_one("StatusLine").message


async def test_realign_a_pair_from_its_prompt(library, state):
    app = app_on(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["j"] * 6, "E")
        original = app.text.pairs[6].links
        await pilot.press("right_square_bracket", "J", "escape")
        assert len(app.text.pairs[6].links) == 3
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.text.pairs[6].links == original
        assert "realign p7" in app.query_one("StatusLine").message
