"""Pieces of the reading-state database shared by the state store (`userstate`) and the
migration of earlier versions' files (`state_migration`): the row of a translation
attempt, keeping a file aside under a name that never overwrites an earlier one, and the
data folder's lock."""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import sqlite3
from pathlib import Path


def insert_attempt(db: sqlite3.Connection, record: dict) -> None:
    db.execute(
        "INSERT INTO attempt (text, pair, target, translation, score, used, missed, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (record["text_id"], record["pair_id"], record["target"], record["translation"], float(record["score"]),
         json.dumps(list(record["used"]), ensure_ascii=False), json.dumps(list(record["missed"]), ensure_ascii=False),
         float(record["when"])))


# -- keeping a file aside ----------------------------------------------------------------------

def keep_aside(path: Path, label: str, companions: tuple[str, ...] = ()) -> Path:
    """Rename `path` to `<name>.<label>`, or `<name>.<label>-2`, -3, ... : never over an
    earlier file. `companions` (SQLite's "-wal", "-shm") follow it under the same name."""
    for number in itertools.count(1):
        target = path.with_name(f"{path.name}.{label}" + (f"-{number}" if number > 1 else ""))
        if any(target.with_name(target.name + suffix).exists() for suffix in ("", *companions)):
            continue
        try:
            os.link(path, target)  # fails if the name is taken, even by a reader racing us
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            os.rename(path, target)  # a file system without hard links: checked just above
        else:
            try:
                os.unlink(path)
            except FileNotFoundError:  # another reader set it aside at the same moment
                os.unlink(target)
                raise
        for suffix in companions:
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
        return target
    raise AssertionError("unreachable")


@contextlib.contextmanager
def folder_lock(folder: Path):
    """Hold the data folder's lock file (`.state.lock`) for something two readers must not
    do at once, such as setting a damaged database aside. Where there are no advisory
    locks (Windows), it holds nothing."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    descriptor = os.open(folder / ".state.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
