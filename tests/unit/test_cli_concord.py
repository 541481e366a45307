"""`reader concord`: each option, the JSON shape, exports, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import _hostile
import pytest
from _support import BUNDLED_ID, ROOT, assert_one_line_error


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "library"
    shutil.copytree(ROOT / "alignments", root / "alignments")
    shutil.copytree(ROOT / "texts", root / "texts")
    return root


def _json(cli, library, *args):
    result = cli("concord", "--library", library, "--json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_json_shape_and_counts(cli, library):
    record = _json(cli, library, "安全")
    assert record["total"] == len(record["hits"]) > 0
    for hit in record["hits"]:
        assert {"text", "pair", "lang", "left", "hit", "right", "aligned"} <= set(hit)
        assert hit["hit"] == "安全" and hit["lang"] == "zh"
    assert sum(t["hits"] for t in record["texts"]) == record["total"]
    table = dict((r["rendering"], r["count"]) for r in record["renderings"]["zh"])
    assert table.get("security", 0) >= record["total"] // 2  # 安全 is mostly "security"
    assert any(hit["counterpart"].lower() == "security" for hit in record["hits"])


def test_english_words_are_whole_words_case_insensitive(cli, library):
    hits = _json(cli, library, "nato")["hits"]
    assert hits and {hit["hit"] for hit in hits} == {"NATO"}
    assert _json(cli, library, "secur")["hits"] == []  # not inside "security"
    reverse = _json(cli, library, "security", "--text", BUNDLED_ID)
    assert "安全" in {r["rendering"] for r in reverse["renderings"]["en"]}


def test_regex_text_limit_context_and_sort(cli, library):
    everything = _json(cli, library, "--regex", r"secur\w+")
    only = _json(cli, library, "--regex", r"secur\w+", "--text", BUNDLED_ID, "--limit", "3", "--context", "5")
    assert only["total"] < everything["total"] and len(only["hits"]) == 3
    assert all(hit["text"] == BUNDLED_ID and len(hit["left"]) <= 5 and len(hit["right"]) <= 5 for hit in only["hits"])
    by_hit = [hit["hit"].casefold() for hit in _json(cli, library, "--regex", r"secur\w+", "--sort", "hit")["hits"]]
    assert by_hit == sorted(by_hit)
    by_right = [hit["right"].casefold() for hit in _json(cli, library, "安全", "--sort", "right")["hits"]]
    assert by_right == sorted(by_right)
    by_left = [hit["left"][::-1].casefold() for hit in _json(cli, library, "安全", "--sort", "left")["hits"]]
    assert by_left == sorted(by_left)


def test_term_finds_every_rendering(cli, library):
    record = _json(cli, library, "--term", "安全合作", "--text", BUNDLED_ID)
    langs = {hit["lang"] for hit in record["hits"]}
    assert langs == {"en", "zh"}
    assert {hit["hit"].lower() for hit in record["hits"] if hit["lang"] == "en"} == {"security cooperation"}
    zh_table = dict((r["rendering"], r["count"]) for r in record["renderings"]["zh"])
    assert zh_table.get("security cooperation", 0) > 0


def test_empty_sided_units(cli, library):
    record = _json(cli, library, "--empty")
    assert record["units"] and all((u["en"].strip() == "") != (u["zh"].strip() == "") for u in record["units"])
    plain = cli("concord", "--library", library, "--empty", "--text", BUNDLED_ID)
    assert plain.code == 0 and "units with one side empty" in plain.out


def test_plain_kwic_lines_stand_the_hits_in_a_column(cli, library):
    result = cli("concord", "--library", library, "NATO", "--text", BUNDLED_ID, "--context", "20")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if "«NATO»" in line]
    assert len(lines) > 1 and len({line.index("«") for line in lines}) == 1
    assert "hits per text:" in result.out and "Chinese counterparts" in result.out
    assert "⟦北约⟧" in result.out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "html"])
def test_exports(cli, library, tmp_path, fmt):
    out = tmp_path / f"hits.{fmt}"
    result = cli("concord", "--library", library, "安全", "--format", fmt, "--output", out)
    assert result.code == 0, result.err
    data = out.read_text(encoding="utf-8")
    total = _json(cli, library, "安全")["total"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data)))
        assert rows[0][:7] == ["text", "pair", "lang", "left", "hit", "right", "aligned"] and len(rows) == total + 1
    elif fmt == "tsv":
        assert len(data.splitlines()) == total + 1
    else:
        assert data.startswith("<!DOCTYPE html>") and data.count("<mark>安全</mark>") == total


@pytest.mark.parametrize("args, names", [
    (["--regex", "(unclosed"], ["bad regular expression", "(unclosed"]),
    (["x", "--text", "no-such-text"], ["no-such-text"]),
    ([], ["QUERY"]),
    (["--empty", "x"], ["--empty"]),
    (["--term", "no such term"], ["no glossary term"]),
])
def test_one_line_errors(cli, library, args, names):
    assert_one_line_error(cli("concord", "--library", library, *args), *names)


def test_damaged_index_is_rebuilt(cli, library, shared_cache_dir):
    first = _json(cli, library, "安全")["total"]
    from reader.core.library_index import default_index_path

    path = default_index_path(library)
    assert path.is_file() and path.is_relative_to(shared_cache_dir)
    path.write_bytes(b"\x00garbage" * 1000)
    assert _json(cli, library, "安全")["total"] == first


def test_no_control_character_reaches_the_terminal(cli, hostile_library):
    for args in (["--regex", "."], ["--empty"], ["--term", _hostile.TERM], [_hostile.TERM]):
        result = cli("concord", "--library", hostile_library, *args)
        assert result.code == 0, result.err
        assert not _hostile.FORBIDDEN.search(result.out), args
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.err)
        data = cli("concord", "--library", hostile_library, "--json", *args)
        assert not _hostile.FORBIDDEN.search(data.out)
        json.loads(data.out)


def test_the_renderings_of_many_hits_are_counted_on_an_even_sample(cli, library, monkeypatch):
    import reader.cli_concord as cli_concord

    monkeypatch.setattr(cli_concord, "RENDERINGS_MAX", 3)
    record = _json(cli, library, "安全", "--sort", "right")
    assert record["total"] > 3 and len(record["hits"]) == record["total"]
    assert record["renderings_from"] == 3
    assert sum(r["count"] for r in record["renderings"]["zh"]) == 3
    # counted without making every hit (the first lines only): the same sample, the same counts
    counted = _json(cli, library, "安全", "--limit", "2")
    assert len(counted["hits"]) == 2 and counted["total"] == record["total"]
    assert counted["texts"] == record["texts"] and counted["renderings"] == record["renderings"]
    plain = cli("concord", "--library", library, "安全")
    assert "in 3 hits sampled evenly" in plain.out


def test_plain_output_shows_the_first_lines_and_counts_every_hit(cli, library, monkeypatch):
    import reader.cli_concord as cli_concord

    monkeypatch.setattr(cli_concord, "SHOWN", 4)
    total = _json(cli, library, "security")["total"]
    assert total > 4
    plain = cli("concord", "--library", library, "security")
    assert plain.code == 0 and plain.out.count("«") == 4
    assert f"{total} hits (showing the first 4; --limit N or --all for more)" in plain.out
    every = cli("concord", "--library", library, "security", "--all")
    assert every.out.count("«") == total and f"\n{total} hits\n" in every.out


def test_concord_imports_no_other_command(library, tmp_path):
    """`reader concord` parses its own command line: the modules of the other commands
    (the aligner's, the importer's, the server's) and the terminal UI stay unimported;
    numpy too once the index is up to date (only indexing a text counts its terms)."""
    import os
    import subprocess
    import sys

    script = ("import sys; from reader.cli import main; code = main(sys.argv[1:]); "
              "print(sorted(m for m in sys.modules if m.startswith(('reader.cli_', 'textual', 'numpy', 'jieba', "
              "'pypinyin', 'reader.core.aligner'))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-c", script, "--library", str(library), "concord", "NATO", "--limit", "2"]
    first = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    assert "reader.cli_align" not in first.stdout  # the index built: numpy counted its texts
    found = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    assert found.stdout.strip().splitlines()[-1] == "['reader.cli_concord']"
    assert found.stdout.splitlines()[:-1] == first.stdout.splitlines()[:-1]
    whole = subprocess.run([sys.executable, "-m", "reader", "--library", str(library), "-h"], capture_output=True,
                           text=True, check=True, env=env)
    assert "concord" in whole.stdout and "import" in whole.stdout  # the help lists every command
    assert "NATO" in found.stdout


def test_the_hits_per_text_list_is_cut_short_unless_all(cli, library, monkeypatch):
    import reader.cli_concord as cli_concord

    monkeypatch.setattr(cli_concord, "TEXTS_SHOWN", 1)
    texts = _json(cli, library, "security")["texts"]
    assert len(texts) == 2
    plain = cli("concord", "--library", library, "security")
    assert "hits per text (2 texts, most hits first):" in plain.out
    first, second = texts
    assert f"  {first['text']:<32} {first['hits']:>6} hits in {first['units']} units" in plain.out
    assert second["text"] + " " not in plain.out.split("hits per text")[1]
    assert f"... and 1 text more, with {second['hits']:,} hits (--all or --json lists every text)" in plain.out
    every = cli("concord", "--library", library, "security", "--all")
    assert f"  {second['text']:<32} {second['hits']:>6} hits" in every.out and "text more" not in every.out


def test_ctrl_c_during_a_shared_scan_ends_it_quietly(library, tmp_path):
    """Ctrl+C (to the whole process group, as a terminal sends it) while worker processes
    read a regex's units: exit code 130, the command's one line, no worker's traceback."""
    import os
    import signal
    import subprocess
    import sys
    import time

    for n in range(40):  # enough units to share out (the threshold lowered below)
        (library / "alignments" / f"extra-{n}.jsonl").write_bytes((library / "alignments" / f"{BUNDLED_ID}.jsonl")
                                                                  .read_bytes().replace(BUNDLED_ID.encode(), f"extra-{n}".encode()))
    code = ("import sys, time; import reader.core.concord as c; c._SHARED_FROM = 1; "
            "real = c._scan_part\n"
            "def slow(job):\n    time.sleep(30); return real(job)\n"
            "c._scan_part = slow\n"
            "from reader.cli import main; sys.exit(main())")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = [sys.executable, "-c", code, "--library", str(library), "concord", "--regex", r"\bsecurity\b"]
    child = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_children(child.pid)) < 2:  # the workers are up
        time.sleep(0.05)
    assert len(_children(child.pid)) >= 2, "no worker processes were started"
    time.sleep(0.3)
    os.killpg(child.pid, signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert b"Traceback" not in err and b"ForkPoolWorker" not in err, err.decode(errors="replace")


def _children(pid: int) -> list[int]:
    from pathlib import Path

    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(n) for n in (task / "children").read_text().split()]
        except OSError:
            pass
    return found
