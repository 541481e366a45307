"""The sentence aligner on small hand-made bitexts, with a small CC-CEDICT written here:
1-2 and 2-1 beads, a deleted sentence, a swapped pair, paragraph anchors, the lexicon
cache and the tokens."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
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


def test_a_paragraph_anchor_holds_when_its_paragraph_needs_insertions(aligner):
    # paragraph 0: one English sentence for four Chinese ones, more than any bead shape
    en = ["Old Wang had three books.", "The dog eats fish.", "Red flowers by the river."]
    zh = ["老王有三本书。", "猫在睡觉。", "天很冷。", "下雨了。", "狗吃鱼。", "红花在河边。"]
    result = beads(aligner.align(en, zh, [0, 1, 1], [0, 0, 0, 0, 1, 1]))
    assert [i for e, _ in result for i in e] == [0, 1, 2] and [j for _, z in result for j in z] == list(range(6))
    first = [b for b in result if 0 in b[0] or any(j < 4 for j in b[1])]
    assert all(max(e, default=0) == 0 and max(z, default=0) < 4 for e, z in first)
    assert ([1], [4]) in result and ([2], [5]) in result


def test_chunks_of_the_first_pass_join_up(aligner):
    en = ["Old Wang had three books.", "The cat sleeps.", "The dog eats fish.",
          "It is cold and it rains.", "Red flowers by the river."] * 8
    zh = ZH * 8
    whole = beads(aligner.align(en, zh))
    chunked = Aligner(aligner.lexicon, settings=Settings(chunk=7, chunk_overlap=3)).align(en, zh)
    assert beads(chunked) == whole == [([i], [i]) for i in range(40)]


def test_realign_learns_a_name_the_lexicon_lacks(tmp_path):
    from reader.core.evidence import chinese_side, match_masks
    from reader.core.realign import learn

    data = tmp_path / "cedict.txt"
    data.write_text(CEDICT + "小 小 [xiao3] /small/\n宝 宝 [bao3] /treasure/\n韦 韦 [Wei2] /surname Wei/\n",
                    encoding="utf-8")
    lexicon = Lexicon.load(cache_dir=tmp_path, data_file=data)
    en = ["Trinket had three books.", "The cat sleeps.", "Trinket eats fish.", "It is cold.", "Trinket sleeps."]
    zh = ["韦小宝有三本书。", "猫在睡觉。", "韦小宝吃鱼。", "天很冷。", "韦小宝在睡觉。"]
    en_side, names = english_side(en)
    zh_side = chinese_side(zh, lexicon, names)
    n = len(en)
    masks = match_masks(en_side, zh_side, np.zeros(n, dtype=np.int64), np.full(n, n - 1, dtype=np.int64))
    path = [(i, i) for i in range(n + 1)]
    token, key = learn(en_side, zh_side, masks, path, np.full(n, 0.5))
    taught = {(zh[int(zh_side.token_sentence[t])], int(k)) for t, k in zip(token, key)}
    trinket = hash_text("trinket")
    assert {(s, trinket) for s in zh if s.startswith("韦小宝")} <= taught
    assert all(k == trinket or k == hash_text("=trinket") for _, k in taught)  # nothing else
    assert len(learn(en_side, zh_side, masks, path, np.full(n, -1.0))[0]) == 0  # no confident bead, no lesson


@pytest.mark.parametrize(("sentence", "code"), [
    ("It rains.", 0), ("Does it rain?", 2), ("'Does it rain?'", 3), ("下雨了吗？", 2), ("“下雨了！”", 5),
    ("Well...", 6), ("好吧……", 6), ("“好。”", 1), ("", 0),
])
def test_sentence_endings(sentence, code):
    from reader.core.beadscore import ending

    assert ending(sentence) == code


@pytest.mark.parametrize(("text", "value"), [
    ("三", 3), ("十", 10), ("二十三", 23), ("一九八四", 1984), ("三千五百", 3500), ("两万", 20000),
    ("一亿两千万", 120000000), ("零", 0), ("十五", 15),
])
def test_chinese_numbers(text, value):
    from reader.core.evidence import zh_number

    assert zh_number(text) == value


def test_pronouns_and_negation_meet_their_translations(aligner):
    from reader.core.evidence import chinese_side

    side, names = english_side(["He is not old."])
    zh = chinese_side(["他不老。"], aligner.lexicon, names)
    assert hash_text("~he") in set(side.key.tolist()) and hash_text("~he") in set(zh.key.tolist())
    plain, _ = english_side(["He is not old."], function_words=False)
    assert hash_text("~he") not in set(plain.key.tolist())


def test_work_in_chunks_gives_the_same_evidence(aligner):
    from reader.core.evidence import chinese_side, match_masks

    en = ["Old Wang had three books.", "The cat sleeps.", "The dog eats fish.", "It is cold and it rains."] * 3
    zh = ZH * 3
    en_side, names = english_side(en)
    one, many = chinese_side(zh, aligner.lexicon, names), chinese_side(zh, aligner.lexicon, names, chunk=2)
    for name in ("token_sentence", "token_bit", "key_token", "key", "identity"):
        assert np.array_equal(getattr(one, name), getattr(many, name)), name
    low = np.maximum(np.arange(len(en)) - 3, 0)
    high = np.minimum(np.arange(len(en)) + 3, len(zh) - 1)
    whole, parts = match_masks(en_side, one, low, high), match_masks(en_side, one, low, high, chunk=5)
    assert np.array_equal(whole.en, parts.en) and np.array_equal(whole.zh, parts.zh) and whole.en.any()


def test_every_headword_and_prefix_is_found(tmp_path):
    data = tmp_path / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    lexicon = Lexicon.load(cache_dir=tmp_path, data_file=data)
    words = [line.split()[1] for line in CEDICT.splitlines()]
    probes = words + ["送", "北", "电", "猪", "北京人"]
    prefix, head = lexicon.lookup(np.array([hash_text(w) for w in probes], dtype=np.uint64))
    assert prefix[:len(words)].all() and (head[:len(words)] >= 0).all()
    assert prefix[-5:].tolist() == [True, True, True, False, False]  # 送 starts 送给; 猪 is unknown
    assert (head[-5:] == -1).all()


def test_a_cache_built_by_other_rules_is_rebuilt(tmp_path, monkeypatch):
    from reader.core import lexicon as module

    data = tmp_path / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    Lexicon.load(cache_dir=tmp_path, data_file=data)
    cache = next(tmp_path.glob("lexicon.*"))
    stamp = cache.stat().st_mtime_ns
    monkeypatch.setattr(module, "_rules_digest", lambda: "other rules")
    assert Lexicon.load(cache_dir=tmp_path, data_file=data).translations("书") == ("book",)
    assert cache.stat().st_mtime_ns != stamp


def test_a_passage_left_out_of_one_side_is_found_by_a_wider_search(aligner):
    en = ["Old Wang had three books.", "The cat sleeps.", "The dog eats fish.",
          "It is cold and it rains.", "Red flowers by the river."] * 6
    zh = ZH * 2 + ZH * 2 + ZH * 2
    en = en[:10] + ["Quarterly revenue exceeded analysts' projections again."] * 24 + en[10:]
    narrow = Settings(band=2, band_share=0.0)
    result = beads(Aligner(aligner.lexicon, settings=narrow).align(en, zh))
    assert all(([i], [i]) in result for i in range(9))
    assert all(([i], []) in result for i in range(11, 32))  # the passage, left over
    assert all(([i + 24], [i]) in result for i in range(11, 30))  # and after it, all in step
    lost = beads(Aligner(aligner.lexicon, settings=replace(narrow, lost_run=10**6)).align(en, zh))
    assert lost != result  # without the wider search the band cannot reach


def test_a_lexicon_built_is_told_once(tmp_path):
    """Building the lexicon takes seconds on the real CC-CEDICT: whoever listens is told,
    once; a lexicon read from its cache tells nothing."""
    from reader.core import notices

    data = tmp_path / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    told: list[str] = []
    stop = notices.listen(told.append)
    try:
        Lexicon.load(cache_dir=tmp_path, data_file=data)
        Lexicon.load(cache_dir=tmp_path, data_file=data)
    finally:
        stop()
    assert told == [f"building the aligner's lexicon from CC-CEDICT, once (some seconds): kept in {tmp_path}"]
