"""The sentence aligner, measured: accuracy on an InterText corpus (MAC-Dev) with each
part of the evidence turned off in turn, a non-literary check built from the bundled
article, time and memory per 1,000 sentences as documents grow, a corpus of 24
documents against the hunalign binary, and the start-up of one `reader align`.

    python benchmarks/bench_alignment.py ../shared/corpora/mac-dev \\
        [--hunalign ../shared/tools/hunalign] [--gale-church] [--sizes 1000,5000,10000,50000] \\
        [--runs 5] [--skip accuracy,article,scaling,corpus,startup]

Scores are Vecalign's strict and lax precision, recall and F1 (reader.core.evaluation).
The long documents are MAC-Dev's chapters concatenated until a side has the number of
sentences asked for (no paragraph marks, one flat list a side); their gold is the
chapters' gold, shifted. The corpus is MAC-Dev's six chapters four times each (24
documents, as many as MAC-Test has), written one sentence a line to a temporary folder
and aligned by one `reader align --presplit --pairs` command (a process a core, as it
does without --jobs), start-up included; the
hunalign binary (when given by path) aligns the same files, one process per document,
with no dictionary (its README: Chinese as characters split by spaces).

NLTK is a benchmark-only dependency for --gale-church (`pip install nltk`). The corpus
is read where it lies; nothing of it is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.aligner import Aligner, Settings  # noqa: E402
from reader.core.evaluation import score  # noqa: E402
from reader.core.lexicon import Lexicon  # noqa: E402
from reader.formats.intertext import link_files, read_pair  # noqa: E402

ABLATION = [
    ("default (everything on)", Settings()),
    ("- realign (no learnt translations)", Settings(realign=False)),
    ("- sentence endings (end_weight 0)", Settings(end_weight=0.0)),
    ("- pronouns and negation", Settings(function_words=False)),
    ("- irregular forms", Settings(irregular=False)),
    ("- pinyin names", Settings(names=False)),
    ("- pieces (lengths in characters)", Settings(length_unit="chars")),
    ("- length weight 0.45 (back to 0.3)", Settings(length_weight=0.3)),
    ("length only (no lexicon)", Settings(lexical=False)),
]


def components(pairs, n, m):
    """Beads from sentence-pair links (as NLTK returns them): linked groups, in order;
    sentences in no link become deletions."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        parent[find(("e", i))] = find(("z", j))
    groups = {}
    for i in range(n):
        groups.setdefault(find(("e", i)), ([], []))[0].append(i)
    for j in range(m):
        groups.setdefault(find(("z", j)), ([], []))[1].append(j)
    beads = [(sorted(e), sorted(z)) for e, z in groups.values()]
    return sorted(beads, key=lambda b: (min(b[0] + [10**9]), min(b[1] + [10**9])))


def gale_church(en, zh):
    from nltk.translate.gale_church import align_blocks

    en_len = [max(1, len(s.replace(" ", ""))) for s in en]
    zh_raw = [max(1, len(s.replace(" ", ""))) for s in zh]
    ratio = sum(en_len) / sum(zh_raw)
    zh_len = [max(1, round(x * ratio)) for x in zh_raw]
    return components(align_blocks(en_len, zh_len), len(en), len(zh))


def row(name, s, seconds):
    return (f"{name:38} {s.precision_strict:6.3f} {s.recall_strict:6.3f} {s.f1_strict:6.3f} "
            f"{s.precision_lax:6.3f} {s.recall_lax:6.3f} {s.f1_lax:6.3f} {seconds:7.2f}")


def accuracy(pairs, lexicon, gale: bool) -> None:
    print(f"\n## MAC-Dev: {len(pairs)} documents, {sum(len(p.en.sentences) for p in pairs)} English and "
          f"{sum(len(p.zh.sentences) for p in pairs)} Chinese sentences, {sum(len(p.beads) for p in pairs)} gold beads")
    print(f"{'method':38} {'P str':>6} {'R str':>6} {'F1 str':>6} {'P lax':>6} {'R lax':>6} {'F1 lax':>6} {'seconds':>7}")
    for name, settings in ABLATION:
        aligner = Aligner(lexicon, settings=settings)
        start = time.perf_counter()
        tests = [[(b.en, b.zh) for b in aligner.align(p.en.sentences, p.zh.sentences,
                                                       p.en.paragraph_of, p.zh.paragraph_of)] for p in pairs]
        print(row(name, score([p.beads for p in pairs], tests), time.perf_counter() - start))
    if gale:
        start = time.perf_counter()
        tests = [gale_church(p.en.sentences, p.zh.sentences) for p in pairs]
        print(row("Gale-Church (NLTK)", score([p.beads for p in pairs], tests), time.perf_counter() - start))
    aligner = Aligner(lexicon)
    for p in pairs:
        s = score([p.beads], [[(b.en, b.zh) for b in aligner.align(p.en.sentences, p.zh.sentences)]])
        print(f"  {p.name}: strict F1 {s.f1_strict:.3f}, lax F1 {s.f1_lax:.3f}")


