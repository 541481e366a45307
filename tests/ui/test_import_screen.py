"""The import screen (key `i`): two plain-text files made here from the bundled article's
sentences, chosen in the file tree or typed; the import runs in a worker; the report
shows and Enter opens the text. A bad file is a one-line error in the screen and the
library is untouched; Escape cancels a running import. The aligner runs on the small
CC-CEDICT of the unit tests (no user cache, no download)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from textual.widgets import DirectoryTree, Input, Static

from reader.cli import reader_app
from reader.core import pairlinks
from reader.core.aligner import Aligner, Lexicon
from reader.core.store import Library, bundled_library
from reader.core.userstate import UserState
from reader.ui.import_screen import ImportScreen, import_sources

SIZE = (120, 40)
CEDICT = Path(__file__).resolve().parents[1] / "fixtures" / "cedict" / "small.txt"


@pytest.fixture(scope="module")
def small_aligner(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cedict")
    data = folder / "cedict.txt"
    data.write_text(CEDICT.read_text(encoding="utf-8"), encoding="utf-8")
    return Aligner(Lexicon.load(cache_dir=folder, data_file=data))


@pytest.fixture(autouse=True)
def _use_small_aligner(small_aligner, monkeypatch):
    monkeypatch.setattr(pairlinks, "_aligner", lambda: small_aligner)


@pytest.fixture
def library(tmp_path) -> Library:
    root = tmp_path / "library"
    shutil.copytree(bundled_library() / "texts", root / "texts")
    shutil.copytree(bundled_library() / "alignments", root / "alignments")
    return Library(root)


@pytest.fixture
def files(tmp_path):
    """An English and a Chinese file of the bundled article's first body paragraphs."""
    pairs = [p for p in Library(bundled_library()).load("japan-europe-2025").pairs if p.kind == "body"][:4]
    folder = tmp_path / "mine"
    folder.mkdir()
    en, zh = folder / "story.en.txt", folder / "story.zh.txt"
    en.write_text("A Story of Two Sides\n\n" + "\n\n".join(p.en for p in pairs) + "\n", encoding="utf-8")
    zh.write_text("两面的故事\n\n" + "\n\n".join(p.zh for p in pairs) + "\n", encoding="utf-8")
    return en, zh


def files_of(library: Library) -> dict[str, bytes]:
    return {p.relative_to(library.root).as_posix(): p.read_bytes()
            for p in sorted(library.root.rglob("*")) if p.is_file()}


def open_app(library, tmp_path):
    state, warning = UserState.open(tmp_path / "data")
    return reader_app(library, None, state, warning)


async def type_into(pilot, screen, field: str, value: str) -> None:
    screen.query_one(f"#import-{field}", Input).value = value
    await pilot.pause()


async def wait_for_import(pilot, screen) -> None:
    await pilot.pause()
    assert screen.worker is not None, screen.status
    await screen.worker.wait()
    await pilot.pause()


def report_text(screen) -> str:
    return screen.report


async def test_import_two_files_shows_the_report_and_opens_the_text(library, files, tmp_path):
    en, zh = files
    app = open_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        # the Chinese file first: the order does not matter
        await type_into(pilot, screen, "first", str(zh))
        await type_into(pilot, screen, "second", str(en))
        await type_into(pilot, screen, "id", "story")
        screen.query_one("#import-id", Input).focus()
        await pilot.pause()
        assert app.focused is screen.query_one("#import-id", Input)
        await pilot.press("enter")
        await wait_for_import(pilot, screen)
        assert "imported as 'story'" in screen.status
        report = report_text(screen)
        assert "imported 'story'" in report and "pairs" in report
        assert "story" in library.ids()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        assert app.text.id == "story"
        assert app.text.meta.title.get("en") == "A Story of Two Sides"


