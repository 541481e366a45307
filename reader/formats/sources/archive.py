"""Opening a zip archive (EPUB, DOCX) without trusting it.

The central directory is checked before anything is decompressed: how many members,
the uncompressed size each declares, their total, and the ratio of declared to
compressed size (a zip bomb declares gigabytes squeezed into kilobytes). Python's
zipfile then never inflates a member past the size it declares (and checks its CRC), so
what the checks allow is all that is ever read. A broken or truncated archive is a
one-line ReaderError.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from ...core.errors import ReaderError

MAX_MEMBERS = 20_000
MAX_MEMBER = 64 * 1024 * 1024  # declared uncompressed bytes of one member
MAX_TOTAL = 512 * 1024 * 1024  # of all members
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024

# What a damaged archive raises from inside zipfile and zlib as it is read.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
              NotImplementedError, RuntimeError, ValueError, KeyError, IndexError, OverflowError)


def is_zip(raw: bytes) -> bool:
    return raw[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def open_zip(raw: bytes, path: Path | str, what: str = "zip archive") -> zipfile.ZipFile:
    """The archive, its directory checked (see the module's note)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except ZIP_ERRORS as exc:
        raise ReaderError(f"broken {what}: {_reason(exc)}", path) from None
    if len(members) > MAX_MEMBERS:
        raise ReaderError(f"refused: the {what} holds {len(members)} members (more than {MAX_MEMBERS})", path)
    total = 0
    for member in members:
        size, packed = member.file_size, member.compress_size
        if size > MAX_MEMBER:
            raise ReaderError(f"refused as a zip bomb: {member.filename!r} declares {size} bytes "
                              f"uncompressed (more than {MAX_MEMBER})", path)
        if size > RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
            raise ReaderError(f"refused as a zip bomb: {member.filename!r} would inflate "
                              f"{size // max(packed, 1)} times ({packed} to {size} bytes)", path)
        total += size
    if total > MAX_TOTAL:
        raise ReaderError(f"refused as a zip bomb: its members declare {total} bytes "
                          f"uncompressed (more than {MAX_TOTAL})", path)
    return archive


def read_member(archive: zipfile.ZipFile, name: str, path: Path | str, what: str = "zip archive") -> bytes:
    try:
        return archive.read(name)
    except ZIP_ERRORS as exc:
        raise ReaderError(f"broken {what}: member {name!r}: {_reason(exc)}", path) from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text or type(exc).__name__
