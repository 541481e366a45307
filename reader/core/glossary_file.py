"""Changing a glossary file as a person would: only the lines that change.

A glossary file is edited by hand as well (comments, blank lines, its own column order,
spaces around fields), so an entry added, changed or removed from the reader or by an
import touches its own row and nothing else: every other line is kept byte for byte,
line endings and a byte order mark included. A new row goes after the last row; a
column the file lacks is added at the end of the header (and an empty field at the end
of each row) only when an entry needs it. The result is read back as `read_glossary`
reads it before anything is written, so a change can never leave a file the reader
refuses; it is written atomically, keeping the file's permissions, under the library's
lock (two readers adding terms at once both keep theirs).
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import replace
from pathlib import Path

from .errors import ReaderError
from .files import decode_text, read_bytes, write_files_atomically
from .glossary import CATEGORIES, COLUMNS, GlossaryEntry, parse_glossary

_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CODECS = {codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF32_BE: "utf-32-be", codecs.BOM_UTF8: "utf-8",
           codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
# The columns a new file gets: what an entry made in the reader or imported can fill.
NEW_FILE_COLUMNS = ("zh", "en", "variants", "pinyin", "category", "note", "attested")


def entry_fields(entry: GlossaryEntry) -> dict[str, str]:
    """An entry as the fields of a row, by column."""
    return {"zh": entry.zh, "en": entry.en, "variants": " | ".join(entry.variants), "pinyin": entry.pinyin,
            "category": entry.category, "note": entry.note, "attested": entry.attested,
            "exclude": " | ".join(entry.exclude)}


class GlossaryFile:
    """A glossary file as its lines, ready for edits (`put`, `remove`) and `save`."""

    def __init__(self, path: Path, raw: bytes | None, comment: str = "") -> None:
        """`raw`: the file's bytes, or None for a file still to be made (its first line
        then is `comment`, if given, as a `#` comment)."""
        self.path = Path(path)
        self._bom = next((bom for bom in _BOMS if raw and raw.startswith(bom)), b"")
        if raw is None:
            text = "\t".join(NEW_FILE_COLUMNS) + "\n"
            if comment:
                text = "".join(f"# {line}\n" for line in comment.splitlines()) + text
            self.exists = False
        else:
            text = decode_text(raw, self.path)
            self.exists = True
        self._lines = text.splitlines(keepends=True)  # the same lines read_glossary numbers
        self.newline = next((line[len(line.rstrip("\r\n")):] for line in self._lines
                             if line.endswith(("\n", "\r"))), "\n")
        self.entries = parse_glossary(text, self.path)
        self._header_at = next(n for n, line in enumerate(self._lines)
                               if line.strip() and not line.startswith("#"))
        self.columns = [field.strip() for field in self._content(self._header_at).split("\t")]
        self._rows = {entry.zh: int(entry.origin.rpartition(":")[2]) - 1 for entry in self.entries}
        self._entries = {entry.zh: entry for entry in self.entries}
        self.changed = False

    @classmethod
    def load(cls, path: Path, comment: str = "") -> "GlossaryFile":
        """The file at `path`, or a new one if there is none."""
        path = Path(path)
        if not path.exists():
            return cls(path, None, comment)
        return cls(path, read_bytes(path))

    def entry(self, zh: str) -> GlossaryEntry | None:
        """A term's entry, as read or as last put."""
        return self._entries.get(zh)

    def line_of(self, zh: str) -> int | None:
        """The (1-based) line of a term's row."""
        line = self._rows.get(zh)
        return None if line is None else line + 1

    def put(self, entry: GlossaryEntry, replacing: str | None = None) -> int:
        """Write an entry: over the row of `replacing` (its Chinese before an edit) or of
        its own term, else as a new row at the end of the file; its line (1-based). A
        term that another row already has is refused, and so is an entry the reader
        would refuse (checked on its own here, and with the whole file by `save`)."""
        fields = {column: value.strip() for column, value in entry_fields(entry).items()}
        problem = _field_problem(fields)
        if problem:
            raise ReaderError(f"entry {fields['zh']!r}: {problem}", self.path)
        for column in COLUMNS:
            if fields[column] and column not in self.columns:
                self._add_column(column)
        content = "\t".join(fields.get(column, "") for column in self.columns)
        try:
            parse_glossary("\t".join(self.columns) + "\n" + content + "\n", self.path)
        except ReaderError as exc:
            raise ReaderError(f"entry {fields['zh']!r}: {exc.problem}", self.path) from None
        own = self._rows.get(replacing) if replacing is not None else None
        other = self._rows.get(fields["zh"])
        if other is not None and own is not None and other != own:
            raise ReaderError(f"{fields['zh']!r} is already in the glossary (line {other + 1})", self.path)
        at = own if own is not None else other
        if at is None:
            if self._lines and not self._lines[-1].endswith(("\n", "\r")):
                self._lines[-1] += self.newline
            at = len(self._lines)
            self._lines.append(content + self.newline)
        else:
            self._lines[at] = content + self._lines[at][len(self._content(at)):]
            if replacing is not None and replacing != fields["zh"]:
                self._rows.pop(replacing, None)
                self._entries.pop(replacing, None)
        self._rows[fields["zh"]] = at
        self._entries[fields["zh"]] = replace(
            entry, zh=fields["zh"], en=fields["en"], pinyin=fields["pinyin"], note=fields["note"],
            attested=fields["attested"], origin=f"{self.path}:{at + 1}")
        self.changed = True
        return at + 1

    def remove(self, zh: str) -> int:
        """Remove a term's row; the line it was on."""
        at = self._rows.get(zh)
        if at is None:
            raise ReaderError(f"{zh!r} is not in this glossary", self.path)
        del self._lines[at]
        self._rows = {term: n - 1 if n > at else n for term, n in self._rows.items() if term != zh}
        self._entries.pop(zh, None)
        self.changed = True
        return at + 1

    def text(self) -> str:
        return "".join(self._lines)

    def data(self) -> bytes:
        codec = _CODECS.get(self._bom, "utf-8")
        return self._bom + self.text().encode(codec)

    def check(self) -> list[GlossaryEntry]:
        """The entries of the changed text, read as the reader will read it."""
        self.entries = parse_glossary(self.text(), self.path)
        self._entries = {entry.zh: entry for entry in self.entries}
        return self.entries

    def save(self) -> None:
        """Check the whole file, then write it atomically (its permissions kept; a new
        one as the library's files are made, 0666 less the umask)."""
        self.check()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_glossary(self.path, self.data())
        self.exists = True
        self.changed = False

    # -- inside ---------------------------------------------------------------------------

    def _content(self, at: int) -> str:
        return self._lines[at].rstrip("\r\n")

    def _add_column(self, column: str) -> None:
        """A column the file lacks, at the end of the header, and an empty field for it
        at the end of every row."""
        self.columns.append(column)
        for at in [self._header_at, *self._rows.values()]:
            content = self._content(at)
            self._lines[at] = content + ("\t" + column if at == self._header_at else "\t") + self._lines[at][len(content):]

def _field_problem(fields: dict[str, str]) -> str | None:
    for column, value in fields.items():
        if any(char in value for char in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            return f"the {column} holds a tab or a line break"
    if fields["category"] not in CATEGORIES:
        return f"category must be one of {', '.join(CATEGORIES)}, not {fields['category']!r}"
    return None


def write_glossary(path: Path, data: bytes) -> None:
    """Replace (or create) a glossary file atomically, keeping a replaced file's mode."""
    modes = {}
    try:
        modes[path] = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ReaderError(f"cannot write: {exc.strerror}", path) from None
    write_files_atomically({path: data}, public=True, modes=modes)


def edit_glossary(path: Path, change, *, library_root: Path | None = None, comment: str = ""):
    """Read the file afresh, apply `change(GlossaryFile)`, and save it if it changed, all
    under the library's lock, so that two writers never lose each other's edits; the
    change's result."""
    from . import transaction

    def run():
        glossary = GlossaryFile.load(path, comment)
        result = change(glossary)
        if glossary.changed:
            glossary.save()
        return result

    if library_root is None:
        return run()
    with transaction.locked(Path(library_root), exclusive=True):
        return run()
