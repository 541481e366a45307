"""Every command against a hostile library (tests/_hostile.py): what is printed for a person
shows control characters as symbols; JSON printed by a command is the same data with
them escaped; exports and the library keep the text byte for byte; importers report them."""

from __future__ import annotations

import json
import subprocess
import sys

import _hostile
import pytest
from _support import ROOT

from reader.core.store import Library

READ = [
    ["list"],
    ["show", _hostile.INTERLEAVED_ID, "--width", "100"],
    ["show", _hostile.TSV_ID, "--width", "60", "--stacked"],
    ["show", _hostile.TSV_ID, "--width", "120", "--swap"],
    ["show", _hostile.NOTES_ID, "--width", "80"],
    ["lookup", _hostile.TERM],
    ["lookup", "hostile"],
    ["lookup", "di yi"],
    ["lookup", "no such thing here"],
    ["glossary"],
    ["glossary", _hostile.TSV_ID],
    ["glossary", "check"],
    ["glossary", "check", _hostile.TSV_ID],
]


def assert_nothing_obeyable(*outputs: str) -> None:
    for output in outputs:
        bad = _hostile.FORBIDDEN.findall(output.replace("\n", ""))
        assert not bad, f"control characters printed: {sorted({hex(ord(c)) for c in bad})}"


@pytest.mark.parametrize("args", READ, ids=lambda args: " ".join(args))
def test_commands_print_control_characters_as_symbols(cli, hostile_library, args):
    result = cli("--library", hostile_library, *args)
    assert result.code in (0, 1), result.err
    assert_nothing_obeyable(result.out, result.err)
    if args[0] in ("list", "show") or args[1:] == [_hostile.TERM]:
        assert _hostile.TITLE_SHOWN in result.out or _hostile.CLEAR_SHOWN in result.out


@pytest.mark.parametrize("args", [["list", "--json"], ["lookup", _hostile.TERM, "--json"], ["glossary", "--json"],
                                  ["glossary", "check", "--json"]], ids=lambda args: " ".join(args))
def test_json_output_is_the_same_data_with_controls_escaped(cli, hostile_library, args):
    result = cli("--library", hostile_library, *args)
    assert result.code == 0, result.err
    assert_nothing_obeyable(result.out)
    assert any(_hostile.TITLE in value for value in strings(json.loads(result.out)))  # the data is unchanged


def strings(document):
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for value in document.values():
            yield from strings(value)
    elif isinstance(document, list):
        for value in document:
            yield from strings(value)


def test_the_bytes_written_to_a_pipe_hold_no_control_sequence(hostile_library):
    for args in (["show", _hostile.TSV_ID], ["lookup", _hostile.TERM], ["list"], ["glossary", "check"]):
        done = subprocess.run([sys.executable, "-m", "reader", "--library", str(hostile_library), *args],
                              capture_output=True, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        for payload in ("\x1b", "\x07", "\x08", "\r", "\x9b", "\x9d", "\x85", "\u202e", "\u2066"):
            assert payload.encode() not in done.stdout + done.stderr, (args, payload)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv", "csv", "md", "moses", "html"])
def test_exports_keep_the_text_as_it_is(cli, hostile_library, tmp_path, fmt):
    output = tmp_path / f"out.{fmt}"
    result = cli("--library", hostile_library, "export", _hostile.TSV_ID, "--format", fmt, "-o", output)
    assert result.code == 0, result.err
    written = "".join(p.read_bytes().decode("utf-8") for p in sorted(tmp_path.glob("out*")))
    if fmt == "json":
        written = "".join(strings(json.loads(written)))
    if fmt == "jsonl":
        written = "".join(value for line in written.split("\n") if line for value in strings(json.loads(line)))
    assert "\x9b2J" in written and "\u202egnp.exe" in written  # data files: not made visible
    assert "␛" not in written and "�" not in written
    if fmt in ("json", "jsonl", "csv"):  # (the others escape or replace line breaks)
        assert "over\rwritten" in written


def test_tmx_refuses_what_xml_cannot_hold_in_one_line(cli, hostile_library, tmp_path):
    result = cli("--library", hostile_library, "export", _hostile.TSV_ID, "--format", "tmx", "-o", tmp_path / "x.tmx")
    assert result.code == 2 and len(result.err.splitlines()) == 1 and "U+001B" in result.err
    assert not (tmp_path / "x.tmx").exists()


def test_import_reports_control_characters_and_keeps_the_source(cli, tmp_path):
    sources = _hostile.write_sources(tmp_path / "sources")
    library = tmp_path / "library"
    for fmt, text_id in (("interleaved", "a"), ("tsv", "b")):
        result = cli("--library", library, "import", sources[fmt], "--id", text_id)
        assert result.code == 0, result.err
        assert_nothing_obeyable(result.out, result.err)
        assert f"{sources[fmt]}:1:" in result.out or f"{sources[fmt]}:2:" in result.out
        assert "U+001B ESC" in result.out and "U+009B CSI" in result.out and "U+202E RIGHT-TO-LEFT OVERRIDE" in result.out
        assert "control character(s) kept in the text as received" in result.out
        stored = Library(library)
        assert (stored.texts_dir / text_id / ("source" + sources[fmt].suffix)).read_bytes() == sources[fmt].read_bytes()
    tsv = Library(library).load("b")
    assert tsv.pairs[1].en.startswith(f"Every {_hostile.TITLE}")  # stored as received
    assert "pair p2␛]0;pwned␇ (en): control character U+000D CR" in result.out  # from a TSV escape


def test_two_file_import_reports_both_files(cli, tmp_path):
    en, zh = tmp_path / "a.en.txt", tmp_path / "a.zh.txt"
    en.write_text(f"An English {_hostile.TITLE} paragraph.\n", encoding="utf-8")
    zh.write_text(f"一个中文{_hostile.CLEAR}段落。\n", encoding="utf-8")
    result = cli("--library", tmp_path / "library", "import", "--en", en, "--zh", zh, "--id", "two")
    assert result.code == 0, result.err
    assert f"{en}:1:12: control characters U+001B ESC, U+0007 BEL" in result.out
    assert f"{zh}:1:5: control character U+001B ESC" in result.out
    assert_nothing_obeyable(result.out)


def test_error_messages_show_what_they_quote_as_symbols(cli, tmp_path):
    hostile_name = tmp_path / f"x{_hostile.TITLE}.txt"
    result = cli("--library", tmp_path / "library", "import", hostile_name)
    assert result.code == 2
    assert "x␛]0;pwned␇.txt" in result.err and "no such file" in result.err
    assert_nothing_obeyable(result.err)
    result = cli("--library", tmp_path / f"lib{_hostile.CLEAR}", "list")
    assert result.code == 2 and "lib␛[2J" in result.err
    assert_nothing_obeyable(result.err)
