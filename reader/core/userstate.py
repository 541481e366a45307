"""What the reader remembers for its user: the last text, where each text was left,
bookmarks, notes on pairs, the theme, and the translation attempts of the study mode.

All of it lives in one SQLite database in the user's data folder (`state.sqlite3`, next
to nothing else), in WAL mode with a busy timeout, so that several readers on one folder
(two terminals, or the tabs of a served reader) share it: each change is written at once
as its own small transaction, and a reader picks up the others' changes when it
refreshes (`refresh`, a cheap `PRAGMA data_version` check). Nothing is ever saved as a
whole, so nobody's bookmark or note is overwritten by another reader's copy.

What a reader shows comes from a snapshot (`positions`, `bookmarks`, `notes`, ...), read
when the state is opened and after every change, so drawing a screen never queries the
database. The files of earlier versions (`state.json`, `attempts/<id>.json`) are taken in
once (state_migration). A damaged database is reported once and kept aside under a name
that never overwrites an earlier one; a command that only reads (`reader export`) opens
the state read-only and never moves anything.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from .errors import ReaderError
from .state_db import folder_lock, insert_attempt, keep_aside

ENV_DATA_DIR = "READER_DATA_DIR"
STATE_FILE = "state.sqlite3"
SCHEMA_VERSION = 2  # 2: rejected_term
BUSY_SECONDS = 5.0  # how long a change waits for another reader's transaction to end

_SCHEMA = """
CREATE TABLE IF NOT EXISTS setting (
    name TEXT PRIMARY KEY CHECK (typeof(name) = 'text'),
    value TEXT NOT NULL CHECK (typeof(value) = 'text'));
