"""The term consistency check: a glossary term on one side of a pair needs one of its
renderings on the other; nesting and inflection cause no false alarm; unused entries and
attestations that do not hold are reported."""

from __future__ import annotations

import re

import pytest
from _support import BUNDLED_ID, ROOT

from reader.core.concordance import check_consistency
from reader.core.glossary import GlossaryEntry
from reader.core.matching import TermMatcher
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library


def entry(zh: str, en: str, *variants: str, attested: str = "") -> GlossaryEntry:
    return GlossaryEntry(zh=zh, en=en, variants=variants, attested=attested)


def glossary() -> list[GlossaryEntry]:
    return [
        entry("反击能力", "counterattack capability", "counterstrike capability"),
        entry("同盟", "alliance"),
        entry("北约", "NATO", "North Atlantic Treaty Organization"),
        entry("对标", "benchmark", "align itself with", "reach the NATO benchmark"),
        entry("欧盟", "European Union", "EU"),
        entry("日欧", "Japan-EU", "Japan-Europe"),
        entry("战后体制", "post-war constraints"),
        entry("准同盟", "quasi-alliance"),
    ]


def text(*pairs: tuple[str, str], text_id: str = "t") -> Text:
    return Text(
        TextMeta(id=text_id),
        [Pair(id=f"p{number}", kind="body", en=en, zh=zh) for number, (en, zh) in enumerate(pairs, start=1)],
    )


def check(*pairs: tuple[str, str], entries: list[GlossaryEntry] | None = None, own=None):
    entries = entries if entries is not None else glossary()
    return check_consistency(text(*pairs), TermMatcher(entries), own=own)


def items(report_items) -> list[tuple[str, str, str]]:
    return [(item.pair_id, item.entry.zh, item.found_in) for item in report_items]


@pytest.mark.parametrize(
    "en, zh, matches, misses",
    [
        # consistent
        ("building counterattack capability", "打造反击能力", [("p1", "反击能力", "both")], []),
        # the Chinese term without its rendering
        ("building a strong deterrent", "打造反击能力", [], [("p1", "反击能力", "zh")]),
        # a rendering without the Chinese term
        ("building counterattack capability", "打造威慑力量", [], [("p1", "反击能力", "en")]),
        # a variant is as good as the preferred rendering
        ("building counterstrike capability", "打造反击能力", [("p1", "反击能力", "both")], []),
        # plural, case, inflection: not a miss
        ("Building Counterattack Capabilities", "打造反击能力", [("p1", "反击能力", "both")], []),
        ("two alliances", "两个同盟", [("p1", "同盟", "both")], []),
        ("postwar constraints", "战后体制", [("p1", "战后体制", "both")], []),
        ("a quasi alliance framework", "准同盟体系", [("p1", "准同盟", "both")], []),
        # NATO inside "reach the NATO benchmark" (another entry) is still present in English
        ("Japan would reach the NATO benchmark", "日本宣布“对标北约”",
         [("p1", "北约", "both"), ("p1", "对标", "both")], []),
        # EU inside "Japan-EU" is part of that term, not an occurrence of 欧盟
        ("the Japan-EU partnership", "日欧伙伴关系", [("p1", "日欧", "both")], []),
        # ... but EU on its own is one
        ("the Japan-EU partnership and the EU", "日欧伙伴关系", [("p1", "日欧", "both")], [("p1", "欧盟", "en")]),
        ("no terms at all", "没有术语", [], []),
    ],
)
def test_one_pair(en, zh, matches, misses):
    report = check((en, zh))
    assert items(report.matches) == matches
    assert items(report.misses) == misses
    assert report.pairs_checked == 1
    assert report.text_id == "t"


def test_misses_across_pairs_in_pair_order():
    report = check(
        ("counterattack capability", "反击能力"),
        ("the alliance", "没有"),
        ("nothing", "北约"),
    )
    assert items(report.matches) == [("p1", "反击能力", "both")]
    assert items(report.misses) == [("p2", "同盟", "en"), ("p3", "北约", "zh")]
    assert report.pairs_checked == 3


