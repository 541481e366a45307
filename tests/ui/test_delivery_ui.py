"""A served reader (`reader serve`) hands exports and the practice deck to the browser as
downloads instead of writing on the server. Here the web driver's delivery is recorded
(the browser end is tests/ui/test_serve.py); the terminal reader's dialog is
test_study_ui.py's."""

from __future__ import annotations

import io
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest
from textual.widgets import OptionList, TextArea

from reader.core.store import Library, bundled_library
from reader.core.userstate import UserState
from reader.formats.export import export_text
from reader.ui.app import ReaderApp
from reader.ui.delivery import download, mime_type
from reader.ui.dialogs import PickerScreen, PromptScreen

ID = "japan-europe-2025"
SIZE = (130, 40)


class ServedReader(ReaderApp):
    """The reader as textual-serve runs it, as far as delivering files goes."""

    CSS_PATH = Path(sys.modules[ReaderApp.__module__].__file__).parent / ReaderApp.CSS_PATH

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.delivered: list[tuple[str, bytes, str]] = []

    @property
    def is_web(self) -> bool:
        return True

    def deliver_binary(self, path_or_file, *, save_filename=None, mime_type=None, **options):
        self.delivered.append((save_filename, path_or_file.read(), mime_type))
        return "key"


def served(tmp_path) -> ServedReader:
    library = Library(bundled_library())
    state, _ = UserState.open(tmp_path / "state")
    return ServedReader(library.load(ID), glossary=library.glossary(ID), library=library, state=state)


async def export_as(app, pilot, fmt: str) -> None:
    await pilot.press("e")
    options = app.screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    options.highlighted = next(i for i, label in enumerate(labels) if label.startswith(fmt))
    await pilot.press("enter")
    assert not isinstance(app.screen, PromptScreen), "no path on the server is asked for"
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("fmt, name, suffixes", [
    ("tmx", f"{ID}.tmx", [".tmx"]),
    ("moses", f"{ID}-moses.zip", [".en", ".zh"]),
])
async def test_export_in_a_served_reader_is_a_download(tmp_path, monkeypatch, fmt, name, suffixes):
    monkeypatch.chdir(tmp_path)
    app = served(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await export_as(app, pilot, fmt)
        assert not isinstance(app.screen, PickerScreen)
        assert [saved for saved, _, _ in app.delivered] == [name]
        assert any(f"Downloading {name}" in str(n.message) for n in app._notifications)
    _, data, _ = app.delivered[0]
    expected = tmp_path / "expected"
    expected.mkdir()
    _, files = export_text(Library(bundled_library()).load(ID), fmt, str(expected / ID))
    if len(suffixes) == 1:
        assert data == files[0].read_bytes()
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as bundle:
            assert sorted(bundle.namelist()) == [ID + suffix for suffix in suffixes]
            for path in files:
                assert bundle.read(path.name) == path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["expected", "state"], "nothing written on the server"


async def test_practice_deck_in_a_served_reader_is_a_download(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = served(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(9):
            await pilot.press("j")
        await pilot.press("t")
        app.screen.query_one(TextArea).text = "由于历史原因,日本的军事安全动向备受关注。"
        await pilot.press("ctrl+s", "escape", "S", "x")
        assert not isinstance(app.screen, PromptScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
    (name, data, mime), = app.delivered
    assert name == f"{ID}-practice.apkg" and mime == "application/octet-stream"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        package.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = [row[0] for row in db.execute("select flds from notes")]
    assert any("阵营对抗" in note for note in notes)
    assert not list(tmp_path.glob("*.apkg"))


async def test_a_failed_download_is_said(tmp_path):
    from textual import events

    app = served(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(events.DeliveryFailed(key="key", exception=OSError("the tab was closed"),
                                               name=f"{ID}.tmx"))
        await pilot.pause()
        assert any(f"{ID}.tmx was not downloaded: the tab was closed" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("name, mime", [
    ("a.html", "text/html"), ("a.tmx", "application/x-tmx+xml"), ("a.csv", "text/csv"),
    ("a.tsv", "text/tab-separated-values"), ("a.md", "text/markdown"), ("a.json", "application/json"),
    ("a.jsonl", "application/jsonl"), ("a.apkg", "application/octet-stream"), ("a.zip", "application/zip"),
])
def test_mime_types(name, mime):
    assert mime_type(name) == mime


def test_one_file_goes_as_it_is_and_several_in_a_zip():
    assert download({Path("/x/a.tmx"): b"<tmx/>"}, "a.zip") == ("a.tmx", b"<tmx/>", "application/x-tmx+xml")
    name, data, mime = download({Path("b.en"): b"one\n", Path("b.zh"): "一\n".encode()}, "b-moses.zip")
    assert (name, mime) == ("b-moses.zip", "application/zip")
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        assert {n: bundle.read(n) for n in bundle.namelist()} == {"b.en": b"one\n", "b.zh": "一\n".encode()}
