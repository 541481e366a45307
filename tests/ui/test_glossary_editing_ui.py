"""Growing the glossary from the reader: `+` on a word (or a selection widened with W),
editing and deleting from the glossary panel, accepting and rejecting term candidates
(G), and the look-up dialog naming the glossary of each entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from reader.core.dictionary import Dictionary
from reader.core.glossary import read_glossary
from reader.core.store import Library, bundled_library
from reader.core.userstate import UserState
from reader.ui.app import ReaderApp
from reader.ui.candidates_screen import CandidatesScreen
from reader.ui.lookup_screen import LookupScreen
from reader.ui.statusline import StatusLine
from reader.ui.term_form import ConfirmScreen, TermForm

ID = "japan-europe-2025"
SIZE = (120, 40)


@pytest.fixture
def library(tmp_path) -> Library:
    root = tmp_path / "library"
    root.mkdir()
    for folder in ("texts", "alignments"):
        shutil.copytree(Path(bundled_library()) / folder, root / folder)
    return Library(root)


@pytest.fixture
def state(tmp_path):
    opened, _ = UserState.open(tmp_path / "data")
    yield opened
    opened.close()


def make_app(library: Library, state=None) -> ReaderApp:
    return ReaderApp(library.load(ID), glossary=library.glossary(ID), dictionary_loader=Dictionary.load,
                     library=library, state=state)


def own_file(library: Library) -> Path:
    return library.texts_dir / ID / "glossary.tsv"


async def dictionary_loaded(app, pilot) -> None:
    app._want_dictionary()
    for _ in range(400):
        if app.dictionary is not None:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def word_cursor_on(app, pilot, word: str) -> None:
    for _ in range(60):
        await pilot.press("w")
        start, end = app.word
        if app.text.pairs[app.view.cursor].zh[start:end] == word:
            return
    raise AssertionError(f"the word cursor never reached {word}")


def status(app) -> str:
    return app.query_one(StatusLine).message


async def test_plus_adds_the_word_with_its_english_from_the_text_and_highlights_it_at_once(library):
    before = own_file(library).read_text(encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await dictionary_loaded(app, pilot)
        await pilot.press(*["j"] * 7)  # p8
        await word_cursor_on(app, pilot, "巩固")
        assert app.terms.glossary_entry("巩固") is None
        await pilot.press("plus")
        form = app.screen
        assert isinstance(form, TermForm)
        values = {i.id: i.value for i in form.query(Input)}
        assert values["term-zh"] == "巩固" and values["term-en"] == "strengthen"  # as the English has it
        assert values["term-pinyin"] == "gǒnggù"
        form.query_one("#term-note", Input).value = "巩固同盟 = strengthen alliances"
        await pilot.press("enter")
        assert not isinstance(app.screen, TermForm)
        assert status(app) == "Added 巩固 “strengthen” in the glossary of japan-europe-2025 (line 100)"
        # one line appended, nothing else touched; generated pinyin left for the glossary to make
        assert own_file(library).read_text(encoding="utf-8") == (
            before + "巩固\tstrengthen\t\t\tterm\t巩固同盟 = strengthen alliances\tjapan-europe-2025:p8\t\n")
        # highlighted in both columns, in the panel, and looked up
        entry = app.terms.glossary_entry("巩固")
        index = app.terms.entries.index(entry)
        spans = app.terms.spans(app.view.cursor, index)
        pair = app.text.pairs[app.view.cursor]
        assert [pair.zh[s:e] for s, e in spans["zh"]] == ["巩固"]
        assert [pair.en[s:e].lower() for s, e in spans["en"]] == ["strengthen"]
        assert entry in app.terms.entries_in(app.view.cursor)


async def test_W_widens_the_selection_and_plus_adds_the_phrase(library):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await dictionary_loaded(app, pilot)
        await pilot.press(*["j"] * 9)  # p10
        await word_cursor_on(app, pilot, "军事")
        await pilot.press("W")
        start, end = app.word
        assert app.text.pairs[app.view.cursor].zh[start:end] == "军事安全"
        assert status(app).startswith("Selected 军事安全")
        await pilot.press("plus")
        form = app.screen
        assert form.query_one("#term-zh", Input).value == "军事安全"
        assert form.query_one("#term-en", Input).value == "military security"
        await pilot.press("enter")
        assert [e.zh for e in read_glossary(own_file(library))][-1] == "军事安全"
        await pilot.press("w")  # one word again
        start, end = app.word
        assert end - start <= 4


async def test_an_empty_rendering_keeps_the_form_open_with_the_problem(library):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await dictionary_loaded(app, pilot)
        await pilot.press(*["j"] * 7)
        await word_cursor_on(app, pilot, "巩固")
        await pilot.press("plus")
        app.screen.query_one("#term-en", Input).value = ""
        await pilot.press("enter")
        assert isinstance(app.screen, TermForm)
        assert "the English rendering is empty" in str(app.screen.query_one("#term-error").content)
        await pilot.press("escape")
        assert not isinstance(app.screen, TermForm)
        assert "巩固" not in own_file(library).read_text(encoding="utf-8")


async def test_plus_without_a_word_cursor_says_what_to_do(library):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        assert "Put the word cursor on a Chinese word first" in status(app)


async def test_an_entry_is_edited_from_the_panel_on_its_own_line(library):
    before = own_file(library).read_text(encoding="utf-8").splitlines()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["j"] * 6, "g", "tab")  # p7
        panel = app.panel
        assert panel.chosen_entry is app.terms.entries_in(app.view.cursor)[0]
        await pilot.press("down")
        chosen = panel.chosen_entry
        assert chosen is app.terms.entries_in(app.view.cursor)[1]
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, TermForm) and form.query_one("#term-zh", Input).value == chosen.zh
        form.query_one("#term-variants", Input).value = " | ".join([*chosen.variants, "my variant"])
        await pilot.press("ctrl+s")
        assert status(app).startswith(f"Saved {chosen.zh}")
    after = own_file(library).read_text(encoding="utf-8").splitlines()
    changed = [n for n, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(after) == len(before) and len(changed) == 1
    old, new = before[changed[0]].split("\t"), after[changed[0]].split("\t")
    assert new[0] == chosen.zh and new[2] == " | ".join([*chosen.variants, "my variant"])
    assert new[:2] + new[3:] == old[:2] + old[3:]  # the rest as it was: generated pinyin not written in
    assert next(e for e in read_glossary(own_file(library)) if e.zh == chosen.zh).variants[-1] == "my variant"


async def test_an_entry_is_deleted_from_the_panel_after_asking(library):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["j"] * 6, "g", "tab")
        chosen = app.panel.chosen_entry
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert status(app) == "Nothing deleted"
        await pilot.press("d", "y")
        assert status(app).startswith(f"Deleted {chosen.zh} from the glossary of japan-europe-2025")
        assert app.terms.glossary_entry(chosen.zh) is None
        assert chosen not in app.terms.entries_in(app.view.cursor)
    assert chosen.zh not in {e.zh for e in read_glossary(own_file(library))}


async def test_a_candidate_is_accepted_into_the_glossary_and_another_rejected_for_good(library, state):
    app = make_app(library, state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        screen = app.screen
        assert isinstance(screen, CandidatesScreen)
        for _ in range(400):
            if screen.candidates:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        first, second = screen.candidates[0], screen.candidates[1]
        assert first.zh not in {e.zh for e in app.terms.entries}  # terms of the glossary left out
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, TermForm)
        assert (form.query_one("#term-zh", Input).value, form.query_one("#term-en", Input).value) == (first.zh, first.en)
        await pilot.press("enter")
        assert app.screen is screen and screen.candidates[0] is second
        assert app.terms.glossary_entry(first.zh) is not None
        await pilot.press("x")
        assert second not in screen.candidates
        await pilot.press("escape")
    assert first.zh in {e.zh for e in read_glossary(own_file(library))}
    assert state.rejected_terms(ID) == {second.zh}


async def test_the_look_up_dialog_names_the_glossary_of_each_entry(library):
    (library.root / "termbases").mkdir()
    (library.root / "termbases" / "defence.tsv").write_text(
        "zh\ten\tcategory\n北约\tNorth Atlantic Alliance\torganisation\n", encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        screen.query_one(Input).value = "北约"
        await pilot.pause()
        labels = [str(option.prompt) for option in screen.query_one(OptionList).options]
        nato = [label for label in labels if label.startswith("北约 ")]
        assert "glossary of japan-europe-2025 · exact" in nato[0] and "NATO" in nato[0]
        assert "North Atlantic Alliance" in nato[1] and "termbase defence, not applied here · exact" in nato[1]
