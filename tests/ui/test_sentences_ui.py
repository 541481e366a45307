"""The sentence cursor: inside the current pair, a link's sentences lit in both columns."""

from __future__ import annotations

from reader.core.model import Pair, Text, TextMeta
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


async def test_brackets_walk_the_links_of_the_pair():
    text = Library(bundled_library()).load("japan-europe-2025")
    pair = text.pairs[2]  # p3: two English and two Chinese sentences, linked 1-1 twice
    assert [(list(en), list(zh)) for en, zh, _ in pair.links] == [([0], [0]), ([1], [1])]
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "right_square_bracket")
        assert app.sentence == 0
        segments = lit(app.view)
        first_en = pair.en[slice(*pair.sentences_en[0])]
        first_zh = pair.zh[slice(*pair.sentences_zh[0])]
        second_zh = pair.zh[slice(*pair.sentences_zh[1])]
        assert shown(first_en[:20], segments) and shown(first_zh[:2], segments)
        assert not shown(second_zh[:2], segments)
        await pilot.press("right_square_bracket")
        assert app.sentence == 1
        assert shown(second_zh[:2], lit(app.view)) and not shown(first_zh[:2], lit(app.view))
        await pilot.press("right_square_bracket")
        assert app.sentence == 1  # stays on the last link
        await pilot.press("left_square_bracket")
        assert app.sentence == 0
        await pilot.press("down")
        assert app.sentence is None  # a new pair starts without a sentence cursor


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
