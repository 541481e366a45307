"""Damaged library files in the reader: the library screen lists a damaged text as one that
cannot be read, and the loader reports a damaged record (however it is damaged) as the
one-line error the command line gives, never a crash."""

from __future__ import annotations

import json
import random
import shutil

import pytest
from textual.widgets import OptionList

from reader.cli import reader_app
from reader.core.errors import ReaderError
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library, bundled_library
from reader.ui.app import FIRST_PAIRS
from reader.ui.dialogs import PickerScreen

SIZE = (120, 36)
HOSTILE = ['"src": [1]', '"src": {"en": [1]}', '"level": ' + "9" * 4400, '"links": ' + "[" * 100_000 + "]" * 100_000,
           '"en": "x\\ud800"', '"sentences": {"en": [[0, NaN]]}', '"kind": ["body"]', '"id": {"p": 1}',
           '"links": [[[0], [0], Infinity]]', '"level": 1e999']


@pytest.fixture
def library(tmp_path) -> Library:
    root = tmp_path / "library"
    shutil.copytree(bundled_library() / "texts", root / "texts")
    shutil.copytree(bundled_library() / "alignments", root / "alignments")
    library = Library(root)
    pairs = [Pair(f"p{i}", "body", f"Paragraph {i}.", f"第{i}段。") for i in range(1, FIRST_PAIRS + 101)]
    library.save(Text(TextMeta(id="long", title={"en": "Long"}), pairs), None)
    return library


def damage_line(library: Library, text_id: str, number: int, field: str) -> None:
    path = library.alignment_path(text_id)
    lines = path.read_text("utf-8").split("\n")
    record = json.loads(lines[number - 1])
    lines[number - 1] = json.dumps({k: v for k, v in record.items() if k != field.split('"')[1]},
                                   ensure_ascii=False)[:-1] + ", " + field + "}"
    path.write_text("\n".join(lines), "utf-8")


async def test_the_library_screen_lists_a_damaged_text_as_unreadable(library):
    damage_line(library, "japan-europe-2022", 3, '"src": [1]')
    app = reader_app(library, "japan-europe-2025")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        damaged = [label for label in labels if "japan-europe-2022" in label]
        assert damaged and "cannot be read" in damaged[0] and "japan-europe-2022.jsonl:3" in damaged[0]
        assert any("japan-europe-2025 · en+zh · 11 pairs" in label for label in labels)
        assert any("long · en+zh · 300 pairs" in label for label in labels)


@pytest.mark.parametrize("seed", range(5))
async def test_the_loader_reports_any_damaged_record_late_in_a_text(library, seed):
    rng = random.Random(seed)
    number = rng.randrange(FIRST_PAIRS + 3, FIRST_PAIRS + 101)  # past what is read before the first frame
    field = rng.choice(HOSTILE)
    damage_line(library, "long", number, field)
    app = reader_app(library, "long")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if app.load_error is not None:
                break
            await pilot.pause(0.02)
    assert isinstance(app.load_error, ReaderError), field
    assert str(app.load_error).startswith(f"{library.alignment_path('long')}:{number}: ")
    assert app.return_code == 2


@pytest.mark.parametrize("field", HOSTILE[:4], ids=lambda field: field[:12])
def test_a_damaged_record_among_the_first_pairs_stops_the_reader_before_it_opens(library, field):
    damage_line(library, "long", 5, field)
    with pytest.raises(ReaderError) as info:
        reader_app(library, "long")
    assert str(info.value).startswith(f"{library.alignment_path('long')}:5: ")


async def test_a_damaged_glossary_of_another_text_is_shown_and_the_reader_opens(library):
    glossary = library.texts_dir / "japan-europe-2022" / "glossary.tsv"
    glossary.write_text("zh\ten\nbroken row without enough fields\n", "utf-8")
    app = reader_app(library, "japan-europe-2025")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any(str(glossary) in message and "(skipped)" in message for message in shown), shown
        assert app.text.id == "japan-europe-2025" and app.position == "pair 1 / 11"
