"""Word links at 1,000 / 10,000 / 100,000 pairs: how long until a text's links are there,
and whether the reader's keys wait meanwhile.

Run from the repository root::

    python benchmarks/bench_wordlinks.py                              # 1,000 and 10,000 pairs
    python benchmarks/bench_wordlinks.py --sizes 100000 --cases process,cache
    python benchmarks/bench_wordlinks.py --sizes 10000 --baseline 4b78c72   # beside an older learn()

A synthetic text is built for each size from the sentence links of the bundled parallel
article (shuffled, dealt out 1-4 to a pair with their sentence links, seeded: the same text
every run). Everything happens in a temporary folder (`XDG_*`, `READER_DATA_DIR`): the
CC-CEDICT and word-link caches are the benchmark's, never the user's. Cases, per size:

* floors, measured in the same run: `python -c pass` and `python -c "import textual"`
  (fresh processes), and the time of a key (`j` / `k`) in the reader with nothing learning;
* `learn`: `wordlinks.learn` called directly in a fresh process (the cost of learning),
  with that process's peak memory; with `--baseline REV`, the `learn` of
  `reader/core/wordlinks.py` at git revision REV, on the same pairs, just before;
* `process`: the reader (Textual, headless) asked for the links of the text as the word
  cursor asks: the seconds until they are there, learnt in a child process (as the reader
  does from 200 pairs on), with a key pressed every 50 ms meanwhile; the keys' times
  (median / 95th percentile / worst, ms) beside the idle floor;
* `thread`: the same with the learning in a thread of the reader's own process (as before
  this benchmark, and as for small texts), to show what the GIL does to the keys;
* `cache`: the text opened again: its links read back from the cache.

Figures are printed, never asserted: this is not part of the test suite.
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

REPO = Path(__file__).resolve().parent.parent
ARTICLE_ID = "japan-europe-2025"
CASES = ("learn", "process", "thread", "cache")


def _scratch() -> Path:
    """A temporary home for every cache and data folder, set before reader is imported."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-wordlinks-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch / name.lower())
    os.environ["READER_DATA_DIR"] = str(scratch / "data")
    os.environ.pop("READER_LIBRARY", None)
    sys.path.insert(0, str(REPO))
    return scratch


def links_of_article() -> list[tuple[str, str]]:
    """The bundled article's sentence links as (English, Chinese), as bench_scale deals them out."""
    from bench_scale import _links  # this folder: the script's own

    return _links()


def make_text(count: int, seed: int = 16):
    """A text of `count` pairs, 1-4 sentence links a pair."""
    from reader.core.model import Pair, Text, TextMeta

    links = links_of_article()
    rng = random.Random(seed)
    deck: list[tuple[str, str]] = []
    pairs = []
    for n in range(count):
        en = zh = ""
        sentences_en, sentences_zh, linked = [], [], []
        for i in range(rng.randint(1, 4)):
            if not deck:
                deck = links[:]
                rng.shuffle(deck)
            e, z = deck.pop()
            en += " " if en else ""
            sentences_en.append((len(en), len(en) + len(e)))
            en += e
            sentences_zh.append((len(zh), len(zh) + len(z)))
            zh += z
            linked.append(((i,), (i,), 0.9))
        pairs.append(Pair(f"p{n + 1}", "body", en, zh, sentences_en=tuple(sentences_en),
                          sentences_zh=tuple(sentences_zh), links=tuple(linked)))
    return Text(TextMeta(id=f"bench-{count}", title={"en": "Bench", "zh": "测试"}), pairs)


