"""What the SQLite reading state costs: opening it, each change (one transaction, written at
once), the refresh that picks up other readers' changes, the migration of a state.json;
and what showing control characters as symbols costs the layout.

Run from the repository root::

    python benchmarks/bench_state.py

Everything runs in a temporary data folder (never the user's). Figures are printed, never
asserted: this is not part of the test suite.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.layout import Columns, lay_out_pair  # noqa: E402
from reader.core.store import Library, bundled_library  # noqa: E402
from reader.core.userstate import UserState  # noqa: E402
from reader.core.visible import visible  # noqa: E402


def timed(action, runs: int) -> list[float]:
    """Microseconds per call."""
    times = []
    for number in range(runs):
        start = time.perf_counter()
        action(number)
        times.append((time.perf_counter() - start) * 1e6)
    return times


def show(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"  {label:<46} median {statistics.median(times):8.1f} µs   p95 {p95:8.1f} µs   max {times[-1]:8.1f} µs")


def bench_state(folder: Path) -> None:
    print("reading state (SQLite, WAL, one transaction per change):")
    show("open a new folder (creates the database)", timed(lambda n: UserState.open(folder / f"new{n}")[0].close(), 20))
    state, _ = UserState.open(folder / "big")
    for number in range(1000):
        state.toggle_bookmark(f"text-{number % 10}", f"p{number}")
        state.set_note(f"text-{number % 10}", f"p{number}", f"note number {number} " * 3)
        state.set_position(f"text-{number}", f"p{number}")
    for number in range(10_000):
        state.add_attempt({"text_id": "text-0", "pair_id": f"p{number % 50}", "target": "zh", "translation": "它" * 40,
                           "score": 50.0, "used": ["反击能力"], "missed": [], "when": time.time()})
    show("open: 1,000 bookmarks, notes, positions", timed(lambda n: UserState.open(folder / "big")[0].close(), 20))
    show("set_position (every cursor move)", timed(lambda n: state.set_position("text-0", f"q{n}"), 2000))
    show("toggle_bookmark (reads the snapshot again)", timed(lambda n: state.toggle_bookmark("text-1", f"r{n}"), 300))
    show("set_note", timed(lambda n: state.set_note("text-1", f"r{n}", "a note", base=""), 300))
    show("refresh, nothing changed (each second)", timed(lambda n: state.refresh(), 5000))
    other, _ = UserState.open(folder / "big")

    def changed_elsewhere(number: int) -> None:
        state.refresh()

    timings = []
    for number in range(200):
        other.toggle_bookmark("text-2", f"s{number}")
        timings += timed(changed_elsewhere, 1)
    show("refresh after another reader's bookmark", timings)
    show("attempts of a text (10,000 kept)", timed(lambda n: state.attempts("text-0"), 20))
    legacy = folder / "legacy"
    legacy.mkdir()
    record = {"version": 1, "last_text": "text-0", "theme": "",
              "positions": {f"text-{n}": f"p{n}" for n in range(1000)},
              "bookmarks": {f"text-{t}": [f"p{n}" for n in range(100)] for t in range(10)},
              "notes": {f"text-{t}": {f"p{n}": f"note {n}" for n in range(100)} for t in range(10)}}
    (legacy / "state.json").write_text(json.dumps(record), encoding="utf-8")
    start = time.perf_counter()
    migrated, warning = UserState.open(legacy)
    print(f"  {'migrate a state.json of 1,000 positions, bookmarks, notes':<46} {(time.perf_counter() - start) * 1e3:8.1f} ms"
          f"   ({sum(map(len, migrated.bookmarks.values()))} bookmarks taken in, warning: {warning})")


def bench_visible() -> None:
    print("visible text (control characters as symbols), over the bundled texts:")
    library = Library(bundled_library())
    pairs = [pair for text_id in library.ids() for pair in library.load(text_id).pairs]
    sides = [side for pair in pairs for side in (pair.en, pair.zh) if side]
    characters = sum(map(len, sides))
    columns = Columns.for_width(120)
    for label, texts in (("clean text (the usual case)", sides),
                         ("every side with an ESC in it", [side + "\x1b[2J" for side in sides])):
        start = time.perf_counter()
        for _ in range(20):
            for side in texts:
                visible(side)
        per_side = (time.perf_counter() - start) / (20 * len(texts)) * 1e6
        print(f"  {label:<46} {per_side:8.2f} µs a side ({characters:,} characters in {len(texts)} sides)")
    start = time.perf_counter()
    for _ in range(5):
        for pair in pairs:
            lay_out_pair(pair, columns)
    print(f"  {'for comparison: lay_out_pair, 120 columns':<46} {(time.perf_counter() - start) / (5 * len(pairs)) * 1e6:8.2f} µs a pair")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bench_state(Path(folder))
    bench_visible()


if __name__ == "__main__":
    main()
