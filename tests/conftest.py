"""Shared test set-up: tests never see the developer's own user data or library setting."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Point every per-user folder (platformdirs honours XDG_* on Linux) at a temporary
    directory, and drop a READER_LIBRARY the developer may have set."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("READER_LIBRARY", raising=False)
    return home
