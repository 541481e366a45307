"""Small pairs linked together (reader.core.pairalign) give the very links the aligner
gives each pair alone: the same beads, the same scores (to the last bit), on the bundled
article's pairs, on pairs made of MAC-Dev's hand-aligned chapters (read by path from
../shared, never copied here), and on a table of hard cases: names spelled in pinyin
(mid-sentence or only at a sentence's start, in one pair and not its neighbour), a name
that alone makes a token, sentences repeated within and across pairs, traditional
characters, deleted sentences, and pairs too large for the shortcut."""

from __future__ import annotations

import os
import random

import pytest
from _support import BUNDLED_ID, ROOT

from reader.core.model import Pair
from reader.core.pairalign import SMALL, align_pairs
from reader.core import pairlinks
from reader.core.pairlinks import _aligner, link_all, link_sentences, sentence_spans
from reader.core.store import Library, bundled_library

MAC_DEV = ROOT.parent / "shared" / "corpora" / "mac-dev" / "intertext"


def _beads(result):
    return [(list(b.en), list(b.zh), b.score) for b in result]


def _same_as_the_aligner(pairs):
    aligner = _aligner()
    together = align_pairs(pairs, aligner)
    alone = [aligner.align(list(en), list(zh)) for en, zh in pairs]
    differ = [(number, _beads(a), _beads(b)) for number, (a, b) in enumerate(zip(together, alone))
              if _beads(a) != _beads(b)]
    assert not differ, differ[:3]
    return together


def _sides(pair):
    en, zh = sentence_spans(pair.en, "en"), sentence_spans(pair.zh, "zh")
    return [pair.en[s:e] for s, e in en], [pair.zh[s:e] for s, e in zh]


def test_the_bundled_articles_pairs_get_the_aligners_links():
    text = Library(bundled_library()).load(BUNDLED_ID)
    every = [_sides(p) for p in text.pairs if p.kind in ("body", "note") and p.en.strip() and p.zh.strip()]
    pairs = [(en, zh) for en, zh in every if len(en) > 1 or len(zh) > 1]
    assert len(pairs) >= 5
    _same_as_the_aligner(pairs)
    # and dealt out as the scale benchmark's text is: the article's sentence links
    # shuffled, one to four a pair
    links = [([p.en[s:e] for s, e in (p.sentences_en[i] for i in en)],
              [p.zh[s:e] for s, e in (p.sentences_zh[j] for j in zh)])
             for p in text.pairs if p.kind == "body" and p.links for en, zh, _ in p.links]
    links = [(en, zh) for en, zh in links if en and zh]
    rng, dealt = random.Random(16), []
    for _ in range(6):
        deck = links[:]
        rng.shuffle(deck)
        while deck:
            group = [deck.pop() for _ in range(min(rng.randint(1, 4), len(deck)))]
            dealt.append((sum((en for en, _ in group), []), sum((zh for _, zh in group), [])))
    assert len(dealt) > 40 and any(len(en) > 3 for en, _ in dealt)
    _same_as_the_aligner(dealt)


@pytest.mark.skipif(not MAC_DEV.is_dir(), reason="needs ../shared/corpora/mac-dev")
@pytest.mark.parametrize("chapter", ["001", "004"])
def test_mac_dev_pairs_of_one_to_four_gold_links_get_the_aligners_links(chapter):
    from reader.formats.intertext import read_pair

    gold = read_pair(MAC_DEV / f"dev-anno.{chapter}_zh.{chapter}_en.xml")
    rng, pairs, at = random.Random(int(chapter)), [], 0
    while at < len(gold.beads):
        group = gold.beads[at:at + rng.randint(1, 4)]
        at += len(group)
        en = [gold.en.sentences[i] for bead in group for i in bead[0]]
        zh = [gold.zh.sentences[j] for bead in group for j in bead[1]]
        if en and zh:
            pairs.append((en, zh))
    assert len(pairs) > 30
    together = _same_as_the_aligner(pairs)
    assert any(len(beads) > 2 for beads in together)


