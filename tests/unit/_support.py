"""Helpers shared by the unit tests (imported as a plain module: tests/unit is on sys.path)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BUNDLED_ID = "japan-europe-2025"
# The seed as received, kept verbatim in the library (a test checks it against shared/).
SEED = ROOT / "texts" / BUNDLED_ID / "source.txt"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "001_2dedb2355f431743.txt"


@dataclass
class Result:
    code: int
    out: str
    err: str


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes); {} when it does not exist."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_one_line_error(result: Result, *names: str) -> str:
    """Exit code 2, nothing on stdout, one `reader: error:` line naming each of `names`."""
    assert result.code == 2, (result.code, result.out, result.err)
    assert result.out == "", result.out
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("reader: error: "), lines[0]
    assert "Traceback" not in result.err
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]
