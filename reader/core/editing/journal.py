"""The edit journal of a text: `texts/<id>/edits.jsonl`, beside its metadata.

An edit is committed when its record is appended to the journal (one JSON line, flushed
to disk): that takes a millisecond at any size of text. The alignment file is then
rewritten whole through the library transaction (at once from the command line, in the
background in the reader: a text of 100,000 pairs takes seconds to write). Its header
says how far into the journal it is, `"edits": {"journal": ID, "at": BYTES}`, except
when every edit is undone: then it is the file from before the first edit, byte for
byte, and has no such field. A run that finds the journal ahead of the file (its editor
was killed between the two) replays the rest (`settle`), so a kill never loses an edit
and never leaves a broken file.

The journal is append-only: a header, then one record per edit (the `Change`, see
`change.encode`), undo and redo, each with the number of edits in force after it
(`depth`), so that its last line alone tells where it stands. A last line without its
line break is an append that was cut short, and is not part of the journal.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReaderError
from ..files import write_atomically
from .change import Change, decode, encode, record, review_of

JOURNAL = "edits.jsonl"
SCHEMA = "reader-edits"
VERSION = 1


@dataclass(slots=True)
class Entry:
    """One edit of the journal: its change, when it was made, and where its record is."""

    offset: int
    change: Change
    time: float


@dataclass
class Journal:
    path: Path
    text_id: str
    id: str
    size: int = 0  # bytes of complete records
    entries: list[Entry] = field(default_factory=list)
    done: list[int] = field(default_factory=list)  # entries in force, oldest first
    undone: list[int] = field(default_factory=list)  # entries undone, the next to redo last
    depth_zero_at: int = 0  # the end of the last record after which no edit was in force
    ids: set[str] = field(default_factory=set)  # every pair id the journal has seen

    @property
    def depth(self) -> int:
        return len(self.done)

    # -- reading -----------------------------------------------------------------------------

    @classmethod
    def new(cls, path: Path, text_id: str) -> "Journal":
        return cls(path, text_id, os.urandom(8).hex())

    @classmethod
    def read(cls, path: Path, text_id: str) -> "Journal | None":
        """The journal at `path` (None if there is none); a damaged one is a one-line error."""
        from ..store import parse_json

        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ReaderError(f"cannot read the edit journal: {exc.strerror}", path) from None
        end = data.rfind(b"\n") + 1  # a last line without its break was cut short
        lines = data[:end].split(b"\n")[:-1]
        if not lines:
            return None
        header = _object(parse_json(_text(lines[0], path, 1), path, 1), path, 1)
        if header.get("schema") != SCHEMA or header.get("version") != VERSION:
            raise ReaderError(f"not an edit journal (want \"schema\": \"{SCHEMA}\", version {VERSION})", path, 1)
        if header.get("text") != text_id or not isinstance(header.get("journal"), str):
            raise ReaderError(f"the journal is not the edit journal of {text_id!r}", path, 1)
        journal = cls(path, text_id, header["journal"])
        offset = journal.depth_zero_at = len(lines[0]) + 1
        for number, raw in enumerate(lines[1:], start=2):
            record = _object(parse_json(_text(raw, path, number), path, number), path, number)
            journal._replay(record, offset, path, number)
            offset += len(raw) + 1
            if not journal.done:
                journal.depth_zero_at = offset
        journal.size = offset
        return journal

    def _replay(self, record: dict, offset: int, path, number: int) -> None:
        if "edit" in record:
            change = decode(record["edit"], path, number) if isinstance(record["edit"], dict) else None
            if change is None:
                raise ReaderError("edit journal: 'edit' must be an object", path, number)
            self.entries.append(Entry(offset, change, float(record.get("time", 0.0))))
            self.done.append(len(self.entries) - 1)
            self.undone.clear()
            self.ids.update(p.id for p in (*change.before, *change.after))
        elif record.get("undo") is True:
            if not self.done:
                raise ReaderError("edit journal: an undo with nothing to undo", path, number)
            self.undone.append(self.done.pop())
        elif record.get("redo") is True:
            if not self.undone:
                raise ReaderError("edit journal: a redo with nothing to redo", path, number)
            self.done.append(self.undone.pop())
        else:
            raise ReaderError("edit journal: a record that is not an edit, an undo or a redo", path, number)
        if record.get("depth") != len(self.done):
            raise ReaderError("edit journal: the record's depth does not match the edits before it", path, number)

    # -- writing -----------------------------------------------------------------------------

    def append(self, record: dict) -> int:
        """Append one record and flush it to disk (call with the library's lock held);
        returns where it starts. Refuses if another writer appended meanwhile."""
        record["depth"] = len(self.done)
        record["time"] = round(time.time(), 3)
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            if self.size == 0:  # a new journal: nobody else may have begun one meanwhile
                if self.path.exists():
                    raise ReaderError("this text was edited elsewhere meanwhile (another reader or `reader edit`): "
                                      "open it again to go on", self.path)
                header = {"schema": SCHEMA, "version": VERSION, "text": self.text_id, "journal": self.id}
                head = (json.dumps(header) + "\n").encode("utf-8")
                write_atomically(self.path, head, public=True)
                self.size = len(head)
            fd = os.open(self.path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
            try:
                on_disk = os.fstat(fd).st_size
                if on_disk < self.size or _complete_size(fd, on_disk) != self.size:
                    raise ReaderError("this text was edited elsewhere meanwhile (another reader or `reader edit`): "
                                      "open it again to go on", self.path)
                if on_disk != self.size:
                    os.ftruncate(fd, self.size)  # a record cut short by a kill
                os.lseek(fd, self.size, os.SEEK_SET)
                _write_all(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise ReaderError(f"cannot write the edit journal: {exc.strerror}", self.path) from None
        offset = self.size
        self.size += len(line)
        return offset

    def record_edit(self, change: Change) -> int:
        self.done.append(len(self.entries))
        saved_undone, self.undone = self.undone, []
        try:
            offset = self.append({"edit": encode(change)})
        except BaseException:
            self.done.pop()
            self.undone = saved_undone
            raise
        self.entries.append(Entry(offset, change, time.time()))
        self.ids.update(p.id for p in (*change.before, *change.after))
        if not self.done:
            self.depth_zero_at = self.size
        return offset

    def record_step(self, undo: bool) -> Entry:
        source, target = (self.done, self.undone) if undo else (self.undone, self.done)
        index = source.pop()
        target.append(index)
        try:
            self.append({"undo": True} if undo else {"redo": True})
        except BaseException:
            source.append(target.pop())
            raise
        if not self.done:
            self.depth_zero_at = self.size
        return self.entries[index]

    def token(self, entry: Entry) -> str:
        """What names an edit in the reading state (its moved bookmarks and notes)."""
        return f"{self.id}:{entry.offset}"


def _complete_size(fd: int, size: int) -> int:
    """The size of the file up to its last line break."""
    block = 4096
    position = size
    while position > 0:
        start = max(0, position - block)
        chunk = os.pread(fd, position - start, start)
        found = chunk.rfind(b"\n")
        if found >= 0:
            return start + found + 1
        position = start
    return 0


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _text(raw: bytes, path, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ReaderError("edit journal: not UTF-8 text", path, number) from None


def _object(value, path, number: int) -> dict:
    if not isinstance(value, dict):
        raise ReaderError("edit journal: a record must be a JSON object", path, number)
    return value


# -- the alignment file and the journal ------------------------------------------------------


def journal_path(library, text_id: str) -> Path:
    return library.texts_dir / text_id / JOURNAL


def file_position(path: Path) -> dict | None:
    """The `edits` field of an alignment file's header (None: the file has no edit in force)."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline(1 << 16)
        header = json.loads(first.decode("utf-8").lstrip("\ufeff"))
    except (OSError, ValueError):
        return None
    edits = header.get("edits") if isinstance(header, dict) else None
    if (isinstance(edits, dict) and isinstance(edits.get("journal"), str) and type(edits.get("at")) is int):
        return edits
    return None


def last_depth(path: Path) -> tuple[int, int] | None:
    """(size of complete records, depth after the last one) of a journal, from its tail
    alone; None if there is no journal or it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        size = _complete_size(fd, os.fstat(fd).st_size)
        if not size:
            return None
        start = max(0, size - (1 << 16))
        tail = os.pread(fd, size - start, start)
    except OSError:
        return None
    finally:
        os.close(fd)
    lines = tail[:-1].split(b"\n")
    try:
        record = json.loads(lines[-1])
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    if "schema" in record:  # a header alone
        return size, 0
    depth = record.get("depth")
    return (size, depth) if type(depth) is int else None


def pending(library, text_id: str) -> bool:
    """Whether the journal holds edits the alignment file does not (cheap: a stat, the
    file's first line, the journal's last)."""
    path = journal_path(library, text_id)
    if not path.exists():
        return False
    tail = last_depth(path)
    if tail is None:
        return False
    size, depth = tail
    position = file_position(library.alignment_path(text_id))
    if position is None:
        return depth != 0
    return position["at"] < size and position["journal"] == _journal_id(path)


def _journal_id(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            header = json.loads(handle.readline(1 << 16))
    except (OSError, ValueError):
        return None
    return header.get("journal") if isinstance(header, dict) else None


def write_alignment(library, text, journal: Journal, at: int, depth: int, codes: list | None = None,
                    on_disk: tuple[list, list] | None = None) -> None:
    """Rewrite the text's alignment file as of journal offset `at` (all or nothing).
    `codes`: the pairs' review codes as of `at` (an edit made meanwhile restates pairs in
    place); None to take them from the pairs. `on_disk`: the pairs the file holds now,
    line for line, and their codes there; a pair that is still there (the same object,
    the same code) is copied from the file, not written out again, so a rewrite after an
    edit costs little more than copying the file."""
    from .. import transaction
    from ..store import dump_alignment

    edits = {"journal": journal.id, "at": at} if depth else None
    path = library.alignment_path(text.id)
    if codes is None:
        codes = [review_of(pair) for pair in text.pairs]
    data = _copying(path, text, codes, edits, on_disk) if on_disk else None
    if data is None:
        data = dump_alignment(text.id, [], (), edits) + _lines(text, codes, {}, [])
    with transaction.locked(library.root, exclusive=True):
        transaction.recover(library.root)
        transaction.commit(library.root, {library.alignment_path(text.id): data})


def _copying(path: Path, text, codes: list, edits: dict | None, on_disk: tuple[list, list]) -> bytes | None:
    """The new file, the lines of pairs it already holds copied; None if it cannot be read
    as `on_disk` says (then it is written out whole)."""
    from ..store import dump_alignment

    pairs, _ = on_disk
    try:
        with open(path, "rb") as handle:
            handle.readline()
            lines = [line for line in (handle.readline() for _ in range(len(pairs)))]
    except OSError:
        return None
    if len(lines) != len(pairs) or not all(line.startswith(b'{"id": ') for line in lines[-1:]):
        return None
    return dump_alignment(text.id, [], (), edits) + _lines(text, codes, {id(p): n for n, p in enumerate(pairs)},
                                                          lines, on_disk)


def _lines(text, codes: list, where: dict, lines: list, on_disk: tuple[list, list] = ((), ())) -> bytes:
    """The pair and footnote lines of the file: a pair's line copied from `lines` where
    the file holds it as it is (see `_copying`), else made anew."""
    from ..store import _dumps, footnote_record

    pairs, old_codes = on_disk
    chunks = []
    for pair, code in zip(text.pairs, codes):
        number = where.get(id(pair))
        if number is not None and pairs[number] is pair and old_codes[number] == code:
            line = lines[number]
            chunks.append(line if line.endswith(b"\n") else line + b"\n")
        else:
            chunks.append((_dumps(record(pair, code)) + "\n").encode("utf-8"))
    chunks += [(_dumps(footnote_record(f)) + "\n").encode("utf-8") for f in text.footnotes]
    return b"".join(chunks)


__all__ = ["Journal", "Entry", "JOURNAL", "journal_path", "pending", "write_alignment", "file_position"]
