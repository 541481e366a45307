"""The `reader` command, run in-process: list, show, export, help, and where the library is."""

from __future__ import annotations

import json
import unicodedata

import pytest
from _support import BUNDLED_ID, FIXTURES, assert_one_line_error

from reader.cli import slug
from reader.core.store import Library

DIVIDER = "│"


def cells(text: str) -> int:
    """Terminal cells, measured independently of the code under test."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def groups(out: str) -> list[list[str]]:
    """The output's blank-line separated blocks (one per pair)."""
    blocks, block = [], []
    for line in out.split("\n"):
        if line.strip():
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return blocks


def nospace(text: str) -> str:
    return "".join(text.split())


def assert_wide_output(out: str, pairs, width: int, left: str = "en") -> None:
    """Side by side: every line fits, the divider stands in one column, and reading the
    left and right columns down gives back each pair's two sides, nothing lost."""
    right = "zh" if left == "en" else "en"
    lines = out.rstrip("\n").split("\n")
    assert all(cells(line) <= width for line in lines), max(lines, key=cells)
    divider_columns = {cells(line[: line.index(DIVIDER)]) for line in lines if line.strip()}
    assert len(divider_columns) == 1, "the divider must stand in one column"
    blocks = groups(out)
    assert len(blocks) == len(pairs)
    for block, pair in zip(blocks, pairs):
        lefts = [line[1: line.index(DIVIDER)].strip() for line in block]
        rights = [line[line.index(DIVIDER) + 1:].strip() for line in block]
        got = {left: " ".join(x for x in lefts if x), right: " ".join(x for x in rights if x)}
        assert got["en"].split() == pair.en.split()
        assert nospace(got["zh"]) == nospace(pair.zh)


def assert_stacked_output(out: str, pairs, width: int, first: str = "en") -> None:
    lines = out.rstrip("\n").split("\n")
    assert all(cells(line) <= width for line in lines), max(lines, key=cells)
    assert DIVIDER not in out
    blocks = groups(out)
    assert len(blocks) == len(pairs)
    for block, pair in zip(blocks, pairs):
        sides = (pair.en, pair.zh) if first == "en" else (pair.zh, pair.en)
        assert nospace("".join(block)) == nospace(sides[0] + sides[1])
        assert nospace(block[0]) == nospace(sides[0] or sides[1])[: len(nospace(block[0]))]


@pytest.fixture
def seed_pairs(seed_library):
    return Library(seed_library).load(BUNDLED_ID).pairs


# -- list -------------------------------------------------------------------------------------


def test_list(cli, seed_library):
    result = cli("list", "--library", seed_library)
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert len(lines) == 1
    title = Library(seed_library).load_meta(BUNDLED_ID).title["en"]
    assert lines[0].split()[:4] == [BUNDLED_ID, "11", "pairs", "en+zh"]
    assert lines[0].endswith(title)


def test_list_json(cli, seed_library):
    result = cli("list", "--json", "--library", seed_library)
    assert result.code == 0 and result.err == ""
    meta = Library(seed_library).load_meta(BUNDLED_ID)
    assert json.loads(result.out) == [
        {"id": BUNDLED_ID, "title": meta.title, "pairs": 11, "languages": ["en", "zh"]}
    ]
    assert "日本" in result.out, "Chinese is printed as text, not \\u escapes"


def test_list_several_texts_in_id_order(cli, seed_library):
    for name in ("markup", "colon_meta"):
        assert cli("import", FIXTURES / "interleaved" / f"{name}.txt", "--library", seed_library).code == 0
    rows = json.loads(cli("list", "--json", "--library", seed_library).out)
    ids = [row["id"] for row in rows]
    assert ids == sorted(ids) and len(ids) == 3
    assert {row["id"]: row["pairs"] for row in rows}[BUNDLED_ID] == 11
    plain = cli("list", "--library", seed_library).out.splitlines()
    assert [line.split()[0] for line in plain] == ids


