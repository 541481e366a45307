"""The English that renders a Chinese word of a pair: what the add-term form offers."""

from __future__ import annotations

import pytest

from reader.core.counterpart import counterpart, renderings
from reader.core.dictionary import Dictionary
from reader.core.model import Pair
from reader.core.store import Library, bundled_library


@pytest.fixture(scope="module")
def dictionary():
    return Dictionary.load()


@pytest.fixture(scope="module")
def article():
    return Library(bundled_library()).load("japan-europe-2025")


def span_of(pair, word):
    at = pair.zh.find(word)
    return at, at + len(word)


@pytest.mark.parametrize("word, pair_id, english", [
    ("北约", "p4", "NATO"),  # a sense of the word, as the text writes it
    ("战略伙伴关系协定", "p3", "strategic partnership agreement"),
    ("准同盟", "p8", "quasi-alliance"),
    ("反击能力", "p7", "counterattack capabilities"),  # composed: 反击 + 能力, the text's plural
    ("军事安全合作", "p1", "military security cooperation"),
    ("日本自卫队", "p5", "Japanese Self-Defense Forces"),  # Japan / Japanese
    ("孙文竹", "p2", "Sun Wenzhu"),  # a name, by its pinyin
])
def test_the_rendering_is_found_in_the_aligned_english(article, dictionary, word, pair_id, english):
    pair = next(p for p in article.pairs if p.id == pair_id)
    found = counterpart(pair, span_of(pair, word), dictionary)
    assert (found.english, found.found_by) == (english, "text")
    assert pair.en[found.span[0]:found.span[1]] == english


def test_word_links_come_first_when_a_text_has_them(article, dictionary):
    pair = next(p for p in article.pairs if p.id == "p7")
    asked = []

    def links(pair, span):
        asked.append(span)
        at = pair.en.index("counterattack")
        return at, at + len("counterattack")

    found = counterpart(pair, span_of(pair, "反击能力"), dictionary, links)
    assert (found.english, found.found_by) == ("counterattack", "word links") and asked == [span_of(pair, "反击能力")]


def test_without_it_in_the_english_the_dictionary_sense_is_offered(dictionary):
    pair = Pair("p1", "body", "Nothing related here.", "他们默许了。")
    found = counterpart(pair, span_of(pair, "默许"), dictionary)
    assert found.found_by == "cc-cedict" and found.english == renderings(
        [d for e in dictionary.lookup("默许") for d in e.definitions])[0]
    assert counterpart(pair, span_of(pair, "他们默许"), None).english == ""


@pytest.mark.parametrize("senses, expected", [
    (["NATO (North Atlantic Treaty Organization)", "abbr. for 北大西洋公约组织"], ["NATO"]),
    (["to counterattack", "to strike back"], ["counterattack", "strike back"]),
    (["CL:個|个[ge4]", "variant of 里"], []),
    (["capability; ability", "the capacity"], ["capability", "ability", "capacity"]),
    # an abbreviation in brackets renders it too
    (["gross domestic product (GDP)"], ["GDP", "gross domestic product"]),
    # a person's entry: the name, not who the person was
    (["Donald Trump (1946-), American business magnate, US president 2017-2021"], ["Donald Trump"]),
])
def test_senses_as_renderings(senses, expected):
    assert renderings(senses) == expected
