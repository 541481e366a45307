"""Looking a term up in the glossary: Chinese, English and pinyin in every spelling, the
rounds exact, prefix, partial, and fuzzy suggestions only when nothing else matched."""

from __future__ import annotations

import pytest

from reader.core.glossary import GlossaryEntry
from reader.core.lookup import EXACT, FUZZY, PARTIAL, PREFIX, GlossaryIndex


def entry(zh: str, en: str, pinyin: str, *variants: str) -> GlossaryEntry:
    return GlossaryEntry(zh=zh, en=en, variants=variants, pinyin=pinyin)


ENTRIES = [
    entry("反击能力", "counterattack capabilities", "fǎnjī nénglì", "counterattack capability", "counter-strike capability"),
    entry("反击", "counterattack", "fǎnjī"),
    entry("犯忌", "violate a taboo", "fànjì"),  # the same letters as 反击, other tones
    entry("准同盟", "quasi-alliance", "zhǔn tóngméng"),
    entry("同盟", "alliance", "tóngméng"),
    entry("同盟关系网", "network of alliances", "tóngméng guānxìwǎng"),
    entry("北约", "NATO", "Běiyuē", "North Atlantic Treaty Organization"),
    entry("战后体制", "post-war constraints", "zhànhòu tǐzhì"),
    entry("战后国际秩序", "postwar international order", "zhànhòu guójì zhìxù"),
]

INDEX = GlossaryIndex(ENTRIES)


def search(query: str) -> list[tuple[str, str]]:
    """(Chinese term, kind of match) of every result, in the order given."""
    return [(ENTRIES[m.entry].zh, m.kind) for m in INDEX.search(query)]


def found(query: str) -> list[tuple[str, str]]:
    """The results that are matches, not fuzzy suggestions."""
    return [(zh, kind) for zh, kind in search(query) if kind != FUZZY]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("反击能力", [("反击能力", EXACT), ("反击", PARTIAL)]),
        ("反击", [("反击", EXACT), ("反击能力", PREFIX)]),
        ("反击能", [("反击能力", PREFIX), ("反击", PARTIAL)]),  # 反击 lies inside the query
        ("能力", [("反击能力", PARTIAL)]),  # the query lies inside the term
        ("打造反击能力", [("反击", PARTIAL), ("反击能力", PARTIAL)]),  # terms inside a phrase
        ("北约", [("北约", EXACT)]),
        (" 北约 ", [("北约", EXACT)]),  # surrounding spaces do not count
        ("同盟", [("同盟", EXACT), ("同盟关系网", PREFIX), ("准同盟", PARTIAL)]),
    ],
)
def test_chinese_exact_prefix_partial(query, expected):
    assert search(query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("counterattack capabilities", [("反击能力", EXACT)]),
        ("Counterattack Capabilities", [("反击能力", EXACT)]),  # case
        ("CounterAttack capability", [("反击能力", EXACT)]),  # case, a variant
        ("counterattack capability", [("反击能力", EXACT)]),
        ("counter strike capabilities", [("反击能力", EXACT)]),  # plural of a variant, no hyphen
        ("counter-strike capabilities", [("反击能力", EXACT)]),
        ("quasi alliance", [("准同盟", EXACT)]),  # hyphen or space
        ("quasi-alliances", [("准同盟", EXACT)]),  # plural
        ("alliances", [("同盟", EXACT), ("准同盟", PARTIAL), ("同盟关系网", PARTIAL)]),
        ("Network of Alliance", [("同盟关系网", EXACT)]),
        ("NATO", [("北约", EXACT)]),
        ("north atlantic treaty organization", [("北约", EXACT)]),
        ("post-war constraints", [("战后体制", EXACT)]),
        ("postwar international order", [("战后国际秩序", EXACT)]),
    ],
)
def test_english_exact_ignores_case_plurals_hyphens(query, expected):
    assert search(query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        # The matcher finds "post-war" where the text has "postwar" and the reverse
        # (reader.core.matching._pattern_keys); a look-up should agree with it.
        ("postwar constraints", [("战后体制", EXACT)]),
        ("post-war international order", [("战后国际秩序", EXACT)]),
        ("counterstrike capability", [("反击能力", EXACT)]),
    ],
)
def test_english_exact_a_hyphenated_word_written_as_one(query, expected):
    assert search(query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("counterattack", [("反击", EXACT), ("反击能力", PREFIX)]),
        ("counterattack cap", [("反击能力", PREFIX)]),  # as while typing
        ("Counter", [("反击", PREFIX), ("反击能力", PREFIX)]),  # ties: the shorter term first
        ("north atlantic", [("北约", PREFIX)]),
        ("network", [("同盟关系网", PREFIX)]),
        ("capabilities", [("反击能力", PARTIAL)]),  # a word inside a rendering
    ],
)
def test_english_prefix_and_partial(query, expected):
    assert search(query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("fanji nengli", [("反击能力", EXACT)]),  # toneless, spaced
        ("fǎnjī nénglì", [("反击能力", EXACT)]),  # tone marks
        ("Fǎnjī Nénglì", [("反击能力", EXACT)]),
        ("fan3ji1neng2li4", [("反击能力", EXACT)]),  # tone numbers
        ("fan3 ji1 neng2 li4", [("反击能力", EXACT)]),
        ("fanjinengli", [("反击能力", EXACT)]),  # run together
        ("fan3ji1", [("反击", EXACT), ("反击能力", PREFIX)]),
        ("fǎnjī", [("反击", EXACT), ("反击能力", PREFIX)]),
        ("fanji", [("反击", EXACT), ("犯忌", EXACT), ("反击能力", PREFIX)]),  # toneless: any tones
        ("FANJI", [("反击", EXACT), ("犯忌", EXACT), ("反击能力", PREFIX)]),
        ("fanji neng", [("反击能力", PREFIX)]),
        ("fan3ji", [("反击", EXACT), ("反击能力", PREFIX)]),  # ji without a tone: any tone
        ("fanji1", [("反击", EXACT), ("反击能力", PREFIX)]),
        ("fan4ji4", [("犯忌", EXACT)]),
        ("fàn jì", [("犯忌", EXACT)]),
        ("beiyue", [("北约", EXACT)]),  # a capital in the entry's pinyin
        ("tong2meng2", [("同盟", EXACT), ("同盟关系网", PREFIX)]),
    ],
)
def test_pinyin_in_every_spelling(query, expected):
    assert search(query) == expected


