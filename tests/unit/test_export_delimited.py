"""Line- and table-shaped exports: TSV and CSV (read back exactly), Moses (line-aligned
plain text) and the Markdown table."""

from __future__ import annotations

import csv
import io
import re

import pytest
from _support import BUNDLED_ID, FIXTURES, ROOT, assert_one_line_error

from reader.core.store import Library
from reader.formats.delimited import escape_tsv, unescape_tsv
from reader.formats.markdown import escape_markdown
from reader.formats.moses import one_line

TRICKY = FIXTURES / "export" / "library"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def tricky():
    return Library(TRICKY).load("tricky")


def rows_of(pairs) -> list[list[str]]:
    return [["id", "kind", "en", "zh"], *([p.id, p.kind, p.en, p.zh] for p in pairs)]


def export_file(cli, tmp_path, fmt, text_id="tricky", library=TRICKY, *extra) -> bytes:
    target = tmp_path / f"out.{fmt}"
    result = cli("export", text_id, "--format", fmt, "-o", target, *extra, "--library", library)
    assert result.code == 0, result.err
    return target.read_bytes()


# -- TSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("field, escaped", [
    ("plain", "plain"),
    ("a\tb", "a\\tb"),
    ("line\nnext", "line\\nnext"),
    ("cr\r\nlf", "cr\\r\\nlf"),
    ("back\\slash", "back\\\\slash"),
    ("a literal \\t", "a literal \\\\t"),
    ("\\\n", "\\\\\\n"),
    ("中文\t制表", "中文\\t制表"),
    ("", ""),
])
def test_tsv_escapes(field, escaped):
    assert escape_tsv(field) == escaped
    assert unescape_tsv(escaped) == field


def test_tsv_unescape_leaves_other_backslashes():
    assert unescape_tsv("C:\\path\\x") == "C:\\path\\x"


def read_tsv(data: bytes) -> list[list[str]]:
    """A plain reader: the csv module with tabs and no quoting, then the escapes undone."""
    text = data.decode("utf-8-sig")
    return [[unescape_tsv(f) for f in row] for row in csv.reader(io.StringIO(text, newline=""),
                                                                  delimiter="\t", quoting=csv.QUOTE_NONE)]


def test_tsv_round_trip(cli, tmp_path, tricky):
    data = export_file(cli, tmp_path, "tsv")
    assert data.count(b"\n") == len(tricky.pairs) + 1, "one line per pair, after the header"
    assert all(line.count(b"\t") == 3 for line in data.splitlines())
    assert read_tsv(data) == rows_of(tricky.pairs)


def test_tsv_round_trip_of_the_bundled_article(cli, tmp_path):
    data = export_file(cli, tmp_path, "tsv", BUNDLED_ID, ROOT)
    assert read_tsv(data) == rows_of(Library(ROOT).load(BUNDLED_ID).pairs)


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_round_trip(cli, tmp_path, tricky):
    data = export_file(cli, tmp_path, "csv")
    assert not data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows == rows_of(tricky.pairs)
    assert rows[0] == ["id", "kind", "en", "zh"]


def test_csv_is_rfc_4180(cli, tmp_path):
    data = export_file(cli, tmp_path, "csv").decode("utf-8")
    assert data.startswith("id,kind,en,zh\r\n")
    assert '"By A. N. ""Author"""' in data


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_bom(cli, tmp_path, fmt):
    with_bom = export_file(cli, tmp_path, fmt, BUNDLED_ID, ROOT, "--bom")
    without = export_file(cli, tmp_path, fmt, BUNDLED_ID, ROOT)
    assert with_bom == BOM + without
    assert with_bom.decode("utf-8-sig") == without.decode("utf-8")


def test_bom_to_standard_output(cli):
    result = cli("export", BUNDLED_ID, "--format", "csv", "--bom", "--library", ROOT)
    assert result.code == 0 and result.out.startswith("\ufeffid,kind,en,zh")


# -- Moses -------------------------------------------------------------------------------------


