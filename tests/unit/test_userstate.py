"""The user's reading state in SQLite: every change kept at once, shared by readers on one
folder without loss, the files of earlier versions taken in once, damage reported and kept
aside (never over an earlier backup), read-only use that touches nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from reader.core.model import Pair
from reader.core.search import find_pairs, find_spans
from reader.core.userstate import STATE_FILE, UserState, default_data_dir


def open_state(folder, **options) -> UserState:
    state, warning = UserState.open(folder, **options)
    assert warning is None, warning
    return state


def test_every_change_is_kept_at_once(tmp_path):
    state = open_state(tmp_path)
    state.set_last_text("a")
    state.set_theme("textual-light")
    state.set_position("a", "p3")
    assert state.toggle_bookmark("a", "p3") is True
    assert state.toggle_bookmark("a", "p5") is True
    assert state.toggle_bookmark("a", "p5") is False  # cleared again
    assert state.set_note("a", "p3", "  look again  ") == "look again"
    state.set_note("a", "p4", "temporary")
    assert state.set_note("a", "p4", "") == ""  # empty removes
    # no save, no close: a second reader sees it all already
    other = open_state(tmp_path)
    assert (other.last_text, other.theme, dict(other.positions)) == ("a", "textual-light", {"a": "p3"})
    assert dict(other.bookmarks) == {"a": ("p3",)}
    assert {k: dict(v) for k, v in other.notes.items()} == {"a": {"p3": "look again"}}
    assert other.annotations("a") == {"bookmarks": ["p3"], "notes": {"p3": "look again"}}
    assert other.annotations("other") == {"bookmarks": [], "notes": {}}
    state.close()
    other.close()


def test_the_snapshot_cannot_be_changed_behind_the_database(tmp_path):
    state = open_state(tmp_path)
    state.toggle_bookmark("a", "p1")
    with pytest.raises(TypeError):
        state.positions["a"] = "p2"  # only set_position writes
    with pytest.raises(TypeError):
        state.notes["a"] = {}
    assert isinstance(state.bookmarks["a"], tuple)


def test_the_database_is_private_to_the_user(tmp_path):
    old = os.umask(0o022)
    try:
        state = open_state(tmp_path / "data")
        state.toggle_bookmark("a", "p1")
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "data").iterdir() if p.name.startswith(STATE_FILE)]
    assert {p.name for p in files} >= {STATE_FILE, STATE_FILE + "-wal"}
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in files), [(p.name, oct(p.stat().st_mode)) for p in files]
    mode = sqlite3.connect(tmp_path / "data" / STATE_FILE).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_two_readers_interleaving_lose_nothing(tmp_path):
    one, two = open_state(tmp_path), open_state(tmp_path)
    for number in range(1, 21):
        reader = one if number % 2 else two
        reader.toggle_bookmark("a", f"p{number}")
        reader.set_note("a", f"p{number}", f"note {number}", base="")
    for reader in (one, two):
        reader.refresh()
        assert reader.bookmarks["a"] == tuple(f"p{n}" for n in range(1, 21))
        assert dict(reader.notes["a"]) == {f"p{n}": f"note {n}" for n in range(1, 21)}


def test_refresh_says_when_another_reader_changed_bookmarks_or_notes(tmp_path):
    one, two = open_state(tmp_path), open_state(tmp_path)
    assert one.refresh() is False
    two.toggle_bookmark("a", "p2")
    assert one.refresh() is True and one.bookmarks["a"] == ("p2",)
    assert one.refresh() is False
    two.set_position("a", "p7")  # a position is not a mark on the text
    assert one.refresh() is False and one.positions["a"] == "p7"
    two.set_note("a", "p2", "seen")
    assert one.refresh() is True and one.notes["a"]["p2"] == "seen"


def test_a_bookmark_set_by_both_readers_stays_set(tmp_path):
    one, two = open_state(tmp_path), open_state(tmp_path)
    assert one.toggle_bookmark("a", "p4") is True
    assert two.toggle_bookmark("a", "p4") is True  # two did not see it yet: it meant to set it
    one.refresh()
    assert one.bookmarks["a"] == ("p4",)


def test_a_note_changed_by_two_readers_keeps_both(tmp_path):
    one, two = open_state(tmp_path), open_state(tmp_path)
    one.set_note("a", "p1", "first")
    two.refresh()
    base = two.notes["a"]["p1"]
    one.set_note("a", "p1", "first, revised", base="first")
    assert two.set_note("a", "p1", "first, and mine", base=base) == "first, revised\nfirst, and mine"
    assert two.set_note("a", "p1", "", base="first") == "first, revised\nfirst, and mine"  # not removed
    one.refresh()
    assert one.notes["a"]["p1"] == "first, revised\nfirst, and mine"
    # removing what one sees removes it
    assert one.set_note("a", "p1", "", base=one.notes["a"]["p1"]) == ""


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from reader.core.userstate import UserState
    state, warning = UserState.open(Path(sys.argv[1]))
    assert warning is None, warning
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(int(sys.argv[2])):
        state.toggle_bookmark("a", f"child-{n}")
        state.set_note("a", f"child-{n}", f"from the child {n}", base="")
        state.set_position("a", f"child-{n}")
        state.refresh()
    print("done", flush=True)
""")


