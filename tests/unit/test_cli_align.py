"""`reader align`, `reader eval` and `reader train-tokenizer`'s parser, on small files written
here: 1-1 and 1-2 beads, a deletion, raw and presplit input, links/tsv/jsonl output, either
language first, gold/pred files and folders with hand-computed scores, broken inputs."""

from __future__ import annotations

import json

import pytest
from _support import FIXTURES, assert_one_line_error

ZH = ["老王有三本书。", "猫在睡觉。", "狗吃鱼。", "天很冷，下雨了。", "红花在河边。"]
EN = ["Old Wang had three books.", "The cat sleeps and the dog eats fish.",
      "It is cold and it rains.", "Red flowers by the river."]
EN_1_2 = ["[0]:[0]", "[1]:[1, 2]", "[2]:[3]", "[3]:[4]"]


@pytest.fixture(autouse=True)
def _existing_library(_library_env, tmp_path, monkeypatch):
    """`reader` wants its library folder to exist, even for commands that need none."""
    (tmp_path / "library").mkdir()
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "library"))


def write(path, lines, sep="\n"):
    path.write_text(sep.join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return write(tmp_path / "en.txt", EN), write(tmp_path / "zh.txt", ZH)


def test_presplit_links_with_a_one_to_two_bead(cli, files):
    en, zh = files
    result = cli("align", en, zh, "--presplit")
    assert result.code == 0, result.err
    assert result.out.splitlines() == EN_1_2


def test_chinese_first_keeps_src_tgt_order(cli, files):
    en, zh = files
    result = cli("align", zh, en, "--presplit", "--format", "links")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["[0]:[0]", "[1, 2]:[1]", "[3]:[2]", "[4]:[3]"]


def test_raw_text_is_split_into_paragraphs_and_sentences(cli, tmp_path):
    en = tmp_path / "en.txt"
    en.write_text(" ".join(EN[:2]) + "\n\n" + " ".join(EN[2:]) + "\n", encoding="utf-8")
    zh = tmp_path / "zh.txt"
    zh.write_text("".join(ZH[:3]) + "\n\n" + "".join(ZH[3:]) + "\n", encoding="utf-8")
    result = cli("align", en, zh)
    assert result.code == 0, result.err
    assert result.out.splitlines() == EN_1_2


def test_a_deleted_sentence(cli, tmp_path):
    en = write(tmp_path / "en.txt", ["Old Wang had three books.", "The cat sleeps.",
                                     "Quarterly revenue of semiconductor manufacturers exceeded analysts' projections.",
                                     "The dog eats fish."])
    zh = write(tmp_path / "zh.txt", ZH[:3])
    result = cli("align", en, zh, "--presplit")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[2]"]


def test_tsv_and_jsonl(cli, files, tmp_path):
    en, zh = files
    tsv = cli("align", en, zh, "--presplit", "--format", "tsv")
    assert tsv.code == 0, tsv.err
    rows = [line.split("\t") for line in tsv.out.splitlines()]
    assert [row[:2] for row in rows] == [[EN[0], ZH[0]], [EN[1], ZH[1] + ZH[2]], [EN[2], ZH[3]], [EN[3], ZH[4]]]
    assert all(float(row[2]) > 0.1 for row in rows)
    jsonl = cli("align", zh, en, "--presplit", "--format", "jsonl")
    records = [json.loads(line) for line in jsonl.out.splitlines()]
    assert records[1]["src"] == [1, 2] and records[1]["tgt"] == [1]
    assert records[1]["src_text"] == ZH[1] + ZH[2] and records[1]["tgt_text"] == EN[1]
    assert all(isinstance(r["score"], float) for r in records)


def test_output_file(cli, files, tmp_path):
    en, zh = files
    out = tmp_path / "links.txt"
    result = cli("align", en, zh, "--presplit", "-o", out)
    assert result.code == 0 and result.out == ""
    assert out.read_text(encoding="utf-8").splitlines() == EN_1_2


@pytest.mark.parametrize("case", ["missing", "latin1", "empty", "same", "blank", "format"])
def test_align_errors(cli, files, tmp_path, case):
    en, zh = files
    other = tmp_path / "other.txt"
    args, names = [en, other, "--presplit"], ["other.txt"]
    if case == "latin1":
        other.write_bytes("caf\xe9\n".encode("latin-1"))
    elif case == "empty":
        other.write_text(" \n\n", encoding="utf-8")
    elif case == "same":
        write(other, ["The dog eats fish."])
        names = ["English", "other.txt"]
    elif case == "blank":
        write(other, ["猫在睡觉。", "", "狗吃鱼。"])
        names = ["other.txt:2"]
    elif case == "format":
        args, names = [en, zh, "--format", "xml"], ["xml"]
    result = cli("align", *args)
    assert_one_line_error(result, *names)


GOLD = ["[0]:[0]", "[1]:[1, 2]", "[2]:[]"]
PRED = ["[0]:[0]", "[1]:[1]", "[]:[2]", "[2]:[]"]


def scores(out):
    record = json.loads(out)
    return record["documents"], record["strict"], record["lax"]


def test_eval_files_with_hand_computed_scores(cli, tmp_path):
    gold, pred = write(tmp_path / "gold.txt", GOLD), write(tmp_path / "pred.txt", PRED)
    # precision: 4 test beads; strict hits [0]:[0] and the gold deletion [2]:[]; lax adds
    # [1]:[1] (gold links 1 with 1). Recall: 2 gold links; strict [0]:[0]; lax both.
    documents, strict, lax = scores(cli("eval", gold, pred, "--json").out)
    assert documents == 1
    assert strict == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})
    assert lax == pytest.approx({"precision": 0.75, "recall": 1.0, "f1": 2 * 0.75 / 1.75})
    table = cli("eval", gold, pred)
    assert table.code == 0
    assert table.out.splitlines()[2].split() == ["strict", "0.500", "0.500", "0.500"]


