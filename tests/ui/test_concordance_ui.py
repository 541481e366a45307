"""The concordance screen (C): type, the results update, Enter jumps to the pair with the
hit lit in both columns, in another text too."""

from __future__ import annotations

import shutil

import pytest
from textual.widgets import Input, OptionList, Static

from reader.cli import reader_app
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library, bundled_library
from reader.core.userstate import UserState
from reader.ui.concordance_screen import ConcordanceScreen

SIZE = (130, 36)


@pytest.fixture
def library(tmp_path) -> Library:
    root = tmp_path / "library"
    shutil.copytree(bundled_library() / "texts", root / "texts")
    shutil.copytree(bundled_library() / "alignments", root / "alignments")
    library = Library(root)
    pairs = [Pair("p1", "body", "Nothing here.", "这里没有。"),
             Pair("p2", "body", "The weevil ate the grain.", "象鼻虫吃了粮食。")]
    library.save(Text(TextMeta(id="weevils", title={"en": "Weevils"}), pairs), None)
    return library


async def _wait_for(pilot, condition, tries: int = 100) -> None:
    for _ in range(tries):
        await pilot.pause(0.05)
        if condition():
            return
    raise AssertionError("the concordance did not answer")


async def test_type_results_and_enter_jumps_to_the_pair(library, tmp_path):
    state, warning = UserState.open(tmp_path / "data")
    app = reader_app(library, "japan-europe-2025", state, warning)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        assert isinstance(app.screen, ConcordanceScreen)
        screen = app.screen
        await pilot.press(*"象鼻虫")
        await _wait_for(pilot, lambda: screen.total == 1)
        options = screen.query_one(OptionList)
        assert options.option_count == 1
        assert "1 hit" in str(screen.query_one("#concord-status", Static).render())
        # more keys: the results follow what is typed
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"安全")
        await _wait_for(pilot, lambda: screen.total > 5 and all(h.hit == "安全" for h in screen.hits))
        await pilot.press("ctrl+s")  # sort by left context
        await _wait_for(pilot, lambda: "sorted by left" in str(screen.query_one("#concord-status", Static).render()))
        # back to the weevil, and Enter: another text opens at the pair
        screen.query_one(Input).value = "weevil"
        await _wait_for(pilot, lambda: screen.total == 1 and screen.hits[0].hit == "weevil")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConcordanceScreen)
        assert app.text.id == "weevils"
        assert app.pairs[app.view.cursor].id == "p2"
        index, marks, _ = app.jumped
        assert index == app.view.cursor
        en = app.pairs[index].en
        assert [en[s:e] for s, e in marks["en"]] == ["weevil"]
        lit = app._marks(index)
        assert any(kind == "occurrence" for _, _, kind in lit["en"])


async def test_the_counterpart_is_lit_in_the_other_column(library, tmp_path):
    state, warning = UserState.open(tmp_path / "data")
    app = reader_app(library, "weevils", state, warning)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        screen = app.screen
        screen.query_one(Input).value = "北约"
        await _wait_for(pilot, lambda: screen.total > 0)
        # wait for the dictionary, then search again so that counterparts are marked
        await _wait_for(pilot, lambda: app.dictionary is not None, tries=400)
        screen.query_one(Input).value = "北约 "
        await _wait_for(pilot, lambda: screen.hits and screen.hits[0].counterpart is not None)
        hit = screen.hits[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.text.id == hit.text
        index, marks, _ = app.jumped
        pair = app.pairs[index]
        assert [pair.zh[s:e] for s, e in marks["zh"]] == ["北约"]
        assert [pair.en[s:e] for s, e in marks["en"]] == [hit.counterpart_text] and hit.counterpart_text


async def test_a_bad_regex_is_said_not_raised(library, tmp_path):
    state, warning = UserState.open(tmp_path / "data")
    app = reader_app(library, "weevils", state, warning)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        screen = app.screen
        screen.query_one(Input).value = "/(/"
        await _wait_for(pilot, lambda: "bad regular expression" in str(
            screen.query_one("#concord-status", Static).render()))
        await pilot.press("escape")
        assert not isinstance(app.screen, ConcordanceScreen)


async def test_the_first_frame_does_not_wait_for_the_index(library, tmp_path):
    """Opening the reader builds no index: the first search in the screen does."""
    from reader.core.library_index import default_index_path

    path = default_index_path(library.root)
    state, warning = UserState.open(tmp_path / "data")
    app = reader_app(library, "weevils", state, warning)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not path.exists()
        await pilot.press("C")
        app.screen.query_one(Input).value = "grain"
        await _wait_for(pilot, lambda: app.screen.total == 1)
        assert path.exists()