async def test_files_chosen_in_the_tree(library, files, tmp_path):
    en, zh = files
    app = open_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ImportScreen(library, start=en.parent), app._open_chosen)
        await pilot.pause()
        screen = app.screen
        tree = screen.query_one(DirectoryTree)
        for _ in range(20):  # the tree reads its folder in a worker
            await pilot.pause(0.05)
            if tree.root.children:
                break
        nodes = {Path(node.data.path).name: node for node in tree.root.children}
        for name in ("story.en.txt", "story.zh.txt"):
            tree.select_node(nodes[name])
            await pilot.pause()
        assert screen.query_one("#import-first", Input).value == str(en)
        assert screen.query_one("#import-second", Input).value == str(zh)
        screen.start_import()
        await wait_for_import(pilot, screen)
        text_id = screen._imported
        assert text_id and text_id in library.ids()
        await pilot.press("enter")
        await pilot.pause()
        assert app.text.id == text_id


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03\x04\x05\x06\x07" * 64, "not"),
])
async def test_a_bad_file_is_a_one_line_error_and_the_library_is_untouched(library, files, tmp_path, content,
                                                                          problem):
    en, _ = files
    bad = tmp_path / "mine" / "broken.zh.txt"
    bad.write_bytes(content)
    before = files_of(library)
    app = open_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        await type_into(pilot, screen, "first", str(en))
        await type_into(pilot, screen, "second", str(bad))
        screen.start_import()
        await wait_for_import(pilot, screen)
        status = screen.status
        assert "\n" not in status
        assert "broken.zh.txt" in status and problem in status
        assert isinstance(app.screen, ImportScreen)
        assert screen._imported is None
    assert files_of(library) == before


async def test_missing_file_and_bad_id_are_told_before_importing(library, files, tmp_path):
    en, _ = files
    before = files_of(library)
    app = open_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        screen.start_import()
        assert "choose a file" in screen.status
        await type_into(pilot, screen, "first", str(tmp_path / "nowhere.txt"))
        screen.start_import()
        assert "nowhere.txt" in screen.status and "no such file" in screen.status
        await type_into(pilot, screen, "first", str(en))
        await type_into(pilot, screen, "id", "Not An Id")
        screen.start_import()
        assert "lower-case letters" in screen.status
    assert files_of(library) == before


async def test_escape_cancels_a_running_import(library, files, tmp_path):
    en, zh = files
    started = threading.Event()

    def slow_import(paths, text_id, progress, cancel):
        # the real import, once the screen has asked to cancel (it checks between chapters)
        started.set()
        assert cancel.wait(10)
        return import_sources(paths, text_id, progress, cancel)

    before = files_of(library)
    app = open_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ImportScreen(library, start=en.parent, importer=slow_import), app._open_chosen)
        await pilot.pause()
        screen = app.screen
        await type_into(pilot, screen, "first", str(en))
        await type_into(pilot, screen, "second", str(zh))
        screen.start_import()
        for _ in range(100):  # the worker thread starts from the event loop
            if started.is_set():
                break
            await pilot.pause(0.05)
        assert started.is_set()
        await pilot.press("escape")
        await wait_for_import(pilot, screen)
        assert "cancelled" in screen.status and "nothing was written" in screen.status
        assert isinstance(app.screen, ImportScreen)  # still open: the files can be changed
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        assert app.text.id == "japan-europe-2025"
    assert files_of(library) == before


async def test_the_report_is_shown_as_text_not_markup(library, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    en, zh = folder / "a.en.txt", folder / "a.zh.txt"
    en.write_text("[bold red]Loud[/] title\n\nOld Wang had three books.\n", encoding="utf-8")
    zh.write_text("[b]标题[/b]\n\n老王有三本书。\n", encoding="utf-8")
    app = open_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        await type_into(pilot, screen, "first", str(en))
        await type_into(pilot, screen, "second", str(zh))
        await type_into(pilot, screen, "id", "loud")
        screen.start_import()
        await wait_for_import(pilot, screen)
        assert "[bold red]Loud[/] title" in report_text(screen)
