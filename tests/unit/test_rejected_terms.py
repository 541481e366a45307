"""Rejected term candidates in the reading state: kept per text, each change its own
transaction, and a database of the first schema gains the table."""

from __future__ import annotations

import sqlite3

from reader.core.userstate import SCHEMA_VERSION, STATE_FILE, UserState


def test_a_rejection_is_kept_per_text_and_can_be_taken_back(tmp_path):
    state, warning = UserState.open(tmp_path)
    assert warning is None
    state.reject_term("a", "双方", "both sides")
    state.reject_term("a", "双方", "the two sides")  # again: still one
    state.reject_term("b", "问题", "issue")
    state.close()
    again, _ = UserState.open(tmp_path)
    assert again.rejected_terms("a") == {"双方"} and again.rejected_terms("b") == {"问题"}
    again.reject_term("a", "双方", rejected=False)
    assert again.rejected_terms("a") == set()
    readonly, _ = UserState.open(tmp_path, readonly=True)
    assert readonly.rejected_terms("b") == {"问题"}


def test_a_database_of_the_first_schema_gains_the_table_and_keeps_its_bookmarks(tmp_path):
    db = sqlite3.connect(tmp_path / STATE_FILE)
    db.executescript("""
        CREATE TABLE bookmark (text TEXT NOT NULL, pair TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (text, pair));
        INSERT INTO bookmark VALUES ('a', 'p1', 1.0);
        PRAGMA user_version = 1;
    """)
    db.close()
    state, warning = UserState.open(tmp_path)
    assert warning is None
    assert state.bookmarks["a"] == ("p1",)
    state.reject_term("a", "双方")
    assert state.rejected_terms("a") == {"双方"}
    state.close()
    db = sqlite3.connect(tmp_path / STATE_FILE)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