def test_two_processes_on_one_folder_lose_nothing(tmp_path):
    count = 150
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), str(count)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        state = open_state(tmp_path)
        child.stdin.write("go\n")
        child.stdin.flush()
        for n in range(count):
            state.toggle_bookmark("a", f"parent-{n}")
            state.set_note("a", f"parent-{n}", f"from the parent {n}", base="")
            state.refresh()
        assert child.stdout.readline().strip() == "done"
    finally:
        child.stdin.close()
        assert child.wait(timeout=60) == 0
    fresh = open_state(tmp_path)
    expected = {f"{who}-{n}" for who in ("parent", "child") for n in range(count)}
    assert set(fresh.bookmarks["a"]) == expected
    assert set(fresh.notes["a"]) == expected
    assert fresh.notes["a"]["child-7"] == "from the child 7"


def test_a_missing_folder_is_a_fresh_state(tmp_path):
    state = open_state(tmp_path / "none" / "yet")
    assert state.last_text == "" and dict(state.bookmarks) == {} and state.attempts("a") == []


# -- the files of earlier versions ----------------------------------------------------------------

LEGACY = {
    "version": 1, "last_text": "a", "theme": "nord", "positions": {"a": "p3", "b": "p1"},
    "bookmarks": {"a": ["p5", "p3"], "b": []}, "notes": {"a": {"p3": "look again"}},
}
ATTEMPT = {"text_id": "a", "pair_id": "p2", "target": "zh", "translation": "它", "score": 12.5,
           "used": [], "missed": ["准同盟"], "when": 1700000000.0}


def write_legacy(folder, state=LEGACY, attempts=(ATTEMPT,)):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "state.json").write_text(json.dumps(state), encoding="utf-8")
    (folder / "attempts").mkdir(exist_ok=True)
    (folder / "attempts" / "a.json").write_text(json.dumps(list(attempts)), encoding="utf-8")


def test_state_json_and_attempts_are_taken_in_once_and_kept_renamed(tmp_path):
    write_legacy(tmp_path)
    original = (tmp_path / "state.json").read_bytes()
    state = open_state(tmp_path)
    assert (state.last_text, state.theme, dict(state.positions)) == ("a", "nord", {"a": "p3", "b": "p1"})
    assert dict(state.bookmarks) == {"a": ("p5", "p3")}
    assert dict(state.notes["a"]) == {"p3": "look again"}
    assert state.attempts("a") == [ATTEMPT]
    assert not (tmp_path / "state.json").exists()
    assert (tmp_path / "state.json.migrated").read_bytes() == original
    assert (tmp_path / "attempts" / "a.json.migrated").is_file()
    # the same file again (restored from the .migrated copy): not taken in twice
    (tmp_path / "state.json").write_bytes(original)
    again = open_state(tmp_path)
    assert again.attempts("a") == [ATTEMPT] and dict(again.notes["a"]) == {"p3": "look again"}
    assert (tmp_path / "state.json.migrated-2").read_bytes() == original  # the first kept too


