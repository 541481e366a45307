"""How fast the reader starts and answers keys, against a bare Textual app.

Run from the repository root::

    python benchmarks/bench_reader.py                    # article, 10,000 and 100,000 pairs
    python benchmarks/bench_reader.py --sizes 10000 100000 --runs 3
    python benchmarks/bench_reader.py --busy-loop        # the same on a loaded machine

Every measurement runs in a fresh child process (this same file, with ``--child``), so
imports count and runs cannot warm each other up. Children run headless at a fixed
terminal size through ``App.run(headless=True, auto_pilot=...)``, the path `reader read`
takes, minus the terminal. One untimed warm-up child first compiles the bytecode (into a
temporary ``PYTHONPYCACHEPREFIX``, never into the repository), as an installed package has
it, and fills the disk cache. The cases run round-robin, and each run's ratio is taken
against the floor run of the same round, so a slow spell of the machine hits both sides.

What is timed, and how:

* First frame: from the child's first statement (``time.perf_counter()``, before anything
  is imported) to the first frame that shows content: the Static's text for the floor, the
  first pair with the cursor marker for the reader. Loading the text through
  ``Library.load`` counts.
* Key latency: from posting the key event (``App.simulate_key``, what a driver does with a
  key from the terminal) to the frame by which everything the key changes is on screen:
  the cursor marker on the first row of the new pair (and ``PairView.cursor`` is that
  pair) and the title bar's new "pair N / M". If they come in different frames, the later
  counts. Not ``pilot.press`` + ``pause``: those sleep ~84 ms themselves. After each key's
  frame the app idles for ``--gap``, so every key starts from an idle app, like a person
  pressing keys. The details table gives the cursor's frame and the title bar's apart.
  The floor presses the same keys in a bare Textual app whose key updates one line of
  text (an action, a widget updated, a frame): what the framework costs before the reader
  does anything.
* "A frame" is a call of ``App._display(screen, update)`` with an update: the screen's
  compositor has rendered every dirty line by then. In headless mode Textual stops there;
  so that the figures match a real terminal more closely, the hook also encodes the update
  to terminal escape codes (``update.render_segments``, what ``_display`` does when not
  headless) and times the frame after it. Only the write to the terminal is missing.
* Peak memory: ``ru_maxrss`` of the child.

Figures are printed, never asserted: this is not part of the test suite.
"""

import time

_T0 = time.perf_counter()  # the child's process start, as near as Python lets us see it
_WALL0 = time.time()

import json  # noqa: E402  (the timestamps above must come first)
import os  # noqa: E402
import sys  # noqa: E402

ARTICLE_ID = "japan-europe-2025"
RESULT_PREFIX = "BENCH-RESULT "
CURSOR_MARKER = "▌"
FLOOR_TEXT = "The framework floor: one Static widget."

TARGETS = {
    # case: first frame at most `ratio` x the floor or under `seconds`; peak under `peak_mb`
    "article": {"ratio": 1.3},
    10_000: {"ratio": 1.5, "peak_mb": 120},
    100_000: {"seconds": 1.5},
}
KEY_P50_TARGET_MS = 16.0  # key to frame, the title bar included (issue 16)
KEY_P95_TARGET_MS = 33.0


# ===================================================================================
# The child: one app, one process
# ===================================================================================


def _rows_of(update) -> dict[int, str]:
    """The text of each screen row a compositor update paints, by row number."""
    from textual._compositor import ChopsUpdate, LayoutUpdate

    rows: dict[int, str] = {}
    if isinstance(update, LayoutUpdate):
        for offset, line in enumerate(update.strips):
            rows[update.region.y + offset] = "".join(strip.text for strip in line)
    elif isinstance(update, ChopsUpdate):
        for y, _x1, _x2 in update.spans:
            rows[y] = "".join(strip.text for strip in update.chops[y].values() if strip is not None)
    return rows


