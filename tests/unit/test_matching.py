"""Finding glossary terms: spans, longest first, inflection and hyphenation, abbreviations."""

from __future__ import annotations

import pytest

from reader.core.glossary import GlossaryEntry
from reader.core.matching import Automaton, TermMatcher, english_key


def entry(zh: str, en: str, *variants: str) -> GlossaryEntry:
    return GlossaryEntry(zh=zh, en=en, variants=variants)


ENTRIES = [
    entry("反击能力", "counterattack capabilities", "counterattack capability"),
    entry("能力", "capability"),
    entry("准同盟", "quasi-alliance"),
    entry("同盟", "alliance"),
    entry("美国", "United States", "US"),
    entry("“2+2”会谈机制", '"2+2" dialogue mechanism'),
    entry("战后国际秩序", "postwar international order", "post-war international order"),
    entry("战后体制", "post-war constraints"),
    entry("C++", "C++ (language)"),
    entry("联合演训", "joint exercises and training"),
    entry("航空自卫队", "Japan Air Self-Defense Force", "JASDF"),
]


def found(text: str, lang: str, overlapping: bool = False) -> list[tuple[str, str]]:
    matcher = TermMatcher(ENTRIES)
    return [(text[h.start:h.end], ENTRIES[h.entry].zh) for h in matcher.find(text, lang, overlapping)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("重点打造“反击能力”。", [("反击能力", "反击能力")]),  # longest wins over 能力
        ("打造准同盟体系", [("准同盟", "准同盟")]),
        ("同盟与能力", [("同盟", "同盟"), ("能力", "能力")]),
        ("建立“2+2”会谈机制", [("“2+2”会谈机制", "“2+2”会谈机制")]),
        ("C++和美国", [("C++", "C++"), ("美国", "美国")]),  # regex metacharacters are plain text
        ("", []),
        ("没有术语", []),
    ],
)
def test_chinese_exact_substrings_longest_first(text, expected):
    assert found(text, "zh") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("building counterattack capabilities centered", [("counterattack capabilities", "反击能力")]),
        ("a Counterattack Capability", [("Counterattack Capability", "反击能力")]),  # case, singular
        ("two capabilities", [("capabilities", "能力")]),  # plural of the singular term
        ("a quasi-alliance framework", [("quasi-alliance", "准同盟")]),
        ("a quasi alliance", [("quasi alliance", "准同盟")]),  # hyphen or space
        ("alliances of the US", [("alliances", "同盟"), ("US", "美国")]),
        ("ask us about it", []),  # abbreviations are case-sensitive whole words
        ("USA is not US", [("US", "美国")]),
        ('establishing "2+2" dialogue mechanisms with', [('2+2" dialogue mechanisms', "“2+2”会谈机制")]),
        ("the postwar international order", [("postwar international order", "战后国际秩序")]),
        ("the post-war international order", [("post-war international order", "战后国际秩序")]),
        ("break through post-war constraints", [("post-war constraints", "战后体制")]),
        ("break through postwar constraints", [("postwar constraints", "战后体制")]),  # joined form
        ("joint exercises and training between", [("joint exercises and training", "联合演训")]),
        ("the Japan Air Self-Defense Force (JASDF) conducted", [
            ("Japan Air Self-Defense Force", "航空自卫队"), ("JASDF", "航空自卫队")]),
        ("jasdf in lower case", []),
    ],
)
def test_english_tolerant_of_case_plurals_hyphens(text, expected):
    assert found(text, "en") == expected


def test_overlapping_mode_reports_nested_terms():
    assert found("重点打造反击能力", "zh", overlapping=True) == [("反击能力", "反击能力"), ("能力", "能力")]
    assert found("counterattack capabilities", "en", overlapping=True) == [
        ("counterattack capabilities", "反击能力"), ("capabilities", "能力")]


