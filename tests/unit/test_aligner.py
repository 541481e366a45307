"""The sentence aligner on small hand-made bitexts, with a small CC-CEDICT written here:
1-2 and 2-1 beads, a deleted sentence, a swapped pair, paragraph anchors, the lexicon
cache and the tokens."""

from __future__ import annotations

import pytest
from _support import FIXTURES

from reader.core.aligner import Aligner, Lexicon, Settings
from reader.core.english import stem, text_keys
from reader.core.evidence import english_side
from reader.core.glossary import GlossaryEntry
from reader.core.lexicon import hash_text

CEDICT = (FIXTURES / "cedict" / "small.txt").read_text(encoding="utf-8")  # a CC-CEDICT in miniature


@pytest.fixture(scope="module")
def aligner(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cedict")
    data = folder / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    return Aligner(Lexicon.load(cache_dir=folder, data_file=data))


def beads(result):
    return [(b.en, b.zh) for b in result]


ZH = ["老王有三本书。", "猫在睡觉。", "狗吃鱼。", "天很冷，下雨了。", "红花在河边。"]


def test_one_to_one(aligner):
    en = ["Old Wang had three books.", "The cat sleeps.", "The dog eats fish.",
          "It is cold and it rains.", "Red flowers by the river."]
    result = aligner.align(en, ZH)
    assert beads(result) == [([i], [i]) for i in range(5)]
    assert all(b.score > 0.2 for b in result)


def test_one_english_for_two_chinese(aligner):
    en = ["Old Wang had three books.", "The cat sleeps and the dog eats fish.",
          "It is cold and it rains.", "Red flowers by the river."]
    assert beads(aligner.align(en, ZH)) == [([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4])]


def test_two_english_for_one_chinese(aligner):
    en = ["Old Wang had three books.", "The cat sleeps.", "The dog eats fish.",
          "It is cold.", "It rains.", "Red flowers by the river."]
    assert beads(aligner.align(en, ZH)) == [([0], [0]), ([1], [1]), ([2], [2]), ([3, 4], [3]), ([5], [4])]


def test_a_deleted_sentence_is_left_alone(aligner):
    zh = ZH[:3] + ["天很冷，下雨了，我们在家里看了一整天的电视，哪儿也没去，什么也没做。"] + ZH[4:]
    en = ["Old Wang had three books.", "The cat sleeps.", "The dog eats fish.", "Red flowers by the river."]
    result = aligner.align(en, zh)
    assert beads(result) == [([0], [0]), ([1], [1]), ([2], [2]), ([], [3]), ([3], [4])]
    assert result[3].score == Settings().skip


def test_swapped_sentences_come_out_as_one_bead(aligner):
    en = ["Old Wang had three books.", "The dog eats fish.", "The cat sleeps.",
          "It is cold and it rains.", "Red flowers by the river."]
    result = aligner.align(en, ZH)
    # every sentence once, in order
    assert [i for b in result for i in b.en] == list(range(5))
    assert [j for b in result for j in b.zh] == list(range(5))
    # an in-order aligner cannot cross links: the swapped pair is best kept together
    assert beads(result) == [([0], [0]), ([1, 2], [1, 2]), ([3], [3]), ([4], [4])]


def test_paragraphs_are_anchors(aligner):
    en = ["Old Wang had three books.", "The cat sleeps.", "The dog eats fish."]
    zh = ["老王有三本书。", "猫在睡觉。", "狗吃鱼。"]
    # paragraph 1 holds one sentence each side: nothing may cross the boundary
    result = beads(aligner.align(en, zh, [0, 1, 1], [0, 0, 1]))
    assert result[0][0] == [0] and all(0 not in e for e, _ in result[1:])
    assert all(max(z, default=-1) <= 1 for e, z in result if e == [0])


def test_empty_sides(aligner):
    assert beads(aligner.align([], ["猫。"])) == [([], [0])]
    assert beads(aligner.align(["Cat."], [])) == [([0], [])]
    assert aligner.align([], []) == []


def test_glossary_adds_pairs(tmp_path_factory, aligner):
    folder = tmp_path_factory.mktemp("glossary")
    data = folder / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    lexicon = Lexicon.load(cache_dir=folder, data_file=data)
    entry = GlossaryEntry(zh="陈清扬", en="Chen Qingyang", category="person")
    assert lexicon.translations("陈清扬") == ()
    assert "chen" in lexicon.add_glossary([entry]).translations("陈清扬")


def test_lexicon_is_cached(tmp_path):
    data = tmp_path / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    first = Lexicon.load(cache_dir=tmp_path, data_file=data)
    cache = next(tmp_path.glob("lexicon.*"))
    again = Lexicon.load(cache_dir=tmp_path, data_file=data)
    assert again.translations("书") == first.translations("书") == ("book",)
    assert "wang" in again.readings_of("王")
    for damage in (b"garbage", cache.read_bytes()[:-8]):  # not ours; cut short
        cache.write_bytes(damage)
        assert Lexicon.load(cache_dir=tmp_path, data_file=data).translations("书") == ("book",)
        assert cache.read_bytes() != damage  # rebuilt


def test_tokens_and_stems():
    assert stem("walked") == stem("walk") and stem("cities") == "city"
    side, names = english_side(["Then Chen Qingyang has 3 books? Two!"])
    keys = [sorted(side.key[side.key_token == t].tolist()) for t in range(len(side.token_sentence))]
    expected = [("chen", "=chen"), ("qingyang", "=qingyang"), ("#3",), ("book",), ("?",), ("#2",), ("!",)]
    assert keys == [sorted(hash_text(k) for k in group) for group in expected]
    assert names == {"=chen": 1, "=qingyang": 1}  # "Then" is a function word


@pytest.mark.parametrize(("word", "keys"), [
    ("said", ("said", "say")), ("went", ("went", "go")), ("children", ("children", "child")),
    ("left", ("left", "leav")), ("twenty", ("#20",)), ("third", ("#3",)), ("the", ()),
])
def test_english_keys(word, keys):
    assert text_keys(word) == keys


def test_signature_records_what_produced_the_beads(aligner):
    signature = Settings().signature()
    assert signature.startswith("reader-align:")
    assert "|length:pieces*4/0.45|" in signature and "|passes:first+realign+final" in signature
    assert "evidence:lexicon+function+irregular+names" in signature
    assert "evidence:length-only" in Settings(lexical=False).signature()
    assert "passes:first+final" in Settings(realign=False).signature()
    assert "|length:chars/" in Settings(length_unit="chars").signature()
    assert aligner.signature().endswith("|lexicon:cedict.txt:" + str(len(CEDICT.encode())) + ":"
                                        + aligner.signature().rsplit(":", 1)[1])
    assert Settings().changed() == {} and Settings(skip=-0.3).changed() == {"skip": -0.3}


def test_a_doubtful_link_scores_lower(aligner):
    en = ["Old Wang had three books.", "Quantum chromodynamics is hard."]
    result = aligner.align(en, ["老王有三本书。", "猫在睡觉。"])
    assert beads(result) == [([0], [0]), ([1], [1])]
    assert result[1].score < 0.1 < result[0].score