@pytest.mark.parametrize("args", [("list",), ("list", "--json")])
def test_list_empty_library(cli, tmp_path, args):
    (tmp_path / "empty").mkdir()
    result = cli(*args, "--library", tmp_path / "empty")
    assert result.code == 0
    if "--json" in args:
        assert json.loads(result.out) == []
    else:
        assert str(tmp_path / "empty") in result.out
    assert list((tmp_path / "empty").iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [("list",), ("list", "--json"), ("show", BUNDLED_ID), ("export", BUNDLED_ID, "--format", "json")],
)
def test_missing_library_folder(cli, tmp_path, args):
    missing = tmp_path / "no-library"
    result = cli(*args, "--library", missing)
    assert_one_line_error(result, str(missing))
    assert not missing.exists()


def test_default_library_is_the_bundled_one(cli, monkeypatch):
    monkeypatch.delenv("READER_LIBRARY", raising=False)
    rows = json.loads(cli("list", "--json").out)
    assert (BUNDLED_ID, 11) in [(row["id"], row["pairs"]) for row in rows]


def test_reader_library_environment_variable(cli, seed_library, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_LIBRARY", str(seed_library))
    assert [row["id"] for row in json.loads(cli("list", "--json").out)] == [BUNDLED_ID]
    # --library wins over the environment
    (tmp_path / "empty").mkdir()
    assert json.loads(cli("list", "--json", "--library", tmp_path / "empty").out) == []


def test_library_option_before_or_after_the_command(cli, seed_library):
    before = cli("--library", seed_library, "list", "--json")
    after = cli("list", "--json", "--library", seed_library)
    assert before.code == after.code == 0
    assert before.out == after.out
    assert json.loads(before.out)[0]["id"] == BUNDLED_ID


# -- show -------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [100, 120, 161, 240])
def test_show_side_by_side(cli, seed_library, seed_pairs, width):
    result = cli("show", BUNDLED_ID, "--width", width, "--library", seed_library)
    assert result.code == 0 and result.err == ""
    assert_wide_output(result.out, seed_pairs, width)


@pytest.mark.parametrize("width", [20, 41, 80, 120])
def test_show_stacked(cli, seed_library, seed_pairs, width):
    result = cli("show", BUNDLED_ID, "--stacked", "--width", width, "--library", seed_library)
    assert result.code == 0 and result.err == ""
    assert_stacked_output(result.out, seed_pairs, width)


@pytest.mark.parametrize("width", [20, 60, 99])
def test_show_stacks_below_100_columns(cli, seed_library, seed_pairs, width):
    result = cli("show", BUNDLED_ID, "--width", width, "--library", seed_library)
    assert result.code == 0
    assert_stacked_output(result.out, seed_pairs, width)


def test_show_swap(cli, seed_library, seed_pairs):
    wide = cli("show", BUNDLED_ID, "--swap", "--width", 120, "--library", seed_library)
    assert_wide_output(wide.out, seed_pairs, 120, left="zh")
    stacked = cli("show", BUNDLED_ID, "--swap", "--width", 70, "--library", seed_library)
    assert_stacked_output(stacked.out, seed_pairs, 70, first="zh")


def test_show_follows_the_terminal_width(cli, seed_library, seed_pairs, monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    result = cli("show", BUNDLED_ID, "--library", seed_library)
    assert_stacked_output(result.out, seed_pairs, 72)


def test_show_pairs_with_an_empty_side(cli, tmp_path, seed_text):
    lines = seed_text.split("\n")
    no_zh = next(i for i, line in enumerate(lines) if line.startswith("With the tacit")) + 2
    no_en = next(i for i, line in enumerate(lines) if line.startswith("Amid profound"))
    variant = "\n".join(line for i, line in enumerate(lines) if i not in (no_zh, no_en))
    source = tmp_path / "gaps.txt"
    source.write_text(variant, "utf-8")
    library = tmp_path / "lib"
    assert cli("import", source, "--id", "gaps", "--library", library).code == 0
    pairs = Library(library).load("gaps").pairs
    assert sum(1 for p in pairs if not p.zh) == 1 and sum(1 for p in pairs if not p.en) == 1
    assert_wide_output(cli("show", "gaps", "--width", 110, "--library", library).out, pairs, 110)
    assert_stacked_output(cli("show", "gaps", "--width", 50, "--library", library).out, pairs, 50)


@pytest.mark.parametrize("width", ["19", "0", "-5"])
def test_show_too_narrow(cli, seed_library, width):
    result = cli("show", BUNDLED_ID, f"--width={width}", "--library", seed_library)
    assert_one_line_error(result, width)


def test_show_by_path_of_the_alignment_file(cli, seed_library, seed_pairs):
    path = seed_library / "alignments" / f"{BUNDLED_ID}.jsonl"
    other = seed_library.parent / "other-library"
    other.mkdir()
    result = cli("show", path, "--width", 100, "--library", other)
    assert result.code == 0, result.err
    assert_wide_output(result.out, seed_pairs, 100)


# -- export -----------------------------------------------------------------------------------


def test_export_json(cli, seed_library):
    result = cli("export", BUNDLED_ID, "--format", "json", "--library", seed_library)
    assert result.code == 0 and result.err == ""
    document = json.loads(result.out)
    text = Library(seed_library).load(BUNDLED_ID)
    assert set(document) == {"id", "meta", "pairs", "footnotes", "annotations"}
    assert document["annotations"] == {"bookmarks": [], "notes": {}}
    assert document["footnotes"] == []  # the parallel article has none
    assert document["id"] == BUNDLED_ID
    meta = document["meta"]
    assert meta["title"] == text.meta.title
    assert meta["author"] == {"en": "Sun Wenzhu", "zh": "孙文竹"}
    assert (meta["source"], meta["editor"], meta["published"]) == (
        "China Military Online", "Li Jiayao", "2025-01-06 19:40:02",
    )
    assert meta["languages"] == ["en", "zh"]
    assert len(document["pairs"]) == 11
    assert [(p["id"], p["kind"], p["en"], p["zh"]) for p in document["pairs"]] == [
        (p.id, p.kind, p.en, p.zh) for p in text.pairs
    ]
    assert document["pairs"][0]["src"] == {"en": [list(s) for s in text.pairs[0].src_en],
                                           "zh": [list(s) for s in text.pairs[0].src_zh]}


def test_export_jsonl(cli, seed_library):
    result = cli("export", BUNDLED_ID, "--format", "jsonl", "--library", seed_library)
    assert result.code == 0 and result.err == ""
    assert result.out.endswith("\n")
    lines = result.out.splitlines()
    assert len(lines) == 11
    text = Library(seed_library).load(BUNDLED_ID)
    for line, pair in zip(lines, text.pairs):
        record = json.loads(line)
        assert {"id", "kind", "en", "zh"} <= set(record)
        assert (record["id"], record["kind"], record["en"], record["zh"]) == (pair.id, pair.kind, pair.en, pair.zh)
        assert record.get("text", BUNDLED_ID) == BUNDLED_ID


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_to_a_file(cli, seed_library, tmp_path, fmt):
    shown = cli("export", BUNDLED_ID, "--format", fmt, "--library", seed_library).out
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"article.{fmt}"
    target.write_text("old content that is much longer than nothing " * 500)

    result = cli("export", BUNDLED_ID, "--format", fmt, "-o", target, "--library", seed_library)

    assert result.code == 0
    assert result.out == ""
    assert str(target) in result.err and "11" in result.err
    assert target.read_text("utf-8") == shown
    assert [p.name for p in folder.iterdir()] == [target.name], "no temporary files left behind"


def test_export_into_a_missing_folder(cli, seed_library, tmp_path):
    target = tmp_path / "missing" / "article.json"
    result = cli("export", BUNDLED_ID, "--format", "json", "-o", target, "--library", seed_library)
    assert_one_line_error(result, str(tmp_path / "missing"))
    assert not (tmp_path / "missing").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed-library"]


def test_export_onto_a_folder_names_the_output_path(cli, seed_library, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    result = cli("export", BUNDLED_ID, "--format", "json", "-o", target, "--library", seed_library)
    line = assert_one_line_error(result, str(target))
    assert ".tmp" not in line, "the message names the user's path, not a temporary file"
    assert list(target.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "seed-library"]


def test_export_needs_a_known_format(cli, seed_library):
    result = cli("export", BUNDLED_ID, "--format", "docx", "--library", seed_library)
    assert result.code == 2 and "docx" in result.err and result.out == ""


# -- square brackets are text, not markup -------------------------------------------------------


@pytest.fixture
def markup_library(cli, tmp_path):
    library = tmp_path / "lib"
    result = cli("import", FIXTURES / "interleaved" / "markup.txt", "--id", "markup", "--library", library)
    assert result.code == 0, result.err
    return library


EN_MARKUP = "Type [bold]this[/] to see [red]nothing[/red] happen."
ZH_MARKUP = "输入[bold]这个[/]，什么也[red]不会[/]发生。"


@pytest.mark.parametrize("layout", [("--width", "120"), ("--width", "120", "--stacked")])
def test_show_prints_square_brackets_literally(cli, markup_library, layout):
    result = cli("show", "markup", *layout, "--library", markup_library)
    assert result.code == 0
    assert EN_MARKUP in result.out
    assert ZH_MARKUP in result.out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_keeps_square_brackets(cli, markup_library, fmt):
    result = cli("export", "markup", "--format", fmt, "--library", markup_library)
    assert result.code == 0
    if fmt == "json":
        pairs = json.loads(result.out)["pairs"]
    else:
        pairs = [json.loads(line) for line in result.out.splitlines()]
    assert (pairs[1]["en"], pairs[1]["zh"]) == (EN_MARKUP, ZH_MARKUP)


def test_import_report_prints_square_brackets_literally(cli, tmp_path):
    source = tmp_path / "brackets.txt"
    source.write_text("A [bold] title [/]\n\n一个[bold]标题[/]\n\nBody.\n\n正文。\n", "utf-8")
    result = cli("import", source, "--id", "brackets", "--library", tmp_path / "lib")
    assert result.code == 0, result.err
    assert "title (en): A [bold] title [/]" in result.out
    assert "title (zh): 一个[bold]标题[/]" in result.out


# -- help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command, options",
    [
        ((), ["--library", "--version", "read", "list", "show", "export", "import"]),
        (("read",), ["--library", "TEXT"]),
        (("list",), ["--library", "--json"]),
        (("show",), ["--library", "--width", "--stacked", "--swap", "TEXT"]),
        (("export",), ["--library", "--format", "--output", "TEXT"]),
        (("import",), ["--library", "--format", "--id", "--replace", "FILE"]),
    ],
)
def test_help(cli, command, options):
    result = cli(*command, "--help")
    assert result.code == 0
    assert result.out.startswith(" ".join(("usage: reader",) + command))
    for option in options:
        assert option in result.out
    assert result.err == ""


def test_version(cli):
    result = cli("--version")
    assert result.code == 0
    assert result.out.startswith("reader ")


def test_unknown_command_is_a_usage_error(cli):
    result = cli("frobnicate")
    assert result.code == 2
    assert "frobnicate" in result.err
    assert result.out == ""


# -- ids from titles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, expected",
    [
        ("What is Japan's intentions behind strengthening military security cooperation with Europe?",
         "japan-intentions-strengthening-military"),
        ("Harbour cities prepare for the summer season", "harbour-cities-prepare-summer"),
        ("The EU and NATO in 2025", "eu-nato-2025"),
        ("  Spaces -- and __ punctuation!!  ", "spaces-punctuation"),
        ("日本持续推进对欧军事安全合作", ""),
        ("", ""),
        ("A " + "x" * 100, "x" * 64),
    ],
)
def test_slug(title, expected):
    assert slug(title) == expected


@pytest.mark.parametrize("terminal", [True, False])
def test_a_cache_built_once_is_said_on_a_terminal(cli, seed_library, monkeypatch, terminal):
    """A first run's slow caches (CC-CEDICT, the lexicon, jieba's words) are said in a line
    on standard error when it is a terminal, and not otherwise; the command's listener ends
    with it."""
    from pathlib import Path

    from reader import cli as cli_module
    from reader.core import notices

    def list_building(library, args):
        notices.building("building a test cache", Path("/cache/reader/test.bin"))
        return 0

    monkeypatch.setitem(cli_module.COMMANDS, "list", list_building)
    monkeypatch.setattr("sys.stderr.isatty", lambda: terminal)
    result = cli("list", "--library", seed_library)
    assert result.code == 0
    said = "reader: building a test cache, once (some seconds): kept in /cache/reader\n"
    assert result.err == (said if terminal else "")
    assert notices._listeners == []