@pytest.mark.parametrize("query", ["fan4ji1", "fan3ji4", "fǎnjì", "fan3ji1neng2li3", "fan1"])
def test_a_wrong_tone_does_not_match(query):
    assert found(query) == []


@pytest.mark.parametrize(
    "query, first",
    [
        ("conterattack", "反击"),  # a misspelling
        ("counterattak capabilites", "反击能力"),
        ("netwrok of aliances", "同盟关系网"),
        ("反机能力", "反击能力"),  # a wrong character
    ],
)
def test_fuzzy_suggestions_when_nothing_matched(query, first):
    matches = INDEX.search(query)
    assert matches, query
    assert {m.kind for m in matches} == {FUZZY}
    assert ENTRIES[matches[0].entry].zh == first
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(70 <= score < 100 for score in scores)


@pytest.mark.parametrize("query", ["counterattack", "反击", "fanji", "capabilities", "quasi alliance", "fan3ji"])
def test_no_fuzzy_suggestions_when_something_matched(query):
    assert FUZZY not in {kind for _, kind in search(query)}


def test_nothing_similar_nothing_found():
    assert search("qqqzzz") == []
    assert search("量子计算机") == []


@pytest.mark.parametrize(
    "query", ["同盟", "alliance", "反击", "counterattack", "fanji", "tongmeng", "反击能"]
)
def test_ranking_exact_then_prefix_then_partial(query):
    ranks = {EXACT: 0, PREFIX: 1, PARTIAL: 2, FUZZY: 3}
    kinds = [kind for _, kind in search(query)]
    assert len(kinds) >= 2, kinds
    assert [ranks[kind] for kind in kinds] == sorted(ranks[kind] for kind in kinds)


def test_ranking_covers_all_three_rounds():
    kinds = [kind for _, kind in search("同盟")]
    assert kinds == [EXACT, PREFIX, PARTIAL]


def test_an_entry_is_listed_once_with_its_best_match():
    # 反击能力 is an exact match of its variant and a prefix match of its preferred form
    results = search("counterattack capability")
    assert results == [("反击能力", EXACT)]
    indexes = [m.entry for m in INDEX.search("fanji")]
    assert len(indexes) == len(set(indexes))


@pytest.mark.parametrize("query", ["", " ", "\t\n"])
def test_empty_query_finds_nothing(query):
    assert INDEX.search(query) == []


def test_limit():
    assert len(INDEX.search("fanji", limit=2)) == 2
    assert [ENTRIES[m.entry].zh for m in INDEX.search("fanji", limit=1)] == ["反击"]


def test_empty_glossary():
    assert GlossaryIndex([]).search("反击") == []
    assert GlossaryIndex([]).search("conterattack") == []


def test_entry_without_pinyin_is_found_by_chinese_and_english():
    index = GlossaryIndex([GlossaryEntry(zh="对冲", en="hedge")])
    assert [(m.entry, m.kind) for m in index.search("对冲")] == [(0, EXACT)]
    assert [(m.entry, m.kind) for m in index.search("hedges")] == [(0, EXACT)]
    assert index.search("dui4chong1") == []  # pinyin is only compared when the entry has it