def test_a_later_state_json_is_merged_without_loss(tmp_path):
    state = open_state(tmp_path)
    state.set_last_text("b")
    state.toggle_bookmark("a", "p9")
    state.set_note("a", "p3", "written in the new reader")
    write_legacy(tmp_path)  # an older reader ran on the folder meanwhile
    merged = open_state(tmp_path)
    assert merged.last_text == "b"  # the database's own settings win
    assert set(merged.bookmarks["a"]) == {"p9", "p5", "p3"}
    assert merged.notes["a"]["p3"] == "written in the new reader\nlook again"


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
def test_a_damaged_state_json_is_reported_and_kept(tmp_path, content):
    (tmp_path / "state.json").write_bytes(content)
    state, warning = UserState.open(tmp_path)
    assert warning is not None and "\n" not in warning
    assert str(tmp_path / "state.json") in warning and "damaged" in warning and "state.json.corrupt" in warning
    assert (tmp_path / "state.json.corrupt").read_bytes() == content
    state.set_position("x", "p1")
    again, warning = UserState.open(tmp_path)
    assert warning is None and again.positions == {"x": "p1"}  # reported once


def test_damaged_attempts_are_reported_and_kept(tmp_path):
    (tmp_path / "attempts").mkdir()
    (tmp_path / "attempts" / "t.json").write_text("[{]", encoding="utf-8")
    (tmp_path / "attempts" / "u.json").write_text(json.dumps([{**ATTEMPT, "score": "high"}]), encoding="utf-8")
    state, warning = UserState.open(tmp_path)
    assert warning.count("is damaged") == 2 and "t.json.corrupt" in warning and "u.json.corrupt" in warning
    assert (tmp_path / "attempts" / "t.json.corrupt").read_text(encoding="utf-8") == "[{]"
    assert state.attempts("t") == []


def test_backups_never_overwrite_earlier_ones(tmp_path):
    for round_number, content in enumerate((b"{one", b"{two", b"{three"), start=1):
        (tmp_path / "state.json").write_bytes(content)
        _, warning = UserState.open(tmp_path)
        name = "state.json.corrupt" + (f"-{round_number}" if round_number > 1 else "")
        assert name in warning
    assert (tmp_path / "state.json.corrupt").read_bytes() == b"{one"
    assert (tmp_path / "state.json.corrupt-2").read_bytes() == b"{two"
    assert (tmp_path / "state.json.corrupt-3").read_bytes() == b"{three"


# -- a damaged database ------------------------------------------------------------------

