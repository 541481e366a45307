"""Term extraction on a text of the library with its glossaries removed: how many of the
terms of a list (by default the text's own glossary) come out in the top N with an
accepted English rendering (one of the entry's renderings, as the matcher compares
them), and how long it takes.

    python benchmarks/eval_extract.py [--text japan-europe-2025] [--top 100] [--terms FILE.tsv] [--show 50]

`--terms` takes a held-out list (a glossary file); `--show N` prints the top N for
judging by hand.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.dictionary import Dictionary  # noqa: E402
from reader.core.glossary import read_glossary  # noqa: E402
from reader.core.matching import pattern_keys  # noqa: E402
from reader.core.segmenter import Segmenter  # noqa: E402
from reader.core.store import Library, bundled_library  # noqa: E402
from reader.core.term_extraction import extract  # noqa: E402


def accepted(english: str, renderings) -> bool:
    keys = pattern_keys(english)
    return bool(keys) and any(k in keys for r in renderings for k in pattern_keys(r))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--text", default="japan-europe-2025")
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--terms", type=Path)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    library = Library(bundled_library())
    gold = read_glossary(args.terms or library.texts_dir / args.text / "glossary.tsv")
    text = library.load(args.text)
    started = time.perf_counter()
    segmenter, dictionary = Segmenter.load(), Dictionary.load()
    loaded = time.perf_counter()
    found = extract(text, segmenter, dictionary, top=args.top)
    done = time.perf_counter()
    by_zh = {c.zh: c for c in found}
    present = [e for e in gold if any(e.zh in p.zh for p in text.pairs)]
    hits = [e for e in present if e.zh in by_zh]
    rendered = [e for e in hits if accepted(by_zh[e.zh].en, e.renderings)]
    print(f"text {args.text}: {len(gold)} listed terms, {len(present)} of them in its Chinese")
    print(f"top {args.top}: {len(hits)} of them found ({len(hits) / max(len(present), 1):.0%}), "
          f"{len(rendered)} with an accepted English rendering ({len(rendered) / max(len(present), 1):.0%})")
    terms = [e for e in present if e.category not in ("person", "set phrase")]
    term_hits = [e for e in terms if e.zh in by_zh]
    term_rendered = [e for e in term_hits if accepted(by_zh[e.zh].en, e.renderings)]
    print(f"  of the {len(terms)} that are not persons or set phrases: {len(term_hits)} found, "
          f"{len(term_rendered)} with an accepted English rendering")
    print(f"load {loaded - started:.2f} s, extraction {done - loaded:.2f} s")
    gold_zh = {e.zh: e for e in gold}
    for rank, c in enumerate(found[: args.show], start=1):
        mark = "G" if c.zh in gold_zh else " "
        ok = "+" if c.zh in gold_zh and accepted(c.en, gold_zh[c.zh].renderings) else " "
        print(f"{rank:3} {mark}{ok} {c.score:6.2f}  {c.zh}  {c.en}  ({c.frequency}x, t={c.translation:.2f}) {','.join(c.pairs)}")


if __name__ == "__main__":
    main()