@pytest.mark.parametrize(
    "token, key",
    [("Capabilities", "capability"), ("forces", "force"), ("alliances", "alliance"), ("US", "=US"),
     ("us", "us"), ("status", "status"), ("analysis", "analysis"), ("navies", "navy"),
     ("branches", "branch"), ("JASDF", "=JASDF"), ("I", "i")],
)
def test_english_keys(token, key):
    assert english_key(token) == key


def test_automaton_finds_all_overlapping_patterns():
    automaton = Automaton()
    for value, word in enumerate(["he", "she", "his", "hers"]):
        automaton.add(word, value)
    matches = sorted(automaton.scan("ushers"))
    assert matches == [(1, 4, 1), (2, 4, 0), (2, 6, 3)]


def test_no_entries_no_hits():
    assert TermMatcher([]).find("anything", "en") == []


def test_lazy_longest_selection_equals_the_brute_force_one():
    """scan_longest tries shorter patterns only when longer ones are refused; it must pick
    exactly what sorting every candidate (longest, then leftmost) and taking each that
    does not overlap would pick."""
    import random

    rng = random.Random(11)
    for _ in range(300):
        alphabet = "abcd"
        patterns = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(12)}
        automaton = Automaton()
        for value, pattern in enumerate(sorted(patterns)):
            automaton.add(pattern, value)
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        taken, expected = set(), []
        for start, end, value in sorted(automaton.scan(text), key=lambda m: (m[0] - m[1], m[0], m[2])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                expected.append((start, end, value))
        assert automaton.scan_longest(text, len(text)) == sorted(expected), (sorted(patterns), text)


# -- a rendering inside a longer name or compound does not count ----------------------------

RULE_ENTRIES = [
    entry("日本境内", "on Japanese soil", "in Japan"),
    entry("日欧", "Japan-EU", "Japan-Europe"),
    entry("欧盟", "European Union", "EU"),
    entry("美国", "United States", "US"),
    entry("日方", "the Japanese", "the Japanese side"),
    entry("北约", "NATO"),
    entry("首相", "prime minister"),
    entry("战后", "post-war"),
]


def ruled(text: str, overlapping: bool = False, entries=RULE_ENTRIES) -> list[tuple[str, str]]:
    matcher = TermMatcher(entries)
    return [(text[h.start:h.end], entries[h.entry].zh) for h in matcher.find(text, "en", overlapping)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a match never ends or starts inside a hyphenated compound
        ("Major Trends in Japan-Europe Security Cooperation", [("Japan-Europe", "日欧")]),
        ("regular Japan-EU summits", [("Japan-EU", "日欧")]),
        ("the Outlook for EU-China Relations", []),
        ("a US-led coalition", []),
        ("Japan–EU relations (en dash)", [("Japan–EU", "日欧")]),
        ("training in Japan-Europe style", [("Japan-Europe", "日欧")]),
        ("training in Japan - Europe watched", [("in Japan", "日本境内")]),  # spaced: not a compound
        ("the post-war order", [("post-war", "战后")]),  # the rendering's own hyphen is fine
        # a rendering built around a name does not match where a capitalised word continues it
        ("between the Japanese Self-Defense Forces and", []),
        ("the Japanese Foreign Minister Taro Kono", []),
        ("The Japanese believe that", [("The Japanese", "日方")]),
        ("as the Japanese said", [("the Japanese", "日方")]),
        ("the Japanese. Europe agreed", [("the Japanese", "日方")]),  # a new sentence is no continuation
        ("the Japanese (JSDF)", [("the Japanese", "日方")]),
        ("the Japanese side\nEurope", [("the Japanese side", "日方")]),
        ("the first time in Japan Coast Guard history", []),
        # names themselves still match when a longer name starts with them
        ("NATO Secretary General Jens Stoltenberg", [("NATO", "北约")]),
        ("Japanese Prime Minister Fumio Kishida", [("Prime Minister", "首相")]),
        ("the European Union Naval Force", [("European Union", "欧盟")]),
    ],
)
def test_no_match_inside_a_longer_name_or_compound(text, expected):
    assert ruled(text) == expected