def test_eval_folders_count_over_all_documents(cli, tmp_path):
    for folder, a in (("gold", GOLD), ("pred", PRED)):
        (tmp_path / folder).mkdir()
        write(tmp_path / folder / "a.txt", a)
        write(tmp_path / folder / "b.txt", ["[0]:[0]"])
    documents, strict, lax = scores(cli("eval", tmp_path / "gold", tmp_path / "pred", "--json").out)
    assert documents == 2
    p, r = 3 / 5, 2 / 3
    assert strict == pytest.approx({"precision": p, "recall": r, "f1": 2 * p * r / (p + r)})
    assert lax["recall"] == pytest.approx(1.0)


def test_eval_scores_with_vecalign_costs(cli, tmp_path):
    gold = write(tmp_path / "gold.txt", GOLD)
    pred = write(tmp_path / "pred.txt", [line + ":0.125" for line in GOLD])
    _, strict, lax = scores(cli("eval", gold, pred, "--json").out)
    assert strict["f1"] == lax["f1"] == 1.0


@pytest.mark.parametrize("case", ["bad-line", "bad-number", "missing", "file-and-folder", "unmatched"])
def test_eval_errors(cli, tmp_path, case):
    gold = write(tmp_path / "gold.txt", GOLD)
    pred = tmp_path / "pred.txt"
    names = ["pred.txt"]
    if case == "bad-line":
        write(pred, ["[0]:[0]", "[1]-[1]"])
        names = ["pred.txt:2", "[1]-[1]"]
    elif case == "bad-number":
        write(pred, ["[0]:[0]", "", "[1]:[x]"])
        names = ["pred.txt:3"]
    elif case == "file-and-folder":
        pred.mkdir()
    elif case == "unmatched":
        gold = tmp_path / "gold"
        pred = tmp_path / "pred"
        gold.mkdir(), pred.mkdir()
        write(gold / "a.txt", GOLD)
        write(pred / "b.txt", GOLD)
        names = ["a.txt"]
    assert_one_line_error(cli("eval", gold, pred), *names)


def test_help_lists_the_commands(cli):
    result = cli("--help")
    for name in ("align", "eval", "train-tokenizer"):
        assert name in result.out


# -- InterText link files in eval; language over the whole file (issue 9, items 15, 16) -----------

INTERTEXT = FIXTURES / "intertext"


def test_eval_reads_intertext_link_files_as_gold_or_prediction(cli, tmp_path):
    gold = INTERTEXT / "tale_zh.tale_en.xml"  # English 1:1 | 1:2 1:3 | 2:1 against Chinese 1:1 | 1:2 | 2:1
    pred = write(tmp_path / "pred.txt", ["[0]:[0]", "[1, 2]:[1]", "[3]:[2]"])
    _, strict, _ = scores(cli("eval", gold, pred, "--json").out)
    assert strict["f1"] == 1.0
    off = write(tmp_path / "off.txt", ["[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[2]"])
    _, strict, _ = scores(cli("eval", off, gold, "--json").out)  # InterText as the prediction
    # 2 of its 3 beads are in the gold; 2 of the gold's 3 links (its deletion aside) are found
    assert strict["precision"] == pytest.approx(2 / 3) and strict["recall"] == pytest.approx(2 / 3)


def test_eval_folders_of_intertext_and_of_vecalign_files_match_by_document(cli, tmp_path):
    import shutil

    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir(), pred.mkdir()
    for name in ("tale_en.xml", "tale_zh.xml", "tale_zh.tale_en.xml"):
        shutil.copy(INTERTEXT / name, gold / name)  # the text files are not documents
    write(pred / "tale.txt", ["[0]:[0]", "[1, 2]:[1]", "[3]:[2]"])
    documents, strict, _ = scores(cli("eval", gold, pred, "--json").out)
    assert documents == 1 and strict["f1"] == 1.0
    write(pred / "other.txt", ["[0]:[0]"])
    assert_one_line_error(cli("eval", gold, pred), "other.txt", "no gold file")


def test_an_intertext_file_with_no_links_is_a_one_line_error_in_eval(cli, tmp_path):
    import shutil

    for name in ("tale_en.xml", "tale_zh.xml"):
        shutil.copy(INTERTEXT / name, tmp_path / name)
    empty = tmp_path / "empty_zh.empty_en.xml"
    empty.write_text("<linkGrp toDoc='tale_en.xml' fromDoc='tale_zh.xml'>\n</linkGrp>\n", "utf-8")
    assert_one_line_error(cli("eval", empty, empty), str(empty), "no links")


def test_one_full_width_comma_does_not_make_english_chinese(cli, tmp_path):
    en = write(tmp_path / "en.txt", ["The cat sleeps，the dog eats fish.", "It is cold."])
    zh = write(tmp_path / "zh.txt", ["猫在睡觉，狗吃鱼。", "天很冷。"])
    result = cli("align", en, zh, "--presplit")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["[0]:[0]", "[1]:[1]"]


@pytest.mark.parametrize("content, problem", [(b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f ab", "not a text"),
                                              (b"12 34\n56\n", "no letters")])
def test_a_file_that_is_not_a_text_is_refused_never_english(cli, tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    zh = write(tmp_path / "zh.txt", ["猫在睡觉。"])
    assert_one_line_error(cli("align", bad, zh), str(bad), problem)
