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
from reader.core.dictionary import Dictionary
from reader.core.store import Library
from reader.formats.bitext import import_bitext
from reader.formats.plaintext import read_plain

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
    return Aligner(Lexicon.load(cache_dir=folder, data_file=data), Dictionary.load(cache_dir=folder, data_file=data))


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
    text = read_plain(ZH, "zh")
    assert (text.title, text.title_line) == ("三本书", 1)
    paras = text.paragraphs
    assert [(p.first, p.last) for p in paras] == [(3, 4), (6, 6)]
    assert paras[0].text == "老王有三本书。他把书送给了李明，李明很高兴。"
    assert paras[0].sentences == ["老王有三本书。", "他把书送给了李明，李明很高兴。"]
    assert paras[0].lines == [(3, 3), (3, 4)]  # the second sentence runs across a line end
    assert read_plain(EN, "en").paragraphs[0].text.endswith("Li Ming. Li Ming was very happy.")


def test_one_pair_per_paragraph_with_sentences_and_links(small_aligner):
    report = import_bitext(EN, ZH, "story", "story.en.txt", "story.zh.txt", aligner=small_aligner)
    pairs = report.text.pairs
    assert [p.kind for p in pairs] == ["title", "body", "body"]  # paragraphs correspond: one pair each
    assert report.text.meta.title == {"en": "The Three Books", "zh": "三本书"}
    first, second, third = pairs
    assert (first.en, first.zh, first.src_en, first.src_zh) == ("The Three Books", "三本书", ((1, 1),), ((1, 1),))
    assert "paragraph by paragraph" in report.details[-1]
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
    assert len(text.pairs) == 3 and text.pairs[0].kind == "title" and all(p.links for p in text.pairs[1:])

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


# -- texts without paragraph marks (issue 9, item 14) ----------------------------------------------

ROUND = [  # one round of a chapter: (English sentence, its translation), numbered below
    ("Old Wang had {n} books.", "老王有{n}本书。"),
    ("He gave {n} books to Li Ming.", "他把{n}本书送给了李明。"),
    ("Li Ming was very happy.", "李明很高兴。"),
    ("The cat slept for {n} hours.", "猫睡了{n}个小时。"),
    ("The dog ate {n} fish.", "狗吃了{n}条鱼。"),
    ("On day {n} it was cold.", "第{n}天很冷。"),
    ("They watched television at home for {n} hours and went to the river.", "他们在家看了{n}个小时电视，然后去了河边。"),
]


def chapter(rounds: int = 8) -> tuple[list[str], list[str]]:
    en, zh = [], []
    for r in range(rounds):
        for k, (e, z) in enumerate(ROUND):
            n = r * len(ROUND) + k + 2
            en.append(e.format(n=n))
            zh.append(z.format(n=n))
    return en, zh


def side_sentences(pairs, lang):
    return [sentence for pair in pairs for sentence in sentences(pair, lang)]


@pytest.mark.parametrize("layout", ["one sentence a line", "one block"])
def test_unparagraphed_texts_are_cut_into_pairs_at_sure_breaks(small_aligner, layout):
    from reader.core.pairing import LIMIT, MOST_BEADS, bead_size

    en, zh = chapter()
    glue = {"one sentence a line": ("\n", "\n"), "one block": (" ", "")}[layout]
    report = import_bitext(glue[0].join(en) + "\n", glue[1].join(zh) + "\n", "t", "006.en.txt", "006.zh.txt",
                           aligner=small_aligner)
    pairs = report.text.pairs
    assert 6 <= len(pairs) <= 40, len(pairs)  # a pair per few sentences, not one huge pair
    assert all(p.kind == "body" for p in pairs)
    for pair in pairs:
        size = bead_size(sentences(pair, "en"), sentences(pair, "zh"))
        assert size <= LIMIT or len(pair.links) == 1, (pair.id, size)
        assert len(pair.links) <= MOST_BEADS
        assert all(link[2] >= pairlinks.DOUBTFUL for link in pair.links)
    assert side_sentences(pairs, "en") == en and side_sentences(pairs, "zh") == zh  # nothing lost, in order
    text = "\n".join(report.lines())
    assert "paragraph counts differ" not in text and "dropped" not in text
    assert "neither file marks its paragraphs" in text and f"cut into {len(pairs)} pairs" in text
    assert f"no paragraph marks ({layout})" in text
    assert report.text.meta.title == {"en": "006"}
    if layout == "one sentence a line":  # each pair names the lines its sentences are on
        lines = [span for pair in pairs for span in pair.src_en]
        assert lines[0][0] == 1 and lines[-1][1] == len(en)
        assert all(a[1] + 1 == b[0] for a, b in zip(lines, lines[1:]))


def test_cuts_fall_between_confident_links(small_aligner):
    en, zh = chapter()
    en.insert(20, "Nobody in the village could ever explain why.")  # untranslated: a doubtful 1-0 bead
    report = import_bitext("\n".join(en) + "\n", "\n".join(zh) + "\n", "t", "a.en.txt", "a.zh.txt",
                           aligner=small_aligner)
    pairs = report.text.pairs
    for before, after in zip(pairs, pairs[1:]):  # both links beside every cut are sure ones
        assert before.links[-1][2] >= pairlinks.DOUBTFUL and after.links[0][2] >= pairlinks.DOUBTFUL
    assert any("Nobody in the village" in pair.en for pair in pairs)


