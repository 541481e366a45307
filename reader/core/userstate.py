"""What the reader remembers for its user: the last text, where each text was left,
bookmarks, notes on pairs, and the theme. One JSON file in the user's data folder
(platformdirs), written atomically.

A state file that cannot be read is reported once (the caller shows the warning), kept
beside as `state.json.corrupt` for the user to recover by hand, and replaced at the next
save. It never stops the reader.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReaderError
from .files import write_files_atomically

STATE_VERSION = 1
ENV_DATA_DIR = "READER_DATA_DIR"


def default_state_path() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser() / "state.json"
    from platformdirs import user_data_dir

    return Path(user_data_dir("reader")) / "state.json"


@dataclass
class UserState:
    path: Path
    last_text: str = ""
    positions: dict[str, str] = field(default_factory=dict)  # text id -> pair id
    bookmarks: dict[str, list[str]] = field(default_factory=dict)  # text id -> pair ids
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # text id -> pair id -> note
    theme: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> tuple["UserState", str | None]:
        """The saved state, and a warning if the file was unreadable (a fresh state is
        returned then; the damaged file is kept as `<name>.corrupt`)."""
        path = path or default_state_path()
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path), None
        except OSError as exc:
            return cls(path), f"{path}: cannot read the saved reading state ({exc.strerror}); starting afresh"
        try:
            return cls._from_record(path, json.loads(raw.decode("utf-8"))), None
        except (UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            backup = path.with_name(path.name + ".corrupt")
            try:
                os.replace(path, backup)
            except OSError:
                backup = None
            kept = f"; the damaged file is kept as {backup}" if backup else ""
            return cls(path), f"{path}: the saved reading state is damaged ({problem}); starting afresh{kept}"

    @classmethod
    def _from_record(cls, path: Path, record) -> "UserState":
        if not isinstance(record, dict) or record.get("version") != STATE_VERSION:
            raise ValueError(f"not a version {STATE_VERSION} state file")
        state = cls(path)
        state.last_text = _string(record.get("last_text", ""))
        state.theme = _string(record.get("theme", ""))
        state.positions = {_string(k): _string(v) for k, v in _mapping(record.get("positions", {})).items()}
        state.bookmarks = {
            _string(k): [_string(p) for p in _list(v)] for k, v in _mapping(record.get("bookmarks", {})).items()
        }
        state.notes = {
            _string(k): {_string(p): _string(n) for p, n in _mapping(v).items()}
            for k, v in _mapping(record.get("notes", {})).items()
        }
        return state

    def save(self) -> None:
        record = {
            "version": STATE_VERSION,
            "last_text": self.last_text,
            "theme": self.theme,
            "positions": self.positions,
            "bookmarks": {k: v for k, v in self.bookmarks.items() if v},
            "notes": {k: v for k, v in self.notes.items() if v},
        }
        data = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
        write_files_atomically({self.path: data})

    def try_save(self) -> str | None:
        """Save; a problem comes back as a message (the reader shows it and goes on)."""
        try:
            self.save()
        except ReaderError as exc:
            return f"reading state not saved: {exc}"
        return None

    # -- bookmarks and notes ----------------------------------------------------------------

    def toggle_bookmark(self, text_id: str, pair_id: str) -> bool:
        """Set or clear a bookmark; True if the pair is now bookmarked."""
        marks = self.bookmarks.setdefault(text_id, [])
        if pair_id in marks:
            marks.remove(pair_id)
            return False
        marks.append(pair_id)
        return True

    def set_note(self, text_id: str, pair_id: str, note: str) -> None:
        notes = self.notes.setdefault(text_id, {})
        if note.strip():
            notes[pair_id] = note.strip()
        else:
            notes.pop(pair_id, None)

    def annotations(self, text_id: str) -> dict:
        """Bookmarks and notes of one text, for exports."""
        return {
            "bookmarks": list(self.bookmarks.get(text_id, [])),
            "notes": dict(self.notes.get(text_id, {})),
        }


def _string(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _mapping(value) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return value


def _list(value) -> list:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return value
