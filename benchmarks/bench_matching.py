"""Glossary matching speed: every term against every pair, both languages.

    python benchmarks/bench_matching.py [--terms 10000] [--pairs 10000]

Cases: the bundled glossary against the bundled library (what the reader does), and a
synthetic glossary of N terms against N pairs (the article's body pairs over and over).
Synthetic terms are drawn from the article's own words and characters, so many of them
really occur and the automaton does real work. Prints build and scan times; no assertions.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.glossary import GlossaryEntry  # noqa: E402
from reader.core.matching import TermMatcher  # noqa: E402
from reader.core.model import Pair  # noqa: E402
from reader.core.store import Library, bundled_library  # noqa: E402

ARTICLE = "japan-europe-2025"


def synthetic_glossary(pairs: list[Pair], count: int, real: float = 0.1, seed: int = 2025) -> list[GlossaryEntry]:
    """`count` distinct entries: one in ten a Chinese substring of the article (2-6
    characters) with an English word n-gram of it (1-4 words), so it occurs; the rest
    made of the article's characters and words, so they look alike but mostly do not
    occur, as in a large real glossary. (`real` sets the share that occurs.)"""
    rng = random.Random(seed)
    zh_text = "".join(p.zh for p in pairs)
    words = re.findall(r"[A-Za-z]+", " ".join(p.en for p in pairs))
    han = [c for c in zh_text if "\u4e00" <= c <= "\u9fff"]
    entries: dict[str, GlossaryEntry] = {}
    while len(entries) < count:
        if rng.random() < real:  # a real substring
            start = rng.randrange(len(zh_text) - 6)
            zh = zh_text[start:start + rng.randint(2, 6)]
            start = rng.randrange(len(words) - 4)
            en = " ".join(words[start:start + rng.randint(1, 4)])
        else:  # a made-up term that mostly does not occur
            zh = "".join(rng.choice(han) for _ in range(rng.randint(2, 6)))
            en = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        if zh not in entries:
            entries[zh] = GlossaryEntry(zh=zh, en=en)
    return list(entries.values())


def scan(matcher: TermMatcher, pairs: list[Pair]) -> tuple[float, int]:
    start = time.perf_counter()
    hits = 0
    for pair in pairs:
        hits += len(matcher.find(pair.en, "en")) + len(matcher.find(pair.zh, "zh"))
    return time.perf_counter() - start, hits


def run(label: str, entries: list[GlossaryEntry], pairs: list[Pair], repeats: int) -> None:
    start = time.perf_counter()
    matcher = TermMatcher(entries)
    build = time.perf_counter() - start
    times, hits = [], 0
    for _ in range(repeats):
        seconds, hits = scan(matcher, pairs)
        times.append(seconds)
    scan_s = statistics.median(times)
    chars = sum(len(p.en) + len(p.zh) for p in pairs)
    print(
        f"{label:<38} {len(entries):>7,} {len(pairs):>8,} {build * 1000:>9.1f} {scan_s * 1000:>10.1f} "
        f"{scan_s / len(pairs) * 1e6:>9.1f} {chars / scan_s / 1e6:>8.2f} {hits:>9,}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3, help="scans per case; the median is shown")
    args = parser.parse_args()

    library = Library(bundled_library())
    texts = list(library.texts())
    article_pairs = [p for t in texts for p in t.pairs]
    body = [p for p in library.load(ARTICLE).pairs if p.kind == "body"]
    many = [body[i % len(body)] for i in range(args.pairs)]
    glossary = library.glossary()

    print(f"Python {sys.version.split()[0]}; scan = both sides of every pair, longest non-overlapping hits")
    print(f"{'case':<38} {'terms':>7} {'pairs':>8} {'build ms':>9} {'scan ms':>10} {'µs/pair':>9} "
          f"{'Mchar/s':>8} {'hits':>9}")
    run("bundled glossary x bundled library", glossary, article_pairs, args.repeats * 10)
    run(f"bundled glossary x {args.pairs:,} pairs", glossary, many, args.repeats)
    run(f"{args.terms:,} synthetic terms x {args.pairs:,} pairs",
        synthetic_glossary(body, args.terms), many, args.repeats)
    run("  same, half the terms occurring",
        synthetic_glossary(body, args.terms, real=0.5), many, 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