class FrameProbe:
    """Wraps an app's `_display` to timestamp every frame and check what it shows.

    Waiters are (check, future) pairs: the first frame whose rows pass `check` resolves
    the future with (composed, shown, frames seen while waiting).
    """

    def __init__(self, app, encode: bool) -> None:
        self.app = app
        self.encode = encode
        self.first_any: float | None = None  # first frame of any content
        self.first_content: float | None = None  # first frame showing the text
        self.content_check = None  # callable(rows) -> bool
        self.frames = 0
        self.frames_to_first = 0
        self.encode_ms: list[float] = []
        self.waiters: list[list] = []  # [check, future, frames seen]
        original = app._display

        def display(screen, update) -> None:
            original(screen, update)
            if update is None or app._batch_count:
                return
            composed = time.perf_counter()
            if self.encode:
                update.render_segments(app.console)
            shown = time.perf_counter()
            self._on_frame(update, composed, shown)

        app._display = display

    def _on_frame(self, update, composed: float, shown: float) -> None:
        self.frames += 1
        self.encode_ms.append((shown - composed) * 1000)
        if self.first_any is None:
            self.first_any = shown
        if self.first_content is None:
            if self.content_check is not None and self.content_check(_rows_of(update)):
                self.first_content = shown
                self.frames_to_first = self.frames
            return
        if not self.waiters:
            return
        rows = _rows_of(update)
        for waiter in self.waiters:
            check, future, seen = waiter
            if future.done():
                continue
            waiter[2] = seen = seen + 1
            if check(rows):
                future.set_result((composed, shown, seen))
        self.waiters = [waiter for waiter in self.waiters if not waiter[1].done()]

    def wait_for(self, check):
        """A future for the first frame from now on that passes `check`."""
        import asyncio

        future = asyncio.get_running_loop().create_future()
        self.waiters.append([check, future, 0])
        return future


class GcWatch:
    """Times the garbage collector's full (generation 2) collections."""

    def __init__(self) -> None:
        import gc

        self.pauses_ms: list[float] = []
        self._start = 0.0
        self.active = False
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if not self.active or info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses_ms.append((time.perf_counter() - self._start) * 1000)


FLOOR_PAIRS = 1000  # what the floor's position line counts up to


def _floor_position(cursor: int) -> str:
    return f"pair {cursor + 1:,} / {FLOOR_PAIRS:,}"


async def _time_keys(app, probe, spec: dict, samples: dict, checks, cursor, count: int,
                     handled: list | None = None) -> None:
    """Press Down `spec["downs"]` times, then End or Home `spec["jumps"]` times, timing
    each key from its event to the frame by which everything it changes is shown: every
    check of `checks(expected pair)` has passed in a frame since the key (the cursor and
    the title bar may come in different frames: the later one counts). After each key
    the app idles for the gap, so every key starts from an idle app, like a person
    pressing keys."""
    import asyncio

    async def press(key: str, expected: int) -> dict | None:
        waits = [probe.wait_for(check) for check in checks(expected)]
        if handled is not None:
            handled.clear()
        start = time.perf_counter()
        app.simulate_key(key)
        try:
            frames = await asyncio.wait_for(asyncio.gather(*waits), timeout=5)
        except asyncio.TimeoutError:
            for wait in waits:
                wait.cancel()
            return None
        shown = max(frame[1] for frame in frames)
        idle = spec["gap"] - (time.perf_counter() - shown)
        if idle > 0:
            await asyncio.sleep(idle)
        first = frames[0]  # the first check: the cursor (the floor: its position line)
        return {
            "ms": (shown - start) * 1000,
            "cursor_ms": (first[1] - start) * 1000,
            "composed_ms": (max(frame[0] for frame in frames) - start) * 1000,
            "handled_ms": (handled[0] - start) * 1000 if handled else None,
            "bar_ms": (frames[-1][1] - start) * 1000,
            "frames": max(frame[2] for frame in frames),
        }

    last = count - 1
    for _ in range(spec["downs"]):
        if cursor() >= last:  # a short text: start again at the top, untimed
            await press("home", 0)
        samples["down"].append(await press("down", cursor() + 1))
    for _ in range(spec["jumps"]):
        key, target = ("home", 0) if cursor() == last else ("end", last)
        samples["jump"].append(await press(key, target))


