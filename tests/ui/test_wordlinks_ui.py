"""Word links in the reader: the counterpart of the word under the word cursor is lit."""

from __future__ import annotations

from reader.core.dictionary import Dictionary
from reader.ui import wordlinks_view
from reader.ui.app import ReaderApp

SIZE = (120, 30)
SENTENCES = [
    ("Security cooperation between Japan and Europe has grown.", "日本与欧洲的安全合作不断加强。"),
    ("Europe cares about security in Asia.", "欧洲关心亚洲的安全。"),
    ("Cooperation on energy security matters to Japan.", "能源安全合作对日本很重要。"),
]


async def test_the_counterpart_of_the_word_is_lit(make_text):
    text = make_text(SENTENCES)
    app = ReaderApp(text, dictionary_loader=Dictionary.load)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        for _ in range(400):
            if app.dictionary is not None and wordlinks_view.model(app) is not None:
                break
            await pilot.pause(0.05)
        assert wordlinks_view.model(app) is not None, "the word links were not learnt"
        await pilot.press("escape")
        zh, en = text.pairs[0].zh, text.pairs[0].en
        for _ in range(6):
            await pilot.press("w")
            if zh[slice(*app.word)] == "安全":
                break
        assert zh[slice(*app.word)] == "安全"
        marks = app._marks(0)
        lit = [en[a:b] for a, b, style in marks["en"] if style == "wordlink"]
        assert lit == ["Security"]
        assert "pair-view--wordlink" in app.view.COMPONENT_CLASSES


async def test_the_dictionary_panel_shows_the_rendering_the_text_chose(make_text):
    import io

    from rich.console import Console
    from textual.widgets import Static

    text = make_text(SENTENCES)
    app = ReaderApp(text, dictionary_loader=Dictionary.load)
    async with app.run_test(size=SIZE) as pilot:
        app.action_toggle_panel()
        await pilot.press("w")
        for _ in range(400):
            if app.dictionary is not None and wordlinks_view.model(app) is not None:
                break
            await pilot.pause(0.05)
        await pilot.press("escape")
        zh = text.pairs[1].zh
        app.view.cursor = 1
        await pilot.pause()
        for _ in range(6):
            await pilot.press("w")
            if zh[slice(*app.word)] == "安全":
                break
        await pilot.pause()
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.query_one("#panel-word", Static).content)
        shown = console.export_text()
        assert "in this text: security" in shown
        assert "safe" in shown  # CC-CEDICT's senses beside it


def test_the_reader_starts_without_numpy():
    """numpy (~50 ms to import) comes with the word links, learnt in the background on first
    need: the reader's modules leave it unimported, so the first frame does not wait for it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys; from reader.cli import reader_app; import reader.ui.app, reader.ui.pairview; "
            "print('numpy' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(root)})
    assert found.stdout.strip() == "False"
