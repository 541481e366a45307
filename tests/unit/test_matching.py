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