def _maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(spec: dict) -> dict:
    result: dict = {"case": spec["case"]}
    spawn_wall = float(os.environ.get("BENCH_SPAWN_WALL", "nan"))
    result["interpreter_s"] = _WALL0 - spawn_wall
    size = tuple(spec["size"])

    if spec["case"] == "floor":
        from textual.app import App
        from textual.widgets import Static

        result["t_imported"] = time.perf_counter() - _T0

        class Floor(App[None]):
            """One Static, and a top line saying "N / M" that Down, Home and End change:
            the least a key can cost in Textual (an action, a widget updated, a frame)."""

            BINDINGS = [("down", "go(1)"), ("home", "go(0)"), ("end", "go(-1)")]

            def __init__(self) -> None:
                super().__init__()
                self.cursor = 0

            def compose(self):
                yield Static(_floor_position(0), id="position", markup=False)
                yield Static(FLOOR_TEXT, markup=False)

            def action_go(self, where: int) -> None:
                self.cursor = {1: self.cursor + 1, 0: 0, -1: FLOOR_PAIRS - 1}[where]
                self.query_one("#position", Static).update(_floor_position(self.cursor))

        app = Floor()
        probe = FrameProbe(app, spec["encode"])
        probe.content_check = lambda rows: any(FLOOR_TEXT in row for row in rows.values())
        samples: dict[str, list[dict]] = {"down": [], "jump": []}

        async def drive(pilot) -> None:
            import asyncio

            while probe.first_content is None:
                await asyncio.sleep(0.002)
            result["maxrss_first_frame_mb"] = _maxrss_mb()
            await asyncio.sleep(0.3)

            def checks(expected: int):
                return [lambda rows: _floor_position(expected) in rows.get(0, "")]

            await _time_keys(app, probe, spec, samples, checks, lambda: app.cursor, FLOOR_PAIRS)
            app.exit()

        app.run(headless=True, size=size, auto_pilot=drive)
        result["first_frame_s"] = probe.first_content - _T0
        result["first_any_s"] = probe.first_any - _T0
        result["frames_to_first"] = probe.frames_to_first
        result["samples"] = samples
        result["maxrss_mb"] = _maxrss_mb()
        return result

    # -- the reader ---------------------------------------------------------------------
    from reader.core.store import Library

    result["t_core_imported"] = time.perf_counter() - _T0
    import reader.ui.app  # noqa: F401  (Textual)
    from reader.ui.pairview import PairView

    result["t_imported"] = time.perf_counter() - _T0
    # Exactly what `reader read` does: the first pairs and the glossary now, the rest of
    # the pairs streamed after the first frame, CC-CEDICT when first needed.
    from reader.cli import reader_app

    app = reader_app(Library(spec["library"]), spec["text_id"])
    text = app.text
    result["t_loaded"] = time.perf_counter() - _T0
    probe = FrameProbe(app, spec["encode"])
    pairs = text.pairs
    first = pairs[0].en or pairs[0].zh
    probe.content_check = lambda rows: any(
        CURSOR_MARKER in row and first[:12] in row for row in rows.values()
    )
    gc_watch = GcWatch()
    samples: dict[str, list[dict]] = {"down": [], "jump": []}
    def cursor_shown(view, expected: int):
        """A check that a frame shows the cursor marker on the first row of pair `expected`."""

        def check(rows: dict[int, str]) -> bool:
            if view.cursor != expected:
                return False
            region = view.content_region
            start, _count = view.pair_span(expected)
            y = region.y + start - round(view.scroll_y)
            if region.y <= y < region.bottom:
                return CURSOR_MARKER in rows.get(y, "")
            return False

        return check

    def position_shown(expected: int):
        """A check that the title bar (the top row) shows the new position, "N / M"."""
        import re

        position = re.compile(rf"(?<!\d){expected + 1:,} / {len(pairs):,}(?!\d)")
        return lambda rows: position.search(rows.get(0, "")) is not None

    async def drive(pilot) -> None:
        import asyncio

        while probe.first_content is None:
            await asyncio.sleep(0.002)
        result["maxrss_first_frame_mb"] = _maxrss_mb()
        while app._loading:  # the rest of a large text streams in after the first frame
            await asyncio.sleep(0.005)
        while app._dictionary_wanted and app.dictionary is None:  # CC-CEDICT, for the pinyin
            await asyncio.sleep(0.005)
        result["t_all_loaded"] = time.perf_counter() - _T0
        view = app.query_one(PairView)
        handled: list[float] = []
        original_move = view.move_cursor

        def move_cursor(index: int, top: int | None = None) -> None:  # notes when the key's action has run
            original_move(index, top)
            handled.append(time.perf_counter())

        view.move_cursor = move_cursor
        await asyncio.sleep(0.3)  # let start-up work (call_after_refresh, timers) finish

        def checks(expected: int):
            return [cursor_shown(view, expected), position_shown(expected)]

        gc_watch.active = True
        await _time_keys(app, probe, spec, samples, checks, lambda: view.cursor, len(pairs), handled)
        gc_watch.active = False
        app.exit()

    app.run(headless=True, size=size, auto_pilot=drive)
    result["first_frame_s"] = probe.first_content - _T0
    result["first_any_s"] = probe.first_any - _T0
    result["frames_to_first"] = probe.frames_to_first
    result["pairs"] = len(pairs)
    result["samples"] = samples
    result["gc_pauses_ms"] = gc_watch.pauses_ms
    result["encode_ms"] = probe.encode_ms
    result["maxrss_mb"] = _maxrss_mb()
    return result