CREATE TABLE IF NOT EXISTS position (
    text TEXT PRIMARY KEY CHECK (typeof(text) = 'text'),
    pair TEXT NOT NULL CHECK (typeof(pair) = 'text'),
    at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS bookmark (
    text TEXT NOT NULL CHECK (typeof(text) = 'text'),
    pair TEXT NOT NULL CHECK (typeof(pair) = 'text'),
    at REAL NOT NULL,
    PRIMARY KEY (text, pair));
CREATE TABLE IF NOT EXISTS note (
    text TEXT NOT NULL CHECK (typeof(text) = 'text'),
    pair TEXT NOT NULL CHECK (typeof(pair) = 'text'),
    body TEXT NOT NULL CHECK (typeof(body) = 'text' AND body <> ''),
    at REAL NOT NULL,
    PRIMARY KEY (text, pair));
CREATE TABLE IF NOT EXISTS attempt (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL CHECK (typeof(text) = 'text'),
    pair TEXT NOT NULL CHECK (typeof(pair) = 'text'),
    target TEXT NOT NULL CHECK (target IN ('en', 'zh')),
    translation TEXT NOT NULL CHECK (typeof(translation) = 'text'),
    score REAL NOT NULL,
    used TEXT NOT NULL,    -- JSON list of glossary terms (zh) rendered
    missed TEXT NOT NULL,  -- JSON list of glossary terms (zh) not rendered
    at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS attempt_by_text ON attempt (text, id);
CREATE TABLE IF NOT EXISTS rejected_term (  -- term candidates rejected in the reader (G, x)
    text TEXT NOT NULL CHECK (typeof(text) = 'text'),
    zh TEXT NOT NULL CHECK (typeof(zh) = 'text' AND zh <> ''),
    en TEXT NOT NULL CHECK (typeof(en) = 'text'),
    at REAL NOT NULL,
    PRIMARY KEY (text, zh));
CREATE TABLE IF NOT EXISTS migrated (  -- files of earlier versions already taken in
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (file, sha256));
"""

_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def default_data_dir() -> Path:
    """The user data folder: $READER_DATA_DIR, else the platform's (platformdirs)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("reader"))


def is_damage(exc: sqlite3.Error) -> bool:
    """True if SQLite says the file is not a database or is corrupt (not merely busy)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _DAMAGED


class UserState:
    """The reading state of one data folder. Open it with `UserState.open`; every method
    that changes something writes at once and raises ReaderError if it cannot."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None, *, readonly: bool = False) -> None:
        self._db = connection
        self._lock = threading.RLock()  # the connection is shared with worker threads
        self.path = path  # the database file; None for a state kept only in memory
        self.readonly = readonly
        self._seen = -1  # PRAGMA data_version when the snapshot was read
        self._load()

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | None = None, *, readonly: bool = False) -> tuple["UserState", str | None]:
        """The state of a data folder (default: the user's), and a warning to show if
        something was damaged or cannot be used (one line per problem).

        Writable: creates the database (mode 0600), takes in the files of earlier versions,
        and sets a damaged database aside. `readonly`: reads a copy into memory, touches
        nothing on disk (a damaged file is only reported), and refuses changes."""
        from . import state_migration

        folder = folder if folder is not None else default_data_dir()
        path = folder / STATE_FILE
        warnings: list[str] = []
        if readonly:
            connection = _read_copy(path, warnings)
            state_migration.take_in(connection, folder, warnings, keep_files=True)
            return cls(connection, path, readonly=True), _joined(warnings)
        try:
            try:
                connection = _open_writable(path)
            except _Damaged as exc:
                try:
                    backup = _set_aside(path)
                except OSError as move_error:
                    return cls._fallback(path, f"it is damaged ({exc}) and cannot be set aside "
                                               f"({move_error.strerror or move_error})", warnings)
                if backup is not None:  # (else another reader did it a moment ago, and says so)
                    warnings.append(f"{path}: the saved reading state is damaged ({exc}); "
                                    f"kept as {backup.name}, starting afresh")
                connection = _open_writable(path)
        except (sqlite3.Error, _Damaged, _NewerSchema) as exc:
            return cls._fallback(path, _problem(exc), warnings)
        except OSError as exc:
            return cls._fallback(path, exc.strerror or str(exc), warnings)
        return cls._opened(connection, folder, path, warnings)

    @classmethod
    def _opened(cls, connection, folder: Path, path: Path, warnings: list[str]) -> tuple["UserState", str | None]:
        from . import state_migration

        try:
            state_migration.take_in(connection, folder, warnings, keep_files=False)
            state = cls(connection, path)
        except sqlite3.Error as exc:
            connection.close()
            return cls._fallback(path, _problem(exc), warnings)
        return state, _joined(warnings)

    @classmethod
    def in_memory(cls) -> "UserState":
        """A state for this session only (nothing is kept after it)."""
        connection = _connect(":memory:")
        connection.executescript(_SCHEMA)
        return cls(connection, None)

    @classmethod
    def _fallback(cls, path: Path, problem: str, warnings: list[str]) -> tuple["UserState", str | None]:
        warnings.append(f"{path}: cannot use the saved reading state ({problem}); "
                        "bookmarks, notes and positions of this session will not be kept")
        return cls.in_memory(), _joined(warnings)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- the snapshot -------------------------------------------------------------------------

    @property
    def last_text(self) -> str:
        return self._settings.get("last_text", "")

    @property
    def theme(self) -> str:
        return self._settings.get("theme", "")

    @property
    def positions(self) -> Mapping[str, str]:
        """Text id -> the pair id where it was left."""
        return MappingProxyType(self._positions)

    @property
    def bookmarks(self) -> Mapping[str, tuple[str, ...]]:
        """Text id -> bookmarked pair ids, in the order they were set."""
        return self._bookmarks

    @property
    def notes(self) -> Mapping[str, Mapping[str, str]]:
        """Text id -> pair id -> note."""
        return self._notes

    def annotations(self, text_id: str) -> dict:
        """Bookmarks and notes of one text, for exports."""
        return {"bookmarks": list(self._bookmarks.get(text_id, ())), "notes": dict(self._notes.get(text_id, {}))}

    def refresh(self) -> bool:
        """Read what other readers changed since; True if bookmarks or notes changed."""
        with self._lock:
            try:
                version = self._db.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                return False  # reported when a change fails; reading goes on from the snapshot
            if version == self._seen:
                return False
            before = (self._bookmarks, self._notes)
            self._load()
            return (self._bookmarks, self._notes) != before

    def _load(self) -> None:
        with self._lock:
            db = self._db
            self._seen = db.execute("PRAGMA data_version").fetchone()[0]
            self._settings = dict(db.execute("SELECT name, value FROM setting"))
            self._positions = dict(db.execute("SELECT text, pair FROM position"))
            bookmarks: dict[str, list[str]] = {}
            for text_id, pair_id in db.execute("SELECT text, pair FROM bookmark ORDER BY at, rowid"):
                bookmarks.setdefault(text_id, []).append(pair_id)
            notes: dict[str, dict[str, str]] = {}
            for text_id, pair_id, body in db.execute("SELECT text, pair, body FROM note ORDER BY text, pair"):
                notes.setdefault(text_id, {})[pair_id] = body
            self._bookmarks = MappingProxyType({k: tuple(v) for k, v in bookmarks.items()})
            self._notes = MappingProxyType({k: MappingProxyType(v) for k, v in notes.items()})

    # -- changes: each one transaction, written at once -----------------------------------------

    def _change(self, work, *, reload: bool = True):
        """Run `work(db)` in one immediate transaction (it waits up to BUSY_SECONDS for
        another reader's); its result, after the snapshot is read again."""
        if self.readonly:
            raise ReaderError("the reading state is open read-only", self.path)
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    result = work(self._db)
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                if reload:
                    self._load()
                return result
            except sqlite3.Error as exc:
                raise ReaderError(f"the reading state could not be saved ({_problem(exc)})",
                                  self.path or "memory") from None

    def set_last_text(self, text_id: str) -> None:
        self._set_setting("last_text", text_id)

    def set_theme(self, theme: str) -> None:
        self._set_setting("theme", theme)

    def _set_setting(self, name: str, value: str) -> None:
        if self._settings.get(name) == value:
            return
        self._change(lambda db: db.execute(
            "INSERT INTO setting VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, value)), reload=False)
        self._settings[name] = value

    def set_position(self, text_id: str, pair_id: str) -> None:
        """Where a text was left (the snapshot of the others is not read again: this runs
        on every cursor move)."""
        if self._positions.get(text_id) == pair_id:
            return
        self._change(lambda db: db.execute(
            "INSERT INTO position VALUES (?, ?, ?) ON CONFLICT (text) DO UPDATE "
            "SET pair = excluded.pair, at = excluded.at", (text_id, pair_id, time.time())), reload=False)
        self._positions[text_id] = pair_id

    def toggle_bookmark(self, text_id: str, pair_id: str) -> bool:
        """Set a bookmark if this reader shows none on the pair, else clear it; True if
        the pair is now bookmarked. (What the user meant is kept: if another reader set
        the same bookmark meanwhile, setting it again leaves it set.)"""
        wanted = pair_id not in self._bookmarks.get(text_id, ())
        self.set_bookmark(text_id, pair_id, wanted)
        return wanted

    def set_bookmark(self, text_id: str, pair_id: str, on: bool) -> None:
        def write(db) -> None:
            if on:
                db.execute("INSERT OR IGNORE INTO bookmark VALUES (?, ?, ?)", (text_id, pair_id, time.time()))
            else:
                db.execute("DELETE FROM bookmark WHERE text = ? AND pair = ?", (text_id, pair_id))

        self._change(write)

    def set_note(self, text_id: str, pair_id: str, note: str, *, base: str | None = None) -> str:
        """Write (or, empty, remove) the note on a pair; returns the note as kept.

        `base` is the note the writer started from. If another reader changed the note
        since, neither version is lost: the two are kept one after the other (and an
        empty note does not remove the other reader's)."""
        note = note.strip()

        def write(db) -> str:
            key = (text_id, pair_id)
            row = db.execute("SELECT body FROM note WHERE text = ? AND pair = ?", key).fetchone()
            current = row[0] if row else ""
            kept = note
            if base is not None and current not in (base.strip(), note) and current:
                kept = f"{current}\n{note}" if note else current  # changed elsewhere meanwhile
            if kept:
                db.execute("INSERT INTO note VALUES (?, ?, ?, ?) ON CONFLICT (text, pair) DO UPDATE "
                           "SET body = excluded.body, at = excluded.at", (*key, kept, time.time()))
            else:
                db.execute("DELETE FROM note WHERE text = ? AND pair = ?", key)
            return kept

        return self._change(write)

    # -- translation attempts ---------------------------------------------------------------

    def attempts(self, text_id: str) -> list[dict]:
        """The attempts on a text, oldest first, as records (see study.Attempt)."""
        with self._lock:
            try:
                rows = self._db.execute(
                    "SELECT text, pair, target, translation, score, used, missed, at FROM attempt "
                    "WHERE text = ? ORDER BY id", (text_id,)).fetchall()
            except sqlite3.Error as exc:
                raise ReaderError(f"the saved attempts cannot be read ({_problem(exc)})",
                                  self.path or "memory") from None
        return [_attempt_record(row) for row in rows]

    def add_attempt(self, record: dict) -> None:
        self._change(lambda db: insert_attempt(db, record), reload=False)

    # -- term candidates ----------------------------------------------------------------------

    def rejected_terms(self, text_id: str) -> set[str]:
        """The term candidates (Chinese) rejected on a text."""
        with self._lock:
            try:
                rows = self._db.execute("SELECT zh FROM rejected_term WHERE text = ?", (text_id,)).fetchall()
            except sqlite3.Error as exc:
                raise ReaderError(f"the rejected term candidates cannot be read ({_problem(exc)})",
                                  self.path or "memory") from None
        return {zh for (zh,) in rows}

    def reject_term(self, text_id: str, zh: str, en: str = "", rejected: bool = True) -> None:
        """Remember (or, `rejected` false, forget) that a candidate is no term of a text."""
        def write(db) -> None:
            if rejected:
                db.execute("INSERT INTO rejected_term VALUES (?, ?, ?, ?) ON CONFLICT (text, zh) DO UPDATE "
                           "SET en = excluded.en, at = excluded.at", (text_id, zh, en, time.time()))
            else:
                db.execute("DELETE FROM rejected_term WHERE text = ? AND zh = ?", (text_id, zh))

        self._change(write, reload=False)

    # -- following the alignment editor -------------------------------------------------------

    def move_pairs(self, text_id: str, moves: Mapping[str, str], token: str) -> None:
        """An edit removed pairs whose text went to others (`moves`: gone id -> new id):
        their bookmarks, notes, attempts and the position go along (a note joins the one
        already there, below it). What moved is kept under `token`, for `unmove_pairs`."""

        def write(db) -> None:
            db.execute(_MOVES_TABLE)
            for old, new in moves.items():
                key = (text_id, old)
                bookmarked = db.execute("SELECT 1 FROM bookmark WHERE text = ? AND pair = ?", key).fetchone()
                there = db.execute("SELECT 1 FROM bookmark WHERE text = ? AND pair = ?", (text_id, new)).fetchone()
                if bookmarked:
                    db.execute("DELETE FROM bookmark WHERE text = ? AND pair = ?", key)
                    db.execute("INSERT OR IGNORE INTO bookmark VALUES (?, ?, ?)", (text_id, new, time.time()))
                note = _one(db, "SELECT body FROM note WHERE text = ? AND pair = ?", key)
                note_before = _one(db, "SELECT body FROM note WHERE text = ? AND pair = ?", (text_id, new))
                merged = None
                if note:
                    merged = f"{note_before}\n{note}" if note_before else note
                    db.execute("DELETE FROM note WHERE text = ? AND pair = ?", key)
                    db.execute("INSERT INTO note VALUES (?, ?, ?, ?) ON CONFLICT (text, pair) DO UPDATE "
                               "SET body = excluded.body, at = excluded.at", (text_id, new, merged, time.time()))
                attempts = [row[0] for row in db.execute("SELECT id FROM attempt WHERE text = ? AND pair = ?", key)]
                db.execute("UPDATE attempt SET pair = ? WHERE text = ? AND pair = ?", (new, text_id, old))
                position = _one(db, "SELECT pair FROM position WHERE text = ?", (text_id,)) == old
                if position:
                    db.execute("UPDATE position SET pair = ? WHERE text = ?", (new, text_id))
                db.execute("INSERT INTO pair_move VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (text_id, token, old, new, 1 if bookmarked else 0, 1 if bookmarked and not there else 0,
                            note, note_before, merged, json.dumps(attempts)))
                if position:
                    self._positions[text_id] = new

        self._change(write)

    def unmove_pairs(self, text_id: str, token: str) -> None:
        """Put back what `move_pairs` moved under `token` (the edit is undone): bookmarks,
        notes and attempts return to the pairs that are back."""

        def write(db) -> None:
            db.execute(_MOVES_TABLE)
            rows = db.execute("SELECT old, new, bookmark, created, note, note_before, merged, attempts "
                              "FROM pair_move WHERE text = ? AND token = ? ORDER BY rowid DESC",
                              (text_id, token)).fetchall()
            for old, new, bookmark, created, note, note_before, merged, attempts in rows:
                if bookmark:
                    db.execute("INSERT OR IGNORE INTO bookmark VALUES (?, ?, ?)", (text_id, old, time.time()))
                    if created:
                        db.execute("DELETE FROM bookmark WHERE text = ? AND pair = ?", (text_id, new))
                if note:
                    db.execute("INSERT INTO note VALUES (?, ?, ?, ?) ON CONFLICT (text, pair) DO UPDATE "
                               "SET body = excluded.body, at = excluded.at", (text_id, old, note, time.time()))
                    current = _one(db, "SELECT body FROM note WHERE text = ? AND pair = ?", (text_id, new))
                    if current == merged:  # (a note written since stays as it is)
                        if note_before:
                            db.execute("UPDATE note SET body = ? WHERE text = ? AND pair = ?",
                                       (note_before, text_id, new))
                        else:
                            db.execute("DELETE FROM note WHERE text = ? AND pair = ?", (text_id, new))
                ids = json.loads(attempts)
                if ids:
                    db.executemany("UPDATE attempt SET pair = ? WHERE id = ? AND text = ?",
                                   [(old, number, text_id) for number in ids])
            db.execute("DELETE FROM pair_move WHERE text = ? AND token = ?", (text_id, token))

        self._change(write)


# Created when first needed (not in _SCHEMA: a database of an earlier version needs no
# upgrade, and one that has the table reads as before in an earlier version).
_MOVES_TABLE = """CREATE TABLE IF NOT EXISTS pair_move (
    text TEXT NOT NULL, token TEXT NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL,
    bookmark INTEGER NOT NULL, created INTEGER NOT NULL, note TEXT, note_before TEXT, merged TEXT,
    attempts TEXT NOT NULL)"""


def _one(db, query: str, parameters):
    row = db.execute(query, parameters).fetchone()
    return row[0] if row else None


def _attempt_record(row) -> dict:
    text_id, pair_id, target, translation, score, used, missed, when = row
    return {"text_id": text_id, "pair_id": pair_id, "target": target, "translation": translation,
            "score": score, "used": json.loads(used), "missed": json.loads(missed), "when": when}


class _NewerSchema(Exception):
    """The database was written by a newer version: used in memory, left untouched."""


class _Damaged(Exception):
    """SQLite says the database is not one, or is corrupt."""


def _connect(target: str, **options) -> sqlite3.Connection:
    # Autocommit (transactions are explicit); shared with worker threads under a lock.
    return sqlite3.connect(target, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False, **options)


def _open_writable(path: Path) -> sqlite3.Connection:
    """Open (creating it, private to the user) and check the database; the schema is
    created once. Raises _Damaged, _NewerSchema, another sqlite3.Error, or OSError.

    Two readers opening one new database at once can see it busy without SQLite's busy
    handler waiting (switching it to WAL mode, a recovery): that is tried again."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            return _open_once(path)
        except sqlite3.OperationalError as exc:
            busy = (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _open_once(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # SQLite gives its -wal and -shm files the database's mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    connection = _connect(str(path))
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Damaged(f"database disk image is malformed: {check}")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _NewerSchema(f"it was written by a newer version of reader (schema {version})")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")  # WAL: safe across crashes, cheap commits
        # a new database, or one of an earlier schema: its new tables (two readers doing this at once is harmless)
        if version < SCHEMA_VERSION:
            connection.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
    except sqlite3.Error as exc:
        connection.close()
        if is_damage(exc):
            raise _Damaged(_problem(exc)) from None
        raise
    except BaseException:
        connection.close()
        raise
    return connection


def _set_aside(path: Path) -> Path | None:
    """Keep a damaged database (and its -wal, -shm) aside; the backup's path, or None if
    the database is sound after all (another reader set it aside and began a new one)."""
    with folder_lock(path.parent):  # two readers finding it damaged at once: one moves it
        try:
            _open_writable(path).close()
            return None
        except _Damaged:
            return keep_aside(path, "damaged", companions=("-wal", "-shm"))


def _read_copy(path: Path, warnings: list[str]) -> sqlite3.Connection:
    """An in-memory copy of the database (empty if there is none, or it cannot be read:
    that is reported, and the file is left as it is)."""
    memory = _connect(":memory:")
    if path.is_file():
        try:
            source = _connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                version = source.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise _NewerSchema(f"written by a newer version of reader (schema {version})")
                source.backup(memory)
            finally:
                source.close()
        except (sqlite3.Error, _NewerSchema) as exc:
            problem = _problem(exc) if isinstance(exc, sqlite3.Error) else str(exc)
            damaged = " is damaged" if isinstance(exc, sqlite3.Error) and is_damage(exc) else " cannot be read"
            warnings.append(f"{path}: the saved reading state{damaged} ({problem}); it is left as it is, "
                            "and bookmarks and notes are not included")
            memory.close()
            memory = _connect(":memory:")
    memory.executescript(_SCHEMA)
    return memory


def _problem(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _joined(warnings: list[str]) -> str | None:
    return "\n".join(warnings) if warnings else None