def test_a_title_line_becomes_the_title_pair_and_the_id(cli, tmp_path):
    en, zh = chapter(3)
    (tmp_path / "006.en.txt").write_text("The Radio Telescopes\n" + "\n".join(en) + "\n", "utf-8")
    (tmp_path / "006.zh.txt").write_text("射电望远镜\n" + "\n".join(zh) + "\n", "utf-8")
    library = tmp_path / "lib"
    result = cli("import", "--en", tmp_path / "006.en.txt", "--zh", tmp_path / "006.zh.txt", "--library", library)
    assert result.code == 0, result.err
    text = Library(library).load("radio-telescopes")
    assert (text.pairs[0].kind, text.pairs[0].en, text.pairs[0].zh) == ("title", "The Radio Telescopes", "射电望远镜")
    assert text.meta.title == {"en": "The Radio Telescopes", "zh": "射电望远镜"}
    assert side_sentences(text.pairs, "en") == en


@pytest.mark.parametrize("name, expected", [
    ("006.en.txt", "006"), ("006.zh.txt", "006"), ("story_en.txt", "story"), ("story-EN.md", "story"),
    ("chapter.english.txt", "chapter"), ("book.zh-CN.txt", "book"), ("en.txt", "en"), ("plain.txt", "plain"),
])
def test_the_file_name_less_its_language_part(name, expected):
    from reader.formats.bitext import name_of

    assert name_of(name) == expected


def test_the_id_comes_from_the_file_name_without_its_language(cli, tmp_path):
    en, zh = chapter(2)
    (tmp_path / "006.en.txt").write_text("\n".join(en) + "\n", "utf-8")
    (tmp_path / "006.zh.txt").write_text("\n".join(zh) + "\n", "utf-8")
    library = tmp_path / "lib"
    result = cli("import", "--en", tmp_path / "006.en.txt", "--zh", tmp_path / "006.zh.txt", "--library", library)
    assert result.code == 0, result.err
    assert result.out.startswith("imported '006':") and Library(library).ids() == ["006"]


def test_a_paragraph_a_line_is_read_as_paragraphs(small_aligner):
    en, zh = chapter(2)
    en_lines = [" ".join(en[i:i + 3]) for i in range(0, len(en), 3)]  # a word processor's plain text
    zh_lines = ["\u3000\u3000" + "".join(zh[i:i + 3]) for i in range(0, len(zh), 3)]  # indented
    report = import_bitext("\n".join(en_lines), "\n".join(zh_lines), "t", "a.txt", "b.txt", aligner=small_aligner)
    assert [pair.en for pair in report.text.pairs] == en_lines
    assert [pair.zh for pair in report.text.pairs] == [line.strip() for line in zh_lines]
    text = "\n".join(report.lines())
    assert f"{len(en_lines)} paragraphs, one a line" in text and "paragraph by paragraph" in text


def test_the_report_says_how_the_paragraphs_differ(small_aligner):
    en, zh = chapter(2)
    report = import_bitext("\n\n".join(en[:7]) + "\n\n" + " ".join(en[7:]), "\n".join(zh) + "\n", "t",
                           "a.txt", "b.txt", aligner=small_aligner)
    assert report.details[2].endswith("(the Chinese file does not mark its paragraphs)")
    report = import_bitext("\n\n".join(en), "\n\n".join(zh[:-2] + ["".join(zh[-2:])]), "t", "a.txt", "b.txt",
                           aligner=small_aligner)
    assert report.details[2].endswith(f"(the paragraph counts differ: {len(en)} English, {len(zh) - 1} Chinese)")


def test_a_long_paragraph_is_cut_too(small_aligner):
    en, zh = chapter(10)
    report = import_bitext(" ".join(en[:3]) + "\n\n" + " ".join(en[3:]), "".join(zh[:3]) + "\n\n" + "".join(zh[3:]),
                           "t", "a.txt", "b.txt", aligner=small_aligner)
    assert report.text.pairs[0].en == " ".join(en[:3])  # the short paragraph stays whole
    assert len(report.text.pairs) > 5
    assert "paragraph by paragraph" in report.details[2]
    assert "paragraph(s) too long for one pair were cut" in "\n".join(report.details)


def test_language_is_told_by_the_whole_file(small_aligner, tmp_path):
    en, zh = chapter(1)
    en[0] = en[0].replace(" had", "，had")  # a stray full-width comma
    en[2] += " He wrote 李明 on the card."  # and a Chinese name
    report = import_bitext("\n".join(en), "\n".join(zh), "t", "a.txt", "b.txt", aligner=small_aligner)
    assert report.text.pairs
    from reader.core.errors import ReaderError

    with pytest.raises(ReaderError, match="not a text"):
        import_bitext("\x01\x02\x03\x04\x05 ab\x06\x07\x08\x0e\x0f", "\n".join(zh), "t", "bin.txt", "b.txt",
                      aligner=small_aligner)
    with pytest.raises(ReaderError, match="no letters"):
        import_bitext("1 2 3\n4 5 6\n", "\n".join(zh), "t", "digits.txt", "b.txt", aligner=small_aligner)
