"""The sentence cursor: a link's sentences lit in both columns, always both on screen."""

from __future__ import annotations

import pytest

from reader.core.model import Pair, Text, TextMeta
from reader.core.pairlinks import join_sentences
from reader.core.store import Library, bundled_library
from reader.ui.app import ReaderApp

SIZE = (130, 40)


def lit(view) -> list[str]:
    """The texts drawn with the sentence cursor's background."""
    colour = view._style("sentence").bgcolor
    return [seg.text for y in range(view.scrollable_content_region.height)
            for seg in view.render_line(y) if seg.style.bgcolor == colour and seg.text.strip()]


def shown(fragment: str, segments: list[str]) -> bool:
    return any(fragment in segment for segment in segments)


def tall_text(sentences: int = 160, pairs_after: int = 2) -> Text:
    """One pair of `sentences` sentences a side, linked one to one (an imported chapter
    without blank lines), then a few ordinary pairs."""
    en, en_spans = join_sentences([f"English sentence {i} says what it says at some length, {i}." for i in range(sentences)], " ")
    zh, zh_spans = join_sentences([f"第{i}句中文说它要说的话。" for i in range(sentences)], "")
    links = tuple(((i,), (i,), 0.9) for i in range(sentences))
    pairs = [Pair("p1", "body", en, zh, sentences_en=en_spans, sentences_zh=zh_spans, links=links)]
    for n in range(pairs_after):
        pairs.append(Pair(f"p{n + 2}", "body", f"After {n}. Second {n}.", f"之后{n}。第二{n}。",
                          sentences_en=((0, len(f"After {n}.")), (len(f"After {n}.") + 1, len(f"After {n}. Second {n}."))),
                          sentences_zh=((0, len(f"之后{n}。")), (len(f"之后{n}。"), len(f"之后{n}。第二{n}。"))),
                          links=(((0,), (0,), 0.9), ((1,), (1,), 0.9))))
    return Text(TextMeta(id="tall", title={"en": "Tall"}), pairs)


async def test_brackets_walk_the_links_of_the_pair_and_go_on_to_the_next():
    text = Library(bundled_library()).load("japan-europe-2025")
    pair = text.pairs[2]  # p3: two English and two Chinese sentences, linked 1-1 twice
    assert [(list(en), list(zh)) for en, zh, _ in pair.links] == [([0], [0]), ([1], [1])]
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        await pilot.press("j", "j", "right_square_bracket")
        assert view.sentence == 0
        segments = lit(view)
        first_en = pair.en[slice(*pair.sentences_en[0])]
        first_zh = pair.zh[slice(*pair.sentences_zh[0])]
        second_zh = pair.zh[slice(*pair.sentences_zh[1])]
        assert shown(first_en[:20], segments) and shown(first_zh[:2], segments)
        assert not shown(second_zh[:2], segments)
        await pilot.press("right_square_bracket")
        assert view.sentence == 1
        assert shown(second_zh[:2], lit(view)) and not shown(first_zh[:2], lit(view))
        await pilot.press("right_square_bracket")  # after the last link: the next pair's first
        assert (view.cursor, view.sentence) == (3, 0)
        assert shown(text.pairs[3].zh[slice(*text.pairs[3].sentences_zh[0])][:2], lit(view))
        await pilot.press("left_square_bracket")  # and back to the last link of p3
        assert (view.cursor, view.sentence) == (2, 1)
        await pilot.press("left_square_bracket")
        assert view.sentence == 0
        await pilot.press("down")
        assert view.sentence is None  # a new pair starts without a sentence cursor
        assert not lit(view)


