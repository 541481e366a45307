"""Sentence links inside pairs: the aligner on each pair alone against the small pairs
linked together (reader.core.pairalign), on pairs of one to four hand-aligned links.

    python benchmarks/bench_pairlinks.py [../shared/corpora/mac-dev] [--runs 3]

The pairs: MAC-Dev's chapters (read where they lie, by path; nothing of them is written
anywhere) cut into pairs of 1-4 consecutive gold links, and the bundled article's sentence
links shuffled and dealt out 1-4 a pair (as benchmarks/bench_scale.py builds its text).
Printed for each: the agreement of the two (pairs whose beads and scores are identical,
the rate), the links' accuracy against MAC-Dev's gold (strict: a gold link found as a
bead), and the time per 1,000 pairs of each way, in this process, beside the floor of the
same run (a `python -c pass` process). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.pairalign import align_pairs  # noqa: E402
from reader.core.pairlinks import _aligner  # noqa: E402


def mac_dev_pairs(corpus: Path, seed: int = 16):
    """(English sentences, Chinese sentences, gold beads in the pair's own numbering)."""
    from reader.formats.intertext import read_pair

    rng, out = random.Random(seed), []
    for path in sorted((corpus / "intertext").glob("dev-anno.*_zh.*_en.xml")):
        gold = read_pair(path)
        at = 0
        while at < len(gold.beads):
            group = gold.beads[at:at + rng.randint(1, 4)]
            at += len(group)
            en_ids = [i for bead in group for i in bead[0]]
            zh_ids = [j for bead in group for j in bead[1]]
            if not en_ids or not zh_ids or (len(en_ids) == 1 and len(zh_ids) == 1):
                continue
            en_local = {i: k for k, i in enumerate(en_ids)}
            zh_local = {j: k for k, j in enumerate(zh_ids)}
            beads = {(tuple(en_local[i] for i in bead[0]), tuple(zh_local[j] for j in bead[1])) for bead in group}
            out.append(([gold.en.sentences[i] for i in en_ids], [gold.zh.sentences[j] for j in zh_ids], beads))
    return out


def article_pairs(seed: int = 16, rounds: int = 40):
    from reader.core.store import Library, bundled_library

    text = Library(bundled_library()).load("japan-europe-2025")
    links = [([p.en[s:e] for s, e in (p.sentences_en[i] for i in en)],
              [p.zh[s:e] for s, e in (p.sentences_zh[j] for j in zh)])
             for p in text.pairs if p.kind == "body" and p.links for en, zh, _ in p.links]
    links = [(en, zh) for en, zh in links if en and zh]
    rng, out = random.Random(seed), []
    for _ in range(rounds):
        deck = links[:]
        rng.shuffle(deck)
        while deck:
            group = [deck.pop() for _ in range(min(rng.randint(1, 4), len(deck)))]
            en = sum((e for e, _ in group), [])
            zh = sum((z for _, z in group), [])
            if len(en) > 1 or len(zh) > 1:
                out.append((en, zh, None))
    return out


def _key(beads):
    return [(tuple(b.en), tuple(b.zh), b.score) for b in beads]


def measure(name: str, cases, runs: int) -> None:
    aligner = _aligner()
    pairs = [(en, zh) for en, zh, _ in cases]
    alone_times, together_times, floors = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        alone = [aligner.align(en, zh) for en, zh in pairs]
        alone_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        together = align_pairs(pairs, aligner)
        together_times.append(time.perf_counter() - start)
    same = sum(_key(a) == _key(b) for a, b in zip(alone, together))
    print(f"{name}: {len(pairs)} pairs of 1-4 links (more than one sentence a side)")
    print(f"  agreement: {same}/{len(pairs)} pairs with identical beads and scores ({same / len(pairs):.2%})")
    if cases[0][2] is not None:
        for label, result in (("aligner alone", alone), ("linked together", together)):
            found = sum(len(gold & {(tuple(b.en), tuple(b.zh)) for b in beads})
                        for (_, _, gold), beads in zip(cases, result))
            total = sum(len(gold) for _, _, gold in cases)
            print(f"  {label}: {found}/{total} gold links found as beads ({found / total:.3f})")
    per = 1000 / len(pairs)
    alone_t, together_t = statistics.median(alone_times), statistics.median(together_times)
    print(f"  time per 1,000 pairs (median of {runs}): aligner alone {alone_t * per:.2f} s, "
          f"linked together {together_t * per:.2f} s ({alone_t / together_t:.1f}x); "
          f"floor: python -c pass {statistics.median(floors):.3f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpora" / "mac-dev"),
                        help="the MAC-Dev corpus folder (default: ../shared/corpora/mac-dev)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if (corpus / "intertext").is_dir():
        measure("MAC-Dev", mac_dev_pairs(corpus), args.runs)
    else:
        print(f"(no MAC-Dev at {corpus}: skipped)")
    measure("bundled article, links dealt out", article_pairs(), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
