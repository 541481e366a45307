"""The reading state of earlier versions, taken into the database once: `state.json`
(positions, bookmarks, notes, last text, theme) and `attempts/<text-id>.json` (translation
attempts), from the user data folder.

Each file is taken in one transaction and then renamed `<name>.migrated`; its checksum is
recorded, so a file seen again (a rename that failed, a second reader starting at the same
moment) is never taken in twice. What the database holds already wins for settings and
positions; bookmarks are merged; two different notes on one pair are both kept. A file
that cannot be read as the earlier version wrote it is reported and kept as
`<name>.corrupt`. Read-only callers take the files into their in-memory copy and leave
them where they are.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from .state_db import insert_attempt, keep_aside

LEGACY_STATE = "state.json"
LEGACY_ATTEMPTS = "attempts"
LEGACY_VERSION = 1


def take_in(db: sqlite3.Connection, folder: Path, warnings: list[str], *, keep_files: bool) -> None:
    """Take every file of an earlier version found in `folder` into `db`."""
    files = [(folder / LEGACY_STATE, LEGACY_STATE, _state_changes)]
    attempts = folder / LEGACY_ATTEMPTS
    if attempts.is_dir():
        files += [(path, f"{LEGACY_ATTEMPTS}/{path.name}", _attempt_changes) for path in sorted(attempts.glob("*.json"))]
    for path, name, changes in files:
        if path.is_file():
            _take_in_file(db, path, name, changes, warnings, keep_files)


def _take_in_file(db, path: Path, name: str, changes, warnings: list[str], keep_files: bool) -> None:
    try:
        raw = path.read_bytes()
        when = path.stat().st_mtime
    except FileNotFoundError:
        return  # another reader took it in and renamed it a moment ago
    except OSError as exc:
        warnings.append(f"{path}: cannot read the reading state of an earlier version ({exc.strerror}); not taken in")
        return
    digest = hashlib.sha256(raw).hexdigest()
    try:
        apply = changes(raw, path)
    except (UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if keep_files:
            warnings.append(f"{path}: the saved reading state is damaged ({problem}); not read")
            return
        try:
            backup = keep_aside(path, "corrupt")
        except OSError as move_error:
            warnings.append(f"{path}: the saved reading state is damaged ({problem}); "
                            f"it could not be set aside ({move_error.strerror}) and is left as it is")
            return
        warnings.append(f"{path}: the saved reading state is damaged ({problem}); kept as {backup.name}")
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        seen = db.execute("SELECT 1 FROM migrated WHERE file = ? AND sha256 = ?", (name, digest)).fetchone()
        if not seen:  # another reader may have taken it in a moment ago
            apply(db, when)
            db.execute("INSERT INTO migrated VALUES (?, ?, ?)", (name, digest, when))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if not keep_files:
        try:
            keep_aside(path, "migrated")
        except FileNotFoundError:
            pass  # the other reader renamed it
        except OSError:
            pass  # left in place; its checksum keeps it from being taken in again


# -- state.json ------------------------------------------------------------------------------

def _state_changes(raw: bytes, path: Path):
    """Check a state.json completely, and return what writes it into the database."""
    record = json.loads(raw.decode("utf-8"))
    if not isinstance(record, dict) or record.get("version") != LEGACY_VERSION:
        raise ValueError(f"not a version {LEGACY_VERSION} state file")
    settings = {name: _string(record.get(name, "")) for name in ("last_text", "theme")}
    positions = {_string(k): _string(v) for k, v in _mapping(record.get("positions", {})).items()}
    bookmarks = [(_string(text_id), _string(pair_id))
                 for text_id, pairs in _mapping(record.get("bookmarks", {})).items() for pair_id in _list(pairs)]
    notes = [(_string(text_id), _string(pair_id), _string(body).strip())
             for text_id, by_pair in _mapping(record.get("notes", {})).items()
             for pair_id, body in _mapping(by_pair).items()]

    def apply(db: sqlite3.Connection, when: float) -> None:
        for name, value in settings.items():
            if value:
                db.execute("INSERT OR IGNORE INTO setting VALUES (?, ?)", (name, value))
        for text_id, pair_id in positions.items():
            db.execute("INSERT OR IGNORE INTO position VALUES (?, ?, ?)", (text_id, pair_id, when))
        for number, key in enumerate(bookmarks):  # in their order, before anything set since
            db.execute("INSERT OR IGNORE INTO bookmark VALUES (?, ?, ?)", (*key, when - len(bookmarks) + number))
        for text_id, pair_id, body in notes:
            if not body:
                continue
            row = db.execute("SELECT body FROM note WHERE text = ? AND pair = ?", (text_id, pair_id)).fetchone()
            if row is None:
                db.execute("INSERT INTO note VALUES (?, ?, ?, ?)", (text_id, pair_id, body, when))
            elif body not in row[0].split("\n"):  # both kept
                db.execute("UPDATE note SET body = ? WHERE text = ? AND pair = ?",
                           (f"{row[0]}\n{body}", text_id, pair_id))

    return apply


# -- attempts/<text-id>.json -------------------------------------------------------------------

_ATTEMPT_FIELDS = {"text_id", "pair_id", "target", "translation", "score", "used", "missed", "when"}


def _attempt_changes(raw: bytes, path: Path):
    records = json.loads(raw.decode("utf-8"))
    for record in _list(records):
        record = _mapping(record)
        if set(record) != _ATTEMPT_FIELDS:
            raise ValueError(f"an attempt must have the fields {', '.join(sorted(_ATTEMPT_FIELDS))}")
        for name in ("text_id", "pair_id", "translation"):
            _string(record[name])
        if record["target"] not in ("en", "zh"):
            raise ValueError(f"target must be 'en' or 'zh', not {record['target']!r}")
        for name in ("score", "when"):
            if type(record[name]) not in (int, float):
                raise TypeError(f"{name}: expected a number, found {type(record[name]).__name__}")
        for name in ("used", "missed"):
            for term in _list(record[name]):
                _string(term)

    def apply(db: sqlite3.Connection, when: float) -> None:
        for record in records:
            insert_attempt(db, record)

    return apply


def _string(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _mapping(value) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return value


def _list(value) -> list:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return value