async def test_escape_clears_the_sentence_and_the_word_cursor():
    text = Library(bundled_library()).load("japan-europe-2025")
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "right_square_bracket", "w")
        assert app.view.sentence == 0 and app.word is not None
        await pilot.press("escape")
        assert app.view.sentence is None and app.word is None
        assert not lit(app.view)
        assert app.view.cursor == 2  # the pair cursor stays


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["stacked", "wide"])
async def test_the_lit_link_and_its_counterpart_are_on_screen_together(size):
    """`]` thirty times and more in a pair of 160 sentences: each time both the English
    and the Chinese sentence of the link are drawn, in either layout."""
    text = tall_text()
    pair = text.pairs[0]
    app = ReaderApp(text)
    async with app.run_test(size=size) as pilot:
        view = app.view
        assert view.stacked is (size[0] < 100)
        for number in range(45):
            await pilot.press("right_square_bracket")
            assert (view.cursor, view.sentence) == (0, number)
            segments = " ".join(lit(view))
            en = pair.en[slice(*pair.sentences_en[number])]
            zh = pair.zh[slice(*pair.sentences_zh[number])]
            assert en.split()[0] in segments and f"English sentence {number} " in segments
            assert f"第{number}句" in segments, number
        for number in range(44, 20, -1):  # and back
            assert view.sentence == number
            assert f"第{number}句" in " ".join(lit(view))
            await pilot.press("left_square_bracket")


async def test_the_status_line_tells_which_link_without_toasts():
    text = tall_text(12)
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(12):
            await pilot.press("right_square_bracket")
        from reader.ui.statusline import StatusLine

        assert "link 12 of 12" in app.query_one(StatusLine).message
        assert not app._notifications  # a held key piles nothing up over the text
        await pilot.press("right_square_bracket")
        assert app.view.cursor == 1 and "link 1 of 2" in app.query_one(StatusLine).message


async def test_doubtful_links_are_marked():
    pairs = [Pair("p1", "body", "One sentence. Another one.", "第一句。第二句。",
                  sentences_en=((0, 13), (14, 26)), sentences_zh=((0, 4), (4, 8)),
                  links=(((0,), (0,), 0.8), ((1,), (1,), 0.02)))]
    app = ReaderApp(Text(TextMeta(id="t", title={"en": "t"}), pairs))
    async with app.run_test(size=SIZE):
        view = app.view
        doubtful = view._style("doubtful")
        marked = [seg.text for seg in view.render_line(0) if seg.style.italic and seg.style.color == doubtful.color]
        assert "Another one." in marked and "第二句。" in marked
        assert "One sentence." not in marked


async def test_a_text_without_links_says_so():
    pairs = [Pair("p1", "body", "No links here.", "这里没有链接。")]
    app = ReaderApp(Text(TextMeta(id="t", title={"en": "t"}), pairs))
    async with app.run_test(size=SIZE) as pilot:
        from reader.ui.statusline import StatusLine

        await pilot.press("right_square_bracket")
        assert app.view.sentence is None
        assert "no sentence links" in app.query_one(StatusLine).message


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["stacked", "wide"])
async def test_leaving_the_sentence_cursor_keeps_the_place(size):
    """Esc deep in a tall pair sets it as a paragraph again and stays by the sentence
    that was lit; each `]` scrolls no more than it must."""
    app = ReaderApp(tall_text())
    async with app.run_test(size=size) as pilot:
        view = app.view
        tops = []
        for _ in range(30):
            await pilot.press("right_square_bracket")
            tops.append(round(view.scroll_y))
        assert tops == sorted(tops)  # never back up
        await pilot.press("escape")
        rows = " ".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))
        assert "English sentence 29 " in rows


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["stacked", "wide"])
async def test_the_word_cursor_and_search_hits_deep_in_a_tall_pair_are_shown(size):
    from textual.widgets import Input

    app = ReaderApp(tall_text())
    async with app.run_test(size=size) as pilot:
        view = app.view

        def on_screen(fragment: str) -> bool:
            rows = [view.render_line(y).text.strip(" ▌") for y in range(view.scrollable_content_region.height)]
            return fragment in " ".join(rows)

        await pilot.press("b")  # the last word of the pair: at its very end
        assert app.word is not None and app.word[0] > len(app.pairs[0].zh) - 10
        assert on_screen("第159句")
        await pilot.press("escape", "home", "slash")
        app.screen.query_one(Input).value = "sentence 120 says"
        await pilot.press("enter")
        assert view.cursor == 0 and on_screen("English sentence 120 says")
