"""`reader export` takes the bookmarks and notes from the reading state read-only: it never
creates, migrates or moves aside anything in the user data folder."""

from __future__ import annotations

import json

import pytest
from _support import BUNDLED_ID

from reader.core.store import bundled_library
from reader.core.userstate import STATE_FILE, UserState


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("READER_DATA_DIR", str(folder))
    return folder


def files(folder):
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


def test_export_includes_the_annotations_of_the_state(cli, data):
    state, _ = UserState.open(data)
    state.toggle_bookmark(BUNDLED_ID, "p3")
    state.set_note(BUNDLED_ID, "p3", "look again")
    result = cli("--library", bundled_library(), "export", BUNDLED_ID, "--format", "json")
    assert result.code == 0 and result.err == ""
    assert json.loads(result.out)["annotations"] == {"bookmarks": ["p3"], "notes": {"p3": "look again"}}


def test_export_creates_no_state(cli, data):
    result = cli("--library", bundled_library(), "export", BUNDLED_ID, "--format", "json")
    assert result.code == 0 and result.err == ""
    assert not data.exists()


def test_export_reads_a_state_json_not_yet_migrated_and_leaves_it(cli, data):
    data.mkdir()
    (data / "state.json").write_text(json.dumps(
        {"version": 1, "bookmarks": {BUNDLED_ID: ["p2"]}, "notes": {BUNDLED_ID: {"p2": "old note"}}}), encoding="utf-8")
    before = files(data)
    result = cli("--library", bundled_library(), "export", BUNDLED_ID, "--format", "jsonl")
    assert result.code == 0 and result.err == ""
    second = next(record for record in map(json.loads, result.out.splitlines()) if record.get("id") == "p2")
    assert second["bookmark"] is True and second["note"] == "old note"
    assert files(data) == before


@pytest.mark.parametrize("name", [STATE_FILE, "state.json"])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_damaged_state_is_reported_and_left_where_it_is(cli, data, name, fmt):
    data.mkdir()
    (data / name).write_bytes(b"{damaged" * 100)
    before = files(data)
    result = cli("--library", bundled_library(), "export", BUNDLED_ID, "--format", fmt)
    assert result.code == 0 and result.out
    if fmt == "json":  # a format that carries bookmarks and notes says they are missing
        lines = result.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("reader: warning: ") and "damaged" in lines[0]
        assert json.loads(result.out)["annotations"] == {"bookmarks": [], "notes": {}}
    else:
        assert result.err == ""
    assert files(data) == before  # nothing moved aside, nothing created