@pytest.mark.parametrize("side, line", [
    ("one line", "one line"),
    ("two\nlines", "two lines"),
    ("windows\r\nbreak", "windows break"),
    ("old\rmac", "old mac"),
    ("para\u2029graph", "para graph"),
    ("tab\tstays", "tab\tstays"),
])
def test_moses_one_line(side, line):
    assert one_line(side) == line
    assert len(one_line(side).splitlines()) == 1


def test_moses_files(cli, tmp_path, tricky):
    base = tmp_path / "corpus"
    result = cli("export", "tricky", "--format", "moses", "-o", base, "--library", TRICKY)
    assert result.code == 0, result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.en", "corpus.zh"]
    for lang in ("en", "zh"):
        data = (tmp_path / f"corpus.{lang}").read_bytes().decode("utf-8")
        lines = data.split("\n")
        assert lines[-1] == "" and len(lines) - 1 == len(tricky.pairs)
        assert lines[:-1] == [one_line(p.side(lang)) for p in tricky.pairs]
        assert len(data.splitlines()) == len(tricky.pairs)
    en = (tmp_path / "corpus.en").read_text("utf-8").split("\n")
    zh = (tmp_path / "corpus.zh").read_text("utf-8").split("\n")
    ids = [p.id for p in tricky.pairs]
    assert en[ids.index("b4")] == "" and zh[ids.index("b3")] == "", "an empty side is an empty line"
    assert en[ids.index("b2")] == "A line\twith a tab and a second line | a pipe, a \\ backslash and a \\t that is not a tab."


def test_moses_needs_an_output_base(cli):
    line = assert_one_line_error(cli("export", BUNDLED_ID, "--format", "moses", "--library", ROOT), "-o BASE")
    assert "BASE.en" in line and "BASE.zh" in line


# -- Markdown ------------------------------------------------------------------------------------


def split_row(row: str) -> list[str]:
    """The cells of a table row, split at pipes that are not escaped."""
    cells, cell, chars = [], "", iter(row.strip()[1:-1])
    for char in chars:
        if char == "\\":
            cell += char + next(chars)
        elif char == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += char
    return [*cells, cell.strip()]


def unescape_markdown(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell.replace("<br>", "\n"))


@pytest.mark.parametrize("value, escaped", [
    ("a | b", "a \\| b"),
    ("back\\slash", "back\\\\slash"),
    ("[bold]x[/]", "\\[bold\\]x\\[/\\]"),
    ("<b>x</b>", "\\<b\\>x\\</b\\>"),
    ("*a* _b_ `c` ~d~ #e &amp;", "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\#e \\&amp;"),
    ("two\nlines", "two<br>lines"),
    ("中文|竖线", "中文\\|竖线"),
])
def test_markdown_escape(value, escaped):
    assert escape_markdown(value) == escaped


def test_markdown_table(cli, tricky):
    result = cli("export", "tricky", "--format", "md", "--library", TRICKY)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "# Tricky \\<b\\>text\\</b\\> \\& \\[bold\\]markup\\[/\\]"
    start = lines.index("| id | English | 中文 |")
    assert lines[start + 1] == "| --- | --- | --- |"
    rows = lines[start + 2:]
    assert len(rows) == len(tricky.pairs)
    for row, pair in zip(rows, tricky.pairs):
        cells = split_row(row)
        assert len(cells) == 3, row
        expected = [pair.id, pair.en.replace("\r\n", "\n"), pair.zh]
        assert [unescape_markdown(c) for c in cells] == expected


def test_markdown_of_the_bundled_article(cli):
    result = cli("export", BUNDLED_ID, "--format", "md", "--library", ROOT)
    text = Library(ROOT).load(BUNDLED_ID)
    rows = [line for line in result.out.splitlines() if line.startswith("| p")]
    assert [split_row(r)[0] for r in rows] == [p.id for p in text.pairs]
    assert "Sun Wenzhu / 孙文竹" in result.out
