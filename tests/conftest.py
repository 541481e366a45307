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
