"""Shared test set-up: tests never see the developer's own user data or library setting."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def shared_cache_dir(tmp_path_factory):
    """One temporary cache folder for the whole run: the prepared CC-CEDICT index takes
    seconds to build, and a cache is safe to share between tests."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch, shared_cache_dir):
    """Point every per-user folder (platformdirs honours XDG_* on Linux) at a temporary
    directory, and drop a READER_LIBRARY the developer may have set."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache_dir))
    monkeypatch.delenv("READER_LIBRARY", raising=False)
    return home


@pytest.fixture(scope="session")
def hostile_library(tmp_path_factory):
    """A library of texts and a glossary full of terminal control sequences (tests/_hostile.py):
    the interleaved and TSV sources imported by `reader import`, as a user would."""
    import contextlib
    import io

    import _hostile

    from reader.cli import main
    from reader.core.store import Library

    root = tmp_path_factory.mktemp("hostile")
    sources = _hostile.write_sources(root / "sources")
    library = root / "library"
    for fmt, text_id in (("interleaved", _hostile.INTERLEAVED_ID), ("tsv", _hostile.TSV_ID)):
        with contextlib.redirect_stdout(io.StringIO()) as report:
            code = main(["--library", str(library), "import", str(sources[fmt]), "--id", text_id])
        assert code == 0, report.getvalue()
    Library(library).save(_hostile.notes_text(), None)
    (library / "texts" / "glossary.tsv").write_text(_hostile.GLOSSARY, encoding="utf-8")
    return library
