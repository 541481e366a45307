"""The concordance over a big library: index build time and peak memory, and the time of
each answer as the user sees it, beside floors measured in the same run.

    python benchmarks/bench_concord.py [LIBRARY_DIR] [--texts N] [--pairs N] [--repeat N]

Builds a synthetic library of N texts (default 1,000) of about M one-sentence pairs each
(default 1,000: about a million sentences): the sentence links of the bundled texts'
pairs, shuffled, with the years and a made-up name varied per text, and the bundled
glossary, in LIBRARY_DIR (a temporary folder by default; an existing library there is
used as it is). Then, with every per-user folder pointed at a temporary one:

- the index build (`LibraryIndex.sync` in a process of its own: wall and CPU time, peak RSS),
  beside the peak RSS of `python -c pass`; the check when nothing changed;
- `reader concord QUERY` run as the user runs it (default output: the first lines, the
  frequency summary per text, the renderings table), for words of both languages, rare
  and common (p50 and p95 over them all), regexes, a glossary term and --empty, each with
  its median user+sys CPU time (the machine is shared: wall times are noisy); beside
  `python -c pass` and `reader --help` (the command's own start-up) of the same run;
- the same answers in one process (no start-up): the counts and the first lines.

Aims (issue 14): a word under 100 ms, a regex under 1 s, the build under a minute.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core import concord  # noqa: E402
from reader.core.library_index import LibraryIndex, pair_units  # noqa: E402
from reader.core.model import Pair, TextMeta  # noqa: E402
from reader.core.store import Library, bundled_library, dump_alignment, dump_meta  # noqa: E402

from _commands import python_env, reader_command  # noqa: E402 (beside this script)

NAMES = [("Tanaka", "田中"), ("Suzuki", "铃木"), ("Watanabe", "渡边"), ("Ito", "伊藤"), ("Kato", "加藤")]
WORDS = ["田中", "北约", "安全", "日本", "合作", "反击能力", "Tanaka", "NATO", "security", "Japan", "cooperation",
         "counterattack capabilities"]
REGEXES = [r"北约\w", r"(北约|欧盟)", r"Tanak\w+", r"\bcounter\w+", r"[Ss]ecurity (?:cooperation|dialogue)",
           r"\d{4}年"]
TERM = "安全合作"
ROOT = Path(__file__).resolve().parents[1]


def build_library(root: Path, texts: int, pairs: int) -> None:
    bundled = Library(bundled_library())
    units = [(en, zh) for text in bundled.texts() for pair in text.pairs for en, zh, _, _ in pair_units(pair)
             if en.strip() and zh.strip()]
    rng = random.Random(14)
    (root / "alignments").mkdir(parents=True, exist_ok=True)
    (root / "texts").mkdir(parents=True, exist_ok=True)
    write_glossary(bundled, root)
    for n in range(texts):
        text_id = f"synthetic-{n:04d}"
        name_en, name_zh = NAMES[n % len(NAMES)]
        year = str(1950 + n % 70)
        chosen = []
        for k in range(pairs):
            en, zh = rng.choice(units)
            en = re.sub(r"\b(19|20)\d\d\b", year, en).replace("Kishida", name_en)
            zh = re.sub(r"(19|20)\d\d", year, zh).replace("岸田", name_zh)
            chosen.append(Pair(f"p{k + 1}", "body", en, zh))
        (root / "alignments" / f"{text_id}.jsonl").write_bytes(dump_alignment(text_id, chosen))
        folder = root / "texts" / text_id
        folder.mkdir(exist_ok=True)
        (folder / "meta.json").write_bytes(dump_meta(TextMeta(id=text_id, title={"en": f"Synthetic text {n}"})))


def write_glossary(bundled: Library, root: Path) -> None:
    """The bundled glossaries (the library-wide one and each text's) as termbases."""
    folder = root / "termbases"
    folder.mkdir(parents=True, exist_ok=True)
    for n, source in enumerate(bundled.glossary_files()):
        (folder / f"bundled-{n}.tsv").write_bytes(source.read_bytes())


def run(argv: list[str], env: dict, check: bool = True) -> tuple[float, int, str]:
    """Wall time, peak RSS (KB, from /usr/bin/time's way: wait4) and output of a process
    (its user+sys CPU time, its children's with it, in `CPU[-1]`)."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:  # no pipe to fill
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - start
        CPU.append(usage.ru_utime + usage.ru_stime)
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        out = stdout.read().decode("utf-8", "replace")
        err = stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        if not check:
            return took, usage.ru_maxrss, "failed: " + err.strip()
        raise SystemExit(f"{' '.join(argv)} failed: {err.strip()}")
    return took, usage.ru_maxrss, out


CPU: list[float] = []  # user+sys seconds of each process run, in order


def timed_runs(argv: list[str], env: dict, repeat: int, check: bool = True) -> tuple[list[float], str]:
    """Wall times of `repeat` runs and the last one's output (their CPU times: `cpu_of`)."""
    times, out = [], ""
    for _ in range(repeat):
        took, _, out = run(argv, env, check)
        times.append(took)
    return times, out


def cpu_of(repeat: int) -> str:
    """The median user+sys CPU time of the last `repeat` processes run."""
    return f"cpu {statistics.median(CPU[-repeat:]) * 1000:5.0f} ms"


def total_of(out: str) -> str:
    found = re.search(r"^(\d+) hits", out, re.MULTILINE) or re.search(r"^(\d+) units with one side empty", out,
                                                                       re.MULTILINE)
    return found.group(1) if found else "?"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f} ms"


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # figures as they come, into a file too
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", nargs="?", type=Path)
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        root = args.library or scratch / "library"
        if not (root / "alignments").is_dir() or not any((root / "alignments").glob("*.jsonl")):
            start = time.perf_counter()
            build_library(root, args.texts, args.pairs)
            print(f"synthetic library: {args.texts} texts x {args.pairs} pairs in {time.perf_counter() - start:.1f} s")
        env = dict(os.environ)
        for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            env[name] = str(scratch / name.lower())
        env.pop("READER_LIBRARY", None)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        env = python_env(env, scratch)
        cache = scratch / "xdg_cache_home" / "reader"
        python = sys.executable
        reader = reader_command(env) + ["--library", str(root)]
        print(f"as: {' '.join(reader[:-2])}")

        floor_time, floor_rss, _ = run([python, "-c", "pass"], env)
        # the peak of the build itself, taken before counting the units (a count reads the
        # whole file through the memory map: its pages would count as held)
        build = ("import resource, sys; from pathlib import Path; from reader.core.store import Library; "
                 "from reader.core.library_index import LibraryIndex; "
                 f"index = LibraryIndex(Library(Path({str(root)!r})), cache_dir=Path({str(cache)!r})); "
                 "done = index.sync()['indexed']; peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
                 "workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
                 "print(done, index.unit_count(), peak, workers)")
        took, _, out = run([python, "-c", build], env)
        build_cpu = CPU[-1]
        index = LibraryIndex(Library(root), cache_dir=cache)
        size = sum(p.stat().st_size for p in index.path.parent.glob(index.path.name + "*"))
        texts, units, rss, workers = out.split()
        print(f"index build: {took:.1f} s (user+sys {build_cpu:.1f} s, its reading processes with it), "
              f"peak RSS {int(rss) / 1024:.0f} MB (its reading processes "
              f"{int(workers) / 1024:.0f} MB each at most; {texts} texts, {units} units, "
              f"{size / 1e6:.0f} MB on disk); floor python -c pass: {floor_time * 1000:.0f} ms, "
              f"peak RSS {floor_rss / 1024:.0f} MB")
        start = time.perf_counter()
        index.sync()
        print(f"index check, nothing changed (in process): {(time.perf_counter() - start) * 1000:.0f} ms")

        took, _, _ = run(reader + ["concord", "NATO"], env)  # prepares CC-CEDICT in the new cache
        print(f"first answer with an empty user cache (CC-CEDICT prepared): {took:.1f} s")
        floor, _ = timed_runs([python, "-c", "pass"], env, args.repeat)
        floor_cpu = cpu_of(args.repeat)
        startup, _ = timed_runs(reader + ["--help"], env, args.repeat)
        print(f"\nfloors (median of {args.repeat}): python -c pass {ms(statistics.median(floor))} ({floor_cpu}); "
              f"reader --help {ms(statistics.median(startup))} ({cpu_of(args.repeat)})")

        print(f"\nreader concord QUERY, default output (median of {args.repeat} runs; hits):")
        word_times = []
        for word in WORDS:
            times, out = timed_runs(reader + ["concord", word], env, args.repeat)
            word_times += times
            print(f"  word {word!r:<32} {ms(statistics.median(times))} {cpu_of(args.repeat)}  ({total_of(out)})")
        word_times.sort()
        p95 = word_times[min(len(word_times) - 1, round(0.95 * (len(word_times) - 1)))]
        print(f"  words: p50 {ms(statistics.median(word_times))}, p95 {ms(p95)} over {len(word_times)} runs")
        for pattern in REGEXES:
            times, out = timed_runs(reader + ["concord", "--regex", pattern], env, args.repeat)
            print(f"  regex {pattern!r:<31} {ms(statistics.median(times))} {cpu_of(args.repeat)}  ({total_of(out)})")
        times, out = timed_runs(reader + ["concord", "--term", TERM], env, args.repeat, check=False)
        found = total_of(out) if "failed" not in out else out
        print(f"  term {TERM!r:<32} {ms(statistics.median(times))} {cpu_of(args.repeat)}  ({found})")
        times, out = timed_runs(reader + ["concord", "--empty"], env, args.repeat)
        print(f"  --empty {'':<29} {ms(statistics.median(times))} {cpu_of(args.repeat)}  ({total_of(out)})")

        print("\nin one process, no start-up (best of 3): counts per text and the first 25 hits (a big regex scan"
              " shared by worker processes, as reader concord does)")
        for query, regex in [(w, False) for w in WORDS] + [(p, True) for p in REGEXES]:
            best = None
            for _ in range(3):
                start = time.perf_counter()
                summary = concord.summarize(index, query, regex=regex, sample=100)
                concord.find(index, query, regex=regex, limit=25)
                took = time.perf_counter() - start
                best = took if best is None else min(best, took)
            print(f"  {'regex' if regex else 'word '} {query!r:<32} {ms(best)}  ({summary.total})")
        index.close()


if __name__ == "__main__":
    main()
