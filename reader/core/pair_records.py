"""A text's pairs kept as their lines of the alignment file, for an import of a
book-length text: bytes instead of objects, and past a few megabytes in a temporary file
instead of memory, so that an import's memory does not grow with its text. The save
writes the lines as they are (reader.core.store.alignment_lines)."""

from __future__ import annotations

import tempfile
from array import array
from collections.abc import Iterator

from .model import Pair
from .store import _json_record, _pair_from_record, pair_line

IN_MEMORY = 8 << 20  # bytes of lines held before they go to the temporary file


class PairRecords:
    """The pairs, in order, as lines (see the module). Read back (a new Pair each time)
    when asked for; `kinds` counts the pairs of each kind, in the order first met."""

    def __init__(self, in_memory: int = IN_MEMORY) -> None:
        self.kinds: dict[str, int] = {}
        self._in_memory = in_memory
        self._pending: list[bytes] = []  # the last lines, not yet in the file
        self._pending_size = 0
        self._file = None
        self._ends = array("q")  # where each line ends: in the file, then on past it in _pending
        self._late: dict[int, bytes] = {}  # the lines of places kept for `put`

    def append(self, pair: Pair, later: bool = False) -> int:
        """Add a pair, or with `later` keep its place for `put` (a pair whose id is
        given once the whole file is read); returns its index."""
        line = b"" if later else pair_line(pair)
        self._pending.append(line)
        self._pending_size += len(line)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(line))
        self.kinds[pair.kind] = self.kinds.get(pair.kind, 0) + 1
        if self._pending_size >= self._in_memory:
            self._spill()
        return len(self._ends) - 1

    def put(self, index: int, pair: Pair) -> None:
        """The pair of a place kept by append(..., later=True)."""
        self._late[index] = pair_line(pair)

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="reader-import-")
        self._file.seek(0, 2)
        self._file.writelines(self._pending)
        self._pending, self._pending_size = [], 0

    def line(self, index: int) -> bytes:
        """The line of the pair at `index`."""
        if index in self._late:
            return self._late[index]
        start = self._ends[index - 1] if index else 0
        in_file = self._ends[-1] - self._pending_size  # bytes in the file
        if start >= in_file:
            return self._pending[index - (len(self._ends) - len(self._pending))]
        self._file.seek(start)
        return self._file.read(self._ends[index] - start)

    def lines(self) -> Iterator[bytes]:
        """Every line, in order."""
        if self._file is not None:
            self._file.flush()
            self._file.seek(0)
        in_file = len(self._ends) - len(self._pending)
        start = 0
        for index in range(len(self._ends)):
            end = self._ends[index]
            if index < in_file:
                line = self._file.read(end - start)
            else:
                line = self._pending[index - in_file]
            start = end
            yield self._late.get(index, line)

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> Pair:
        if not 0 <= index < len(self._ends):
            raise IndexError(index)
        line = self.line(index).decode("utf-8")
        return _pair_from_record(_json_record(line, "<import>", index + 2), "<import>", index + 2)

    def __iter__(self) -> Iterator[Pair]:
        return (self[index] for index in range(len(self._ends)))