def _child_main(raw_spec: str) -> int:
    spec = json.loads(raw_spec)
    profiler = None
    if spec.get("profile"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    result = _child(spec)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(spec["profile"])
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


def _make_library(root: str, count: int) -> int:
    """Write a text of `count` pairs, the bundled article's body pairs over and over."""
    from dataclasses import replace

    from reader.core.model import Pair, Text
    from reader.core.store import Library, bundled_library

    article = Library(bundled_library()).load(ARTICLE_ID)
    body = [pair for pair in article.pairs if pair.kind == "body"]
    pairs = [
        Pair(f"p{number}", "body", source.en, source.zh, source.src_en, source.src_zh)
        for number, source in zip(range(1, count + 1), _cycle(body, count))
    ]
    meta = replace(
        article.meta,
        id=f"bench-{count}",
        title={"en": f"Benchmark text, {count:,} pairs", "zh": f"基准测试文本（{count}对）"},
        source_file="",
    )
    Library(root).save(Text(meta, pairs), None, replace=True)
    # The bundled glossaries too, so highlighting costs what it costs in the reader.
    import shutil
    from pathlib import Path

    bundled = bundled_library() / "texts"
    for name in ("glossary.tsv", f"{ARTICLE_ID}/glossary.tsv"):
        target = Path(root) / "texts" / name.replace(ARTICLE_ID, meta.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundled / name, target)
    return 0


def _cycle(items: list, count: int):
    for number in range(count):
        yield items[number % len(items)]


# ===================================================================================
# The parent: generate texts, run the children, print the table
# ===================================================================================


def _parse_args(argv: list[str] | None):
    import argparse

    parser = argparse.ArgumentParser(
        description="Time the reader's first frame, key latency and memory against a bare Textual app.",
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], metavar="N",
                        help="generated text sizes in pairs (default: 10000 100000)")
    parser.add_argument("--no-article", action="store_true", help="skip the bundled article")
    parser.add_argument("--runs", type=int, default=3, help="runs per case; the median first frame is shown (default: 3)")
    parser.add_argument("--downs", type=int, default=50, help="timed presses of Down per run (default: 50)")
    parser.add_argument("--jumps", type=int, default=10, help="timed presses of End/Home per run (default: 10)")
    parser.add_argument("--gap", type=float, default=0.04, metavar="SECONDS",
                        help="idle time after each key's frame (default: 0.04)")
    parser.add_argument("--size", default="120x40", metavar="WxH", help="terminal size (default: 120x40)")
    parser.add_argument("--no-encode", action="store_true",
                        help="time frames when composed, without encoding them for a terminal")
    parser.add_argument("--busy-loop", action="store_true",
                        help="a loaded machine: a busy-loop process on the last CPU for the timed runs, "
                             "each child on the others (compare with a run without it)")
    parser.add_argument("--profile", metavar="DIR",
                        help="also run each reader case once under cProfile, write DIR/<case>.prof, print the top")
    args = parser.parse_args(argv)
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size {args.size!r}: want WIDTHxHEIGHT, e.g. 120x40")
    args.size = (width, height)
    return args