CASES = [
    # a name in pinyin mid-sentence (one syllable enough) ...
    (["Mr Lin came home late.", "The rain had stopped."], ["林先生回家很晚。", "雨已经停了。"]),
    # ... and only at a sentence's start (two syllables wanted) in the next pair
    (["Lin was tired.", "He slept."], ["林很累。", "他睡了。"]),
    (["Qingyang smiled at her.", "She said nothing.", "Qingyang left."], ["清扬对她笑了笑。", "她什么也没说。", "清扬走了。"]),
    # a name that alone makes a token of a character the dictionary gives no keys
    (["Mr Yi came.", "He sat down."], ["亦先生来了。", "他坐下了。"]),
    # the same sentence twice in a pair, and again in the next pair
    (["Yes.", "Yes.", "Then he went out."], ["是的。", "是的。", "然后他出去了。"]),
    (["Yes.", "Then he went out."], ["是的。", "然后他出去了。"]),
    # traditional characters
    (["The government said so.", "Nobody believed it."], ["政府這樣說。", "沒有人相信。"]),
    # a sentence with no counterpart, and two English sentences for one Chinese
    (["It was cold.", "Very cold indeed.", "Completely unrelated words appear here."],
     ["天气很冷。"]),
    (["One.", "Two."], ["一。", "二。", "三。", "四。"]),
    # learnt translations: words meeting in several confident beads
    (["Trinket ran.", "Trinket laughed.", "Trinket slept.", "Trinket ate."],
     ["韦小宝跑了。", "韦小宝笑了。", "韦小宝睡了。", "韦小宝吃了。"]),
    # too large for the shortcut: the aligner itself
    ([f"Sentence number {k} is here." for k in range(SMALL + 2)],
     [f"这是第{k}句。" for k in range(SMALL + 1)]),
]


def test_hard_cases_get_the_aligners_links():
    _same_as_the_aligner(CASES)
    # each alone, too (a batch of one)
    for case in CASES:
        _same_as_the_aligner([case])


def test_an_import_links_its_pairs_as_link_sentences_does():
    rng = random.Random(3)
    sentences = [case for case in CASES[:-1]]
    pairs = []
    for number in range(60):
        en, zh = rng.choice(sentences)
        pairs.append(Pair(f"p{number + 1}", rng.choice(["body", "body", "note", "heading"]),
                          " ".join(en), "".join(zh)))
    pairs.append(Pair("p99", "body", "Only English.", ""))
    pairs.append(Pair("p100", "body", "One sentence.", "一句话。"))
    linked = list(link_all(pairs))
    expected = [link_sentences(p) if p.kind in ("body", "note") else p for p in pairs]
    assert linked == expected
    assert linked[-1].links == (((0,), (0,), 1.0),)
    assert linked[-2].links == expected[-2].links


def _forks() -> bool:
    import multiprocessing

    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


@pytest.mark.skipif(not _forks(), reason="no fork, or one core")
@pytest.mark.parametrize("count", [7, 12, 16, 17])  # an odd or even number of batches, a last one short
def test_linking_beside_a_worker_gives_the_same_links(monkeypatch, count):
    monkeypatch.setattr(pairlinks, "BATCH", 4)
    monkeypatch.setattr(pairlinks, "_may_fork", lambda: True)  # whatever threads earlier tests left running
    rng = random.Random(count)
    pairs = [Pair(f"p{number + 1}", rng.choice(["body", "note", "heading"]), " ".join(en), "".join(zh))
             for number, (en, zh) in enumerate(rng.choice(CASES) for _ in range(count))]
    used = []
    beside = pairlinks._linked_beside
    monkeypatch.setattr(pairlinks, "_linked_beside", lambda *args: used.append(True) or beside(*args))
    assert list(link_all(pairs, beside=True)) == list(link_all(pairs))
    assert used == [True]


def test_no_worker_is_forked_while_another_thread_runs():
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not pairlinks._may_fork()
    finally:
        stop.set()
        other.join()
