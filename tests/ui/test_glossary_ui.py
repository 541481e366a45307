"""Glossary terms in the reader: highlights, the panel, the look-up dialog, the word cursor."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, Static

from reader.core.dictionary import Dictionary
from reader.core.store import Library, bundled_library
from reader.ui.app import ReaderApp
from reader.ui.glossary_panel import GlossaryPanel
from reader.ui.lookup_screen import LookupScreen

ID = "japan-europe-2025"
SIZE = (160, 40)


@pytest.fixture
def app() -> ReaderApp:
    library = Library(bundled_library())
    return ReaderApp(library.load(ID), glossary=library.glossary(ID), dictionary_loader=Dictionary.load)


def styles_of(view, y: int, fragment: str):
    """The styles of the segments of row `y` that hold `fragment`."""
    return [seg.style for seg in view.render_line(y) if fragment in seg.text]


def row_with(view, fragment: str) -> int:
    for y in range(view.scrollable_content_region.height):
        if fragment in view.render_line(y).text:
            return y
    raise AssertionError(f"{fragment!r} is not on screen")


def static_text(widget: Static) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def settle(app, pilot):
    for _ in range(400):
        if all(e.pinyin for e in app.terms.entries):
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def test_a_term_has_the_same_colour_in_both_columns_and_T_toggles_it(app):
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(6):
            await pilot.press("j")
        view = app.view
        zh_row = row_with(view, "反击能力")
        en_row = row_with(view, "counterattack")
        zh_style = next(s for s in styles_of(view, zh_row, "反击能力") if s.underline)
        en_style = next(s for s in styles_of(view, en_row, "counterattack capabilities") if s.underline)
        assert zh_style.color == en_style.color
        await pilot.press("T")
        assert not any(s.underline for s in styles_of(view, zh_row, "反击能力"))
        await pilot.press("T")
        assert any(s.underline for s in styles_of(view, zh_row, "反击能力"))


async def test_panel_lists_the_current_pairs_entries_and_follows_the_cursor(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.query_one(GlossaryPanel)
        assert not panel.display
        await pilot.press("g")
        assert panel.display
        text = static_text(panel.query_one("#panel-entries", Static))
        assert "pair p1" in text and "军事安全合作" in text
        for _ in range(6):
            await pilot.press("down")
        text = static_text(panel.query_one("#panel-entries", Static))
        assert "pair p7" in text
        assert "反击能力  fǎnjī nénglì" in text
        assert "counterattack capabilities" in text
        await pilot.press("g")
        assert not panel.display


async def test_lookup_by_pinyin_jumps_to_the_occurrence(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        assert isinstance(app.screen, LookupScreen)
        await pilot.press(*"fanji")
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        if app.dictionary is not None:  # CC-CEDICT's 反击 is exact, the glossary's 反击能力 a prefix match
            assert prompts[0].startswith("反击  ") and "CC-CEDICT · exact" in prompts[0]
        assert any(p.startswith("反击能力") and "glossary · prefix" in p for p in prompts)
        await pilot.press(*" nengli")
        assert "反击能力" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert not isinstance(app.screen, LookupScreen)
        assert app.view.cursor == 6  # p7


async def test_lookup_then_n_and_N_cycle_through_occurrences(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        app.screen.query_one(Input).value = "北约"
        await pilot.pause()
        await pilot.press("enter")
        assert app.view.cursor == 3  # p4, the first pair with 北约 / NATO
        await pilot.press("n")
        assert app.view.cursor == 6  # p7
        await pilot.press("n")
        assert app.view.cursor == 3  # wraps round
        await pilot.press("N")
        assert app.view.cursor == 6


async def test_lookup_by_english_and_escape_closes(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        app.screen.query_one(Input).value = "bloc confrontation"
        await pilot.pause()
        first = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert first.startswith("阵营对抗")
        await pilot.press("escape")
        assert not isinstance(app.screen, LookupScreen)
        assert app.view.cursor == 0


async def test_word_cursor_walks_the_chinese_words_and_shows_them(app):
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(6):
            await pilot.press("j")
        await pilot.press("w")
        for _ in range(200):  # the dictionary loads in the background
            if app.dictionary is not None:
                break
            await pilot.pause(0.05)
        await pilot.press("escape", "w")
        zh = app.text.pairs[6].zh
        assert zh[slice(*app.word)] == "首先"
        word = static_text(app.query_one("#panel-word", Static))
        assert "首先" in word and "shǒuxiān" in word and "CC-CEDICT" in word
        words = [zh[start:end] for start, end in app.terms.words(6, app.dictionary)]
        assert words[:2] == ["首先", "日本"]
        target = words.index("对标")  # a glossary term: its entry is shown
        for _ in range(target):
            await pilot.press("w")
        assert zh[slice(*app.word)] == "对标"
        assert "benchmark" in static_text(app.query_one("#panel-word", Static))
        await pilot.press("b")
        assert zh[slice(*app.word)] == words[target - 1]
        # the word is marked on screen
        y = row_with(app.view, words[target - 1])
        assert any(s.reverse for s in styles_of(app.view, y, words[target - 1]))
        await pilot.press("escape")
        assert app.word is None
        await pilot.press("down")
        assert app.word is None


async def test_help_lists_the_glossary_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        console = Console(width=120, record=True, file=io.StringIO())
        for static in app.screen.query(Static):
            console.print(static.content)
        text = console.export_text()
        for description in ("Glossary", "Look up", "Next match", "Next word", "Term highlights"):
            assert description in text


# -- the occurrence a look-up jumped to (issue 9, items 4 and 12) ---------------------------


def marked(view, fragment: str) -> bool:
    """Whether `fragment` is drawn in the jumped-to occurrence's style somewhere on screen."""
    for y in range(view.scrollable_content_region.height):
        for segment in view.render_line(y):
            if fragment in segment.text and segment.style and segment.style.reverse and segment.style.bold:
                return True
    return False


