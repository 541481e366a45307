"""Changing several files of a library at once: every new file or none, whenever the
process is killed.

A text lives in two folders (`texts/<id>/` and `alignments/`), so no one rename can switch
it. A change is therefore staged and journalled:

1. each new file is written in full to the library's `.staging/` folder and flushed;
2. a journal naming every move (staged file -> its place) and every file to remove is
   written beside them and renamed to `.staging/journal`: this rename is the commit;
3. the moves and removals are done, the folders flushed, the journal and `.staging/`
   removed.

A run that finds a journal (its writer was killed after the commit) completes it: the
moves are renames, so doing one twice is harmless. Staged files without a journal are a
change that was never committed, and are deleted. Writers hold an exclusive lock on the
library folder (flock) from the first staged file to the end; readers take a shared one
while they open a text's files, so they never see half a switch.
"""

from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from .errors import ReaderError
from .files import create_file, sweep_temporaries

STAGING = ".staging"
JOURNAL = "journal"

try:
    import fcntl
except ImportError:  # not on POSIX: no advisory locks, one writer at a time is on the user
    fcntl = None

_held: dict[str, list] = {}  # root -> [fd, [exclusive, ...]]: the locks this process holds
_held_guard = threading.Lock()


@contextmanager
def locked(root: Path, exclusive: bool):
    """Hold the library's lock. Re-entrant within a process (a writer may read, a reader
    may come to write); a library that cannot be locked (no folder, a file system without
    flock) is used unlocked."""
    key = os.path.abspath(root)
    with _held_guard:
        held = _held.get(key)
        if held is None:
            fd = _lock(key, exclusive)
            if fd is not None:
                held = _held[key] = [fd, []]
        elif exclusive and not any(held[1]):
            fcntl.flock(held[0], fcntl.LOCK_EX)
        if held is not None:
            held[1].append(exclusive)
    try:
        yield
    finally:
        with _held_guard:
            held = _held.get(key)
            if held is not None:
                was_exclusive = held[1].pop()
                if not held[1]:
                    del _held[key]
                    os.close(held[0])  # closing releases the lock
                elif was_exclusive and not any(held[1]):
                    fcntl.flock(held[0], fcntl.LOCK_SH)


def _lock(path: str, exclusive: bool) -> int | None:
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
    except OSError:
        os.close(fd)
        return None
    return fd


def pending(root: Path) -> bool:
    """Whether a change was left unfinished (cheap: one stat)."""
    return (Path(root) / STAGING).is_dir()


def recover(root: Path) -> None:
    """Complete a committed change, drop an uncommitted one (call with the lock held)."""
    staging = Path(root) / STAGING
    if not staging.is_dir():
        return
    journal = staging / JOURNAL
    if journal.is_file():
        try:
            record = json.loads(journal.read_bytes())
            moves = [(str(staged), str(target)) for staged, target in record["moves"]]
            removals = [str(path) for path in record["remove"]]
        except (OSError, ValueError, KeyError, TypeError):
            moves, removals = [], []  # cannot happen (renamed into place whole); drop it
        _apply(Path(root), moves, removals)
    for leftover in staging.iterdir():
        leftover.unlink()
    staging.rmdir()


def commit(root: Path, writes: dict[Path, bytes], removals: list[Path] = ()) -> None:
    """Replace or create the files `writes` names (all inside `root`) and remove
    `removals`, all at once (call with the exclusive lock held; see the module)."""
    root = Path(root)
    staging = root / STAGING
    recover(root)  # an earlier change first
    sweep_temporaries(root / "alignments")  # stray temporaries of older versions
    if (root / "texts").is_dir():
        for folder in (root / "texts").iterdir():
            if folder.is_dir():
                sweep_temporaries(folder)
    moves: list[tuple[str, str]] = []
    target = root
    try:
        staging.mkdir(parents=True, exist_ok=True)
        for number, (target, data) in enumerate(writes.items()):
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = f"{number}.{os.getpid()}.{target.name}"
            create_file(staging / staged, data, public=True)
            moves.append((staged, os.path.relpath(target, root)))
        record = {"moves": moves, "remove": [os.path.relpath(path, root) for path in removals]}
        target = staging / JOURNAL
        create_file(staging / "journal.tmp", json.dumps(record).encode("utf-8"), public=False)
        os.replace(staging / "journal.tmp", staging / JOURNAL)  # the commit
        _fsync_folder(staging)
    except OSError as exc:
        for leftover in staging.glob("*"):
            leftover.unlink(missing_ok=True)
        try:
            staging.rmdir()
        except OSError:
            pass
        raise ReaderError(f"cannot write: {exc.strerror}", target) from None
    try:
        _apply(root, moves, record["remove"])
        (staging / JOURNAL).unlink()
        staging.rmdir()
    except OSError as exc:
        raise ReaderError(f"cannot finish writing ({exc.strerror}); the next run completes it", root) from None


def _apply(root: Path, moves, removals) -> None:
    staging = root / STAGING
    folders = set()
    for staged, relative in moves:
        target = root / relative
        if (staging / staged).exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / staged, target)
        folders.add(target.parent)
    for relative in removals:
        (root / relative).unlink(missing_ok=True)
        folders.add((root / relative).parent)
    for folder in folders:
        _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the renames in a folder durable (where folders can be flushed)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
