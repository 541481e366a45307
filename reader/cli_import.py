"""`reader import`: a source file, a bilingual file or two files (a book, a page, a Word
file, subtitles, plain text) into the library, through reader.formats.book_import.

`reader import FILE` takes a bilingual file or one of the single-file formats
(interleaved, article, tmx, tsv, intertext); `reader import --en FILE --zh FILE`, or
`reader import FILE FILE` in either order, two files whose languages their content tells.
A book-length import shows its progress on standard error when that is a terminal.
Ctrl+C stops it with one line and exit code 130, the library as it was (the save is a
transaction: it is all written or not at all).
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from .core.errors import ReaderError
from .core.files import MAX_SIZE_HELP
from .core.store import ID_PATTERN
from .core.visible import visible

FORMATS = ["interleaved", "article", "tmx", "tsv", "intertext", "epub", "html", "docx", "srt", "markdown", "plain"]
PROGRESS_FROM = 3  # chapters: fewer are done before a bar is worth drawing


def add_parser(commands, common) -> None:
    """The subparser (called from reader.cli)."""
    imp = commands.add_parser("import", parents=[common], help="import a source file (or two) into the library")
    imp.add_argument("file", nargs="*", metavar="FILE",
                     help="the source file (a bilingual file, or interleaved, article, tmx, tsv, intertext); "
                          "or two files, an English text and its Chinese translation, in either order")
    imp.add_argument("--en", metavar="FILE", help="with --zh, instead of FILE: an English text to align with ...")
    imp.add_argument("--zh", metavar="FILE", help="... its Chinese translation (EPUB, HTML, DOCX, SRT, Markdown, text)")
    imp.add_argument("--format", choices=FORMATS, help="source format (default: detected from the content)")
    imp.add_argument("--zh-script", choices=["simplified", "traditional", "as-is"], default="as-is",
                     help="convert the Chinese text to Simplified or Traditional characters (OpenCC; default: as-is)")
    imp.add_argument("--id", metavar="ID", help="id for the new text (default: from its title)")
    imp.add_argument("--replace", action="store_true", help="replace an existing text with the same id")
    imp.add_argument("--max-size", metavar="SIZE", help=MAX_SIZE_HELP)


class Progress:
    """A one-line progress bar on standard error: chapters done, time left."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, done: int, total: int, label: str) -> None:
        if total < PROGRESS_FROM:
            return
        elapsed = time.monotonic() - self.started
        left = elapsed / done * (total - done) if done else 0.0
        filled = int(self.width * done / max(total, 1))
        bar = "█" * filled + "·" * (self.width - filled)
        name = visible(" ".join(label.split()))[:30]
        self.stream.write(f"\r\x1b[2K{bar} {done}/{total} chapters, {_duration(left)} left  {name}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def cmd_import(library, args) -> int:
    from .formats.book_import import import_files

    files = list(args.file or [])
    two = args.en is not None or args.zh is not None
    if two and files:
        raise ReaderError("give either FILE or --en FILE --zh FILE, not both")
    if two and (args.en is None or args.zh is None):
        raise ReaderError(f"--{'zh' if args.zh is None else 'en'} FILE is missing: --en and --zh go together")
    if not two and not files:
        raise ReaderError("give a FILE to import, or two files with --en FILE --zh FILE")
    if len(files) > 2:
        raise ReaderError(f"give one file or two, not {len(files)}")
    if args.id is not None and not ID_PATTERN.match(args.id):
        raise ReaderError(f"--id {args.id!r}: use lower-case letters, digits and hyphens (at most 64)")
    paths = [Path(args.en), Path(args.zh)] if two else [Path(f) for f in files]
    if len(paths) == 2 and args.format in ("interleaved", "article", "tmx", "tsv", "intertext"):
        raise ReaderError(f"--format {args.format} is a single-file format: it does not apply to two files "
                          "(--en/--zh)")
    progress = Progress() if sys.stderr.isatty() else None
    cancel = threading.Event()
    text = None
    try:
        report, sources = import_files(paths, args.id, args.format, args.zh_script, progress, cancel,
                                       en=paths[0] if two else None, zh=paths[1] if two else None)
        if progress is not None:
            progress.close()
        text = report.text
        existed = library.exists(text.id)
        english = sources[text.meta.source_file]
        others = {name: data for name, data in sources.items() if name != text.meta.source_file}
        library.save(text, english, replace=args.replace, others=others)
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()
        saved = text is not None and library.exists(text.id) and not existed
        print("reader: import interrupted: " + ("the text was already saved whole" if saved
                                                else "nothing was written to the library"), file=sys.stderr)
        return 130
    print("\n".join(visible(line) for line in report.lines()))
    print(visible(f"written to {library.root}: texts/{text.id}/ ({', '.join(sorted(sources))}), "
                  f"alignments/{text.id}.jsonl"))
    return 0
