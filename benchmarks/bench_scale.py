"""Everyday commands at book scale: import, look-up and glossary check, as whole processes.

Run from the repository root::

    python benchmarks/bench_scale.py                         # 11, 10,000 and 100,000 pairs
    python benchmarks/bench_scale.py --sizes 11 10000 --runs 3

A synthetic TSV text (plain two columns, English and Chinese) is built for each size from
the sentence links of the bundled parallel article: the links are shuffled and dealt out
1-4 to a pair, and repeated as often as the size needs (a seeded random generator: the same
text every run). Everything happens in a temporary folder: the library (`--library`), the
user data, configuration and cache folders (`READER_DATA_DIR`, `XDG_*`), never the user's
own. The library holds the bundled glossaries (the library's and the article's, as the
text's own), so look-ups and checks cost what they cost on a real text.

For each size, round-robin (so that a slow spell of the machine hits every case alike):

* floors: `python -c pass` and `python -c "import textual"` (an interpreter; the UI
  framework's import);
* `reader import FILE --id bench --replace` (time and peak memory), `reader` being the
  console script when it runs this checkout (an editable install), else `python -m reader`;
* `reader lookup --text bench 反击能力` right after the import (the first look-up of the new
  text builds its term index: "cold"), then again ("warm");
* `reader glossary check bench` after the index files are deleted (cold), then again
  (warm).

Each command is a fresh child process, timed by the wall clock around it and its peak
memory read from the operating system's accounting of the finished child (`os.wait4`'s
`ru_maxrss`: the largest process's); its CPU time (user + sys, its children's included) and
the peak of its process tree's PSS (sampled from /proc while it runs: a worker process's
own pages counted, those it shares with its parent once) are printed beside. One untimed
warm-up round first (bytecode compiled into a temporary
`PYTHONPYCACHEPREFIX`, the CC-CEDICT and lexicon caches built). Medians are printed, with
each case's ratio to the `python -c pass` floor of the same round. Figures are printed,
never asserted: this is not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _commands import REPO, python_env, reader_command  # noqa: E402 (beside this script)
ARTICLE_ID = "japan-europe-2025"
TERM = "反击能力"
TEXT_ID = "bench"
TARGETS = {  # case: (seconds, MiB) the issue aims at, by size (None: no aim)
    "import": {11: (0.3, None), 100_000: (30.0, 300)},
    "lookup": {100_000: (0.3, None)},
    "check": {100_000: (3.0, None)},
}


def _links() -> list[tuple[str, str]]:
    """The bundled article's sentence links, each as (English, Chinese) text."""
    sys.path.insert(0, str(REPO))
    from reader.core.store import Library, bundled_library

    text = Library(bundled_library()).load(ARTICLE_ID)
    out = []
    for pair in text.pairs:
        if pair.kind != "body" or not pair.links:
            continue
        for en, zh, _score in pair.links:
            en_text = " ".join(pair.en[s:e] for s, e in (pair.sentences_en[i] for i in en))
            zh_text = "".join(pair.zh[s:e] for s, e in (pair.sentences_zh[i] for i in zh))
            if en_text.strip() and zh_text.strip():
                out.append((" ".join(en_text.split()), "".join(zh_text.split())))
    return out


def write_tsv(path: Path, count: int, seed: int = 16) -> int:
    """A TSV text of `count` pairs, 1-4 links a pair; returns its size in bytes."""
    links = _links()
    rng = random.Random(seed)
    deck: list[tuple[str, str]] = []
    lines = []
    for _ in range(count):
        take = rng.randint(1, 4)
        group = []
        for _ in range(take):
            if not deck:
                deck = links[:]
                rng.shuffle(deck)
            group.append(deck.pop())
        lines.append(" ".join(en for en, _ in group) + "\t" + "".join(zh for _, zh in group))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(data)


def make_library(root: Path) -> None:
    """An empty library with the bundled glossaries: the library's, and the article's
    as the benchmark text's own."""
    sys.path.insert(0, str(REPO))
    from reader.core.store import bundled_library

    bundled = bundled_library() / "texts"
    (root / "texts" / TEXT_ID).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundled / "glossary.tsv", root / "texts" / "glossary.tsv")
    shutil.copyfile(bundled / ARTICLE_ID / "glossary.tsv", root / "texts" / TEXT_ID / "glossary.tsv")