def truncated_database(folder):
    """A real state database cut short: SQLite's header is intact, its pages are not."""
    state = open_state(folder)
    for number in range(300):
        state.set_note("a", f"p{number}", "a note long enough to fill pages " * 4)
    state.close()
    path = folder / STATE_FILE
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return data[: len(data) // 2]


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_reported_once_and_kept_aside(tmp_path, damage):
    path = tmp_path / STATE_FILE
    if damage == "garbage":
        content = b"this is not a database" * 100
        path.write_bytes(content)
    else:
        content = truncated_database(tmp_path)
    state, warning = UserState.open(tmp_path)
    assert warning is not None and "\n" not in warning
    assert "damaged" in warning and f"{STATE_FILE}.damaged" in warning
    assert (tmp_path / f"{STATE_FILE}.damaged").read_bytes() == content
    state.toggle_bookmark("a", "p1")  # the fresh database works
    again, warning = UserState.open(tmp_path)
    assert warning is None and again.bookmarks["a"] == ("p1",)
    # damaged once more: the first backup stays
    again.close()
    state.close()
    path.write_bytes(b"broken again" * 100)
    for leftover in (tmp_path / (STATE_FILE + "-wal"), tmp_path / (STATE_FILE + "-shm")):
        leftover.unlink(missing_ok=True)
    _, warning = UserState.open(tmp_path)
    assert f"{STATE_FILE}.damaged-2" in warning
    assert (tmp_path / f"{STATE_FILE}.damaged").read_bytes() == content


OPENER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from reader.core.userstate import UserState
    sys.stdin.readline()
    state, warning = UserState.open(Path(sys.argv[1]))
    state.toggle_bookmark("a", sys.argv[2])
    print("warned" if warning else "quiet", flush=True)
""")


def test_two_readers_finding_the_database_damaged_at_once_keep_one_backup_and_share_the_new_one(tmp_path):
    (tmp_path / STATE_FILE).write_bytes(b"not a database" * 100)
    children = [subprocess.Popen([sys.executable, "-c", OPENER, str(tmp_path), name], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True) for name in ("p1", "p2")]
    time.sleep(0.5)  # both started: let them go at once
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    said = sorted(child.communicate(timeout=60)[0].strip() for child in children)
    assert all(child.returncode == 0 for child in children)
    assert said == ["quiet", "warned"]  # reported once
    assert [p.name for p in tmp_path.glob("*.damaged*")] == [f"{STATE_FILE}.damaged"]
    assert set(open_state(tmp_path).bookmarks["a"]) == {"p1", "p2"}  # nobody wrote into a lost file


def test_two_readers_starting_at_once_take_state_json_in_once(tmp_path):
    write_legacy(tmp_path)
    children = [subprocess.Popen([sys.executable, "-c", OPENER, str(tmp_path), name], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True) for name in ("q1", "q2")]
    time.sleep(0.5)
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    said = [child.communicate(timeout=60)[0].strip() for child in children]
    assert all(child.returncode == 0 for child in children) and said == ["quiet", "quiet"]
    state = open_state(tmp_path)
    assert state.bookmarks["a"] == ("p5", "p3", "q1", "q2") or state.bookmarks["a"] == ("p5", "p3", "q2", "q1")
    assert dict(state.notes["a"]) == {"p3": "look again"}  # not twice
    assert state.attempts("a") == [ATTEMPT]
    assert sorted(p.name for p in tmp_path.glob("state.json*")) == ["state.json.migrated"]


def test_a_database_of_a_newer_version_is_left_alone(tmp_path):
    path = tmp_path / STATE_FILE
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    state, warning = UserState.open(tmp_path)
    assert "newer version" in warning and "not be kept" in warning
    state.toggle_bookmark("a", "p1")  # works for the session, in memory
    assert path.read_bytes() == before and not list(tmp_path.glob("*.damaged*"))


def test_an_unusable_folder_is_a_message_not_a_crash(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    state, warning = UserState.open(blocker)
    assert warning is not None and "cannot use" in warning and "\n" not in warning
    state.toggle_bookmark("a", "p1")  # kept for the session
    assert state.bookmarks["a"] == ("p1",)


# -- read-only use ---------------------------------------------------------------------------------

def test_read_only_creates_nothing_and_refuses_changes(tmp_path):
    from reader.core.errors import ReaderError

    state = open_state(tmp_path / "data", readonly=True)
    assert not (tmp_path / "data").exists()
    with pytest.raises(ReaderError, match="read-only"):
        state.toggle_bookmark("a", "p1")


def test_read_only_reads_an_unmigrated_state_json_and_leaves_it(tmp_path):
    write_legacy(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    state = open_state(tmp_path, readonly=True)
    assert state.annotations("a") == {"bookmarks": ["p5", "p3"], "notes": {"p3": "look again"}}
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_read_only_reads_the_database_beside_a_writer(tmp_path):
    writer = open_state(tmp_path)
    writer.toggle_bookmark("a", "p2")
    writer.set_note("a", "p2", "kept")
    reader = open_state(tmp_path, readonly=True)
    assert reader.annotations("a") == {"bookmarks": ["p2"], "notes": {"p2": "kept"}}


@pytest.mark.parametrize("damaged", ["database", "state.json"])
def test_read_only_reports_damage_and_moves_nothing(tmp_path, damaged):
    if damaged == "database":
        (tmp_path / STATE_FILE).write_bytes(b"not a database" * 100)
    else:
        (tmp_path / "state.json").write_bytes(b"{not json")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    state, warning = UserState.open(tmp_path, readonly=True)
    assert warning is not None and "damaged" in warning
    assert state.annotations("a") == {"bookmarks": [], "notes": {}}
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_data_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "mine"))
    assert default_data_dir() == tmp_path / "mine"
    monkeypatch.delenv("READER_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "reader"


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
