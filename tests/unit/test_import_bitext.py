"""`reader import --en FILE --zh FILE`: two monolingual files split into paragraphs and
sentences, aligned, and stored as pairs with their sentences and scored links; broken
input is a one-line error that leaves the library as it was. The aligner runs on a small
CC-CEDICT written here (no user cache, no download)."""

from __future__ import annotations

import json

import pytest
from _support import FIXTURES, assert_one_line_error, snapshot

from reader.core import pairlinks
from reader.core.aligner import Aligner, Lexicon
from reader.core.store import Library
from reader.formats.bitext import import_bitext, paragraphs

CEDICT = (FIXTURES / "cedict" / "small.txt").read_text(encoding="utf-8")  # a CC-CEDICT in miniature

EN = """\
The Three Books

Old Wang had three books. He gave the books to Li Ming.
Li Ming was very happy.

Old Wang had three books. The cat sleeps.
Yesterday the committee approved an extensive budget for the new railway station.
The dog eats fish. The day is cold.
"""
ZH = """\
三本书

老王有三本书。他把书送给了李明，
李明很高兴。

老王有三本书。猫在睡觉。狗吃鱼。天很冷。
"""


@pytest.fixture(scope="module")
def small_aligner(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cedict")
    data = folder / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    return Aligner(Lexicon.load(cache_dir=folder, data_file=data))


@pytest.fixture(autouse=True)
def _use_small_aligner(small_aligner, monkeypatch):
    monkeypatch.setattr(pairlinks, "_aligner", lambda: small_aligner)


@pytest.fixture
def files(tmp_path):
    en, zh = tmp_path / "story.en.txt", tmp_path / "story.zh.txt"
    en.write_text(EN, encoding="utf-8")
    zh.write_text(ZH, encoding="utf-8")
    return en, zh


def sentences(pair, lang):
    side = pair.side(lang)
    return [side[s:e] for s, e in (pair.sentences_en if lang == "en" else pair.sentences_zh)]


def test_paragraphs_join_lines_and_split_sentences():
    paras = paragraphs(ZH, "zh")
    assert [(p.first, p.last) for p in paras] == [(1, 1), (3, 4), (6, 6)]
    assert paras[1].text == "老王有三本书。他把书送给了李明，李明很高兴。"
    assert paras[1].sentences == ["老王有三本书。", "他把书送给了李明，李明很高兴。"]
    assert paragraphs(EN, "en")[1].text.endswith("Li Ming. Li Ming was very happy.")


def test_one_pair_per_paragraph_with_sentences_and_links(small_aligner):
    report = import_bitext(EN, ZH, "story", "story.en.txt", "story.zh.txt", aligner=small_aligner)
    pairs = report.text.pairs
    assert [p.kind for p in pairs] == ["body"] * 3  # paragraphs correspond: one pair each
    assert report.text.meta.title == {"en": "The Three Books", "zh": "三本书"}
    first, second, third = pairs
    assert first.links == (((0,), (0,), first.links[0][2]),)
    assert sentences(second, "en") == ["Old Wang had three books.", "He gave the books to Li Ming.",
                                       "Li Ming was very happy."]
    assert sentences(second, "zh") == ["老王有三本书。", "他把书送给了李明，李明很高兴。"]
    assert [link[:2] for link in second.links] == [((0,), (0,)), ((1, 2), (1,))]  # a 2-1 bead
    assert second.src_en == ((3, 4),) and second.src_zh == ((3, 4),)
    # the untranslated sentence: a 1-0 bead, doubtful, listed among the warnings
    assert [link[:2] for link in third.links] == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]
    assert third.links[2][2] < pairlinks.DOUBTFUL
    assert any("p3" in w and "1-0" in w and "Yesterday the committee" in w for w in report.warnings)
    for pair in pairs:  # every sentence of the pair is in exactly one link
        for lang, index in (("en", 0), ("zh", 1)):
            spans = pair.sentences_en if lang == "en" else pair.sentences_zh
            assert sorted(i for link in pair.links for i in link[index]) == list(range(len(spans)))


def test_one_to_two_bead_and_unequal_paragraphs(small_aligner):
    en = "Old Wang had three books and he gave the books to Li Ming.\n\nThe cat sleeps.\nThe dog eats fish.\n"
    zh = "老王有三本书。他把书送给了李明。\n\n猫在睡觉。\n\n狗吃鱼。\n"
    report = import_bitext(en, zh, "t", "a.txt", "b.txt", aligner=small_aligner)
    pairs = report.text.pairs
    assert pairs[0].links[0][:2] == ((0,), (0, 1))  # 1-2
    # 2 English paragraphs against 3 Chinese: no pair crosses a paragraph of either side
    assert [(p.en, p.zh) for p in pairs[1:]] == [("The cat sleeps.", "猫在睡觉。"), ("The dog eats fish.", "狗吃鱼。")]
    assert any("the paragraph counts differ" in line for line in report.details)
    assert report.text.meta.title["en"] == "a"  # the first paragraph is no short title


def test_cli_import_show_export(cli, files, tmp_path):
    library = tmp_path / "library"
    en, zh = files
    result = cli("import", "--en", en, "--zh", zh, "--library", library)
    assert result.code == 0, result.err
    assert "story.zh.txt" in result.out and "1 warning(s):" in result.out
    text = Library(library).load("three-books")
    assert text.meta.import_format == "bitext" and text.meta.source_file == "source.txt"
    assert (library / "texts" / "three-books" / "source.txt").read_bytes() == en.read_bytes()
    assert len(text.pairs) == 3 and all(p.links for p in text.pairs)

    shown = cli("show", "three-books", "--width", "100", "--library", library)
    assert shown.code == 0, shown.err
    assert "The three books" not in shown.out and "Old Wang had three books." in shown.out and "猫在睡觉" in shown.out
    exported = cli("export", "three-books", "--format", "jsonl", "--library", library)
    assert exported.code == 0, exported.err
    records = [json.loads(line) for line in exported.out.splitlines() if line.strip()]
    assert any("老王有三本书" in json.dumps(r, ensure_ascii=False) for r in records)

    again = cli("import", "--en", en, "--zh", zh, "--id", "story", "--library", library)
    assert again.code == 0 and Library(library).exists("story")


@pytest.mark.parametrize("case", ["missing-zh", "missing-en", "both", "neither", "not-utf8", "no-file",
                                  "swapped", "format", "empty"])
def test_broken_input_is_one_line_and_changes_nothing(cli, files, tmp_path, case):
    library = tmp_path / "library"
    assert cli("import", "--en", files[0], "--zh", files[1], "--id", "kept", "--library", library).code == 0
    before = snapshot(library)
    en, zh = files
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 au lait.\n".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    args, names = {
        "missing-zh": (["--en", en], ["--zh"]),
        "missing-en": (["--zh", zh], ["--en"]),
        "both": ([en, "--en", en, "--zh", zh], ["not both"]),
        "neither": ([], ["--en FILE --zh FILE"]),
        "not-utf8": (["--en", en, "--zh", bad], ["latin1.txt", "not UTF-8"]),
        "no-file": (["--en", tmp_path / "nowhere.txt", "--zh", zh], ["nowhere.txt"]),
        "swapped": (["--en", zh, "--zh", en], ["story.zh.txt", "Chinese"]),
        "format": (["--en", en, "--zh", zh, "--format", "tsv"], ["--format"]),
        "empty": (["--en", en, "--zh", empty], ["empty.txt"]),
    }[case]
    result = cli("import", *args, "--library", library)
    assert_one_line_error(result, *map(str, names))
    assert snapshot(library) == before
