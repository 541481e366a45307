"""Links of a book import against MAC-Dev's gold, and against the aligner on the same text.

MAC-Dev's hand-aligned documents (read by path from /work/shared, never copied) are made
into one EPUB book a side, each document a chapter ("Chapter k" / "第k章"), each gold
sentence a paragraph (so that the sentences the import aligns are the gold ones, and the
paragraph counts differ, as in a real book). The pair is imported end to end through
reader.formats.book_import.import_files (sniffing, the EPUB reader, chapter matching,
the aligner), and its links are scored (reader.core.evaluation, strict and lax F1)
against the gold, beside the Aligner run on each document's gold sentences directly.

    python benchmarks/eval_book.py [--corpus /work/shared/corpora/mac-dev/intertext]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_book import write_epub  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpora/mac-dev/intertext"))
    args = parser.parse_args()
    from reader.core.aligner import Aligner
    from reader.core.evaluation import score
    from reader.formats.book_import import import_files
    from reader.formats.intertext import read_pair

    golds = [read_pair(path) for path in sorted(args.corpus.glob("dev-anno.*_zh.*_en.xml"))]
    en_book = [(f"Chapter {k + 1}", gold.en.sentences) for k, gold in enumerate(golds)]
    zh_book = [(f"第{k + 1}章", gold.zh.sentences) for k, gold in enumerate(golds)]
    aligner = Aligner()
    started = time.perf_counter()
    direct = [[(b.en, b.zh) for b in aligner.align(g.en.sentences, g.zh.sentences)] for g in golds]
    direct_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        en_path, zh_path = Path(folder) / "en.epub", Path(folder) / "zh.epub"
        write_epub(en_path, "en", en_book)
        write_epub(zh_path, "zh", zh_book)
        started = time.perf_counter()
        report, _ = import_files([zh_path, en_path], "macdev")
        book_s = time.perf_counter() - started
    # the import's links as gold sentence numbers: each sentence the import made is
    # placed in its chapter's text (blanks left out) and so in the gold sentence it lies
    # in; where the splitter cut a gold sentence in two, the links holding its pieces
    # are joined into one
    chapters: list[list] = []
    raw: list[list] = []
    for pair in report.text.pairs:
        if pair.kind == "heading":
            raw.append([])
        elif pair.kind == "body":
            en_s = [pair.en[a:b] for a, b in pair.sentences_en]
            zh_s = [pair.zh[a:b] for a, b in pair.sentences_zh]
            raw[-1] += [([en_s[i] for i in e], [zh_s[j] for j in z]) for e, z, _ in pair.links]
    for k, links in enumerate(raw[: len(golds)]):
        en_of = _placer(golds[k].en.sentences)
        zh_of = _placer(golds[k].zh.sentences)
        beads = [(sorted({en_of(x) for x in e}), sorted({zh_of(x) for x in z})) for e, z in links]
        chapters.append(_join(beads))
    usable = list(range(len(chapters)))
    gold_beads = [golds[k].beads for k in usable]
    book = score(gold_beads, [chapters[k] for k in usable])
    plain = score(gold_beads, [direct[k] for k in usable])
    print(f"{len(golds)} documents, {len(usable)} scored")
    print(f"{'':24} {'F1 strict':>9} {'F1 lax':>7} {'seconds':>8}")
    print(f"{'book import (EPUB pair)':24} {book.f1_strict:>9.3f} {book.f1_lax:>7.3f} {book_s:>8.1f}")
    print(f"{'aligner on the sentences':24} {plain.f1_strict:>9.3f} {plain.f1_lax:>7.3f} {direct_s:>8.1f}")
    print("chapters matched: " + ", ".join(line.split()[-3] for line in report.details if line[:3].strip().isdigit()))


def _placer(gold: list[str]):
    """A function from each next sentence of the import (in order) to the gold sentence it lies in."""
    ends, at = [], 0
    for sentence in gold:
        at += len("".join(sentence.split()))
        ends.append(at)
    state = {"at": 0}

    def place(sentence: str) -> int:
        start = state["at"]
        state["at"] += len("".join(sentence.split()))
        import bisect

        return bisect.bisect_right(ends, start)

    return place


def _join(beads):
    """Consecutive beads sharing a gold sentence on either side joined into one."""
    out = []
    for en, zh in beads:
        if out and ((en and out[-1][0] and en[0] == out[-1][0][-1]) or (zh and out[-1][1] and zh[0] == out[-1][1][-1])):
            out[-1] = (sorted(set(out[-1][0]) | set(en)), sorted(set(out[-1][1]) | set(zh)))
        else:
            out.append((en, zh))
    return out


if __name__ == "__main__":
    main()