async def wait_for_dictionary(app, pilot):
    for _ in range(400):
        if app.dictionary is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("CC-CEDICT did not load")


async def test_the_occurrence_jumped_to_is_marked_on_both_sides_until_the_cursor_leaves(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        app.screen.query_one(Input).value = "北约"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.view.cursor == 3  # p4
        assert marked(app.view, "北约") and marked(app.view, "NATO")
        assert not marked(app.view, "欧洲")  # other terms keep their colours
        await pilot.press("n")
        await pilot.pause()
        assert app.view.cursor == 6  # p7: marked there, and no longer in p4
        assert app.jumped[0] == 6
        assert marked(app.view, "北约")
        await pilot.press("j")  # leaving the pair clears the mark
        await pilot.pause()
        assert app.jumped is None and not marked(app.view, "北约")


async def test_the_mark_shows_with_term_highlights_off(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "l")
        app.screen.query_one(Input).value = "北约"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert marked(app.view, "北约") and marked(app.view, "NATO")


async def test_a_dictionary_word_jumps_to_its_occurrence_and_shows_its_entry(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_for_dictionary(app, pilot)
        app.screen.query_one(Input).value = "升温"
        await pilot.pause()
        first = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert first.startswith("升温") and "CC-CEDICT" in first
        assert "to escalate; to get a boost" in first  # whole senses, never cut mid-phrase
        await pilot.press("enter")
        await pilot.pause()
        assert app.view.cursor == 3  # p4
        assert marked(app.view, "升温")
        word = static_text(app.query_one("#panel-word", Static))
        assert "升温" in word and "to escalate" in word
        await pilot.press("n")  # its only occurrence: n stays there
        assert app.view.cursor == 3


async def test_exact_dictionary_matches_come_before_glossary_prefix_matches(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_for_dictionary(app, pilot)
        app.screen.query_one(Input).value = "Japan"
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0].startswith("日本") and "CC-CEDICT · exact" in prompts[0]
        first_prefix = next(i for i, p in enumerate(prompts) if "· prefix" in p)
        assert all("· exact" in p for p in prompts[:first_prefix])
        assert any(p.startswith("日欧") for p in prompts[first_prefix:])


def option_texts(screen) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_lookup_says_nothing_found_and_suggests(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_for_dictionary(app, pilot)
        app.screen.query_one(Input).value = "qqqzzz"
        await pilot.pause()
        assert option_texts(app.screen) == ["Nothing found for “qqqzzz”"]
        assert app.screen.query_one(OptionList).get_option_at_index(0).disabled
        await pilot.press("enter")  # nothing to choose: the dialog stays
        assert isinstance(app.screen, LookupScreen)
        app.screen.query_one(Input).value = "conterattack capabilities"
        await pilot.pause()
        texts = option_texts(app.screen)
        assert texts[0] == "Nothing found for “conterattack capabilities”. Did you mean:"
        assert texts[1].startswith("反击能力") and "did you mean?" in texts[1]
        assert app.screen.query_one(OptionList).highlighted == 1  # the first suggestion
        app.screen.query_one(Input).value = "反击能力"
        await pilot.pause()
        assert option_texts(app.screen)[0].startswith("反击能力")
        await pilot.press("enter")
        assert app.view.cursor == 6  # p7


async def test_lookup_fits_a_small_screen(app):
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.press("l")
        await wait_for_dictionary(app, pilot)
        app.screen.query_one(Input).value = "conterattack"
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.content_region.height >= 2  # the note and a suggestion at least
        hint = app.screen.query_one("#lookup-hint", Static)
        body = app.screen.query_one("#lookup-body")
        assert hint.region.bottom <= body.content_region.bottom  # the keys are still shown


async def test_the_word_cursor_takes_a_name_as_one_word(make_text):
    """Issue 9, item 13: 陈秋岚 is one word, not 陈 | 秋岚."""
    text = make_text([
        ("Chen Qiulan rang me that night.", "那天晚上陈秋岚打来电话。"),
        ("I told Chen Qiulan the truth.", "我对陈秋岚说了实话。"),
    ])
    app = ReaderApp(text, dictionary_loader=Dictionary.load)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await wait_for_dictionary(app, pilot)
        await pilot.press("escape")
        zh = text.pairs[0].zh
        seen = []
        for _ in range(3):
            await pilot.press("w")
            seen.append(zh[slice(*app.word)])
        assert seen == ["那天", "晚上", "陈秋岚"]
        word = static_text(app.query_one("#panel-word", Static))
        assert "陈秋岚" in word and "Chén Qiūlán" in word  # a name: surname and given name
