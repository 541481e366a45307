"""Study modes driven as a student would: hide, reveal, translate, score, summary."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Input, Static, TextArea

from reader.core.store import Library, bundled_library
from reader.core.study import AttemptLog
from reader.core.userstate import UserState
from reader.ui.app import ReaderApp
from reader.ui.study import ResultScreen, TranslateScreen

ID = "japan-europe-2025"
SIZE = (130, 40)


def make_app(tmp_path) -> ReaderApp:
    library = Library(bundled_library())
    state, _ = UserState.open(tmp_path)
    return ReaderApp(library.load(ID), glossary=library.glossary(ID), library=library, state=state)


def right_column(app) -> str:
    rows = [app.view.render_line(y).text for y in range(app.view.scrollable_content_region.height)]
    return "\n".join(row.split("│", 1)[1] for row in rows if "│" in row)


def rendered(screen) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    for static in screen.query(Static):
        console.print(static.content)
    return console.export_text()


async def test_hide_shows_placeholders_and_space_reveals_the_current_pair(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "日本持续推进" in right_column(app)
        await pilot.press("h")
        hidden = right_column(app)
        assert "日本" not in hidden and "·····" in hidden
        await pilot.press("space")  # the first pair only
        shown = right_column(app)
        assert "日本持续推进" in shown and "孙文竹" not in shown
        await pilot.press("space")
        assert "日本持续推进" not in right_column(app)
        await pilot.press("h")
        assert "孙文竹" in right_column(app)


async def test_translate_and_compare_scores_and_checks_terms(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(9):
            await pilot.press("j")  # p10, with 阵营对抗 / bloc confrontation
        await pilot.press("h", "t")
        assert isinstance(app.screen, TranslateScreen)
        app.screen.query_one(TextArea).text = "由于历史原因,日本的军事安全动向备受关注,将增大阵营对抗风险。"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ResultScreen)
        text = rendered(app.screen)
        assert "chrF++" in text
        assert "Reference" in text and "由于历史原因,日本的军事安全动向一直备受国际社会" in text
        assert "✓ 阵营对抗" in text  # used
        assert "✗ 军备竞赛" in text  # missed
        await pilot.press("escape")
        assert 9 in app.view.revealed  # the pair is revealed after the attempt
        attempts, warning = AttemptLog(app.state, ID).load()
        assert warning is None and len(attempts) == 1
        assert attempts[0].pair_id == "p10" and attempts[0].target == "zh" and 0 < attempts[0].score < 100
        await pilot.press("S")
        summary = rendered(app.screen)
        assert "pairs done" in summary and "1 of 11" in summary and "军备竞赛" in summary


async def test_translating_into_english_when_columns_are_swapped(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "t")
        assert isinstance(app.screen, TranslateScreen)
        app.screen.query_one(TextArea).text = "What are Japan's intentions in strengthening military security cooperation with Europe?"
        await pilot.press("ctrl+s")
        text = rendered(app.screen)
        assert "✓ 军事安全合作" in text
        attempts, _ = AttemptLog(app.state, ID).load()
        assert attempts[0].target == "en" and attempts[0].score > 50


async def test_export_dialog_writes_the_chosen_format(tmp_path):

    from textual.widgets import OptionList

    from reader.ui.dialogs import PickerScreen, PromptScreen

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        options.highlighted = next(i for i, label in enumerate(labels) if label.startswith("tmx"))
        await pilot.press("enter")
        assert isinstance(app.screen, PromptScreen)
        target = tmp_path / "out.tmx"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert target.read_text(encoding="utf-8").count("<tu ") == 11
        assert any(str(target) in str(n.message) for n in app._notifications)
        # a missing folder: one message, no file
        await pilot.press("e")
        options = app.screen.query_one(OptionList)
        await pilot.press("enter")  # the first format (html)
        app.screen.query_one(Input).value = str(tmp_path / "missing" / "out.html")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not (tmp_path / "missing").exists()
        assert any("folder does not exist" in str(n.message) for n in app._notifications)


async def test_practice_deck_of_missed_terms_goes_to_anki(tmp_path):
    import sqlite3
    import zipfile

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(9):
            await pilot.press("j")
        await pilot.press("t")
        app.screen.query_one(TextArea).text = "由于历史原因,日本的军事安全动向备受关注。"
        await pilot.press("ctrl+s", "escape", "S", "x")
        deck = tmp_path / "deck.apkg"
        app.screen.query_one(Input).value = str(deck)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        with zipfile.ZipFile(deck) as package:
            package.extract("collection.anki2", tmp_path)
        with sqlite3.connect(tmp_path / "collection.anki2") as db:
            notes = [row[0] for row in db.execute("select flds from notes")]
        assert any("阵营对抗" in note for note in notes)  # a missed term as a vocabulary card
        assert any("由于历史原因" in note for note in notes)  # the weak pair as a card


async def test_translation_editor_is_multi_line_and_fits_80x24_with_its_hint(tmp_path):
    """A whole paragraph is typed on several lines; the editor and the Ctrl+S hint stay on
    the screen at 80x24, even for the longest source paragraph."""
    from reader.ui.study import COMPARE_HINT

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        longest = max(range(len(app.text.pairs)), key=lambda i: len(app.text.pairs[i].en))
        app.view.move_cursor(longest)
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TranslateScreen)
        area = screen.query_one(TextArea)
        await pilot.press(*"第一行", "enter", *"第二行")
        assert area.text == "第一行\n第二行"  # Enter is a new line, not "submit"
        await pilot.pause()
        hint = screen.query_one("#translate-hint", Static)
        for widget in (area, hint):
            region = widget.region
            assert region.height >= 1 and 0 <= region.y and region.bottom <= 24, widget
            assert region.x >= 0 and region.right <= 80, widget
        assert area.region.height >= 3
        assert COMPARE_HINT.split(" · ")[0] in hint.render().plain


async def test_escape_keeps_the_draft_and_an_empty_answer_is_not_compared(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "ctrl+s")
        assert isinstance(app.screen, TranslateScreen)  # nothing typed: nothing compared
        assert "Type a translation first" in app.screen.query_one("#translate-hint", Static).render().plain
        await pilot.press(*"日本", "escape")
        assert not isinstance(app.screen, TranslateScreen)
        await pilot.press("t")
        assert app.screen.query_one(TextArea).text == "日本"  # the draft came back
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("escape", "t")
        assert app.screen.query_one(TextArea).text == ""  # compared: the draft is gone
