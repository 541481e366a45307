"""Sentence alignment on an InterText corpus (MAC-Dev): our aligner against NLTK's
Gale-Church, through the same driver and scorer (Vecalign's strict and lax P/R/F1).

    python benchmarks/bench_alignment.py ../shared/corpora/mac-dev [--no-gale-church] [--no-pieces]

The tokenizer ablation (unless --no-pieces) measures the length model in SentencePiece
pieces (reader/data/spm.model, or --spm-model) against characters, with and without the
lexical evidence. "pieces x4" scales piece counts by 4 (about the characters of a piece),
so that the length model's smoothing (+10) weighs as it does for characters; "pieces x1"
leaves them unscaled.

NLTK is a benchmark-only dependency (`pip install nltk`), not one of the project's.
The corpus is read where it lies; nothing of it is written anywhere.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.aligner import Aligner, Lexicon, Settings  # noqa: E402
from reader.core.evaluation import score  # noqa: E402
from reader.formats.intertext import link_files, read_pair  # noqa: E402


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


def run(name, align, pairs):
    start = time.perf_counter()
    tests = [align(pair) for pair in pairs]
    seconds = time.perf_counter() - start
    return name, score([p.beads for p in pairs], tests), seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the corpus folder (with intertext/ in it) or the intertext folder")
    parser.add_argument("--no-gale-church", action="store_true", help="skip the (slow) Gale-Church baseline")
    parser.add_argument("--per-document", action="store_true")
    parser.add_argument("--no-pieces", action="store_true", help="skip the SentencePiece length ablation")
    parser.add_argument("--spm-model", type=Path, help="the SentencePiece model (default: the shipped one)")
    args = parser.parse_args(argv)
    folder = args.corpus / "intertext" if (args.corpus / "intertext").is_dir() else args.corpus
    pairs = [read_pair(path) for path in link_files(folder)]
    print(f"{len(pairs)} documents, {sum(len(p.en.sentences) for p in pairs)} English and "
          f"{sum(len(p.zh.sentences) for p in pairs)} Chinese sentences, {sum(len(p.beads) for p in pairs)} gold beads")

    start = time.perf_counter()
    lexicon = Lexicon.load()
    print(f"preparation (the lexicon, from cache if there): {time.perf_counter() - start:.2f} s")

    def ours(settings=None):
        aligner = Aligner(lexicon, settings=settings)

        def align(pair):
            beads = aligner.align(pair.en.sentences, pair.zh.sentences, pair.en.paragraph_of, pair.zh.paragraph_of)
            return [(b.en, b.zh) for b in beads]
        return align

    results = [run("ours (lexical DP, pieces x4: the default)", ours(), pairs)]
    results.append(run("ours, lexical DP, chars", ours(Settings(length_unit="chars")), pairs))
    # ablation: what each kind of evidence adds
    results.append(run("ours, length only, chars", ours(Settings(lexical=False, length_unit="chars")), pairs))
    if not args.no_pieces:
        if args.spm_model:
            import reader.core.tokenize as tokenize

            tokenize.MODEL_FILE = args.spm_model
        for scale in (4.0, 1.0):
            if scale != 4.0:  # x4 is the default, the first row
                pieces = Settings(length_unit="pieces", piece_scale=scale)
                results.insert(2, run(f"ours, pieces x{scale:g}", ours(pieces), pairs))
            pieces = Settings(lexical=False, length_unit="pieces", piece_scale=scale)
            results.append(run(f"ours, length only, pieces x{scale:g}", ours(pieces), pairs))
    if not args.no_gale_church:
        results.append(run("Gale-Church (NLTK)", lambda p: gale_church(p.en.sentences, p.zh.sentences), pairs))

    print(f"\n{'method':32} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} {'P lax':>6} {'R lax':>6} {'F1 lax':>6} {'seconds':>8}")
    for name, s, seconds in results:
        print(f"{name:32} {s.precision_strict:8.3f} {s.recall_strict:8.3f} {s.f1_strict:9.3f} "
              f"{s.precision_lax:6.3f} {s.recall_lax:6.3f} {s.f1_lax:6.3f} {seconds:8.2f}")
    if args.per_document:
        align = ours()
        for pair in pairs:
            s = score([pair.beads], [align(pair)])
            print(f"  {pair.name}: strict F1 {s.f1_strict:.3f}, lax F1 {s.f1_lax:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
