"""Scoring translations and keeping attempts."""

from __future__ import annotations

import pytest

from reader.core.glossary import GlossaryEntry
from reader.core.matching import TermMatcher
from reader.core.model import Pair
from reader.core.study import AttemptLog, attempt, normalise, rechecked, score, summarise
from reader.core.userstate import UserState

PAIR = Pair("p1", "body", "It builds counterattack capabilities and a quasi-alliance.", "它打造反击能力和准同盟。")
MATCHER = TermMatcher([
    GlossaryEntry("反击能力", "counterattack capabilities", ("counterstrike capability",)),
    GlossaryEntry("准同盟", "quasi-alliance"),
])


@pytest.mark.parametrize(
    "translation, reference, target, low, high",
    [
        ("它打造反击能力和准同盟。", "它打造反击能力和准同盟。", "zh", 99.9, 100.0),
        ("完全不同的句子", "它打造反击能力和准同盟。", "zh", 0.0, 15.0),
        ("它打造反击能力", "它打造反击能力和准同盟。", "zh", 30.0, 90.0),
        ("It builds counterattack capabilities.", PAIR.en, "en", 40.0, 95.0),
    ],
)
def test_score_is_chrf_plus_plus(translation, reference, target, low, high):
    assert low <= score(translation, reference, target) <= high


@pytest.mark.parametrize(
    "typed, source, same",
    [
        ("日本和欧洲，双方", "日本和欧洲,双方", True),  # the bundled Chinese keeps ASCII commas
        ("中国、日本。", "中国,日本.", True),
        ("他说：“合作！”（见上）", '他说:"合作!"(见上)', True),
        ("「准同盟」『阵营』《条约》", '"准同盟""阵营""条约"', True),
        ("Japan’s “partners”", "Japan's \"partners\"", True),
        ("post—war – pre‐war", "post-war - pre-war", True),
        ("２０２２年　ＮＡＴＯ", "2022年 NATO", True),  # full-width letters, digits, ideographic space
        ("……", "......", True),
        ("a  b\n c", "a b c", True),
        ("日本，欧洲", "日本。欧洲", False),  # a comma is not a full stop
        ("日本", "日本人", False),
    ],
)
def test_punctuation_is_normalised_alike(typed, source, same):
    assert (normalise(typed) == normalise(source)) is same


@pytest.mark.parametrize(
    "translation, reference, target",
    [
        ("由于历史原因，日本的军事安全动向备受关注。", "由于历史原因,日本的军事安全动向备受关注。", "zh"),
        ("Japan’s “quasi-alliance” — with Europe.", "Japan's \"quasi-alliance\" - with Europe.", "en"),
    ],
)
def test_punctuation_forms_do_not_cost_points(translation, reference, target):
    assert score(translation, reference, target) == pytest.approx(100.0)


def test_terms_used_and_missed_either_direction():
    into_zh = attempt("t", PAIR, "它建立反击能力。", "zh", MATCHER)
    assert (into_zh.used, into_zh.missed) == (["反击能力"], ["准同盟"])
    into_en = attempt("t", PAIR, "It builds a counterstrike capability and a quasi alliance.", "en", MATCHER)
    assert (into_en.used, into_en.missed) == (["反击能力", "准同盟"], [])


def test_attempts_are_kept_and_summarised(tmp_path):
    state, _ = UserState.open(tmp_path)
    log = AttemptLog(state, "t")
    log.add(attempt("t", PAIR, "它建立反击能力。", "zh", MATCHER))
    log.add(attempt("t", PAIR, "它打造反击能力和准同盟。", "zh", MATCHER))  # a better second try
    attempts, warning = AttemptLog(UserState.open(tmp_path)[0], "t").load()  # another reader sees them
    assert warning is None and len(attempts) == 2
    assert attempts[1].used == ["反击能力", "准同盟"] and attempts[0].missed == ["准同盟"]
    summary = summarise(attempts)
    assert summary.pairs_done == 1 and summary.attempts == 2
    assert summary.average == attempts[-1].score  # the latest attempt counts
    assert summary.missed_terms == {}


def test_two_readers_practising_at_once_keep_every_attempt(tmp_path):
    one, two = AttemptLog(UserState.open(tmp_path)[0], "t"), AttemptLog(UserState.open(tmp_path)[0], "t")
    for number in range(6):
        (one if number % 2 else two).add(attempt("t", PAIR, f"它{number}", "zh", MATCHER))
    attempts, _ = one.load()
    assert [a.translation for a in attempts] == [f"它{n}" for n in range(6)]
    assert AttemptLog(UserState.open(tmp_path)[0], "other").load() == ([], None)


def test_the_summary_counts_misses_by_todays_verdict():
    """An attempt saved under an older glossary or older rules (here: 日方 "the Japanese"
    counted inside "the Japanese Self-Defense Forces") is checked again for the summary."""
    pair = Pair("p5", "body", "exercises between the Japanese Self-Defense Forces and Europe", "日本自卫队与欧洲的演训")
    matcher = TermMatcher([
        GlossaryEntry("日方", "the Japanese"),
        GlossaryEntry("日本自卫队", "Japanese Self-Defense Forces", ("Japan Self-Defense Forces",)),
    ])
    old = attempt("t", pair, "日本自卫队与欧洲演训", "zh", matcher)
    old.used, old.missed = ["日本自卫队"], ["日方"]  # what the reader used to record
    gone = attempt("t", Pair("p99", "body", "x", "y"), "y", "zh", matcher)
    gone.missed = ["日方"]
    checked = rechecked([old, gone], [pair], matcher)
    assert (checked[0].used, checked[0].missed) == (["日本自卫队"], [])
    assert checked[1].missed == ["日方"]  # its pair is gone: kept as recorded
    assert summarise(checked).missed_terms == {"日方": 1}
    assert (old.used, old.missed) == (["日本自卫队"], ["日方"])  # the saved record itself is untouched
