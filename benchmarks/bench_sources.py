"""Reading a book-length EPUB: a 10,000-paragraph book (100 chapters of 100 paragraphs,
English, built with ebooklib from the bundled article's sentences) read with
reader.formats.sources.read_document; prints the time (untraced) and the peak memory traced (a second read).

    python benchmarks/bench_sources.py [paragraphs]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from ebooklib import epub

from reader.formats.sources import read_document

ROOT = Path(__file__).resolve().parents[1]


def build(paragraphs: int, target: Path) -> None:
    source = (ROOT / "texts/japan-europe-2022/source.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in source.split("\n\n") if len(line.strip()) > 200]
    book = epub.EpubBook()
    book.set_identifier("bench")
    book.set_title("Benchmark")
    book.set_language("en")
    items = []
    per = 100
    for chapter in range(paragraphs // per):
        item = epub.EpubHtml(title=f"Chapter {chapter + 1}", file_name=f"c{chapter}.xhtml", lang="en")
        body = [f"<h1>Chapter {chapter + 1}</h1>"]
        body += [f"<p>{lines[(chapter * per + i) % len(lines)]}</p>" for i in range(per)]
        item.content = "\n".join(body)
        book.add_item(item)
        items.append(item)
    book.toc = [epub.Link(item.file_name, item.title, item.file_name) for item in items]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = items
    epub.write_epub(str(target), book)


def main() -> None:
    paragraphs = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.epub"
        build(paragraphs, path)
        raw = path.read_bytes()
        started = time.perf_counter()
        document = read_document(raw, path)
        elapsed = time.perf_counter() - started
        del document
        tracemalloc.start()  # a second read, traced: tracing slows it down several times
        document = read_document(raw, path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{len(raw) / 1e6:.1f} MB EPUB, {len(document.chapters)} chapters, "
              f"{document.paragraphs()} paragraphs, {document.source_chars} characters: "
              f"read in {elapsed:.2f} s, peak traced memory {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
