"""How fast the CC-CEDICT dictionary builds, loads and answers.

Run from the repository root::

    python benchmarks/bench_dictionary.py            # 2,000 calls per operation
    python benchmarks/bench_dictionary.py --calls 500

Building and loading each run in a fresh child process (this same file, with
``--child``), so that imports count and one cannot warm the other: first a cold build
into an empty temporary cache folder, then a load from the cache it wrote. The cache
folder is removed afterwards; the user's own cache is never touched. Peak memory is the
child's ``ru_maxrss``, next to that of a child that only imports the module.

Per-call figures are medians over many calls on the cached dictionary, after one
untimed call (the first English or pinyin search reads its index section: that first
call is reported on its own). Figures are printed, never asserted.
"""

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402  (the timestamp above must come first)
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULT_PREFIX = "BENCH-RESULT "

PARAGRAPH = (
    "首先,日本有意在军事安全领域对标欧洲大国,突破战后体制,为扩武寻求借口与政策空间。岸田文雄政府期间,"
    "日本宣布“对标北约”,从2023年开始在5年内将防卫预算提升至占国内生产总值的2%,重点打造以进攻性武器为核心的"
    "“反击能力”。其次,日本有意巩固同盟关系网,对冲美国战略调整带来的不确定性。日本与英国、法国、德国等国建立"
    "“2+2”会谈机制,与欧洲国家深化多边安全合作打造“准同盟”体系。"
)
ENGLISH_QUERIES = ["quasi", "counterattack", "attack", "partner", "to attack", "strategic partner", "the", "alliance"]
PINYIN_QUERIES = ["fanji", "fǎnjī", "fan3ji1", "zhanlüe huoban", "xian", "xi'an", "shi4", "tongmeng", "s", "zh"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def median_us(call, arguments, calls: int) -> float:
    """Median time of one call, cycling through the arguments."""
    for argument in arguments:
        call(*argument)  # untimed: caches, lazy sections
    times = []
    for index in range(calls):
        argument = arguments[index % len(arguments)]
        start = time.perf_counter()
        call(*argument)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def child(mode: str, cache_dir: str, calls: int) -> dict:
    start = time.perf_counter()
    from reader.core.dictionary import Dictionary

    imported = time.perf_counter()
    if mode == "import":
        return {"import_s": imported - start, "peak_mb": peak_mb()}
    dictionary = Dictionary.load(cache_dir=Path(cache_dir))
    loaded = time.perf_counter()
    result = {
        "mode": mode,
        "from_cache": dictionary.from_cache,
        "import_s": imported - start,
        "load_s": loaded - imported,
        "since_start_s": loaded - _T0,
        "entries": len(dictionary),
        "peak_mb_after_load": peak_mb(),
    }
    if mode != "cached":
        return result

    first = {}
    for name, call, query in (("search_english", dictionary.search_english, "quasi"),
                              ("search_pinyin", dictionary.search_pinyin, "fanji")):
        begin = time.perf_counter()
        call(query)
        first[name] = (time.perf_counter() - begin) * 1e3
    result["first_call_ms"] = first
    positions = [(PARAGRAPH, index) for index in range(len(PARAGRAPH))]
    result["per_call_us"] = {
        "lookup": median_us(dictionary.lookup, [("反击",), ("战略",), ("準",), ("日本",)], calls),
        "longest_match (every position of the paragraph)": median_us(dictionary.longest_match, positions, calls),
        f"segment ({len(PARAGRAPH)}-character paragraph)": median_us(dictionary.segment, [(PARAGRAPH,)], max(calls // 10, 20)),
        "search_english (" + ", ".join(ENGLISH_QUERIES) + ")": median_us(
            dictionary.search_english, [(q,) for q in ENGLISH_QUERIES], calls),
        "search_pinyin (" + ", ".join(PINYIN_QUERIES) + ")": median_us(
            dictionary.search_pinyin, [(q,) for q in PINYIN_QUERIES], calls),
        "hanzi_pinyin (the paragraph)": median_us(dictionary.hanzi_pinyin, [(PARAGRAPH,)], max(calls // 20, 10)),
    }
    for name, queries, call in (("search_english", ENGLISH_QUERIES, dictionary.search_english),
                                ("search_pinyin", PINYIN_QUERIES, dictionary.search_pinyin)):
        result[f"{name} by query (µs)"] = {q: round(median_us(call, [(q,)], max(calls // 10, 20)), 1) for q in queries}
    result["peak_mb"] = peak_mb()
    return result


def run_child(mode: str, cache_dir: str, calls: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--cache-dir", cache_dir, "--calls", str(calls)],
        capture_output=True, text=True, check=True, env=env, cwd=ROOT,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith(RESULT_PREFIX))
    return json.loads(line[len(RESULT_PREFIX):])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="timed calls per operation")
    parser.add_argument("--child", choices=("import", "build", "cached"), help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(RESULT_PREFIX + json.dumps(child(args.child, args.cache_dir, args.calls), ensure_ascii=False))
        return

    cache_dir = tempfile.mkdtemp(prefix="bench-dictionary-")
    try:
        bare = run_child("import", cache_dir, args.calls)
        build = run_child("build", cache_dir, args.calls)
        cached = run_child("cached", cache_dir, args.calls)
        cache_size = sum(path.stat().st_size for path in Path(cache_dir).iterdir())
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)

    print(f"Python {sys.version.split()[0]}, {cached['entries']:,} CC-CEDICT entries, "
          f"cache file {cache_size / 1e6:.1f} MB")
    print(f"import reader.core.dictionary   {bare['import_s'] * 1e3:8.1f} ms   peak {bare['peak_mb']:.0f} MB")
    print(f"cold build (parse + index)      {build['load_s'] * 1e3:8.1f} ms   peak {build['peak_mb_after_load']:.0f} MB"
          f"   (from_cache={build['from_cache']})")
    print(f"cached load                     {cached['load_s'] * 1e3:8.1f} ms   peak {cached['peak_mb_after_load']:.0f} MB"
          f"   (from_cache={cached['from_cache']}; process start to loaded {cached['since_start_s'] * 1e3:.0f} ms)")
    for name, ms in cached["first_call_ms"].items():
        print(f"first {name:<25} {ms:8.1f} ms   (reads its index section)")
    print(f"peak after all the calls below  {cached['peak_mb']:8.0f} MB")
    print(f"\nMedian per call ({args.calls} calls, fewer for the slow ones):")
    for name, us in cached["per_call_us"].items():
        print(f"  {us:9.1f} µs  {name}")
    for name in ("search_english by query (µs)", "search_pinyin by query (µs)"):
        print(f"\n{name}:")
        print("  " + ", ".join(f"{q!r} {us}" for q, us in cached[name].items()))


if __name__ == "__main__":
    main()
