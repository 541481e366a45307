"""`python -m reader` as a real process, started from an unrelated directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from _support import BUNDLED_ID, ROOT


def run(args, cwd, env_library=None):
    env = dict(os.environ)
    env.pop("READER_LIBRARY", None)
    if env_library is not None:
        env["READER_LIBRARY"] = str(env_library)
    # the code under test is the source tree, whether or not the package is installed
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "reader", *map(str, args)],
        cwd=cwd, env=env, capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
    )


def test_works_from_another_directory(tmp_path, seed_path):
    imported = run(["import", seed_path, "--id", BUNDLED_ID, "--library", "lib"], cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr.decode()
    assert (tmp_path / "lib" / "alignments" / f"{BUNDLED_ID}.jsonl").is_file()

    listed = run(["list", "--json", "--library", "lib"], cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr.decode()
    assert [(r["id"], r["pairs"]) for r in json.loads(listed.stdout.decode("utf-8"))] == [(BUNDLED_ID, 11)]

    shown = run(["show", BUNDLED_ID, "--width", "100"], cwd=tmp_path, env_library=tmp_path / "lib")
    assert shown.returncode == 0, shown.stderr.decode()
    out = shown.stdout.decode("utf-8")
    assert "孙文竹" in out and "By Sun Wenzhu" in out
    assert shown.stderr == b""

    bundled = run(["list", "--json"], cwd=tmp_path)
    assert bundled.returncode == 0, bundled.stderr.decode()
    assert BUNDLED_ID in [r["id"] for r in json.loads(bundled.stdout.decode("utf-8"))]


@pytest.mark.parametrize(
    "args, names",
    [
        (["import", "missing.txt", "--library", "lib"], ["missing.txt"]),
        (["import", "gbk.txt", "--library", "lib"], ["gbk.txt"]),
        (["show", "no-such-text", "--library", "lib"], ["no-such-text"]),
        (["show", "lib/alignments/broken.jsonl", "--library", "lib"], ["broken.jsonl:2:"]),
        (["export", "no-such-text", "--format", "json", "--library", "no-library"], ["no-library"]),
    ],
)
def test_errors_are_one_line_with_exit_code_2(tmp_path, args, names):
    (tmp_path / "gbk.txt").write_bytes("日本与欧洲\n\nJapan and Europe\n".encode("gbk"))
    (tmp_path / "lib" / "alignments").mkdir(parents=True)
    (tmp_path / "lib" / "alignments" / "broken.jsonl").write_text(
        '{"schema": "reader-alignment", "version": 1, "text": "broken"}\n{"id": "p1", "kind": \n', "utf-8"
    )
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    result = run(args, cwd=tmp_path)

    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2
    assert result.stdout == b""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("reader: error: ")
    for name in names:
        assert name in lines[0]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_installed_package_finds_its_bundled_library(tmp_path):
    """After a plain `pip install .` (what the README and CI do), `reader` run from an
    unrelated folder, without the source tree on the path, still finds the article."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "READER_LIBRARY")}
    probe = subprocess.run(
        [sys.executable, "-c", "import reader; print(reader.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    if probe.returncode != 0:
        pytest.skip("reader is not installed in this environment (the README's commands install it)")
    # CI installs a wheel (`pip install .`), so there this runs the installed copy, with
    # the library it carries; an editable install runs the source tree, also from elsewhere.
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--json"],
        cwd=tmp_path, env=env, capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
    )
    assert listed.returncode == 0, listed.stderr.decode()
    rows = json.loads(listed.stdout.decode("utf-8"))
    assert (BUNDLED_ID, 11) in [(r["id"], r["pairs"]) for r in rows]
    assert ("japan-europe-2022", ["en"]) in [(r["id"], r["languages"]) for r in rows]
