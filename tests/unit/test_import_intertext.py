"""`reader import NAME_zh.NAME_en.xml`: an InterText link file and the two texts beside it
become a text of the library, one pair per gold link with its sentences and a link of
score 1.0; broken or hostile XML is a one-line error that leaves the library as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _support import assert_one_line_error, snapshot

from reader.core.store import Library
from reader.formats import detect_format
from reader.formats.intertext_import import import_intertext

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "intertext"
TALE = FIXTURES / "tale_zh.tale_en.xml"


def sentences(pair, lang):
    side = pair.side(lang)
    return [side[s:e] for s, e in (pair.sentences_en if lang == "en" else pair.sentences_zh)]


def test_each_gold_link_is_a_pair():
    report = import_intertext(TALE.read_text(encoding="utf-8"), "tale", str(TALE))
    pairs = report.text.pairs
    assert [(p.id, p.kind) for p in pairs] == [("p1", "body"), ("p2", "body"), ("p3", "body")]
    assert pairs[1].en == "He gave the books to Li Ming. Li Ming was very happy."
    assert pairs[1].zh == "他把书送给了李明，李明很高兴。"
    assert sentences(pairs[1], "en") == ["He gave the books to Li Ming.", "Li Ming was very happy."]
    assert sentences(pairs[1], "zh") == ["他把书送给了李明，李明很高兴。"]
    assert pairs[1].links == (((0, 1), (0,), 1.0),)
    assert all(p.links and p.links[0][2] == 1.0 for p in pairs)
    assert report.text.meta.import_format == "intertext" and not report.warnings


def test_detected_by_its_linkgrp():
    assert detect_format(TALE.read_text(encoding="utf-8")) == "intertext"
    assert detect_format("<linkGrp toDoc='a' fromDoc='b'>\n</linkGrp>\n") == "intertext"


def test_empty_side_links_and_unlinked_sentences(tmp_path):
    for name in ("tale_en.xml", "tale_zh.xml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    link = tmp_path / "gap_zh.gap_en.xml"
    link.write_text("<?xml version='1.0' encoding='utf-8'?>\n"
                    "<linkGrp toDoc='tale_en.xml' fromDoc='tale_zh.xml'>\n"
                    "<link type='1-1' xtargets='1:1;1:1' status='man'/>\n"
                    "<link type='1-0' xtargets='1:2;' status='man'/>\n"
                    "<link type='0-1' xtargets=';1:2' status='man'/>\n"
                    "</linkGrp>\n", encoding="utf-8")
    report = import_intertext(link.read_text(encoding="utf-8"), "gap", str(link))
    pairs = report.text.pairs
    assert (pairs[1].en, pairs[1].zh, pairs[1].links) == ("He gave the books to Li Ming.", "", (((0,), (), 1.0),))
    assert (pairs[2].en, pairs[2].links) == ("", (((), (0,), 1.0),))
    assert any("English sentence(s) in no link" in w and "1:3" in w for w in report.warnings)


@pytest.mark.parametrize("extra", [[], ["--format", "intertext"]])
def test_cli_import_show_export(cli, tmp_path, extra):
    library = tmp_path / "library"
    result = cli("import", TALE, *extra, "--library", library)
    assert result.code == 0, result.err
    text = Library(library).load("tale")
    assert len(text.pairs) == 3 and text.pairs[2].links == (((0,), (0,), 1.0),)
    assert (library / "texts" / "tale" / "source.xml").read_bytes() == TALE.read_bytes()
    shown = cli("show", "tale", "--width", "100", "--library", library)
    assert shown.code == 0, shown.err
    assert "Are you going to Beijing?" in shown.out and "你去北京吗" in shown.out
    exported = cli("export", "tale", "--format", "jsonl", "--library", library)
    assert exported.code == 0, exported.err
    records = [json.loads(line) for line in exported.out.splitlines() if line.strip()]
    assert any("老王有三本书" in json.dumps(r, ensure_ascii=False) for r in records)


@pytest.mark.parametrize("name, words", [
    ("missing_zh.missing_en.xml", ["missing_zh.missing_en.xml", "1:9"]),
    ("broken_zh.broken_en.xml", ["broken_zh.broken_en.xml", "malformed XML"]),
    ("xxe_zh.xxe_en.xml", ["xxe_zh.xxe_en.xml", "entit"]),
])
@pytest.mark.parametrize("extra", [[], ["--format", "intertext"]])
def test_broken_input_is_one_line_and_changes_nothing(cli, tmp_path, name, words, extra):
    library = tmp_path / "library"
    assert cli("import", TALE, "--library", library).code == 0
    before = snapshot(library)
    result = cli("import", FIXTURES / name, *extra, "--id", "bad", "--library", library)
    assert_one_line_error(result, *words)
    assert snapshot(library) == before


def test_missing_text_file_is_one_line(cli, tmp_path):
    link = tmp_path / "lone_zh.lone_en.xml"
    link.write_text("<linkGrp toDoc='lone_en.xml' fromDoc='lone_zh.xml'>\n</linkGrp>\n", encoding="utf-8")
    library = tmp_path / "library"
    assert_one_line_error(cli("import", link, "--library", library), "lone_en.xml", "no such file")
    assert snapshot(library) == {}


# -- hostile and mistaken input (issue 9, items 16, 20, 25) -------------------------------------


def copy_texts(folder: Path) -> None:
    for name in ("tale_en.xml", "tale_zh.xml"):
        shutil.copy(FIXTURES / name, folder / name)


@pytest.mark.parametrize("links, words", [
    ("<link type='1-1' xtargets='1:1;1:1'/>\n<link type='0-0' xtargets=';'/>\n", [":4:", "no sentence on either side"]),
    ("<link type='1-1' xtargets=' ; '/>\n", [":3:", "no sentence on either side"]),
    ("", ["no links"]),
])
def test_a_link_with_no_sentences_or_a_file_with_no_links_is_refused(cli, tmp_path, links, words):
    copy_texts(tmp_path)
    link = tmp_path / "bad_zh.bad_en.xml"
    link.write_text("<?xml version='1.0' encoding='utf-8'?>\n<linkGrp toDoc='tale_en.xml' fromDoc='tale_zh.xml'>\n"
                    + links + "</linkGrp>\n", encoding="utf-8")
    library = tmp_path / "library"
    assert_one_line_error(cli("import", link, "--library", library), str(link), *words)
    assert snapshot(library) == {}


@pytest.mark.parametrize("extra", [[], ["--format", "intertext"], ["--format", "tmx"]])
def test_a_text_file_given_for_import_names_its_link_file(cli, tmp_path, extra):
    copy_texts(tmp_path)
    shutil.copy(TALE, tmp_path / TALE.name)
    line = assert_one_line_error(cli("import", tmp_path / "tale_en.xml", *extra, "--library", tmp_path / "lib"))
    assert line.endswith("this is an InterText text file; import its link file (tale_zh.tale_en.xml)"), line
    (tmp_path / TALE.name).unlink()  # no link file beside it: say what its name looks like
    line = assert_one_line_error(cli("import", tmp_path / "tale_zh.xml", *extra, "--library", tmp_path / "lib"))
    assert "import its link file (NAME_zh.NAME_en.xml" in line and "none was found beside it" in line


def test_a_syntax_error_gives_its_place_once(cli, tmp_path):
    link = tmp_path / "bad_zh.bad_en.xml"
    link.write_text("<?xml version='1.0'?>\n<linkGrp toDoc='a_en.xml' fromDoc='a_zh.xml'>\n"
                    "<link xtargets='1;1'>\n</linkGrp>\n", encoding="utf-8")
    line = assert_one_line_error(cli("import", link, "--library", tmp_path / "lib"), f"{link}:4: ")
    assert line.count("line") == 1 and "column 11" in line, line  # "link line 3": lxml's words, not a place


def test_the_report_does_not_speak_of_page_navigation(cli, tmp_path):
    result = cli("import", TALE, "--library", tmp_path / "lib")
    assert result.code == 0, result.err
    assert "page navigation" not in result.out and "line(s) of" not in result.out


def test_an_intertext_pair_in_utf16_is_read(cli, tmp_path):
    for name in ("tale_en.xml", "tale_zh.xml", TALE.name):
        data = (FIXTURES / name).read_text("utf-8").replace("encoding='utf-8'", "encoding='UTF-16'")
        (tmp_path / name).write_bytes(data.encode("utf-16"))
    result = cli("import", tmp_path / TALE.name, "--library", tmp_path / "lib")
    assert result.code == 0, result.err
    assert Library(tmp_path / "lib").load("tale").pairs[1].zh == "他把书送给了李明，李明很高兴。"