def _env(scratch: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env = python_env(env, scratch)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(scratch / name.lower())
    env["READER_DATA_DIR"] = str(scratch / "data")
    env.pop("READER_LIBRARY", None)
    env["READER_MAX_SIZE"] = "256M"
    return env


def run(argv: list[str], env: dict, timeout: float = 1800) -> tuple[float, float, int]:
    """(wall seconds, peak MiB, exit code) of one child process; its CPU time (user +
    sys, its children's included) and the peak of its process tree's proportional set
    size (PSS: a worker's pages shared with its parent counted once) go to LAST."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=str(REPO), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = 0
    while True:
        _pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if _pid:
            break
        tree_peak = max(tree_peak, _tree_pss(proc.pid))
        time.sleep(0.005 if time.perf_counter() - start < 1 else 0.05)  # a short run's end is seen soon
    wall = time.perf_counter() - start
    LAST.update(cpu=usage.ru_utime + usage.ru_stime, tree=tree_peak / 1024)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        err = proc.stderr.read().decode("utf-8", "replace")[-2000:]
        print(f"  ! {' '.join(argv[-4:])} exited {proc.returncode}: {err}", file=sys.stderr)
    proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode


LAST: dict[str, float] = {}


def _tree_pss(pid: int) -> int:
    """The PSS (KiB) of a process and its descendants, from /proc (0 where it is not)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def _drop_term_index(env: dict) -> None:
    shutil.rmtree(Path(env["XDG_CACHE_HOME"]) / "reader" / "term-index", ignore_errors=True)


def bench_size(count: int, runs: int, scratch: Path, env: dict) -> dict[str, list[tuple[float, float]]]:
    library = scratch / f"library-{count}"
    source = scratch / f"bench-{count}.tsv"
    # in a child, so that this process stays small: a child's peak memory counts its
    # parent's size at the fork
    subprocess.run([sys.executable, __file__, "--make", str(library), str(source), str(count)], env=env,
                   check=True)
    size = source.stat().st_size
    print(f"{count:,} pairs: {size / 1e6:.1f} MB of TSV", flush=True)
    reader = reader_command(env) + ["--library", str(library)]
    print(f"  as: {' '.join(reader[:-2])}", flush=True)
    commands = {
        "pass": [sys.executable, "-c", "pass"],
        "textual": [sys.executable, "-c", "import textual"],
        "import": reader + ["import", str(source), "--id", TEXT_ID, "--replace"],
        "lookup": reader + ["lookup", "--text", TEXT_ID, TERM],
        "check": reader + ["glossary", "check", TEXT_ID],
    }
    # a look-up and a check see different glossaries (every glossary of the library, or
    # the text's), so each has an index of its own: each is timed cold, then warm
    order = ["pass", "textual", "import", "lookup-cold", "lookup", "check-cold", "check"]
    results: dict[str, list[tuple[float, float]]] = {case: [] for case in order}
    for round_ in range(runs + 1):  # round 0: the untimed warm-up
        for case in order:
            name = case.removesuffix("-cold")
            if case.endswith("-cold"):
                _drop_term_index(env)
            wall, peak, code = run(commands[name], env)
            if round_ and code == 0:
                results[case].append((wall, peak))
                CPU.setdefault((count, case), []).append((LAST["cpu"], LAST["tree"]))
        if round_:
            cpu, tree = CPU[(count, "import")][-1]
            print(f"  round {round_}/{runs}: import {results['import'][-1][0]:.2f} s, {cpu:.2f} s user+sys, "
                  f"peak RSS {results['import'][-1][1]:.0f} MiB, process tree's peak PSS {tree:.0f} MiB", flush=True)
    return results


CPU: dict[tuple[int, str], list[tuple[float, float]]] = {}  # (size, case): (user+sys s, tree PSS MiB) a run


def _median(values):
    return statistics.median(values) if values else float("nan")


LABELS = {
    "pass": "python -c pass",
    "textual": 'python -c "import textual"',
    "import": "reader import (TSV)",
    "lookup-cold": f"reader lookup --text T {TERM} (cold index)",
    "lookup": f"reader lookup --text T {TERM}",
    "check": "reader glossary check T",
    "check-cold": "reader glossary check T (cold index)",
}


def report(all_results: dict[int, dict], runs: int) -> None:
    sizes = list(all_results)
    print()
    print(f"bench_scale: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {runs} runs a case; "
          "medians; x pass: the median of each run over the `python -c pass` run of its round; "
          "cpu: user+sys, children included; MiB: peak RSS of the largest process")
    header = ["case"] + [f"{size:,} pairs" for size in sizes]
    rows = []
    for case, label in LABELS.items():
        cells = [label]
        for size in sizes:
            samples = all_results[size][case]
            floors = all_results[size]["pass"]
            if not samples:
                cells.append("-")
                continue
            wall = _median([w for w, _ in samples])
            peak = max(p for _, p in samples)
            ratio = _median([w / f for (w, _), (f, _) in zip(samples, floors)])
            cpu = _median([c for c, _ in CPU.get((size, case), [])])
            cell = f"{wall:.3f} s ({cpu:.2f} s cpu), {peak:.0f} MiB, {ratio:.1f}x pass"
            aim = TARGETS.get(case, {}).get(size)
            if aim:
                seconds, mib = aim
                ok = wall < seconds and (mib is None or peak < mib)
                cell += f" [aim < {seconds:g} s" + (f", < {mib} MiB" if mib else "") + f": {'ok' if ok else 'MISS'}]"
            cells.append(cell)
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths]] + rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[11, 10_000, 100_000], metavar="N",
                        help="text sizes in pairs (default: 11 10000 100000)")
    parser.add_argument("--runs", type=int, default=3, help="timed rounds per size, after one warm-up (default: 3)")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    sys.dont_write_bytecode = True
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reader-scale-") as temporary:
        scratch = Path(args.keep) if args.keep else Path(temporary)
        scratch.mkdir(parents=True, exist_ok=True)
        env = _env(scratch)
        results = {size: bench_size(size, args.runs, scratch, env) for size in args.sizes}
    report(results, args.runs)
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--make":
        make_library(Path(sys.argv[2]))
        write_tsv(Path(sys.argv[3]), int(sys.argv[4]))
        sys.exit(0)
    sys.exit(main())
