"""The user's reading state: saved atomically, read back, damaged files reported and kept."""

from __future__ import annotations

import json

import pytest

from reader.core.search import find_pairs, find_spans
from reader.core.model import Pair
from reader.core.userstate import UserState, default_state_path


def test_round_trip(tmp_path):
    path = tmp_path / "state.json"
    state = UserState(path, last_text="a", theme="textual-light")
    state.positions["a"] = "p3"
    assert state.toggle_bookmark("a", "p3") is True
    assert state.toggle_bookmark("a", "p5") is True
    assert state.toggle_bookmark("a", "p5") is False  # cleared again
    state.set_note("a", "p3", "  look again  ")
    state.set_note("a", "p4", "temporary")
    state.set_note("a", "p4", "")  # empty removes
    state.save()
    loaded, warning = UserState.load(path)
    assert warning is None
    assert (loaded.last_text, loaded.theme, loaded.positions) == ("a", "textual-light", {"a": "p3"})
    assert loaded.bookmarks == {"a": ["p3"]}
    assert loaded.notes == {"a": {"p3": "look again"}}
    assert loaded.annotations("a") == {"bookmarks": ["p3"], "notes": {"p3": "look again"}}
    assert loaded.annotations("other") == {"bookmarks": [], "notes": {}}
    assert not list(tmp_path.glob("*.tmp"))  # the atomic write left nothing behind


def test_missing_file_is_a_fresh_state(tmp_path):
    state, warning = UserState.load(tmp_path / "none" / "state.json")
    assert warning is None and state.last_text == "" and state.bookmarks == {}


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[]",
        json.dumps({"version": 99}).encode(),
        json.dumps({"version": 1, "positions": {"a": 3}}).encode(),
        json.dumps({"version": 1, "bookmarks": {"a": "p1"}}).encode(),
        json.dumps({"version": 1, "notes": []}).encode(),
    ],
)
def test_damaged_file_is_reported_kept_and_replaced(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_bytes(content)
    state, warning = UserState.load(path)
    assert warning is not None
    assert str(path) in warning and "damaged" in warning and "starting afresh" in warning
    assert "\n" not in warning
    assert (tmp_path / "state.json.corrupt").read_bytes() == content
    state.positions["x"] = "p1"
    state.save()
    again, warning = UserState.load(path)
    assert warning is None and again.positions == {"x": "p1"}


def test_data_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "mine"))
    assert default_state_path() == tmp_path / "mine" / "state.json"
    monkeypatch.delenv("READER_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_state_path() == tmp_path / "xdg" / "reader" / "state.json"


def test_an_unwritable_folder_is_a_message_not_a_crash(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    state = UserState(blocker / "state.json")
    problem = state.try_save()
    assert problem is not None and "not saved" in problem


PAIRS = [
    Pair("p1", "body", "The US-Japan Alliance", "美日同盟"),
    Pair("p2", "body", "a quasi-alliance\nframework", "准同盟体系"),
    Pair("p3", "body", "nothing here", "无关"),
]


@pytest.mark.parametrize(
    "query, pairs",
    [("alliance", [0, 1]), ("ALLIANCE", [0, 1]), ("同盟", [0, 1]), ("alliance framework", [1]),
     ("[bold]", []), ("a.b", []), ("", []), ("   ", [])],
)
def test_search_finds_pairs_in_either_language(query, pairs):
    assert find_pairs(PAIRS, query) == pairs


def test_search_spans_ignore_case_and_treat_regex_characters_literally():
    assert find_spans("Alliance, alliance", "alliance") == [(0, 8), (10, 18)]
    assert find_spans("2+2 dialogue", "2+2") == [(0, 3)]
    assert find_spans("quasi-alliance\nframework", "alliance framework") == [(6, 24)]
