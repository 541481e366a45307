"""Reading text files strictly, with a cap on what is read, and writing files atomically.

Two kinds of file are written. The reader's private state and caches are mode 0600; the
files a user asks for (exports, the library's own files) are created as any program
creates them, mode 0666 less the umask (0644 with umask 022), for the user to share.
`write_outputs` is for the paths a user names with `-o`: it writes a device or a FIFO
directly, follows a symlink to the file it points at, and replaces a read-only file only
when told to (`--force`).
"""

from __future__ import annotations

import codecs
import contextvars
import errno
import os
import re
import stat
from collections.abc import Iterator
from glob import escape as glob_escape
from pathlib import Path

from .errors import ReaderError

ENV_MAX_SIZE = "READER_MAX_SIZE"
DEFAULT_MAX_SIZE = 64 * 1024 * 1024
MAX_SIZE_HELP = "the most to read from one file (default: $READER_MAX_SIZE, else 64M)"  # --max-size
# The most one input file may hold; the command line sets it from --max-size for a run.
max_size_override: contextvars.ContextVar[int | None] = contextvars.ContextVar("max_size", default=None)
_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
_TEMPORARY = re.compile(r"^\..+\.(?:(\d+)-)?[0-9a-zA-Z_]+\.tmp$")
_BOMS = (  # the UTF-32 marks first: UTF-32-LE's begins with UTF-16-LE's
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def parse_size(value: str, what: str = "--max-size") -> int:
    """`64M`, `1G`, `500k` or a number of bytes, as bytes; a one-line error otherwise."""
    match = _SIZE.match(value)
    if not match or int(match.group(1)) == 0:
        raise ReaderError(f"{what} {value!r}: want a size such as 64M, 1G or 500000 (bytes)")
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def format_size(size: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size:,} bytes"


def max_size() -> int:
    """The most an input file may hold: --max-size, else $READER_MAX_SIZE, else 64 MB."""
    override = max_size_override.get()
    if override is not None:
        return override
    env = os.environ.get(ENV_MAX_SIZE)
    return parse_size(env, f"${ENV_MAX_SIZE}") if env else DEFAULT_MAX_SIZE


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


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """A file's bytes, at most `limit` of them (default `max_size()`): a larger file, or an
    endless one such as /dev/zero, is a one-line error, never read whole into memory."""
    limit = max_size() if limit is None else limit
    with open_binary(path) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ReaderError(f"cannot read: {exc.strerror}", path) from None
    if len(data) > limit:
        raise ReaderError(
            f"larger than {format_size(limit)}, the most the reader reads from one file "
            f"(raise it with --max-size or ${ENV_MAX_SIZE})", path)
    return data


class VerbatimSource:
    """A file to be kept as received, copied from the file at the save instead of held as
    bytes (a book-length source is never in memory twice). It must be the file that was
    read: its size, time and identity are taken when it is read and checked before and
    after the copy; a file changed in between is a one-line error (import it again)."""

    CHUNK = 1 << 20

    def __init__(self, path: Path, info: os.stat_result):
        self.path = Path(path)
        self._stamp = _stamp(info)

    @classmethod
    def of(cls, path: Path, handle) -> "VerbatimSource":
        """The file open as `handle`, as it is now (call before its bytes are read)."""
        return cls(path, os.fstat(handle.fileno()))

    def __iter__(self):
        """The file's bytes, a chunk at a time."""
        with open_binary(self.path) as handle:
            self._check(os.fstat(handle.fileno()))
            copied = 0
            try:
                while chunk := handle.read(self.CHUNK):
                    copied += len(chunk)
                    yield chunk
            except OSError as exc:
                raise ReaderError(f"cannot read: {exc.strerror}", self.path) from None
            self._check(os.fstat(handle.fileno()), copied)

    def _check(self, info: os.stat_result, copied: int | None = None) -> None:
        if _stamp(info) != self._stamp or copied is not None and copied != self._stamp[0]:
            raise ReaderError("changed while it was imported (nothing was written): import it again", self.path)


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev


def read_text(path: Path) -> str:
    """Read a text file: UTF-8 (a BOM is allowed and dropped), or UTF-16 / UTF-32 with a
    byte order mark; refuse binary data and other encodings."""
    return decode_text(read_bytes(path), path)


def text_blocks(path: Path, size: int = 1 << 20) -> Iterator[str]:
    """A UTF-8 file's text (as decode_text gives it: a BOM dropped) a block of whole
    lines at a time, about `size` bytes each (every block but the last ends with a line
    feed), so that a book-length file is never held whole. A file decode_text refuses
    (NUL bytes, bad UTF-8) is the same one-line error, worded by decode_text itself.
    Files with a UTF-16 or UTF-32 byte order mark are not for this (see `is_utf8_head`)."""
    with open_binary(path) as handle:
        carry, first = b"", True
        while True:
            try:
                chunk = handle.read(size)
            except OSError as exc:
                raise ReaderError(f"cannot read: {exc.strerror}", path) from None
            data = carry + chunk
            end = data.rfind(b"\n") + 1 if chunk else len(data)
            if not end and chunk:
                carry = data
                continue
            block, carry = data[:end], data[end:]
            if b"\x00" in block:
                _refused(path)
            try:
                text = block.decode("utf-8-sig" if first else "utf-8")
            except UnicodeDecodeError:
                _refused(path)
            first = False
            if text:
                yield text
            if not chunk:
                return


def is_utf8_head(head: bytes) -> bool:
    """Whether a file starting with `head` is read by text_blocks: not UTF-16 or UTF-32."""
    return not any(head.startswith(bom) for bom, _, _ in _BOMS)


def _refused(path: Path):
    """decode_text's error for a file it refuses, in its words (the first problem of the
    whole file: a NUL byte anywhere comes before a bad byte)."""
    decode_text(read_bytes(path), path)
    raise ReaderError("changed while it was read: import it again", path)


def decode_text(raw: bytes, path: Path | str) -> str:
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReaderError(f"not {name} text (bad bytes at offset {exc.start}) after its byte order mark",
                                  path) from None
            if "\x00" in text:
                raise ReaderError(f"binary data (a NUL character at character {text.index(chr(0))}), "
                                  "not a text file", path)
            return text.removeprefix("\ufeff")
    if b"\x00" in raw:
        raise ReaderError(f"binary data (NUL byte at offset {raw.index(0)}), not a text file", path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + (len(_UTF8_BOM) if raw.startswith(_UTF8_BOM) else 0)  # the codec counts past the BOM
        raise ReaderError(f"not UTF-8 text (byte 0x{raw[at]:02x} at offset {at})", path) from None


_UTF8_BOM = b"\xef\xbb\xbf"


# -- writing ----------------------------------------------------------------------------------


def temporary_name(target: Path) -> str:
    """A fresh hidden name for a file on its way to `target`: `.NAME.<pid>-<random>.tmp`,
    so that a later run can tell a temporary whose writer was killed."""
    return f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp"


def sweep_temporaries(folder: Path, name: str | None = None) -> None:
    """Remove the temporaries in `folder` (of the file `name`, or of any) whose writer is
    gone: killed while writing, or an older reader that did not name its process."""
    pattern = f".{glob_escape(name)}.*.tmp" if name else ".*.tmp"
    try:
        candidates = list(Path(folder).glob(pattern))
    except OSError:
        return
    for path in candidates:
        match = _TEMPORARY.match(path.name)
        if match and match.group(1) and _alive(int(match.group(1))):
            continue
        try:
            path.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if not 0 < pid < 2 ** 31:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def create_file(path: Path, data, *, public: bool, mode: int | None = None) -> None:
    """Write `data` to a new file at `path` and flush it to disk: bytes, or an iterable of
    bytes written in turn (a big file is never held whole). `mode` given: exactly that;
    else public files get 0666 less the umask, private ones 0600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o666 if public else 0o600)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb", closefd=False) as handle:
            if isinstance(data, (bytes, bytearray, memoryview)):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.close(fd)
        try:
            os.unlink(path)
        except OSError:
            pass
        raise
    os.close(fd)


def write_files_atomically(files: dict[Path, bytes], *, public: bool = False,
                           modes: dict[Path, int] | None = None) -> None:
    """Write every file or none: all contents go to temporary files first, then each is
    renamed over its target. A failure before the renames leaves the targets untouched.
    Private (0600) unless `public`; `modes` keeps a replaced file's permissions."""
    staged: list[tuple[Path, Path]] = []
    target = next(iter(files), Path("."))
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            sweep_temporaries(target.parent, target.name)
            tmp = target.parent / temporary_name(target)
            create_file(tmp, data, public=public, mode=(modes or {}).get(target))
            staged.append((tmp, target))
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


def write_atomically(path: Path, data: bytes, *, public: bool = False) -> None:
    if not path.parent.is_dir():
        raise ReaderError("folder does not exist", path.parent)
    if path.is_dir():
        raise ReaderError("is a folder, not a file", path)
    write_files_atomically({path: data}, public=public)


def write_outputs(files: dict[Path, bytes], *, force: bool = False) -> list[Path]:
    """Write the files a user asked for (`-o PATH`), every one or none, and return where
    they went. A regular file is replaced atomically, keeping its permissions; a symlink
    is followed and its target replaced; a device or FIFO (/dev/null, a named pipe) is
    written directly, never replaced by a file; a read-only file is replaced only with
    `force`. New files are created public (0666 less the umask)."""
    regular: dict[Path, bytes] = {}
    modes: dict[Path, int] = {}
    direct: list[tuple[Path, bytes]] = []
    for path, data in files.items():
        target = _resolve_output(path)
        try:
            info = os.stat(target)
        except FileNotFoundError:
            regular[target] = data
            continue
        except OSError as exc:
            raise ReaderError(f"cannot write: {exc.strerror}", path) from None
        if stat.S_ISDIR(info.st_mode):
            raise ReaderError("is a folder, not a file", path)
        if not stat.S_ISREG(info.st_mode):
            direct.append((target, data))
            continue
        read_only = not os.access(target, os.W_OK) or not info.st_mode & stat.S_IWUSR
        if read_only and not force:
            shown = path if target == path else f"{path} (-> {target})"
            raise ReaderError("is read-only; use --force to replace it", shown)
        regular[target] = data
        modes[target] = stat.S_IMODE(info.st_mode)
    for target, data in direct:  # first: a device that cannot be written stops it all
        _write_directly(target, data)
    write_files_atomically(regular, public=True, modes=modes)
    return list(files)


def _resolve_output(path: Path) -> Path:
    """Where writing to `path` goes: a symlink is followed to its target (which may not
    exist yet); the folder it is in must exist."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if not target.parent.is_dir():
        if target != path:
            raise ReaderError(f"is a symlink to {target}, whose folder does not exist", path)
        raise ReaderError("folder does not exist", path.parent)
    return target


def _write_directly(target: Path, data: bytes) -> None:
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "error")
        raise ReaderError(f"cannot write: {reason}", target) from None


def package_version(name: str) -> str:
    """An installed package's version as its __init__.py states it, read from the file
    (importlib.metadata, or importing the package, costs 50 ms and more); where the file
    does not state it, the file's size and time, which change with the package. A cache
    signed with it is rebuilt when the package is upgraded."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
    except (ImportError, ValueError):
        origin = None
    if origin is None:
        return "missing"
    try:
        head = origin.read_text(encoding="utf-8", errors="replace")[:8000]
        found = re.search(r"""^__version__\s*=\s*['"]([^'"]+)['"]""", head, re.M)
        if found:
            return found.group(1)
        info = origin.stat()
        return f"{info.st_size}-{info.st_mtime_ns}"
    except OSError:
        return "unknown"

