"""Word links learnt from a small text of our own sentences, and their cache."""

from __future__ import annotations

import pytest

from reader.core.dictionary import Dictionary
from reader.core.glossary import GlossaryEntry
from reader.core.model import Pair
from reader.core.wordlinks import WordLinkModel, cache_key, cached, learn

SENTENCES = [
    ("Security cooperation between Japan and Europe has grown.", "日本与欧洲的安全合作不断加强。"),
    ("Europe cares about security in Asia.", "欧洲关心亚洲的安全。"),
    ("Japan signed an agreement with the EU in 2019.", "日本在2019年与欧盟签署了协定。"),
    ("The minister visited Europe in 2022.", "部长于2022年访问了欧洲。"),
    ("Cooperation on energy security matters to Japan.", "能源安全合作对日本很重要。"),
    ("Kishida met the leaders of Europe.", "岸田会见了欧洲领导人。"),
]


@pytest.fixture(scope="module")
def dictionary():
    return Dictionary.load()


def pairs():
    return [Pair(f"p{n}", "body", en, zh) for n, (en, zh) in enumerate(SENTENCES, 1)]


def english(model, pair, word):
    at = pair.zh.index(word)
    span = model.english_for(pair, (at, at + len(word)))
    return None if span is None else pair.en[span[0]:span[1]]


@pytest.mark.parametrize("n, word, expected", [
    (1, "安全", "Security"), (2, "安全", "security"), (1, "欧洲", "Europe"),
    (3, "2019", "2019"), (4, "2022", "2022"), (5, "能源", "energy"), (3, "日本", "Japan"),
])
def test_counterparts(dictionary, n, word, expected):
    model = learn(pairs(), dictionary, ())
    assert english(model, pairs()[n - 1], word) == expected


def test_glossary_seeds_a_name(dictionary):
    glossary = [GlossaryEntry(zh="岸田", en="Kishida")]
    model = learn(pairs(), dictionary, glossary)
    assert english(model, pairs()[5], "岸田") == "Kishida"


def test_reverse(dictionary):
    model = learn(pairs(), dictionary, ())
    pair = pairs()[1]
    at = pair.en.index("security")
    assert [pair.zh[a:b] for a, b in model.chinese_for(pair, (at, at + len("security")))] == ["安全"]


def test_pair_with_one_side_has_no_links(dictionary):
    model = learn([Pair("x", "body", "English only.", "")], dictionary, ())
    assert model.links("x") == []


def test_cache_reused_and_invalidated(dictionary, tmp_path, monkeypatch):
    import reader.core.wordlinks as wordlinks

    calls = []
    real = wordlinks.learn
    monkeypatch.setattr(wordlinks, "learn", lambda *a: calls.append(1) or real(*a))
    first = cached("t", b"alignment 1", pairs(), dictionary, (), cache_dir=tmp_path)
    again = cached("t", b"alignment 1", pairs(), dictionary, (), cache_dir=tmp_path)
    assert len(calls) == 1 and again.links("p1") == first.links("p1") and first.links("p1")
    cached("t", b"alignment 2", pairs(), dictionary, (), cache_dir=tmp_path)
    assert len(calls) == 2
    cached("t", b"alignment 2", pairs(), dictionary, [GlossaryEntry(zh="岸田", en="Kishida")], cache_dir=tmp_path)
    assert len(calls) == 3


def test_damaged_cache_is_recomputed(dictionary, tmp_path):
    model = cached("t", b"a", pairs(), dictionary, (), cache_dir=tmp_path)
    path = tmp_path / "wordlinks" / "t.npz"
    path.write_bytes(path.read_bytes()[:40])
    assert WordLinkModel.from_bytes(path.read_bytes(), cache_key(b"a", ())) is None
    again = cached("t", b"a", pairs(), dictionary, (), cache_dir=tmp_path)
    assert again.links("p1") == model.links("p1")
    assert WordLinkModel.from_bytes(path.read_bytes(), cache_key(b"a", ())) is not None


def test_a_words_english_is_the_run_of_linked_words_nearest_its_place():
    # 首先 linked to "Firstly" and, wrongly, to "align itself" at the other end: the
    # rendering offered is the run where the word stands, not everything in between
    import numpy as np

    en = "Firstly, Japan wants to align itself with NATO."
    pair = Pair("p1", "body", en, "首先日本希望对标北约。")
    align = en.index("align")
    rows = np.array([[0, 2, 0, 7], [0, 2, align, align + 5], [0, 2, align + 6, align + 12]], dtype=np.int64)
    model = WordLinkModel({"p1": rows})
    assert model.english_for(pair, (0, 2)) == (0, 7)
    later = Pair("p1", "body", en, "日本希望对标北约，首先。")  # the word at the end: the run at the end
    moved = WordLinkModel({"p1": rows + np.array([9, 9, 0, 0])})
    assert en[slice(*moved.english_for(later, (9, 11)))] == "align itself"


def test_a_child_process_learns_the_same_links(dictionary, tmp_path):
    # a large text is learnt in a child process (the reader's keys never wait on it):
    # the links are those learnt here, and the cache it leaves is reused
    from reader.core.wordlinks import _cache_path, learned

    glossary = [GlossaryEntry(zh="岸田", en="Kishida")]
    here = learn(pairs(), dictionary, glossary)
    there = learned("t", b"a", pairs(), dictionary, glossary, cache_dir=tmp_path, process=True)
    assert there.by_pair.keys() == here.by_pair.keys()
    assert all(there.links(p) == here.links(p) for p in here.by_pair)
    assert _cache_path(tmp_path, "t").is_file()
    assert learned("t", b"a", pairs(), dictionary, glossary, cache_dir=tmp_path, process=True).links("p6")


def test_term_spans_of_many_terms_at_once():
    from reader.core.wordlinks import _term_finder, term_spans

    terms = ["反击能力", "反击", "能力", "日本", "日本政府", "欧盟", "a.b"]
    find = _term_finder(terms)
    for text in ["日本政府的反击能力和欧盟", "日本的能力", "无", "反击能反击", "a.b axb"]:
        assert sorted(find(text)) == sorted(term_spans(text, terms))