def article(lexicon) -> None:
    """The bundled parallel article aligned as two flat lists of sentences, without its
    paragraphs: do the beads keep to the paragraph pairs the source puts together?"""
    path = ROOT / "alignments" / "japan-europe-2025.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    en, zh, en_pair, zh_pair = [], [], [], []
    for number, pair in enumerate(rows):
        for side, out, owner in (("en", en, en_pair), ("zh", zh, zh_pair)):
            spans = pair.get("sentences", {}).get(side) or [[0, len(pair[side])]]
            for a, b in spans:
                out.append(pair[side][a:b])
                owner.append(number)
    beads = Aligner(lexicon).align(en, zh)
    linked = [b for b in beads if b.en and b.zh]
    inside = sum(len({en_pair[i] for i in b.en} | {zh_pair[j] for j in b.zh}) == 1 for b in linked)
    corners, i, j = set(), 0, 0
    for b in beads:
        i, j = i + len(b.en), j + len(b.zh)
        corners.add((i, j))
    boundaries = [(en_pair.index(k), zh_pair.index(k)) for k in range(1, len(rows))]
    kept = sum(corner in corners for corner in boundaries)
    print(f"\n## Non-literary check: the bundled article ({len(rows)} paragraph pairs, {len(en)} English and "
          f"{len(zh)} Chinese sentences) aligned without its paragraphs")
    print(f"beads inside one paragraph pair: {inside}/{len(linked)} ({inside / len(linked):.3f}); "
          f"paragraph boundaries found: {kept}/{len(boundaries)} ({kept / len(boundaries):.3f})")


def concatenated(pairs, target: int):
    en, zh, gold, k = [], [], [], 0
    while len(en) < target:
        p = pairs[k % len(pairs)]
        k += 1
        oe, oz = len(en), len(zh)
        en += p.en.sentences
        zh += p.zh.sentences
        gold += [([oe + i for i in e], [oz + j for j in z]) for e, z in p.beads]
    return en, zh, gold


