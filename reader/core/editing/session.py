"""Editing one text of a library: each edit applied to the text in memory, committed to
the edit journal at once, followed by the reading state (bookmarks, notes, attempts and
the position on a pair that is gone go where its text went), and written to the
alignment file: at once (`background=False`, the command line) or by a worker thread
that always writes the latest state (the reader, where a text of 100,000 pairs takes
seconds to write while the edit shows at once). Undo and redo step through the journal,
across runs."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .. import transaction
from ..errors import ReaderError
from ..model import Text
from .change import Change, apply, review_of
from .journal import Entry, Journal, file_position, journal_path, pending, write_alignment


QUIET_SECONDS = 0.4  # the reader writes the alignment file once keys stop for this long


class Editor:
    def __init__(self, library, text: Text, journal: Journal, *, state=None, background: bool = False) -> None:
        self.library = library
        self.text = text
        self.journal = journal
        self.state = state
        self.background = background
        self.warning: str | None = None  # said once: a journal set aside, a state not followed
        self._lock = threading.Lock()  # the text and the journal, between the UI and the writer
        self._wanted = threading.Event()
        self._quiet = threading.Event()  # set by each edit: the writer waits for a quiet moment
        self._writer: threading.Thread | None = None
        self._written_at = journal.size if not journal.entries else -1
        self.write_error: ReaderError | None = None
        self._ids = {pair.id for pair in text.pairs}
        # The pairs the alignment file holds, line for line, and their review codes as
        # written (a confirmation restates pairs in place: the same object, another line).
        self._on_disk = list(text.pairs)
        self._on_disk_codes = list(map(review_of, self._on_disk))

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, library, text: Text, *, state=None, background: bool = False,
             signature: tuple[int, int] | None = None) -> "Editor":
        """The editor of `text`, a text of `library` read whole (as `Library.load` gives
        it). `signature`: the alignment file's (size, mtime_ns) when the text was read; the
        file must still be that one (else it was edited elsewhere since)."""
        if not library.exists(text.id):
            raise ReaderError(f"{text.id!r} is not a text of the library: only a library's texts are edited",
                              library.root)
        path = journal_path(library, text.id)
        alignment = library.alignment_path(text.id)
        warning = None
        with transaction.locked(library.root, exclusive=True):
            if pending(library, text.id) or (signature is not None and file_signature(alignment) != signature):
                raise ReaderError(f"{text.id} was edited elsewhere since it was opened: open it again to edit it",
                                  alignment)
            journal = Journal.read(path, text.id)
            if journal is not None and not _fits(journal, alignment):
                kept = _set_aside(path)
                warning = (f"the edit history of {text.id} no longer fits its alignment file (changed by other "
                           f"means): kept as {kept.name}; undo starts afresh")
                journal = None
        editor = cls(library, text, journal or Journal.new(path, text.id), state=state, background=background)
        editor.warning = warning
        return editor

    # -- editing -------------------------------------------------------------------------------

    @property
    def used_ids(self) -> "_Used":
        """Every pair id the text has had (a new pair never takes one)."""
        return _Used(self._ids, self.journal.ids)

    def do(self, change: Change) -> Change:
        """Make an edit: applied, journalled, followed by the state, written."""
        if not change.before and not change.after and not change.reviews:
            raise ReaderError(f"{change.summary}: nothing changes")
        with self._lock:
            with transaction.locked(self.library.root, exclusive=True):
                apply(self.text, change)
                try:
                    offset = self.journal.record_edit(change)
                except BaseException:
                    apply(self.text, change.inverse())
                    raise
            self._ids.update(pair.id for pair in change.after)
        self._follow(change.moved, f"{self.journal.id}:{offset}", undo=False)
        self._schedule()
        return change

    def undo(self) -> Change:
        if not self.journal.done:
            raise ReaderError(f"nothing to undo in {self.text.id}")
        return self._step(undo=True)

    def redo(self) -> Change:
        if not self.journal.undone:
            raise ReaderError(f"nothing to redo in {self.text.id}")
        return self._step(undo=False)

    def _step(self, undo: bool) -> Change:
        with self._lock:
            with transaction.locked(self.library.root, exclusive=True):
                index = (self.journal.done if undo else self.journal.undone)[-1]
                entry = self.journal.entries[index]
                change = entry.change.inverse() if undo else entry.change
                apply(self.text, change)
                try:
                    self.journal.record_step(undo)
                except BaseException:
                    apply(self.text, change.inverse())
                    raise
        self._follow(entry.change.moved, self.journal.token(entry), undo=undo)
        self._schedule()
        return change

    def history(self) -> list[tuple[Entry, bool]]:
        """Every edit of the journal, oldest first, and whether it is in force."""
        done = set(self.journal.done)
        return [(entry, number in done) for number, entry in enumerate(self.journal.entries)]

    def _follow(self, moved: dict[str, str], token: str, undo: bool) -> None:
        if not moved or self.state is None:
            return
        try:
            if undo:
                self.state.unmove_pairs(self.text.id, token)
            else:
                self.state.move_pairs(self.text.id, moved, token)
        except ReaderError as exc:
            self.warning = f"the bookmarks and notes did not follow the edit ({exc})"

    # -- writing the alignment file -----------------------------------------------------------

    def _schedule(self) -> None:
        if not self.background:
            self.write()
            return
        self._wanted.set()
        self._quiet.set()
        if self._writer is None or not self._writer.is_alive():
            self._writer = threading.Thread(target=self._write_loop, name="reader-edit-writer", daemon=True)
            self._writer.start()

    def _write_loop(self) -> None:
        while self._wanted.is_set():
            self._wanted.clear()
            # Let a burst of keys end first: the edit is on screen and in the journal already,
            # and a rewrite holds the interpreter for a while on a large text.
            while self._quiet.wait(QUIET_SECONDS):
                self._quiet.clear()
            self._wanted.clear()
            try:
                self.write()
            except ReaderError as exc:
                self.write_error = exc  # the journal holds the edit: the next run writes it
                return

    def write(self) -> None:
        """Write the alignment file as the text stands now (if it is not written yet)."""
        with self._lock:
            at, depth = self.journal.size, self.journal.depth
            if at == self._written_at:
                return
            snapshot = Text(self.text.meta, list(self.text.pairs), list(self.text.footnotes))
            codes = list(map(review_of, snapshot.pairs))  # the statuses as of `at`
        write_alignment(self.library, snapshot, self.journal, at, depth, codes,
                        (self._on_disk, self._on_disk_codes))
        with self._lock:
            if at > self._written_at:
                self._written_at = at
                self._on_disk, self._on_disk_codes = snapshot.pairs, codes

    @property
    def writing(self) -> bool:
        return self._writer is not None and self._writer.is_alive()

    def flush(self, timeout: float | None = None) -> None:
        """Write now what is not written yet, and wait for the writer (the reader does
        before it quits)."""
        self._quiet.clear()
        writer = self._writer
        if writer is not None:
            writer.join(timeout)
        if self.write_error is None:
            self.write()


class _Used:
    """Two sets of ids seen as one, without copying 100,000 ids for each split."""

    def __init__(self, *sets: set[str]) -> None:
        self._sets = sets

    def __contains__(self, pair_id: object) -> bool:
        return any(pair_id in ids for ids in self._sets)

    def __iter__(self):
        return iter(set().union(*self._sets))

    def __len__(self) -> int:
        return len(set().union(*self._sets))


def _fits(journal: Journal, alignment: Path) -> bool:
    """Whether the alignment file (with nothing pending) is where the journal ends: at
    its end (the header's edits field), or, with no field, where no edit is in force."""
    position = file_position(alignment)
    if position is None:
        return not journal.done
    return position["journal"] == journal.id and position["at"] == journal.size


def file_signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _set_aside(path: Path) -> Path:
    number = 1
    while True:
        kept = path.with_name(f"edits.stale-{number}.jsonl")
        if not kept.exists():
            os.replace(path, kept)
            return kept
        number += 1


# -- replaying what a killed editor left ----------------------------------------------------


def replay(library, text: Text) -> Text:
    """The text with the edits its journal holds beyond its alignment file (a run killed
    between committing an edit and writing the file); the text as it is if none."""
    path = journal_path(library, text.id)
    journal = Journal.read(path, text.id)
    if journal is None:
        return text
    position = file_position(library.alignment_path(text.id))
    if position is not None and position["journal"] != journal.id:
        return text  # another journal's file: this one is stale, and the editor sets it aside
    start = position["at"] if position is not None else journal.depth_zero_at
    forward = _forward(journal, start)
    try:
        for change in forward:
            apply(text, change)
    except ReaderError:
        return text  # the file was changed by other means: the journal is stale
    return text


def _forward(journal: Journal, start: int) -> list[Change]:
    """The changes that take a file written at journal offset `start` to the journal's end:
    undo what was in force then and is not now, then redo what is in force now."""
    then = _done_at(journal.path, start)
    now = journal.done
    common = 0
    while common < min(len(then), len(now)) and then[common] == now[common]:
        common += 1
    changes = [journal.entries[i].change.inverse() for i in reversed(then[common:])]
    return changes + [journal.entries[i].change for i in now[common:]]


def _done_at(path: Path, start: int) -> list[int]:
    """The edits in force (by number) once the journal's records up to offset `start` are read."""
    import json

    done: list[int] = []
    undone: list[int] = []
    entry = 0
    with open(path, "rb") as handle:
        offset = len(handle.readline())
        for raw in handle:
            offset += len(raw)
            if offset > start or not raw.endswith(b"\n"):
                break
            record = json.loads(raw)
            if "edit" in record:
                done.append(entry)
                undone.clear()
                entry += 1
            elif record.get("undo") is True:
                undone.append(done.pop())
            else:
                done.append(undone.pop())
    return done


def settle(library, text_id: str):
    """Before a text is read: if its journal is ahead of its alignment file, write the
    file (under the library's lock); if the library cannot be written, the text with the
    edits replayed, to read from memory. None when the file is as it should be."""
    from .journal import pending

    if not pending(library, text_id):
        return None
    try:
        with transaction.locked(library.root, exclusive=True):
            if not pending(library, text_id):
                return None
            text = _load_unsettled(library, text_id)
            text = replay(library, text)
            journal = Journal.read(journal_path(library, text_id), text_id)
            position = file_position(library.alignment_path(text_id))
            if journal is None or (position is not None and position["journal"] != journal.id):
                return None
            write_alignment(library, text, journal, journal.size, journal.depth)
            return None
    except ReaderError:
        text = _load_unsettled(library, text_id)
        return replay(library, text)


def _load_unsettled(library, text_id: str) -> Text:
    from ..store import open_alignment

    meta = library.load_meta(text_id)
    _, pairs = open_alignment(library.alignment_path(text_id))
    return Text(meta, list(pairs), pairs.footnotes)