def _child_env(repo: str, pycache: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (repo, env.get("PYTHONPATH")) if p)
    # Compiled bytecode, as an installed package has it, kept out of the repository: the
    # untimed warm-up run fills this cache for every timed run after it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    env.setdefault("COLORTERM", "truecolor")  # encode frames as for a modern terminal
    env.setdefault("TERM", "xterm-256color")
    env.pop("TEXTUAL", None)  # no devtools or debug features
    # The CC-CEDICT index cache goes beside the bytecode, not into the user's cache folder;
    # the warm-up run builds it.
    env["XDG_CACHE_HOME"] = os.path.join(pycache, "user-cache")
    return env


def _busy_cpus() -> tuple[set[int], set[int]]:
    """(the busy loop's CPU, the children's CPUs): the last CPU, and the others (all of
    them on a one-CPU machine)."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else list(range(os.cpu_count() or 1))
    return {cpus[-1]}, set(cpus[:-1]) or {cpus[-1]}


def _start_busy_loop():
    """A process that spins on the last CPU until killed: the load of another program."""
    import subprocess

    loop_cpus, _ = _busy_cpus()
    preexec = (lambda: os.sched_setaffinity(0, loop_cpus)) if hasattr(os, "sched_setaffinity") else None
    return subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=preexec)


def _run_child(spec: dict, repo: str, pycache: str) -> dict:
    import subprocess

    env = _child_env(repo, pycache)
    env["BENCH_SPAWN_WALL"] = repr(time.time())
    preexec = None
    if spec.get("busy_loop") and hasattr(os, "sched_setaffinity"):
        child_cpus = _busy_cpus()[1]
        preexec = lambda: os.sched_setaffinity(0, child_cpus)  # noqa: E731
    proc = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", json.dumps(spec)], preexec_fn=preexec,
        env=env, cwd=repo, capture_output=True, text=True, timeout=600,
    )
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    raise RuntimeError(
        f"child {spec['case']} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}{proc.stdout[-2000:]}"
    )


def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 150 samples is the 143rd smallest)."""
    import math

    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    import tempfile
    from pathlib import Path

    args = _parse_args(argv)
    repo = str(Path(__file__).resolve().parent.parent)
    sys.path.insert(0, repo)
    sys.dont_write_bytecode = True  # no __pycache__ in the repository from this process
    from reader.core.store import bundled_library

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as scratch:
        library = os.path.join(scratch, "library")
        pycache = os.path.join(scratch, "pycache")
        cases: list[dict] = [{"case": "floor", "label": "floor (bare Textual)", "pairs": None}]
        if not args.no_article:
            cases.append({"case": "article", "label": "bundled article", "library": str(bundled_library()),
                          "text_id": ARTICLE_ID})
        for count in args.sizes:
            print(f"writing a text of {count:,} pairs ...", flush=True)
            _run_generator(library, count, repo, pycache)
            cases.append({"case": count, "label": f"{count:,} pairs", "library": library,
                          "text_id": f"bench-{count}"})
        common = {"size": list(args.size), "downs": args.downs, "jumps": args.jumps, "gap": args.gap,
                  "encode": not args.no_encode, "busy_loop": args.busy_loop}
        results: dict = {_key(case): [] for case in cases}
        print("warm-up (untimed: compiles bytecode, fills the disk cache) ...", flush=True)
        for case in cases[:2]:
            _run_child({**common, **_spec(case), "downs": 0, "jumps": 0}, repo, pycache)
        busy = _start_busy_loop() if args.busy_loop else None
        try:
            for run in range(args.runs):  # round-robin, so slow drift spreads over every case
                for case in cases:
                    print(f"run {run + 1}/{args.runs}: {case['label']} ...", flush=True)
                    results[_key(case)].append(_run_child({**common, **_spec(case)}, repo, pycache))
        finally:
            if busy is not None:
                busy.kill()
                busy.wait()
        if args.profile:
            _profile(cases, common, args.profile, repo, pycache)
    print()
    _print_report(cases, results, args)
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    return 0


