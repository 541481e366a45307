"""Strict and lax precision/recall/F1 as Vecalign's score.py defines them, against values
computed by hand."""

from __future__ import annotations

import pytest

from reader.core.evaluation import precision_counts, score, score_one

GOLD = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([], [3])]


def test_perfect_alignment_scores_one():
    s = score_one(GOLD, GOLD)
    assert (s.precision_strict, s.recall_strict, s.f1_strict) == (1.0, 1.0, 1.0)
    assert s.f1_lax == 1.0


def test_split_bead_is_a_lax_hit_but_a_strict_miss():
    test = [([0], [0]), ([1], [1]), ([2], []), ([3], [2]), ([], [3])]
    counts = precision_counts(GOLD, test)
    # 0-0, 3-2 and the deletion ([], [3]) exact; 1-1 overlaps gold 2-1; ([2], []) no hit
    assert (counts.strict_hits, counts.strict_misses, counts.lax_hits, counts.lax_misses) == (3, 2, 4, 1)
    s = score_one(GOLD, test)
    assert s.precision_strict == pytest.approx(3 / 5)
    assert s.precision_lax == pytest.approx(4 / 5)
    # recall: gold without deletions (3 beads) against test without deletions (3 beads):
    # [0]-[0] and [3]-[2] exact, [1,2]-[1] laxly found through [1]-[1]
    assert s.recall_strict == pytest.approx(2 / 3)
    assert s.recall_lax == pytest.approx(1.0)
    assert s.f1_strict == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))


def test_swapped_links_are_misses_both_ways():
    gold = [([0], [0]), ([1], [1])]
    test = [([0], [1]), ([1], [0])]
    s = score_one(gold, test)
    assert s.f1_strict == 0.0 and s.f1_lax == 0.0


def test_counts_add_up_over_documents_before_dividing():
    s = score([GOLD, [([0], [0])]], [GOLD, [([0], [1])]])
    assert s.precision_strict == pytest.approx(4 / 5)
    assert s.recall_strict == pytest.approx(3 / 4)


def test_empty_everything_is_zero_not_an_error():
    s = score_one([], [])
    assert s.f1_strict == 0.0 and s.f1_lax == 0.0
    with pytest.raises(ValueError):
        score([GOLD], [])