def process_floor(code: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def baseline_learn(revision: str):
    """`learn` of wordlinks.py at a git revision, imported beside today's."""
    import importlib.util

    source = subprocess.run(["git", "-C", str(REPO), "show", f"{revision}:reader/core/wordlinks.py"],
                            check=True, capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("reader.core._wordlinks_baseline", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "reader.core"
    sys.modules[spec.name] = module  # for its dataclasses
    exec(compile(source, f"{revision}:reader/core/wordlinks.py", "exec"), module.__dict__)
    return module.learn


def learn_apart(size: int, revision: str | None) -> tuple[float, float, int]:
    """`learn` (of today, or of a git revision) on the text of `size` pairs in a fresh
    process: its seconds, the process's peak memory (MiB) and the pairs linked."""
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_wordlinks as b; "
            f"b.learn_here({size}, {revision!r})")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    seconds, peak, linked = out.split()
    return float(seconds), float(peak), int(linked)


def learn_here(size: int, revision: str | None) -> None:
    import resource

    sys.path.insert(0, str(REPO))
    from reader.core.dictionary import Dictionary

    learn = baseline_learn(revision) if revision else __import__("reader.core.wordlinks", fromlist=["learn"]).learn
    text = make_text(size)
    dictionary = Dictionary.load()
    began = time.perf_counter()
    model = learn(text.pairs, dictionary, ())
    seconds = time.perf_counter() - began
    print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(model.by_pair))


def ms(values: list[float]) -> str:
    if not values:
        return "no keys"
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"median {statistics.median(values) * 1000:.0f} / p95 {p95 * 1000:.0f} / max {values[-1] * 1000:.0f} ms" \
           f" ({len(values)} keys)"


async def in_reader(text, dictionary_loader, keys_idle: int = 40) -> tuple[float, list[float], list[float], int]:
    """Seconds until the reader has the text's links, the key times idle and meanwhile,
    and the number of pairs with links."""
    from reader.ui import wordlinks_view
    from reader.ui.app import ReaderApp

    app = ReaderApp(text, dictionary_loader=dictionary_loader)
    idle, busy = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        app._want_dictionary()
        while app.dictionary is None:
            await pilot.pause(0.05)
        for n in range(keys_idle):
            began = time.perf_counter()
            await pilot.press("j" if n % 2 == 0 else "k")
            idle.append(time.perf_counter() - began)
            await pilot.pause(0.05)
        began = time.perf_counter()
        wordlinks_view.model(app)  # as the word cursor asks for them
        n = 0
        while wordlinks_view.model(app) is None:
            pressed = time.perf_counter()
            await pilot.press("j" if n % 2 == 0 else "k")
            busy.append(time.perf_counter() - pressed)
            n += 1
            await pilot.pause(0.05)
        seconds = time.perf_counter() - began
        linked = len(wordlinks_view.model(app).by_pair)
    return seconds, idle, busy, linked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--cases", default=",".join(CASES), help=f"some of {','.join(CASES)}")
    parser.add_argument("--baseline", metavar="REV", help="also time learn() of wordlinks.py at this git revision")
    args = parser.parse_args(argv)
    cases = [c for c in args.cases.split(",") if c]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r} (choose from {', '.join(CASES)})")
    scratch = _scratch()
    try:
        import asyncio

        from reader.core import wordlinks
        from reader.core.cedict import default_cache_dir
        from reader.core.dictionary import Dictionary

        began = time.perf_counter()
        dictionary = Dictionary.load()  # builds the benchmark's CC-CEDICT cache
        print(f"CC-CEDICT cache built in {time.perf_counter() - began:.1f} s (once, not counted)")
        print(f"floor: python -c pass {process_floor('pass') * 1000:.0f} ms; "
              f"python -c 'import textual' {process_floor('import textual') * 1000:.0f} ms")
        for size in args.sizes:
            text = make_text(size)
            units = sum(len(p.links) for p in text.pairs)
            print(f"\n{size:,} pairs ({units:,} sentence links)")
            if "learn" in cases:
                for revision in ([args.baseline] if args.baseline else []) + [None]:
                    seconds, peak, linked = learn_apart(size, revision)
                    print(f"  learn{f' at {revision}' if revision else ''} (a fresh process): {seconds:.1f} s, "
                          f"peak memory {peak:.0f} MiB ({linked:,} pairs linked)")
            for case in ("process", "thread"):
                if case not in cases:
                    continue
                shutil.rmtree(default_cache_dir() / "wordlinks", ignore_errors=True)
                saved = wordlinks.PROCESS_PAIRS
                wordlinks.PROCESS_PAIRS = 0 if case == "process" else 10**12
                try:
                    seconds, idle, busy, linked = asyncio.run(in_reader(text, Dictionary.load))
                finally:
                    wordlinks.PROCESS_PAIRS = saved
                print(f"  reader, learnt in a {'child process' if case == 'process' else 'thread'}: links there "
                      f"after {seconds:.1f} s ({linked:,} pairs linked)")
                print(f"    keys idle:     {ms(idle)}")
                print(f"    keys learning: {ms(busy)}")
            if "cache" in cases:
                from reader.ui.wordlinks_view import _text_bytes

                alignment = _text_bytes(text.pairs)
                wordlinks.cached(text.meta.id, alignment, text.pairs, dictionary, ())  # learnt if not there
                began = time.perf_counter()
                model = wordlinks.cached(text.meta.id, alignment, text.pairs, dictionary, ())
                path = wordlinks._cache_path(default_cache_dir(), text.meta.id)
                print(f"  cache read back: {(time.perf_counter() - began) * 1000:.0f} ms "
                      f"({path.stat().st_size / 2**20:.1f} MiB, {len(model.by_pair):,} pairs)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
