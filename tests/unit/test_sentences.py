"""Sentence segmentation tables: English abbreviations, initials, numbers, missing spaces
and quotes; Chinese end marks with closing quotes and brackets."""

from __future__ import annotations

import pytest

from reader.core.sentences import split, split_chinese, split_english

ENGLISH = [
    ("The U.S. economy grew. It was 3.5 per cent.", ["The U.S. economy grew.", "It was 3.5 per cent."]),
    ("See No.6 and pp.48-64 for more. Then stop.", ["See No.6 and pp.48-64 for more.", "Then stop."]),
    ("Jeffrey W.Hornung wrote it. Mr. Smith agreed.", ["Jeffrey W.Hornung wrote it.", "Mr. Smith agreed."]),
    ("It ended.Next day came.", ["It ended.", "Next day came."]),
    ('"Go!" he said. "Now?" She left.', ['"Go!" he said.', '"Now?"', "She left."]),
    ("“Why?” “Because.” Fine.", ["“Why?”", "“Because.”", "Fine."]),
    ("J. R. R. Tolkien wrote, e.g. this. Done...", ["J. R. R. Tolkien wrote, e.g. this.", "Done..."]),
    ("He waited (a long time.) Then left", ["He waited (a long time.)", "Then left"]),
    ("No end mark here", ["No end mark here"]),
    ("", []),
]

CHINESE = [
    ("他说：“你好。”然后走了。", ["他说：“你好。”", "然后走了。"]),
    ("真的吗？！我不信……他走了", ["真的吗？！", "我不信……", "他走了"]),
    ("我用Yahoo!搜索。好。", ["我用Yahoo!搜索。", "好。"]),
    ("（注意。）下一句。", ["（注意。）", "下一句。"]),
    ("第一句！第二句?第三句", ["第一句！", "第二句?", "第三句"]),
    ("逗号，分号；不断句。", ["逗号，分号；不断句。"]),
]


@pytest.mark.parametrize("text, expected", ENGLISH)
def test_english(text, expected):
    assert split_english(text) == expected


@pytest.mark.parametrize("text, expected", CHINESE)
def test_chinese(text, expected):
    assert split_chinese(text) == expected


def test_split_by_language():
    assert split("一。二。", "zh") == ["一。", "二。"]
    assert split("One. Two.", "en") == ["One.", "Two."]
    with pytest.raises(ValueError):
        split("x", "fr")
