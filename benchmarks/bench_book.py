"""Book-scale import, end to end: a synthetic English/Chinese book pair of N paragraphs.

The book is made from the bundled article's aligned sentences (texts/japan-europe-2025:
its 1-1 sentence links), repeated and shuffled with a fixed seed into paragraphs of one
to four sentences and chapters of 100 paragraphs, each chapter headed "Chapter k" /
"第k章"; the Chinese side drops one chapter in fifty and one paragraph in two hundred
(merged with the next) so that the chapter matching and the paragraph fallback do work.
Both sides are written as EPUB 3 files with ebooklib and imported through
reader.formats.book_import.import_files (reading, chapter matching, alignment, the Text
and its report), with the real CC-CEDICT lexicon. Each size runs in a process of its
own, so that its peak memory (ru_maxrss) is its own.

    python benchmarks/bench_book.py                 # 1000, 5000, 10000 paragraphs
    python benchmarks/bench_book.py --sizes 2000    # other sizes
    python benchmarks/bench_book.py --documents     # Documents built in code, no EPUB

Aim: 10,000 paragraphs in under a minute on the 2-core machine, memory flat in the size.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHAPTER = 100  # paragraphs a chapter


def sentence_pairs() -> list[tuple[str, str]]:
    from reader.core.store import Library

    text = Library(ROOT).resolve("japan-europe-2025")
    out = []
    for pair in text.pairs:
        en = [pair.en[a:b] for a, b in pair.sentences_en]
        zh = [pair.zh[a:b] for a, b in pair.sentences_zh]
        for e, z, _ in pair.links:
            if len(e) == 1 and len(z) == 1:
                out.append((en[e[0]], zh[z[0]]))
    return out


def book(paragraphs: int, seed: int = 11):
    """The two sides as lists of chapters: (title, [paragraph, ...])."""
    rng = random.Random(seed)
    pool = sentence_pairs()
    en_book, zh_book = [], []
    for k in range(0, paragraphs, CHAPTER):
        number = k // CHAPTER + 1
        en_paras, zh_paras = [], []
        for _ in range(min(CHAPTER, paragraphs - k)):
            chosen = [rng.choice(pool) for _ in range(rng.randint(1, 4))]
            en_paras.append(" ".join(e for e, _ in chosen))
            zh_paras.append("".join(z for _, z in chosen))
        en_book.append((f"Chapter {number}", en_paras))
        if number % 50 == 25:
            continue  # a chapter the translation leaves out
        if number % 2 == 0 and len(zh_paras) > 2:
            zh_paras[0:2] = [zh_paras[0] + zh_paras[1]]  # two paragraphs made one
        zh_book.append((f"第{number}章", zh_paras))
    return en_book, zh_book


def documents(en_book, zh_book):
    from reader.core.document import Block, Chapter, Document

    def doc(lang, chapters):
        return Document(lang, [Chapter(title, [Block("heading", title, 1)] + [Block("body", p) for p in paras])
                               for title, paras in chapters], format="epub", title="Synthetic")

    return doc("en", en_book), doc("zh", zh_book)


def write_epub(path: Path, lang: str, chapters) -> None:
    from html import escape

    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"bench-{lang}")
    book.set_title("Synthetic" if lang == "en" else "合成")
    book.set_language(lang)
    items = []
    for k, (title, paras) in enumerate(chapters):
        item = epub.EpubHtml(title=title, file_name=f"c{k}.xhtml", lang=lang)
        item.content = (f"<html><body><h1>{escape(title)}</h1>"
                        + "".join(f"<p>{escape(p)}</p>" for p in paras) + "</body></html>")
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    epub.write_epub(str(path), book)


def run_one(paragraphs: int, use_documents: bool) -> dict:
    from reader.core.aligner import prepare

    prepare()  # the lexicon, cached (not counted: every import after the first finds it)
    en_book, zh_book = book(paragraphs)
    with tempfile.TemporaryDirectory() as folder:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        if use_documents:
            from reader.formats.book_import import import_documents

            en, zh = documents(en_book, zh_book)
            report = import_documents(en, zh, "bench", "en", "zh")
            written = 0.0
        else:
            from reader.formats.book_import import import_files

            en_path, zh_path = Path(folder) / "en.epub", Path(folder) / "zh.epub"
            write_epub(en_path, "en", en_book)
            write_epub(zh_path, "zh", zh_book)
            written = time.perf_counter() - started
            started = time.perf_counter()
            report, _ = import_files([zh_path, en_path], "bench")
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    links = sum(len(p.links) for p in report.text.pairs)
    return {"paragraphs": paragraphs, "seconds": round(seconds, 2), "epub_written_s": round(written, 2),
            "peak_mb": round(peak / 1024, 1), "before_mb": round(before / 1024, 1),
            "pairs": len(report.text.pairs), "links": links,
            "one_side_chapters": sum("text only" in w for w in report.warnings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--documents", action="store_true", help="Documents built in code, no EPUB files")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.documents)))
        return
    print(f"{'paragraphs':>10} {'import s':>9} {'peak MB':>8} {'pairs':>7} {'links':>7}  (EPUB written in s)")
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size)] + (["--documents"] if args.documents else [])
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        print(f"{result['paragraphs']:>10} {result['seconds']:>9} {result['peak_mb']:>8} {result['pairs']:>7} "
              f"{result['links']:>7}  ({result['epub_written_s']}; {result['one_side_chapters']} chapter(s) "
              f"on one side; {result['before_mb']} MB before the import)", flush=True)


if __name__ == "__main__":
    main()
