"""Fixtures for the core, importer and CLI tests.

On top of tests/conftest.py (which isolates the XDG folders and drops READER_LIBRARY),
every test here runs with $HOME and $READER_LIBRARY pointed at fresh temporary folders,
so a test that forgets `--library` still cannot write into the repository or the home.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import BUNDLED_ID, SEED, Result

from reader.cli import main


@pytest.fixture(autouse=True)
def _library_env(isolated_user_dirs, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path_factory.mktemp("env-library") / "library"))


@pytest.fixture
def seed_path() -> Path:
    assert SEED.is_file(), f"the bundled source {SEED} is missing"
    return SEED


@pytest.fixture
def seed_bytes(seed_path) -> bytes:
    return seed_path.read_bytes()


@pytest.fixture
def seed_text(seed_bytes) -> str:
    return seed_bytes.decode("utf-8")


@pytest.fixture
def cli(capsys):
    """Run `reader ARGS...` in-process; returns the exit code, stdout and stderr."""

    def run(*args) -> Result:
        capsys.readouterr()
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def seed_library(tmp_path, cli, seed_path) -> Path:
    """A fresh library holding the seed, imported under the bundled id."""
    library = tmp_path / "seed-library"
    result = cli("import", seed_path, "--id", BUNDLED_ID, "--library", library)
    assert result.code == 0, result.err
    return library