def _key(case: dict) -> str:
    return str(case["case"])


def _spec(case: dict) -> dict:
    return {k: v for k, v in case.items() if k != "label"}


def _run_generator(library: str, count: int, repo: str, pycache: str) -> None:
    """Writes the text in a child, so this process stays small (a child's ru_maxrss can
    start from its parent's size)."""
    import subprocess

    subprocess.run([sys.executable, os.path.abspath(__file__), "--make-library", library, str(count)],
                   env=_child_env(repo, pycache), cwd=repo, check=True)


def _profile(cases: list[dict], common: dict, folder: str, repo: str, pycache: str) -> None:
    import pstats

    os.makedirs(folder, exist_ok=True)
    for case in cases:
        if case["case"] == "floor":
            continue
        path = os.path.join(folder, f"{case['case']}.prof")
        print(f"profiling {case['label']} ...", flush=True)
        _run_child({**common, **_spec(case), "profile": path}, repo, pycache)
        print(f"\n-- cProfile, {case['label']} (start-up and keys), top 15 by own time; full data: {path}")
        pstats.Stats(path).sort_stats("tottime").print_stats(15)


# -- the report -------------------------------------------------------------------------


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "MISS")


def _first_frames(runs: list[dict]) -> list[float]:
    return [r["first_frame_s"] for r in runs]


def _print_report(cases: list[dict], results: dict, args) -> None:
    floor_runs = _first_frames(results["floor"])
    headers = ["case", "pairs", "first frame", "min-max", "x floor", "target", "",
               "Down p50/p95", "End/Home p50/p95", "target", "",
               "peak MB", "target", ""]
    rows: list[list[str]] = []
    details: list[list[str]] = []
    for case in cases:
        runs = results[_key(case)]
        firsts = _first_frames(runs)
        first = _median(firsts)
        # Each run against the floor run of the same round: slow spells of the machine
        # then hit both sides of the ratio.
        ratio = _median([mine / floor for mine, floor in zip(firsts, floor_runs)])
        peak = max(r["maxrss_mb"] for r in runs)
        target = TARGETS.get(case["case"], {})
        if "ratio" in target:
            frame_target, frame_ok = f"<= {target['ratio']}x", ratio <= target["ratio"]
        elif "seconds" in target:
            frame_target, frame_ok = f"< {target['seconds']} s", first < target["seconds"]
        else:
            frame_target, frame_ok = "", None
        if "peak_mb" in target:
            peak_target, peak_ok = f"< {target['peak_mb']}", peak < target["peak_mb"]
        else:
            peak_target, peak_ok = "", None
        spread = f"{min(firsts):.2f}-{max(firsts):.2f}"
        details.append(_detail_row(case, runs))
        key_cells, key_ok = [], None  # no verdict without keys (--downs 0 --jumps 0)
        for kind in ("down", "jump"):
            values = [s["ms"] for s in _samples(runs, kind)]
            if values:
                p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
                key_ok = key_ok is not False and p50 < KEY_P50_TARGET_MS and p95 < KEY_P95_TARGET_MS
                key_cells.append(f"{p50:.1f} / {p95:.1f} ms")
            else:
                key_cells.append("-")
        key_target = f"p50 < {KEY_P50_TARGET_MS:.0f}, p95 < {KEY_P95_TARGET_MS:.0f} ms"
        if case["case"] == "floor":
            rows.append([case["label"], "-", f"{first:.3f} s", spread, "1.00", "", "", *key_cells, "", "",
                         f"{peak:.0f}", "", ""])
            continue
        rows.append([
            case["label"], f"{runs[0]['pairs']:,}", f"{first:.3f} s", spread, f"{ratio:.2f}", frame_target,
            _verdict(frame_ok), *key_cells, key_target, _verdict(key_ok),
            f"{peak:.0f}", peak_target, _verdict(peak_ok),
        ])

    width, height = args.size
    print(f"reader benchmark: Textual {_textual_version()} headless, {width}x{height}, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs per case, "
          + ("LOADED (a busy loop on the last CPU, the children on the others)" if args.busy_loop else "idle"))
    print("first frame: median over runs, from the child's first statement; x floor: median of each run "
          "over the floor run of its round")
    print(f"keys: all runs pooled, {args.downs} Down + {args.jumps} End/Home per run, {args.gap * 1000:.0f} ms "
          f"apart, key event -> the frame by which the cursor AND the title bar show the new pair, "
          f"{'composed' if args.no_encode else 'composed and encoded for a terminal'}; the floor: a bare "
          f"Textual app whose key updates one line")
    print()
    _print_table(headers, rows, right={1, 2, 3, 4, 7, 8, 11})
    print()
    print("Where the time goes (medians over runs; times from the child's first statement):")
    _print_table(
        ["case", "python", "core import", "load", "UI import", "1st frame any", "1st frame text",
         "all loaded", "MB at 1st", "handled", "encode", "cursor", "title bar", "frames/key", "full GCs", "GC max",
         "missed"],
        details, right=set(range(1, 17)),
    )
    print("  python: interpreter start-up before the child's first statement (not counted in 'first frame')")
    print("  1st frame any: the first frame painted at all; 1st frame text: the first showing the text")
    print("  load: reading the first pairs before the UI opens; all loaded: the rest streamed in after the first frame")
    print("  handled: key posted -> PairView.move_cursor returned (p50); encode: frame -> terminal codes (p50);")
    print("  cursor: key posted -> frame showing the cursor on the new pair (p50); title bar: key posted -> frame")
    print("  showing the new 'pair N / M' (p50); frames/key: frames until both showed (mean); full GCs:")
    print("  generation-2 collections during the keys of all runs, GC max: the longest; missed: keys whose")
    print("  cursor or title bar never showed within 5 s")


