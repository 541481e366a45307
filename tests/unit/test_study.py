"""Scoring translations and keeping attempts."""

from __future__ import annotations

import json

import pytest

from reader.core.glossary import GlossaryEntry
from reader.core.matching import TermMatcher
from reader.core.model import Pair
from reader.core.study import AttemptLog, attempt, normalise, score, summarise

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
    log = AttemptLog(tmp_path, "t")
    log.add(attempt("t", PAIR, "它建立反击能力。", "zh", MATCHER))
    log.add(attempt("t", PAIR, "它打造反击能力和准同盟。", "zh", MATCHER))  # a better second try
    attempts, warning = log.load()
    assert warning is None and len(attempts) == 2
    summary = summarise(attempts)
    assert summary.pairs_done == 1 and summary.attempts == 2
    assert summary.average == attempts[-1].score  # the latest attempt counts
    assert summary.missed_terms == {}


def test_a_damaged_attempt_log_is_reported_kept_and_started_afresh(tmp_path):
    log = AttemptLog(tmp_path, "t")
    log.path.parent.mkdir(parents=True)
    log.path.write_text("[{]", encoding="utf-8")
    attempts, warning = log.load()
    assert attempts == [] and "damaged" in warning
    assert log.path.with_name("t.json.corrupt").read_text(encoding="utf-8") == "[{]"
    log.add(attempt("t", PAIR, "它", "zh", MATCHER))
    assert len(json.loads(log.path.read_text(encoding="utf-8"))) == 1