def _measure_child(corpus: str, target: int) -> None:
    """In a child process: align a concatenated document, print time and memory as JSON."""
    folder = Path(corpus)
    folder = folder / "intertext" if (folder / "intertext").is_dir() else folder
    pairs = [read_pair(path) for path in link_files(folder)]
    aligner = Aligner(Lexicon.load())
    # warm up on other text (the model, the lexicon's pages, the word caches): what is
    # measured below is what the document itself costs
    warm = concatenated(pairs[::-1], 1000)
    aligner.align(warm[0], warm[1])
    en, zh, gold = concatenated(pairs, target)
    baseline = _reset_peak()
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    beads = aligner.align(en, zh)
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    peak = _peak_kb()
    s = score([gold], [[(b.en, b.zh) for b in beads]])
    print(json.dumps({"en": len(en), "zh": len(zh), "wall": wall, "cpu": cpu, "before_kb": baseline,
                      "peak_kb": peak, "f1": s.f1_strict, "lax": s.f1_lax}))


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> int:
    """This process's resident memory now (kB), its peak reset to it where Linux allows
    (so that the peak measured next is the alignment's own)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    now = _status_kb("VmRSS")
    return now if now is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_kb() -> int:
    peak = _status_kb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def scaling(corpus: Path, sizes: list[int]) -> None:
    print("\n## Scaling: MAC-Dev chapters concatenated, no paragraph marks (one process a size);")
    print("memory: the process's peak during the alignment, and its growth over what it held before, per 1,000")
    print(f"{'sentences en/zh':>16} {'wall s':>7} {'cpu s':>7} {'cpu s/1k':>8} {'peak MB':>8} "
          f"{'MB/1k':>6} {'F1 str':>6} {'F1 lax':>6}")
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, str(corpus), "--child", str(size)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        grown = max(r["peak_kb"] - r["before_kb"], 0) / 1024
        print(f"{r['en']:>8}/{r['zh']:<7} {r['wall']:7.2f} {r['cpu']:7.2f} {r['cpu'] / r['en'] * 1000:8.3f} "
              f"{r['peak_kb'] / 1024:8.1f} {grown / r['en'] * 1000:6.2f} {r['f1']:6.3f} {r['lax']:6.3f}")


def _write_corpus(pairs, folder: Path) -> tuple[Path, list[tuple[Path, Path]]]:
    manifest, runs = [], []
    for copy in range(4):
        for p in pairs:
            en, zh = folder / f"{p.name}.en", folder / f"{p.name}.zh"
            if copy == 0:
                en.write_text("\n".join(p.en.sentences) + "\n", encoding="utf-8")
                zh.write_text("\n".join(p.zh.sentences) + "\n", encoding="utf-8")
                chars = folder / f"{p.name}.zh.chars"
                chars.write_text("".join(" ".join(c for c in s if not c.isspace()) + "\n" for s in p.zh.sentences),
                                 encoding="utf-8")
            manifest.append(f"{en.name}\t{zh.name}\t{p.name}-{copy}")
            runs.append((en, folder / f"{p.name}.zh.chars"))
    path = folder / "pairs.tsv"
    path.write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return path, runs


def _timed(command, runs: int, before=None, cwd=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=cwd)
        times.append(time.perf_counter() - start)
    return times


def corpus_timing(pairs, hunalign: Path | None, runs: int) -> None:
    import shutil

    reader = [sys.executable, "-m", "reader"]
    print(f"\n## 24 documents (MAC-Dev's six, four times each) in one run, start-up included; median of {runs}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest, hun_runs = _write_corpus(pairs, folder)
        out = folder / "out"
        ours_command = [*reader, "align", "--presplit", "--pairs", str(manifest), "-o", str(out)]
        if hunalign is None:
            ours = _timed(ours_command, runs, before=lambda: shutil.rmtree(out, ignore_errors=True))
            print(f"reader align --pairs (one command):      {statistics.median(ours):6.2f} s  "
                  f"(min {min(ours):.2f}, max {max(ours):.2f})")
            print("hunalign: not run (give its path: --hunalign ../shared/tools/hunalign)")
            return
        script = "\n".join(f"{hunalign} /dev/null {en} {zh} > /dev/null 2>&1" for en, zh in hun_runs)
        ours, theirs = [], []
        for _ in range(runs):  # in turn, so that a change in the machine's load touches both
            ours += _timed(ours_command, 1, before=lambda: shutil.rmtree(out, ignore_errors=True))
            theirs += _timed(["sh", "-c", script], 1, cwd=folder)  # hunalign leaves translate.txt where it runs
        print(f"reader align --pairs (one command):      {statistics.median(ours):6.2f} s  "
              f"(min {min(ours):.2f}, max {max(ours):.2f})")
        print(f"hunalign, one process per document:      {statistics.median(theirs):6.2f} s  "
              f"(min {min(theirs):.2f}, max {max(theirs):.2f})")
        ratios = [a / b for a, b in zip(ours, theirs)]
        print(f"ours / hunalign, run by run: median {statistics.median(ratios):.2f}x "
              f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x)")


def startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        en, zh = Path(tmp) / "en.txt", Path(tmp) / "zh.txt"
        en.write_text("The cat sleeps.\n", encoding="utf-8")
        zh.write_text("猫在睡觉。\n", encoding="utf-8")
        command = [sys.executable, "-m", "reader", "align", str(en), str(zh)]
        _timed(command, 1)  # the lexicon's cache, if it is not built yet
        times = _timed(command, runs)
    print(f"\n## Start-up: reader align of a one-sentence pair, whole process: median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}, {runs} runs)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the corpus folder (with intertext/ in it) or the intertext folder")
    parser.add_argument("--hunalign", type=Path, help="the hunalign binary, to time it on the same 24 documents")
    parser.add_argument("--gale-church", action="store_true", help="add NLTK's Gale-Church (slow)")
    parser.add_argument("--sizes", default="1000,5000,10000,50000", help="English sentences of the long documents")
    parser.add_argument("--runs", type=int, default=5, help="runs of each whole-process timing")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _measure_child(str(args.corpus), args.child)
        return 0
    folder = args.corpus / "intertext" if (args.corpus / "intertext").is_dir() else args.corpus
    pairs = [read_pair(path) for path in link_files(folder)]
    skip = set(filter(None, args.skip.split(",")))
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    start = time.perf_counter()
    lexicon = Lexicon.load()
    print(f"lexicon (mapped from the cache, built if missing): {time.perf_counter() - start:.3f} s")
    print(f"signature: {Aligner(lexicon).signature()}")
    if "accuracy" not in skip:
        accuracy(pairs, lexicon, args.gale_church)
    if "article" not in skip:
        article(lexicon)
    if "scaling" not in skip:
        scaling(args.corpus, [int(x) for x in args.sizes.split(",") if x])
    if "corpus" not in skip:
        hunalign = args.hunalign.resolve() if args.hunalign else None
        if hunalign is not None and not hunalign.is_file():
            print(f"\nhunalign: no such file: {hunalign}")
            hunalign = None
        corpus_timing(pairs, hunalign, args.runs)
    if "startup" not in skip:
        startup(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
