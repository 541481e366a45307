"""The concordance over a big library: index build time, query times, peak memory.

    python benchmarks/bench_concord.py [LIBRARY_DIR] [--texts N] [--pairs N]

Builds a synthetic library of N texts (default 1,000) of about M one-sentence pairs each
(default 1,000: about a million sentences): the sentence links of the bundled texts'
pairs, shuffled, with the years and a made-up name varied per text, in LIBRARY_DIR (a
temporary folder by default; an existing library there is used as it is). Then it builds
the index (in a temporary cache) and times queries: a Chinese and an English word, rare
and common, and regexes. Aims: a word under 100 ms, a regex under 1 s, the build under a
minute.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core import concord  # noqa: E402
from reader.core.library_index import LibraryIndex, pair_units  # noqa: E402
from reader.core.model import Pair  # noqa: E402
from reader.core.store import Library, bundled_library, dump_alignment, dump_meta  # noqa: E402
from reader.core.model import TextMeta  # noqa: E402

NAMES = [("Tanaka", "田中"), ("Suzuki", "铃木"), ("Watanabe", "渡边"), ("Ito", "伊藤"), ("Kato", "加藤")]


def build_library(root: Path, texts: int, pairs: int) -> None:
    bundled = Library(bundled_library())
    units = [(en, zh) for text in bundled.texts() for pair in text.pairs for en, zh, _, _ in pair_units(pair)
             if en.strip() and zh.strip()]
    rng = random.Random(14)
    (root / "alignments").mkdir(parents=True, exist_ok=True)
    (root / "texts").mkdir(parents=True, exist_ok=True)
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


def timed(label: str, work, repeat: int = 3):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    count = len(result) if hasattr(result, "__len__") else result
    print(f"{label:<44} {best * 1000:9.1f} ms  ({count} hits)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", nargs="?", type=Path)
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.library or Path(scratch) / "library"
        if not (root / "alignments").is_dir() or not any((root / "alignments").glob("*.jsonl")):
            start = time.perf_counter()
            build_library(root, args.texts, args.pairs)
            print(f"synthetic library: {args.texts} texts x {args.pairs} pairs in {time.perf_counter() - start:.1f} s")
        library = Library(root)
        index = LibraryIndex(library, path=Path(scratch) / "index.sqlite")
        start = time.perf_counter()
        done = index.sync()
        build = time.perf_counter() - start
        print(f"index build: {build:.1f} s ({done['indexed']} texts, {index.unit_count()} units, "
              f"{index.path.stat().st_size / 1e6:.0f} MB)")
        start = time.perf_counter()
        index.sync()
        print(f"index check, nothing changed: {(time.perf_counter() - start) * 1000:.0f} ms")
        timed("word, Chinese, rare (田中)", lambda: concord.find(index, "田中"))
        timed("word, English, rare (Tanaka)", lambda: concord.find(index, "Tanaka"))
        timed("word, Chinese (北约)", lambda: concord.find(index, "北约"))
        timed("word, English (NATO)", lambda: concord.find(index, "NATO"))
        timed("word, Chinese, one text (安全)", lambda: concord.find(index, "安全", text="synthetic-0007"))
        timed("word, Chinese, common, first 200 (安全)", lambda: concord.find(index, "安全", limit=200))
        timed("word, English, common, first 200 (security)", lambda: concord.find(index, "security", limit=200))
        timed("word, Chinese, common (安全)", lambda: concord.find(index, "安全"), repeat=1)
        timed("word, English, common (security)", lambda: concord.find(index, "security"), repeat=1)
        timed("regex, Chinese with a literal (北约\\w)", lambda: concord.find(index, r"北约\w", regex=True), repeat=1)
        timed("regex, English, scan (Tanak\\w+)", lambda: concord.find(index, r"Tanak\w+", regex=True), repeat=1)
        timed("regex, English, scan (\\bcounter\\w+)", lambda: concord.find(index, r"\bcounter\w+", regex=True),
              repeat=1)
        index.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