def _textual_version() -> str:
    from importlib.metadata import version

    return version("textual")


def _samples(runs: list[dict], kind: str) -> list[dict]:
    return [s for r in runs for s in r["samples"][kind] if s is not None]


def _detail_row(case: dict, runs: list[dict]) -> list[str]:
    def med(key: str) -> float:
        return _median([r[key] for r in runs if r.get(key) is not None])

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    def p50(values: list[float]) -> str:
        return f"{_percentile(values, 0.5):.1f} ms" if values else "-"

    python = ms(med("interpreter_s"))
    any_frame = ms(med("first_any_s"))
    text_frame = ms(med("first_frame_s"))
    mb_first = f"{med('maxrss_first_frame_mb'):.0f}"
    samples = _samples(runs, "down") + _samples(runs, "jump")
    handled = [s["handled_ms"] for s in samples if s["handled_ms"] is not None]
    cursor = [s["cursor_ms"] for s in samples]
    bar = [s["bar_ms"] for s in samples]
    frames = [s["frames"] for s in samples]
    missed = sum(1 for r in runs for kind in ("down", "jump") for s in r["samples"][kind] if s is None)
    frames_per_key = f"{sum(frames) / len(frames):.2f}" if frames else "-"
    if case["case"] == "floor":
        imported = ms(med("t_imported"))
        return [case["label"], python, "-", "-", imported, any_frame, text_frame, "-", mb_first,
                "-", "-", p50(cursor), p50(bar), frames_per_key, "-", "-", str(missed)]
    core = ms(med("t_core_imported"))
    ui = ms(_median([r["t_imported"] - r["t_core_imported"] for r in runs]))
    load = ms(_median([r["t_loaded"] - r["t_imported"] for r in runs]))
    encode = [e for r in runs for e in r["encode_ms"]]
    pauses = [p for r in runs for p in r["gc_pauses_ms"]]
    return [
        case["label"], python, core, load, ui, any_frame, text_frame, ms(med("t_all_loaded")), mb_first,
        p50(handled), p50(encode), p50(cursor), p50(bar), frames_per_key,
        str(len(pauses)), f"{max(pauses):.0f} ms" if pauses else "-", str(missed),
    ]


def _print_table(headers: list[str], rows: list[list[str]], right: set[int]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        out = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(cells, widths))]
        return "  ".join(out).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        sys.exit(_child_main(sys.argv[2]))
    if len(sys.argv) == 4 and sys.argv[1] == "--make-library":
        sys.exit(_make_library(sys.argv[2], int(sys.argv[3])))
    sys.exit(main())
