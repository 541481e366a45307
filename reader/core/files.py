"""Reading text files strictly and writing files atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ReaderError


def open_binary(path: Path):
    """Open a file for reading, with the usual failures worded for the user."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise ReaderError("no such file", path) from None
    except IsADirectoryError:
        raise ReaderError("is a folder, not a file", path) from None
    except OSError as exc:
        raise ReaderError(f"cannot read: {exc.strerror}", path) from None


def read_bytes(path: Path) -> bytes:
    with open_binary(path) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise ReaderError(f"cannot read: {exc.strerror}", path) from None


def read_utf8(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is allowed and dropped); refuse binary or other encodings."""
    return decode_utf8(read_bytes(path), path)


def decode_utf8(raw: bytes, path: Path | str) -> str:
    if b"\x00" in raw:
        raise ReaderError(f"binary data (NUL byte at offset {raw.index(0)}), not a text file", path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})", path
        ) from None


def write_files_atomically(files: dict[Path, bytes]) -> None:
    """Write every file or none: all contents go to temporary files first, then each is
    renamed over its target. A failure before the renames leaves the targets untouched."""
    staged: list[tuple[str, Path]] = []
    target = next(iter(files), Path("."))
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
        staged.clear()
    except OSError as exc:
        raise ReaderError(f"cannot write: {exc.strerror}", target) from None
    finally:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass


def write_atomically(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        raise ReaderError("folder does not exist", path.parent)
    if path.is_dir():
        raise ReaderError("is a folder, not a file", path)
    write_files_atomically({path: data})
