"""One damaged text breaks nothing else: library commands report it in one line and go on,
exiting non-zero only when what was asked for is incomplete. And damaged files, full
disks and endless inputs are one-line errors, never tracebacks; a seeded fuzz of the
bundled alignment files holds every command to that."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _support import BUNDLED_ID, ROOT, assert_one_line_error

from reader.core.errors import ReaderError
from reader.core.store import Library

OTHER_ID = "japan-europe-2022"
SKIPPED = "(skipped; the rest goes on)"


@pytest.fixture
def library_copy(tmp_path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(ROOT / "texts", root / "texts")
    shutil.copytree(ROOT / "alignments", root / "alignments")
    return root


def replace_line(path: Path, number: int, line: str) -> None:
    lines = path.read_text("utf-8").split("\n")
    lines[number - 1] = line
    path.write_text("\n".join(lines), "utf-8")


def damage(root: Path, how: str) -> str:
    """Damage the bundled bilingual text; the file and line (or file) the error must name."""
    alignment = root / "alignments" / f"{BUNDLED_ID}.jsonl"
    if how == "both sides empty":
        replace_line(alignment, 3, '{"id": "p2", "kind": "byline", "en": "", "zh": ""}')
        return f"{alignment}:3:"
    if how == "src a list":
        replace_line(alignment, 3, '{"id": "p2", "kind": "byline", "en": "By", "zh": "孙", "src": [1]}')
        return f"{alignment}:3:"
    if how == "a lone surrogate":
        replace_line(alignment, 3, '{"id": "p2", "kind": "byline", "en": "x\\ud800", "zh": "孙"}')
        return f"{alignment}:3:"
    if how == "folder at the alignment path":
        alignment.unlink()
        alignment.mkdir()
        return f"{alignment}: is a folder"
    if how == "bad meta.json":
        (root / "texts" / BUNDLED_ID / "meta.json").write_text('{"schema": "reader-text", "version": 1, "id": [}')
        return str(root / "texts" / BUNDLED_ID / "meta.json")
    raise AssertionError(how)


DAMAGE = ["both sides empty", "src a list", "a lone surrogate", "folder at the alignment path", "bad meta.json"]


def assert_reported_once(result, where: str) -> None:
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"reader: error: {where}") and lines[0].endswith(SKIPPED), lines[0]


@pytest.mark.parametrize("how", DAMAGE)
def test_list_reports_the_damaged_text_and_lists_the_rest(cli, library_copy, how):
    where = damage(library_copy, how)
    result = cli("list", "--library", library_copy)
    assert result.code == 2  # the list is incomplete
    assert_reported_once(result, where)
    assert OTHER_ID in result.out and BUNDLED_ID not in result.out
    listed = cli("list", "--json", "--library", library_copy)
    assert listed.code == 2 and [row["id"] for row in json.loads(listed.out)] == [OTHER_ID]


@pytest.mark.parametrize("how", DAMAGE)
def test_lookup_and_glossary_check_go_on_past_the_damaged_text(cli, library_copy, how):
    where = damage(library_copy, how)
    looked = cli("lookup", "日欧", "--library", library_copy)
    assert looked.code == 2
    assert_reported_once(looked, where)
    assert OTHER_ID in looked.out  # its occurrences in the other text
    checked = cli("glossary", "check", "--library", library_copy)
    assert checked.code == 2
    assert_reported_once(checked, where)


@pytest.mark.parametrize("how", DAMAGE)
def test_commands_on_another_text_are_untouched(cli, library_copy, how):
    damage(library_copy, how)
    for args in (("export", OTHER_ID, "--format", "html"), ("export", OTHER_ID, "--format", "tsv"),
                 ("show", OTHER_ID, "--width", "80"), ("glossary",), ("glossary", OTHER_ID)):
        result = cli(*args, "--library", library_copy)
        assert (result.code, result.err) == (0, ""), (args, result.err)


@pytest.mark.parametrize("how", DAMAGE)
def test_the_damaged_text_itself_is_a_one_line_error(cli, library_copy, how):
    where = damage(library_copy, how)
    for args in (("show", BUNDLED_ID), ("export", BUNDLED_ID, "--format", "json")):
        line = assert_one_line_error(cli(*args, "--library", library_copy))
        assert line.startswith(f"reader: error: {where}"), line
        assert "no text" not in line


def test_a_folder_at_an_alignment_path_is_named_as_such(cli, library_copy):
    damage(library_copy, "folder at the alignment path")
    line = assert_one_line_error(cli("show", BUNDLED_ID, "--library", library_copy))
    assert "is a folder, not a file" in line and "texts:" not in line
    path = library_copy / "alignments" / f"{BUNDLED_ID}.jsonl"
    assert "is a folder" in assert_one_line_error(cli("show", path, "--library", library_copy))


def test_a_damaged_text_does_not_stop_the_reader_opening_another(library_copy):
    damage(library_copy, "bad meta.json")  # the first bilingual text, which `reader` would open
    library = Library(library_copy)
    assert library.default_text_id() == OTHER_ID
    assert len(library.damaged) == 1


# -- full standard output, endless input, usage errors --------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("show", BUNDLED_ID), ("list",), ("lookup", "反击能力"), ("glossary",),
                                  ("export", BUNDLED_ID, "--format", "json"), ("glossary", "check"),
                                  ("glossary", "export", "--format", "tbx"), ("--help",), ("--version",),
                                  ("import", "--help")])
def test_a_full_standard_output_is_one_line(args, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "READER_DATA_DIR": str(tmp_path / "data"),
           "READER_LIBRARY": str(ROOT)}
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "reader", *args], stdout=full, stderr=subprocess.PIPE,
                             text=True, env=env, timeout=120)
    assert run.returncode == 2, run.stderr
    assert run.stderr.splitlines() == ["reader: error: standard output: cannot write: No space left on device"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_import_of_an_endless_file_is_capped(tmp_path):
    import resource

    def limit_memory():  # an import that read on would fail here, not take the machine
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))

    library = tmp_path / "lib"
    run = subprocess.run([sys.executable, "-m", "reader", "import", "/dev/zero", "--library", str(library)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         preexec_fn=limit_memory, timeout=120)
    assert run.returncode == 2 and run.stdout == "", run.stderr
    assert run.stderr.splitlines() == ["reader: error: /dev/zero: larger than 64 MB, the most the reader reads "
                                       "from one file (raise it with --max-size or $READER_MAX_SIZE)"]
    assert not library.exists()


def test_the_size_cap_can_be_raised_or_lowered(cli, tmp_path, monkeypatch):
    big = tmp_path / "memory.tsv"
    big.write_text("".join(f"Sentence {i}.\t第{i}句。\n" for i in range(200)), "utf-8")
    library = tmp_path / "lib"
    line = assert_one_line_error(cli("import", big, "--max-size", "1k", "--library", library), str(big))
    assert "larger than 1 kB" in line
    assert_one_line_error(cli("import", big, "--max-size", "lots", "--library", library), "--max-size")
    monkeypatch.setenv("READER_MAX_SIZE", "2K")
    assert "larger than 2 kB" in assert_one_line_error(cli("import", big, "--library", library))
    assert cli("import", big, "--max-size", "1M", "--library", library).code == 0  # the option wins
    assert "larger than 2 kB" in assert_one_line_error(cli("align", big, big))
    assert "larger than 2 kB" in assert_one_line_error(cli("eval", big, big))


@pytest.mark.parametrize("args, words", [
    (("import", "x.txt", "--id", "-x"), ["--id", "expected one argument"]),
    (("no-such-command",), ["invalid choice"]),
    (("show",), ["TEXT"]),
    (("show", BUNDLED_ID, "--width", "wide"), ["--width", "invalid int"]),
    (("import", "--format", "pdf", "x"), ["--format", "invalid choice"]),
    (("export", BUNDLED_ID, "--format", "json", "--nope"), ["unrecognized arguments"]),
])
def test_usage_errors_are_one_line(cli, args, words):
    result = cli(*args)
    line = assert_one_line_error(result, *words)
    assert "usage:" not in result.err


# -- fuzz: every command on mutated alignment files ---------------------------------------------

HOSTILE = ["[1]", "{}", "[]", "null", "true", "-1", "0", '""', '"x\\ud800"', "NaN", "-Infinity", "1e999",
           "9" * 4400, "[" * 50_000 + "]" * 50_000, '[[1, 2], [3]]', '{"en": [1]}', '"p1"', '[[[0], [0], 1]]']


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One damaging change: to bytes, to a line, or to a value inside a record."""
    lines = data.split(b"\n")
    kind = rng.randrange(6)
    if kind == 0:  # a byte changed
        position = rng.randrange(len(data))
        return data[:position] + bytes([rng.randrange(256)]) + data[position + 1:]
    if kind == 1:  # cut short
        return data[: rng.randrange(len(data))]
    if kind == 2:  # a line dropped, doubled or moved
        index = rng.randrange(len(lines))
        line = lines.pop(index)
        if rng.random() < 0.5:
            lines.insert(rng.randrange(len(lines) + 1), line)
        if rng.random() < 0.5:
            lines.insert(rng.randrange(len(lines) + 1), line)
        return b"\n".join(lines)
    if kind == 3:  # a garbage line
        lines.insert(rng.randrange(len(lines) + 1), rng.choice([b"{", b"[]", b"\xff\xfe", b'{"id": 1}', b"\x00"]))
        return b"\n".join(lines)
    # a field of a record set to a hostile value (written out as JSON text)
    index = rng.randrange(len(lines))
    try:
        record = json.loads(lines[index])
    except ValueError:
        return data
    if not isinstance(record, dict) or not record:
        return data
    key = rng.choice(sorted(record))
    marker = "\u0000MARK\u0000"
    if kind == 4 or not isinstance(record[key], (dict, list)):
        record[key] = marker
    else:
        inner = record[key]
        if isinstance(inner, dict) and inner:
            inner[rng.choice(sorted(inner))] = marker
        elif isinstance(inner, list) and inner:
            inner[rng.randrange(len(inner))] = marker
        else:
            record[key] = marker
    text = json.dumps(record, ensure_ascii=False).replace(json.dumps(marker), rng.choice(HOSTILE))
    lines[index] = text.encode("utf-8")
    return b"\n".join(lines)


COMMANDS = [("show", "{id}", "--width", "90"), ("export", "{id}", "--format", "json"), ("list",),
            ("lookup", "日欧"), ("glossary", "check")]


@pytest.mark.parametrize("seed", range(6))
def test_fuzzed_alignment_files_give_a_result_or_one_line_errors(cli, library_copy, seed):
    rng = random.Random(seed)
    originals = {text_id: (library_copy / "alignments" / f"{text_id}.jsonl").read_bytes()
                 for text_id in (BUNDLED_ID, OTHER_ID)}
    for _ in range(25):
        text_id = rng.choice(sorted(originals))
        path = library_copy / "alignments" / f"{text_id}.jsonl"
        path.write_bytes(mutate(originals[text_id], rng))
        for command in COMMANDS:
            args = [part.format(id=text_id) for part in command]
            result = cli(*args, "--library", library_copy)  # a traceback fails the test here
            assert result.code in (0, 2), (args, result.code, result.err)
            for line in result.err.splitlines():
                assert line.startswith("reader: error: ") and str(path) in line, (args, line)
            if result.code == 2:
                assert result.err, args
        try:
            Library(library_copy).load(text_id)
        except ReaderError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(str(path))
        path.write_bytes(originals[text_id])