@pytest.mark.parametrize("en, zh", [("counterattack capability", ""), ("", "打造反击能力"), ("", "")])
def test_monolingual_pairs_are_not_checked(en, zh):
    report = check((en, zh))
    assert report.pairs_checked == 0
    assert report.matches == [] and report.misses == []


def test_a_term_used_only_in_a_monolingual_pair_is_not_unused():
    entries = glossary()
    report = check(("counterattack capability", ""), entries=entries)
    assert "反击能力" not in [e.zh for e in report.unused]


def test_unused_entries_default_to_all_and_are_restricted_by_own():
    entries = glossary()
    pairs = (("the alliance with NATO", "同盟与北约"),)
    report = check(*pairs, entries=entries)
    assert [e.zh for e in report.unused] == ["反击能力", "对标", "欧盟", "日欧", "战后体制", "准同盟"]
    own = [e for e in entries if e.zh in ("同盟", "对标", "战后体制")]
    report = check(*pairs, entries=entries, own=own)
    assert [e.zh for e in report.unused] == ["对标", "战后体制"]
    assert check(*pairs, entries=entries, own=[]).unused == []


def test_a_nested_term_counts_as_used():
    # NATO only ever occurs inside "reach the NATO benchmark": still used
    entries = glossary()
    report = check(("reach the NATO benchmark", "对标北约"), entries=entries)
    assert "北约" not in [e.zh for e in report.unused]


def test_attestations():
    entries = [
        entry("反击能力", "counterattack capability", attested="t:p1"),  # holds
        entry("同盟", "alliance", attested="t:p9"),  # no such pair
        entry("北约", "NATO", attested="t:p2"),  # p2 has the term, not the rendering
        entry("对标", "benchmark", attested="t:p1"),  # p1 has neither
        entry("准同盟", "quasi-alliance", attested="other-text:p1"),  # another text: not checked here
        entry("战后体制", "post-war constraints", attested="editor"),
        entry("欧盟", "European Union", attested="cc-cedict"),
    ]
    report = check(
        ("building counterattack capability", "打造反击能力"),
        ("the alliance", "北约"),
        entries=entries,
    )
    problems = [(e.zh, problem) for e, problem in report.bad_attestations]
    assert problems == [
        ("同盟", "no pair 'p9' in t"),
        ("北约", "pair p2 does not hold both the term and a rendering"),
        ("对标", "pair p1 does not hold both the term and a rendering"),
    ]


def test_attestation_of_a_nested_term_holds():
    entries = [
        entry("北约", "NATO", attested="t:p1"),
        entry("对标", "benchmark", "reach the NATO benchmark", attested="t:p1"),
    ]
    report = check(("Japan would reach the NATO benchmark", "日本宣布“对标北约”"), entries=entries)
    assert report.bad_attestations == []


# -- the bundled parallel article ------------------------------------------------------


def test_bundled_article_check_report(cli):
    result = cli("glossary", "check", BUNDLED_ID, "--library", ROOT)
    assert result.code == 0, result.err
    assert result.err == ""
    lines = result.out.splitlines()
    assert lines[0].startswith(f"term consistency: {BUNDLED_ID} (")
    summary = [line for line in lines if line.startswith("summary: ")]
    assert len(summary) == 1, result.out
    found = re.fullmatch(
        r"summary: (\d+) consistent, (\d+) missed, (\d+) unused, (\d+) bad attestations; (\d+) terms occur",
        summary[0],
    )
    assert found, summary[0]
    consistent, missed, _, bad, terms = map(int, found.groups())
    assert consistent >= 50
    assert missed <= 5
    assert bad == 0
    assert "attestations that do not hold" not in result.out
    assert terms >= 50
    # every miss listed is a real one: the other side lacks every rendering (any case)
    library = Library(ROOT)
    pairs = {pair.id: pair for pair in library.load(BUNDLED_ID).pairs}
    by_zh = {e.zh: e for e in library.glossary(BUNDLED_ID)}
    listed = [
        re.fullmatch(r"  (\S+)\s+(\S+)  (.+)  \((Chinese term, no English rendering|English rendering, no Chinese term)\)", line)
        for line in lines
        if line.endswith(("(Chinese term, no English rendering)", "(English rendering, no Chinese term)"))
    ]
    assert len(listed) == missed and all(listed), result.out
    if missed:
        assert f"misses ({missed}):" in result.out
    for found_line in listed:
        pair_id, zh, en, where = found_line.groups()
        pair, glossary_entry = pairs[pair_id], by_zh[zh]
        assert glossary_entry.en == en
        if where.startswith("Chinese"):
            assert zh in pair.zh
            for rendering in glossary_entry.renderings:
                assert rendering.lower() not in pair.en.lower(), (pair_id, zh, rendering)
        else:
            assert zh not in pair.zh, (pair_id, zh)


