"""Sections of a cache file read where they lie in a memory map, each block of a section
checked against its CRC-32 the first time it is read: a look-up reads a few entries of a
cache of many megabytes, and checking all of it when it is opened would cost more than
the look-up (the term index, the dictionary's cache).
"""

from __future__ import annotations

import mmap
import zlib
from array import array
from collections.abc import Callable

U32 = "I" if array("I").itemsize == 4 else "L"
BLOCK = 1 << 16  # bytes of a section under one CRC-32, unless a file says otherwise


def block_crcs(data, block: int = BLOCK) -> bytes:
    """The CRC-32 of each `block` bytes of a section, as the u32 array a `Window` takes."""
    with memoryview(data) as view:
        return array(U32, [zlib.crc32(view[at:at + block]) for at in range(0, len(view), block)]).tobytes()


def crcs_fit(crcs, size: int, block: int = BLOCK) -> bool:
    """Whether `crcs` can be the block CRCs of a section of `size` bytes."""
    return type(crcs) is bytes and len(crcs) == 4 * -(-size // block)


class Window:
    """A section of a file, a stretch of its memory map, that `find`s and slices as bytes
    of its own. Each block of it is checked against its CRC-32 when first read; a damaged
    block is a ValueError, or, with `heal` set (name -> the section as built again), the
    window goes on from the section as built."""

    def __init__(self, name: str, mapped: mmap.mmap | bytes, start: int, size: int, crcs: bytes | None,
                 block: int = BLOCK) -> None:
        self.name = name
        self._map, self._start, self._end = mapped, start, start + size
        self._block = block
        self._crcs = None
        if crcs is not None:
            self._crcs = array(U32)
            self._crcs.frombytes(crcs)
            self._checked = bytearray(len(self._crcs))  # 1: the block passed
        self.heal: Callable[[str], bytes] | None = None

    def _verify(self, start: int, stop: int) -> bool:
        """Check the blocks from `start` to `stop`; True if they were damaged and the
        window now shows the section as built again."""
        if self._crcs is None or stop <= start:
            return False
        block = self._block
        first, last = start // block, (stop - 1) // block + 1
        if self._checked.find(0, first, last) == -1:
            return False
        with memoryview(self._map) as whole:
            for number in range(first, last):
                if self._checked[number]:
                    continue
                at = self._start + number * block
                with whole[at:min(at + block, self._end)] as part:
                    if zlib.crc32(part) != self._crcs[number]:
                        break
                self._checked[number] = 1
            else:
                return False
        if self.heal is None:
            raise ValueError(f"section {self.name}: a damaged block")
        fresh = self.heal(self.name)
        self._map, self._start, self._end, self._crcs = fresh, 0, len(fresh), None
        return True

    def find(self, needle: bytes, start: int = 0) -> int:
        found = self._map.find(needle, self._start + start, self._end)
        found = found - self._start if found != -1 else -1
        if self._verify(start, found + len(needle) if found != -1 else len(self)):
            return self.find(needle, start)
        return found

    def __len__(self) -> int:
        return self._end - self._start

    def __getitem__(self, part: slice) -> bytes:
        start, stop, _ = part.indices(len(self))
        stop = max(start, stop)
        self._verify(start, stop)
        return self._map[self._start + start:self._start + stop]
