"""How fast an alignment edit shows, is committed and is written, on a large text.

Run from the repository root::

    python benchmarks/bench_edit.py                  # 100,000 pairs
    python benchmarks/bench_edit.py --pairs 10000 --repeat 20

What is measured (printed, never asserted; not part of the test suite):

* the core: committing an edit (`Editor.do` with the file written in the background:
  the change applied in memory and one journal record appended and fsync'd), undo, and
  the whole-file rewrite that follows in the background;
* the reader: from posting an edit key (`App.simulate_key`, what the driver does with a
  key from the terminal) to the first composed frame that shows it (the status line
  naming the edit), headless at 120x36, the frame encoded to terminal codes as
  bench_reader.py does. Each edit is undone before the next, so every key edits the same
  neighbourhood of the text; the cursor sits in the middle of the text, so that a merge
  renumbers half of it and a confirmation confirms 50,000 pairs above.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_reader import FrameProbe, _make_library, _rows_of  # noqa: E402


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   (n={len(values)})"


def core(root: str, count: int, repeat: int) -> None:
    from reader.core.editing import Editor, ops, review
    from reader.core.store import Library

    library = Library(root)
    started = time.perf_counter()
    text = library.load(f"bench-{count}")
    print(f"load the text                      {time.perf_counter() - started:8.2f} s")
    editor = Editor.open(library, text, background=True)
    editor._schedule = lambda: None  # time the commit alone; the rewrite is timed below
    middle = count // 2
    edits = {
        "merge": lambda: ops.merge(text, middle),
        "split": lambda: ops.split(text, middle, *ops.cut_points(text.pairs[middle], None), editor.used_ids),
        "shift a sentence up": lambda: ops.shift_up(text, middle, "zh"),
        "confirm (50,000 above)": lambda: review.confirm(text, middle),
    }
    for name, make in edits.items():
        commits, undos = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            editor.do(make())
            commits.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            editor.undo()
            undos.append((time.perf_counter() - started) * 1000)
        print(f"commit: {name:<26} {_ms(commits)}")
        print(f"undo:   {name:<26} {_ms(undos)}")
    editor.do(ops.merge(text, middle))
    started = time.perf_counter()
    editor.write()
    print(f"rewrite the alignment file         {time.perf_counter() - started:8.2f} s (in the background)")
    editor.undo()
    editor.write()


def reader(root: str, count: int, repeat: int) -> None:
    from reader.cli import reader_app
    from reader.core.store import Library
    from reader.core.userstate import UserState

    state = UserState.in_memory()
    app = reader_app(Library(root), f"bench-{count}", state)
    probe = FrameProbe(app, encode=True)
    probe.content_check = lambda rows: True  # any frame counts: the keys wait for their own
    results: dict[str, list[float]] = {}

    def says(fragment: str):
        return lambda rows: any(fragment in row for row in rows.values())

    async def key(name: str, fragment: str) -> float:
        future = probe.wait_for(says(fragment))
        started = time.perf_counter()
        app.simulate_key(name)
        try:
            composed, shown, _ = await asyncio.wait_for(future, 30)
        except asyncio.TimeoutError:
            raise SystemExit(f"no frame showed {fragment!r} after {name}; the status line says "
                             f"{app.query_one('StatusLine').message!r}") from None
        return (shown - started) * 1000

    async def drive(pilot) -> None:
        while app._loading:
            await asyncio.sleep(0.05)
        await pilot.pause()
        app.view.move_cursor(count // 2)
        await pilot.pause()
        await key("E", "Edit mode")
        for name, fragment, undo_fragment in (
            ("J", "merge p", "undo merge"),
            ("K", "split p", "undo split"),
            ("left_curly_bracket", "up into", "undo move"),
            ("y", "confirm p", "undo confirm"),
        ):
            for _ in range(repeat):
                results.setdefault(f"{name} ({fragment.strip()})", []).append(await key(name, fragment))
                await asyncio.sleep(0.05)
                results.setdefault(f"u ({undo_fragment})", []).append(await key("u", undo_fragment))
                await asyncio.sleep(0.05)
        app.query_one("EditMode").editor.flush(120)
        app.exit()

    app.run(headless=True, size=(120, 36), auto_pilot=drive)
    for name, values in results.items():
        print(f"key to frame: {name:<24} {_ms(values)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        _make_library(root, args.pairs)
        print(f"{args.pairs:,} pairs")
        core(root, args.pairs, args.repeat)
        reader(root, args.pairs, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
