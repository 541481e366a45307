"""`reader export`: every format on the bundled article, choosing pairs, the sentence
unit, and bad arguments (one line, exit 2, no file left behind)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from _support import BUNDLED_ID, FIXTURES, ROOT, assert_one_line_error
from lxml import etree

from reader.core.store import Library
from reader.formats import EXPORTERS
from reader.formats.delimited import unescape_tsv

TRICKY = FIXTURES / "export" / "library"
STDOUT_FORMATS = ["json", "jsonl", "tmx", "tsv", "csv", "md", "html"]
FILE_ONLY_FORMATS = ["moses", "anki", "intertext"]


@pytest.fixture(scope="module")
def article():
    return Library(ROOT).load(BUNDLED_ID)


def written(fmt: str, target):
    """The files an export to `target` makes."""
    if fmt == "moses":
        return [target.with_name(target.name + ".en"), target.with_name(target.name + ".zh")]
    if fmt == "intertext":
        return [target.with_name(target.name + suffix) for suffix in ("_en.xml", "_zh.xml", f"_zh.{target.name}_en.xml")]
    return [target]


def test_every_format_is_covered():
    assert sorted(STDOUT_FORMATS + FILE_ONLY_FORMATS) == sorted(EXPORTERS)


@pytest.mark.parametrize("fmt", STDOUT_FORMATS)
def test_bundled_article_to_standard_output(cli, article, fmt):
    result = cli("export", BUNDLED_ID, "--format", fmt, "--library", ROOT)
    assert result.code == 0, result.err
    assert result.err == ""
    out = result.out
    pairs = article.pairs
    if fmt == "json":
        assert [p["id"] for p in json.loads(out)["pairs"]] == [p.id for p in pairs]
    elif fmt == "jsonl":
        assert [json.loads(line)["zh"] for line in out.splitlines()] == [p.zh for p in pairs]
    elif fmt == "tmx":
        tus = etree.fromstring(out.encode("utf-8")).findall("body/tu")
        assert [tu.get("tuid") for tu in tus] == [p.id for p in pairs]
    elif fmt == "tsv":
        rows = [[unescape_tsv(f) for f in line.split("\t")] for line in out.splitlines()]
        assert rows[1:] == [[p.id, p.kind, p.en, p.zh] for p in pairs]
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(out, newline="")))[1:] == [[p.id, p.kind, p.en, p.zh] for p in pairs]
    elif fmt == "md":
        assert out.count("\n| p") == len(pairs)
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and out.count('<td class="pid">') == len(pairs)
        assert '<mark class="term c0"' in out, "the bundled glossary's terms are highlighted"


@pytest.mark.parametrize("fmt", STDOUT_FORMATS + FILE_ONLY_FORMATS)
def test_bundled_article_to_a_file(cli, article, tmp_path, fmt):
    target = tmp_path / f"article.{fmt}"
    result = cli("export", BUNDLED_ID, "--format", fmt, "-o", target, "--library", ROOT)
    assert result.code == 0, result.err
    assert result.out == ""
    files = written(fmt, target)
    assert result.err == f"wrote 11 pairs to {' and '.join(map(str, files))}\n"
    assert sorted(tmp_path.iterdir()) == sorted(files), "no temporary files left behind"
    if fmt == "moses":
        en, zh = (f.read_text("utf-8").split("\n") for f in files)
        assert en[:-1] == [p.en for p in article.pairs] and zh[:-1] == [p.zh for p in article.pairs]
    elif fmt == "anki":
        assert zipfile.ZipFile(target).namelist() == ["collection.anki2", "media"]
    elif fmt == "intertext":
        assert f'toDoc="{target.name}_en.xml"' in files[2].read_text("utf-8")
    else:
        shown = cli("export", BUNDLED_ID, "--format", fmt, "--library", ROOT).out
        assert target.read_bytes().decode("utf-8") == shown


@pytest.mark.parametrize("fmt", FILE_ONLY_FORMATS)
def test_file_formats_refuse_standard_output(cli, fmt):
    line = assert_one_line_error(cli("export", BUNDLED_ID, "--format", fmt, "--library", ROOT), "-o")
    assert fmt in line


# -- choosing pairs ----------------------------------------------------------------------------


@pytest.mark.parametrize("spec, ids", [
    ("3-7", ["p3", "p4", "p5", "p6", "p7"]),
    ("3", ["p3"]),
    ("1-11", [f"p{n}" for n in range(1, 12)]),
    ("11", ["p11"]),
    (" 2 - 4 ", ["p2", "p3", "p4"]),
])
def test_pairs_range(cli, spec, ids):
    result = cli("export", BUNDLED_ID, "--format", "tsv", "--pairs", spec, "--library", ROOT)
    assert result.code == 0, result.err
    assert [line.split("\t")[0] for line in result.out.splitlines()] == ["id", *ids]


@pytest.mark.parametrize("spec, words", [
    ("0", ["0", "11 pairs"]),
    ("12", ["12", "11 pairs"]),
    ("5-12", ["5-12", "11 pairs"]),
    ("0-3", ["0-3", "11 pairs"]),
    ("7-3", ["7-3", "backwards"]),
    ("x", ["'x'", "3-7"]),
    ("3-", ["'3-'"]),
    ("-3", ["'-3'"]),
    ("3-7-9", ["'3-7-9'"]),
    ("3–7", ["'3–7'"]),
    ("1.5", ["'1.5'"]),
    ("", ["''"]),
])
def test_pairs_out_of_range_or_malformed(cli, tmp_path, spec, words):
    target = tmp_path / "out.tsv"
    result = cli("export", BUNDLED_ID, "--format", "tsv", f"--pairs={spec}", "-o", target, "--library", ROOT)
    assert_one_line_error(result, "--pairs", *words)
    assert list(tmp_path.iterdir()) == []


def test_pairs_keep_the_footnotes_of_the_chosen_pairs(cli):
    whole = json.loads(cli("export", "tricky", "--format", "json", "--library", TRICKY).out)
    assert [f["pair"] for f in whole["footnotes"]] == ["b1"]
    with_b1 = json.loads(cli("export", "tricky", "--format", "json", "--pairs", "4", "--library", TRICKY).out)
    assert [p["id"] for p in with_b1["pairs"]] == ["b1"] and len(with_b1["footnotes"]) == 1
    without = json.loads(cli("export", "tricky", "--format", "json", "--pairs", "5-9", "--library", TRICKY).out)
    assert [p["id"] for p in without["pairs"]] == ["b2", "b3", "b4", "b5", "n1"]
    assert without["footnotes"] == []


# -- the sentence unit ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_sentence_unit_exports_one_unit_per_sentence_link(cli, tmp_path, fmt):
    result = cli("export", BUNDLED_ID, "--format", fmt, "--unit", "sentence", "-o", tmp_path / "out",
                 "--library", ROOT)
    assert result.code == 0, result.err
    links = sum(max(len(p.links), 1) for p in Library(ROOT).load(BUNDLED_ID).pairs)
    assert f"wrote {links} pairs" in result.err


def test_sentence_units_hold_the_linked_sentences(cli):
    import json

    out = cli("export", BUNDLED_ID, "--format", "jsonl", "--unit", "sentence", "--library", ROOT).out
    units = [json.loads(line) for line in out.splitlines()]
    text = Library(ROOT).load(BUNDLED_ID)
    p3 = text.pairs[2]
    assert [u["id"] for u in units if u["id"].startswith("p3.")] == ["p3.1", "p3.2"]
    first = next(u for u in units if u["id"] == "p3.1")
    assert first["en"] == p3.en[slice(*p3.sentences_en[0])]
    assert first["zh"] == p3.zh[slice(*p3.sentences_zh[0])]
    # every sentence of both sides is in exactly one unit, in order
    for pair in text.pairs:
        if pair.links:
            mine = [u for u in units if u["id"].startswith(pair.id + ".")]
            assert " ".join(u["en"] for u in mine if u["en"]) == " ".join(
                pair.en[slice(*s)] for s in pair.sentences_en)


def test_sentence_unit_needs_sentence_links(cli, tmp_path):
    result = cli("export", "japan-europe-2022", "--format", "tsv", "--unit", "sentence", "-o", tmp_path / "out",
                 "--library", ROOT)
    assert_one_line_error(result, "sentence links", "--unit paragraph")
    assert list(tmp_path.iterdir()) == []


def test_paragraph_unit_is_the_default(cli):
    explicit = cli("export", BUNDLED_ID, "--format", "tsv", "--unit", "paragraph", "--library", ROOT)
    assert explicit.code == 0 and explicit.out == cli("export", BUNDLED_ID, "--format", "tsv", "--library", ROOT).out


def test_unknown_unit(cli):
    assert_one_line_error(cli("export", BUNDLED_ID, "--format", "tsv", "--unit", "word", "--library", ROOT),
                          "'word'", "paragraph", "sentence")


# -- bad arguments leave nothing behind -------------------------------------------------------------


def test_unknown_format(cli, tmp_path):
    result = cli("export", BUNDLED_ID, "--format", "docx", "-o", tmp_path / "out.docx", "--library", ROOT)
    line = assert_one_line_error(result, "'docx'")
    assert all(name in line for name in EXPORTERS), "the message lists the formats"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_output_in_a_missing_folder(cli, tmp_path, fmt):
    target = tmp_path / "missing" / "out"
    result = cli("export", BUNDLED_ID, "--format", fmt, "-o", target, "--library", ROOT)
    assert_one_line_error(result, str(tmp_path / "missing"), "folder does not exist")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["tmx", "html", "anki"])
def test_output_onto_a_folder(cli, tmp_path, fmt):
    target = tmp_path / "out"
    target.mkdir()
    line = assert_one_line_error(cli("export", BUNDLED_ID, "--format", fmt, "-o", target, "--library", ROOT),
                                 str(target))
    assert ".tmp" not in line
    assert list(target.iterdir()) == [] and list(tmp_path.iterdir()) == [target]


def test_moses_writes_both_files_or_neither(cli, tmp_path):
    base = tmp_path / "corpus"
    (tmp_path / "corpus.zh").mkdir()  # the second file cannot be written
    result = cli("export", BUNDLED_ID, "--format", "moses", "-o", base, "--library", ROOT)
    assert_one_line_error(result, str(tmp_path / "corpus.zh"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.zh"]
    assert list((tmp_path / "corpus.zh").iterdir()) == []


def test_an_existing_file_is_replaced(cli, tmp_path):
    target = tmp_path / "article.tmx"
    target.write_text("old " * 10_000)
    assert cli("export", BUNDLED_ID, "--format", "tmx", "-o", target, "--library", ROOT).code == 0
    assert target.read_text("utf-8").startswith("<?xml")
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("fmt", ["json", "tmx", "md", "html", "moses", "anki"])
def test_bom_is_for_spreadsheet_formats_only(cli, tmp_path, fmt):
    result = cli("export", BUNDLED_ID, "--format", fmt, "--bom", "-o", tmp_path / "out", "--library", ROOT)
    assert_one_line_error(result, "--bom", fmt)
    assert list(tmp_path.iterdir()) == []


def test_unknown_text(cli, tmp_path):
    result = cli("export", "no-such-text", "--format", "html", "-o", tmp_path / "x.html", "--library", ROOT)
    assert_one_line_error(result, "no-such-text")
    assert list(tmp_path.iterdir()) == []


def test_export_by_path_of_an_alignment_file(cli, tmp_path):
    path = TRICKY / "alignments" / "tricky.jsonl"
    result = cli("export", path, "--format", "tsv", "--library", tmp_path)
    assert result.code == 0, result.err
    assert result.out.splitlines()[1].startswith("t1\ttitle\t")


def test_help_lists_formats_and_options(cli):
    result = cli("export", "--help")
    assert result.code == 0
    for word in ("--pairs", "--unit", "--bom", "--output", *EXPORTERS):
        assert word in result.out
