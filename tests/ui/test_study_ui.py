"""Study modes driven as a student would: hide, reveal, translate, score, summary."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Input, Static

from reader.core.store import Library, bundled_library
from reader.core.study import AttemptLog
from reader.core.userstate import UserState
from reader.ui.app import ReaderApp
from reader.ui.study import ResultScreen, TranslateScreen

ID = "japan-europe-2025"
SIZE = (130, 40)


def make_app(tmp_path) -> ReaderApp:
    library = Library(bundled_library())
    state, _ = UserState.load(tmp_path / "state.json")
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
        app.screen.query_one(Input).value = "由于历史原因,日本的军事安全动向备受关注,将增大阵营对抗风险。"
        await pilot.press("enter")
        assert isinstance(app.screen, ResultScreen)
        text = rendered(app.screen)
        assert "chrF++" in text
        assert "Reference" in text and "由于历史原因,日本的军事安全动向一直备受国际社会" in text
        assert "✓ 阵营对抗" in text  # used
        assert "✗ 军备竞赛" in text  # missed
        await pilot.press("escape")
        assert 9 in app.view.revealed  # the pair is revealed after the attempt
        attempts, warning = AttemptLog(tmp_path, ID).load()
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
        app.screen.query_one(Input).value = "What are Japan's intentions in strengthening military security cooperation with Europe?"
        await pilot.press("enter")
        text = rendered(app.screen)
        assert "✓ 军事安全合作" in text
        attempts, _ = AttemptLog(tmp_path, ID).load()
        assert attempts[0].target == "en" and attempts[0].score > 50