def test_bundled_article_misses_are_real():
    """Every miss is credible: where the Chinese term occurs, the English side holds none of
    its renderings in any case (and the reverse), so it is no inflection or variant false alarm."""
    library = Library(ROOT)
    article = library.load(BUNDLED_ID)
    entries = library.glossary(BUNDLED_ID)
    report = check_consistency(article, TermMatcher(entries))
    pairs = {pair.id: pair for pair in article.pairs}
    assert len(report.misses) <= 5
    assert report.bad_attestations == []
    for miss in report.misses:
        pair = pairs[miss.pair_id]
        assert pair.en and pair.zh
        if miss.found_in == "zh":
            assert miss.entry.zh in pair.zh
            for rendering in miss.entry.renderings:
                assert rendering.lower() not in pair.en.lower(), (miss.pair_id, miss.entry.zh, rendering)
        else:
            assert miss.found_in == "en"
            assert miss.entry.zh not in pair.zh, (miss.pair_id, miss.entry.zh)


# -- one matcher, one verdict ------------------------------------------------------------


def test_the_study_scorer_gives_the_reference_the_checks_verdict():
    """`t` scoring the reference translation of a pair says exactly what `reader glossary
    check` says of that pair: the terms occurring on the source side are used where the
    check found them consistent and missed where it reported a miss."""
    from reader.core.study import terms_check

    library = Library(ROOT)
    article = library.load(BUNDLED_ID)
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    report = check_consistency(article, matcher)
    checked = 0
    for pair in article.pairs:
        if not (pair.en and pair.zh):
            continue
        for target, source in (("en", "zh"), ("zh", "en")):
            used, missed = terms_check(pair, pair.side(target), target, matcher)
            occurring = {matcher.entries[i].zh for i in matcher.occurring(pair.side(source), source)}
            assert set(used) | set(missed) == occurring
            assert set(missed) == {i.entry.zh for i in report.misses if i.pair_id == pair.id and i.found_in == source}
            assert set(used) == {i.entry.zh for i in report.matches if i.pair_id == pair.id} & occurring
            checked += 1
    assert checked >= 20


def test_the_japanese_inside_a_longer_name_is_no_occurrence_anywhere(cli):
    """Issue 9, item 11: 日方 "the Japanese" in "the Japanese Self-Defense Forces" (p5) is
    neither expected of a translation nor listed by `reader lookup`."""
    from reader.core.study import terms_check

    library = Library(ROOT)
    article = library.load(BUNDLED_ID)
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    p5 = next(pair for pair in article.pairs if pair.id == "p5")
    assert "the Japanese Self-Defense Forces" in p5.en
    used, missed = terms_check(p5, p5.zh, "zh", matcher)
    assert "日方" not in used + missed
    assert "日本自卫队" in used
    result = cli("lookup", "日方", "--json", "--library", ROOT)
    assert result.code == 0, result.err
    import json

    (found,) = [e for e in json.loads(result.out)["entries"] if e["zh"] == "日方"]
    assert [(o["text"], o["pair"]) for o in found["occurrences"]] == [(BUNDLED_ID, "p8"), (BUNDLED_ID, "p10")]


def test_in_japan_inside_japan_europe_is_not_highlighted_in_the_html_export(cli, tmp_path):
    out = tmp_path / "2022.html"
    result = cli("export", "japan-europe-2022", "--format", "html", "-o", out, "--library", ROOT)
    assert result.code == 0, result.err
    row = re.search(r'<tr id="p4" .*?</tr>', out.read_text(encoding="utf-8")).group()
    assert "Major Trends in <mark" in row and "日本境内" not in row
