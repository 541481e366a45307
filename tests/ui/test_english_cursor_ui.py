"""The English word cursor: `x` takes the word cursor to the English column, `w` / `b`
move it there, the Chinese the word links give is lit, the panel shows it with
CC-CEDICT's entry, `+` fills the add-term form from it, and `x` comes back."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, Static

from reader.core.dictionary import Dictionary
from reader.core.store import Library, bundled_library
from reader.ui import english_cursor, wordlinks_view
from reader.ui.app import ReaderApp
from reader.ui.statusline import StatusLine
from reader.ui.term_form import TermForm

SIZE = (120, 30)
SENTENCES = [
    ("Security cooperation between Japan and Europe has grown.", "日本与欧洲的安全合作不断加强。"),
    ("Europe cares about security in Asia.", "欧洲关心亚洲的安全。"),
    ("Cooperation on energy security matters to Japan.", "能源安全合作对日本很重要。"),
]


async def links_learnt(app, pilot) -> None:
    app._want_dictionary()
    for _ in range(600):
        if app.dictionary is not None and wordlinks_view.model(app) is not None:
            break
        await pilot.pause(0.05)
    assert wordlinks_view.model(app) is not None, "the word links were not learnt"
    await pilot.pause()


async def english_cursor_on(app, pilot, word: str, key: str = "w") -> None:
    for _ in range(40):
        span = english_cursor.span(app)
        if span is not None and app.text.pairs[app.view.cursor].en[slice(*span)] == word:
            return
        await pilot.press(key)
    raise AssertionError(f"the English word cursor never reached {word}")


def lit(app, lang: str, style: str) -> list[str]:
    side = app.text.pairs[app.view.cursor].side(lang)
    return [side[a:b] for a, b, name in app._marks(app.view.cursor)[lang] if name == style]


def panel(app) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.query_one("#panel-word", Static).content)
    return console.export_text()


async def test_x_puts_the_word_cursor_on_the_english_and_w_b_move_it(make_text):
    app = ReaderApp(make_text(SENTENCES), dictionary_loader=Dictionary.load)
    async with app.run_test(size=SIZE) as pilot:
        await links_learnt(app, pilot)
        await pilot.press("x")
        assert lit(app, "en", "word") == ["Security"] and app.word is None
        assert "x back to the Chinese" in app.query_one(StatusLine).message
        await pilot.press("w", "w")
        assert lit(app, "en", "word") == ["between"]
        await pilot.press("b")
        assert lit(app, "en", "word") == ["cooperation"]
        await pilot.press("W")  # widened to a phrase
        assert lit(app, "en", "word") == ["cooperation between"]
        await pilot.press("escape")
        assert english_cursor.span(app) is None and lit(app, "en", "word") == []


async def test_the_chinese_counterpart_of_the_english_word_is_lit_and_in_the_panel(make_text):
    app = ReaderApp(make_text(SENTENCES), dictionary_loader=Dictionary.load)
    async with app.run_test(size=SIZE) as pilot:
        await links_learnt(app, pilot)
        await pilot.press("j", "x")  # p2
        await english_cursor_on(app, pilot, "security")
        assert lit(app, "zh", "wordlink") == ["安全"]
        shown = panel(app)
        assert "security" in shown and "in this text: 安全" in shown
        assert "safe" in shown  # CC-CEDICT's entry for 安全
        await english_cursor_on(app, pilot, "Asia")
        assert lit(app, "zh", "wordlink") == ["亚洲"] and "in this text: 亚洲" in panel(app)
        await pilot.press("j")  # another pair: the English cursor is put away
        assert english_cursor.span(app) is None and lit(app, "zh", "wordlink") == []


async def test_x_crosses_along_the_word_links_both_ways(make_text):
    app = ReaderApp(make_text(SENTENCES), dictionary_loader=Dictionary.load)
    async with app.run_test(size=SIZE) as pilot:
        await links_learnt(app, pilot)
        zh = app.text.pairs[0].zh
        for _ in range(8):
            await pilot.press("w")
            if zh[slice(*app.word)] == "欧洲":
                break
        await pilot.press("x")  # from 欧洲 to its English
        assert app.word is None and lit(app, "en", "word") == ["Europe"]
        await english_cursor_on(app, pilot, "Security", "b")
        await pilot.press("x")  # and back, onto the Chinese of "Security"
        assert english_cursor.span(app) is None and zh[slice(*app.word)] == "安全"


async def test_english_cursor_in_a_pair_with_no_english(make_text):
    app = ReaderApp(make_text([("", "只有中文。")]), dictionary_loader=Dictionary.load)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        assert app.query_one(StatusLine).message == "No English words in this pair"
        assert english_cursor.span(app) is None


@pytest.fixture
def library(tmp_path) -> Library:
    root = tmp_path / "library"
    root.mkdir()
    for folder in ("texts", "alignments"):
        shutil.copytree(Path(bundled_library()) / folder, root / folder)
    return Library(root)


async def test_plus_on_an_english_word_fills_the_form_with_its_chinese(library):
    text_id = "japan-europe-2025"
    app = ReaderApp(library.load(text_id), glossary=library.glossary(text_id), dictionary_loader=Dictionary.load,
                    library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await links_learnt(app, pilot)
        pair = next(i for i, p in enumerate(app.text.pairs) if " Japan " in p.en and "日本" in p.zh)
        app.view.move_cursor(pair)
        await pilot.pause()
        await pilot.press("x")
        await english_cursor_on(app, pilot, "Japan")
        assert lit(app, "zh", "wordlink") == ["日本"]
        await pilot.press("plus")
        form = app.screen
        assert isinstance(form, TermForm)
        assert form.query_one("#term-zh", Input).value == "日本"
        assert form.query_one("#term-en", Input).value == "Japan"


async def test_no_english_word_cursor_on_a_hidden_english_side(make_text):
    app = ReaderApp(make_text(SENTENCES), dictionary_loader=Dictionary.load)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "h", "x")  # Chinese on the left, the English hidden for study
        assert app.view.hidden == "en"
        assert english_cursor.span(app) is None
        assert app.query_one(StatusLine).message == "The English is hidden (study): Space reveals the pair"
        await pilot.press("space", "x")  # revealed: the cursor goes on
        assert english_cursor.span(app) is not None