def test_the_rules_hold_for_nested_hits_too():
    assert ruled("the Japan-EU partnership", overlapping=True) == [("Japan-EU", "日欧")]
    assert ruled("the Japanese Self-Defense Forces", overlapping=True) == []


def test_a_refused_longer_match_leaves_room_for_a_shorter_one():
    entries = [entry("日本", "Japan"), entry("日本境内", "in Japan")]
    assert ruled("training in Japan Coast Guard waters", entries=entries) == [("Japan", "日本")]


EXCLUDING = [
    GlossaryEntry(zh="日方", en="the Japanese", variants=("the Japanese side",),
                  exclude=("the Japanese government", "the Japanese people")),
    GlossaryEntry(zh="中日", en="China-Japan", exclude=("中日韩",)),
    GlossaryEntry(zh="日本政府", en="Japanese government"),
]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Since the 1990s, the Japanese government has", "en", [("Japanese government", "日本政府")]),
        ("The Japanese Governments of the time", "en", [("Japanese Governments", "日本政府")]),  # case, plural
        ("rooted among the Japanese people", "en", []),
        ("The Japanese believe that", "en", [("The Japanese", "日方")]),
        ("中日韩峰会", "zh", []),
        ("中日关系与中日韩合作", "zh", [("中日", "中日")]),
        ("日方认为", "zh", [("日方", "日方")]),
    ],
)
def test_exclusions_per_entry(text, lang, expected):
    matcher = TermMatcher(EXCLUDING)
    for overlapping in (False, True):
        hits = matcher.find(text, lang, overlapping)
        assert [(text[h.start:h.end], EXCLUDING[h.entry].zh) for h in hits] == expected


def test_occurring_and_present():
    matcher = TermMatcher(ENTRIES)
    text = "building counterattack capabilities and capabilities"
    assert matcher.occurring(text, "en") == [0, 1]  # 反击能力 first, then 能力 on its own
    assert matcher.present("counterattack capabilities", "en") == {0, 1}  # nested 能力 too
    assert matcher.occurring("counterattack capabilities", "en") == [0]


def test_lazy_longest_selection_with_refusals_equals_the_brute_force_one():
    """A refused candidate leaves its place to shorter ones: the same as dropping it from
    the candidates before the brute-force selection."""
    import random

    rng = random.Random(12)
    for _ in range(300):
        patterns = {"".join(rng.choice("abc") for _ in range(rng.randint(1, 4))) for _ in range(10)}
        automaton = Automaton()
        for value, pattern in enumerate(sorted(patterns)):
            automaton.add(pattern, value)
        text = "".join(rng.choice("abc") for _ in range(rng.randint(0, 30)))
        refused = {(rng.randrange(31), rng.randrange(10)) for _ in range(15)}

        def allowed(start, end, value):
            return (start, value) not in refused

        taken, expected = set(), []
        candidates = [m for m in automaton.scan(text) if allowed(*m)]
        for start, end, value in sorted(candidates, key=lambda m: (m[0] - m[1], m[0], m[2])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                expected.append((start, end, value))
        assert automaton.scan_longest(text, len(text), allowed) == sorted(expected), (sorted(patterns), text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("trained in Japan- and Europe-based units", [("in Japan", "日本境内")]),  # a hanging hyphen joins nothing
        ("trained in Japan--Europe watched", [("in Japan", "日本境内")]),  # a double hyphen is a dash
        ("-Japan-EU-", [("Japan-EU", "日欧")]),
        ("in Japan‐Europe (U+2010)", [("Japan‐Europe", "日欧")]),
        ("the Japanese\tSelf-Defense Forces", []),  # any white space between
        ("the Japanese\nSelf-Defense Forces", [("the Japanese", "日方")]),  # a line break ends a heading
        ("", []),
    ],
)
def test_rules_at_the_edges(text, expected):
    assert ruled(text) == expected
