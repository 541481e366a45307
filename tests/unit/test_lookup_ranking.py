"""One ranking for the glossary and CC-CEDICT; dictionary words found as words; the
sentence a concordance line shows for the other side."""

from __future__ import annotations

import pytest

from reader.core.concordance import word_spans
from reader.core.model import aligned_span
from reader.core.dictionary import Dictionary
from reader.core.glossary import GlossaryEntry
from reader.core.lookup import GlossaryIndex, look_up
from reader.core.model import Pair
from reader.core.segment import words
from reader.ui.glossary_actions import senses


@pytest.fixture(scope="module")
def cedict():
    return Dictionary.load()


GLOSSARY = [
    GlossaryEntry("日欧", "Japan-EU", ("Japan-Europe",), pinyin="rì ōu"),
    GlossaryEntry("反击能力", "counterattack capabilities", pinyin="fǎnjī nénglì"),
    GlossaryEntry("北约", "NATO", pinyin="Běiyuē", category="organisation"),
]


def ranked(cedict, query, limit=12):
    index = GlossaryIndex(GLOSSARY)
    return [(r.source, r.kind, GLOSSARY[r.entry].zh if r.entry >= 0 else r.zh)
            for r in look_up(index, cedict, query, limit)]


def test_exact_first_whatever_the_source(cedict):
    found = ranked(cedict, "Japan")
    assert found[0] == ("cc-cedict", "exact", "日本")
    assert ("glossary", "prefix", "日欧") in found
    order = ["exact", "prefix", "partial"]
    assert [kind for _, kind, _ in found] == sorted((kind for _, kind, _ in found), key=order.index)


def test_within_a_kind_the_glossary_comes_first(cedict):
    found = ranked(cedict, "fanji")
    assert found[0] == ("cc-cedict", "exact", "反击")  # the only exact match
    prefixes = [source for source, kind, _ in found if kind == "prefix"]
    assert prefixes[0] == "glossary"


def test_a_glossary_term_is_not_repeated_from_the_dictionary(cedict):
    found = ranked(cedict, "北约")
    assert found[0] == ("glossary", "exact", "北约")
    assert ("cc-cedict", "exact", "北约") not in found


def test_without_the_dictionary_the_glossary_alone(cedict):
    assert [r.entry for r in look_up(GlossaryIndex(GLOSSARY), None, "NATO")] == [2]


def test_suggestions_only_when_nothing_is_found(cedict):
    assert {kind for _, kind, _ in ranked(cedict, "conterattack capabilities")} == {"fuzzy"}
    assert ranked(cedict, "qqqzzz") == []


@pytest.mark.parametrize(
    "zh, word, terms, expected",
    [
        ("日本同欧盟签署", "日", [], []),  # 日 of 日本 is no occurrence
        ("今年1月1日,日本", "日", [], [(5, 6)]),  # the day is
        ("签署日欧安全协定", "日", [(2, 4)], []),  # nor the 日 of the glossary term 日欧
        ("打造反击能力", "反击", [], [(2, 4)]),
        ("打造反击能力", "反击", [(2, 6)], []),  # the glossary term is one word (its entry is listed)
        ("军事安全合作不断升温", "升温", [], [(8, 10)]),
        ("", "升温", [], []),
    ],
)
def test_word_spans(cedict, zh, word, terms, expected):
    assert word_spans(zh, word, lambda text: words(text, terms, cedict)) == expected


def test_aligned_span_follows_the_sentence_links():
    pair = Pair("p1", "body", "One. Two three. Four.", "一。二三。四。",
                sentences_en=((0, 4), (5, 15), (16, 21)), sentences_zh=((0, 2), (2, 5), (5, 7)),
                links=(((0,), (0,), 1.0), ((1, 2), (1, 2), 0.9)))
    assert aligned_span(pair, "zh", (2, 3)) == (5, 21)  # 二 is in the second link: Two three. Four.
    assert aligned_span(pair, "en", (0, 3)) == (0, 2)
    assert aligned_span(Pair("p2", "body", "a", "b"), "zh", (0, 1)) is None


@pytest.mark.parametrize(
    "definitions, budget, expected",
    [
        (("to become hot", "temperature rise", "to escalate"), 120, "to become hot; temperature rise; to escalate"),
        (("to become hot", "temperature rise", "to escalate"), 31, "to become hot; temperature rise; …"),
        (("a very long first sense that is longer than the budget",), 10,
         "a very long first sense that is longer than the budget"),
        ((), 10, ""),
    ],
)
def test_senses_are_never_cut_inside(definitions, budget, expected):
    assert senses(definitions, budget) == expected
