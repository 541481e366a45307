"""The sorted headwords read a first character at a time (reader.core.headwords)."""

from __future__ import annotations

import pytest

from reader.core.headwords import Headwords, pack

WORDS = sorted(["%", "2019冠状病毒病", "卡拉OK", "安", "安全", "安全合作", "安全感", "日", "日本", "日本人", "𠀀"])


@pytest.fixture(scope="module")
def headwords():
    return Headwords(*pack(WORDS))


@pytest.mark.parametrize("word", WORDS)
def test_every_headword_has_its_number(headwords, word):
    assert headwords.index(word) == WORDS.index(word)


@pytest.mark.parametrize("word", ["", "安全合", "日本国", "本", "OK", "\U0010ffff"])
def test_what_is_no_headword_has_none(headwords, word):
    assert headwords.index(word) is None


@pytest.mark.parametrize("text, start, found", [
    ("安全合作的", 0, "安全合作"),  # the longest of 安, 安全, 安全合作
    ("安全合同", 0, "安全"),  # 安全合作 shares 安全合 with it: shorten and look again
    ("日本人民", 0, "日本人"),
    ("在日本", 1, "日本"),
    ("卡拉OK厅", 0, "卡拉OK"),  # a headword runs on past Han characters
    ("本日", 0, None),  # no headword starts with 本
    ("安", 0, "安"),
])
def test_the_longest_headword_a_text_starts_with(headwords, text, start, found):
    got = headwords.longest(text, start, max(map(len, WORDS)))
    assert got == ((WORDS.index(found), len(found)) if found else None)


def test_no_longer_than_the_longest_asked_for(headwords):
    assert headwords.longest("安全合作", 0, 2) == (WORDS.index("安全"), 2)


@pytest.mark.parametrize("prefix, words", [
    ("安全", ["安全", "安全合作", "安全感"]),
    ("日本", ["日本", "日本人"]),
    ("本", []),
    ("", []),
])
def test_the_headwords_a_prefix_starts(headwords, prefix, words):
    low, found = headwords.prefixed(prefix)
    assert found == words and (not words or low == WORDS.index(words[0]))
