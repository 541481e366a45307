"""The `reader` command: subcommands over the library. Only `read` imports the terminal UI."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import sys
from pathlib import Path

from .core.errors import ReaderError
from .core.files import decode_utf8, write_atomically
from .core.layout import render_plain
from .core.model import Text
from .core.store import ENV_LIBRARY, ID_PATTERN, Library, default_library

STOPWORDS = {
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "behind", "what",
    "is", "are", "was", "s", "its", "it", "how", "why", "by", "at", "from", "as",
}


class _VersionAction(argparse.Action):
    """Looks the version up only when asked (package metadata is slow to import)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from . import __version__

        print(f"reader {__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"library folder to use (default: ${ENV_LIBRARY}, else the bundled library)",
    )
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read English/Chinese aligned texts side by side in the terminal.",
        parents=[common],
        epilog="With no command, opens the reader on the bundled parallel article.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    read = commands.add_parser("read", parents=[common], help="open a text in the reader")
    read.add_argument("text", nargs="?", metavar="TEXT", help="text id or path (default: the bundled article)")

    listing = commands.add_parser("list", parents=[common], help="list the texts in the library")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    show = commands.add_parser("show", parents=[common], help="print a text side by side as plain text")
    show.add_argument("text", metavar="TEXT", help="text id or path")
    show.add_argument("--width", type=int, metavar="N", help="line width (default: the terminal's)")
    show.add_argument("--stacked", action="store_true", help="English above Chinese instead of side by side")
    show.add_argument("--swap", action="store_true", help="Chinese first")

    export = commands.add_parser("export", parents=[common], help="write a text in another format")
    export.add_argument("text", metavar="TEXT", help="text id or path")
    export.add_argument("--format", required=True, choices=["json", "jsonl"], help="output format")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    imp = commands.add_parser("import", parents=[common], help="import a source file into the library")
    imp.add_argument("file", metavar="FILE", help="the source file (UTF-8 text)")
    imp.add_argument("--format", choices=["interleaved"], help="source format (default: detected)")
    imp.add_argument("--id", metavar="ID", help="id for the new text (default: from its title)")
    imp.add_argument("--replace", action="store_true", help="replace an existing text with the same id")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    library = Library(Path(args.library).expanduser() if "library" in args else default_library())
    try:
        command = args.command or "read"
        if command != "import" and not library.root.is_dir():
            raise ReaderError("library folder does not exist", library.root)
        if command == "read":
            return cmd_read(library, getattr(args, "text", None))
        return COMMANDS[command](library, args)
    except ReaderError as exc:
        print(f"reader: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output (head, a pager) went away; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


FIRST_PAIRS = 200  # read before the UI opens: more than a screenful; the rest streams in


def cmd_read(library: Library, ref: str | None) -> int:
    meta, pairs = library.open_ref(ref) if ref else library.open(library.default_text_id())
    first = list(itertools.islice(pairs, FIRST_PAIRS))
    from .ui.app import ReaderApp  # Textual is imported only when the UI opens

    app = ReaderApp(Text(meta, first), rest=pairs, settle_gc=True)
    app.run()
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0


def cmd_list(library: Library, args) -> int:
    rows = []
    for text in library.texts():
        rows.append(
            {
                "id": text.id,
                "title": {"en": text.meta.title.get("en", ""), "zh": text.meta.title.get("zh", "")},
                "pairs": len(text.pairs),
                "languages": list(text.meta.languages),
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"no texts in {library.root}")
        return 0
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        title = row["title"]["en"] or row["title"]["zh"]
        print(f"{row['id']:<{width}}  {row['pairs']:>5} pairs  {'+'.join(row['languages']):<5}  {title}")
    return 0


def cmd_show(library: Library, args) -> int:
    text = library.resolve(args.text)
    width = args.width if args.width is not None else shutil.get_terminal_size((100, 24)).columns
    if width < 20:
        raise ReaderError(f"--width {width} is too narrow (at least 20)")
    order = ("zh", "en") if args.swap else ("en", "zh")
    sys.stdout.write("\n".join(render_plain(text.pairs, width, stacked=args.stacked, order=order)) + "\n")
    return 0


def cmd_export(library: Library, args) -> int:
    from .formats import exporter

    text = library.resolve(args.text)
    output = exporter(args.format)(text, text.pairs)
    if args.output:
        write_atomically(Path(args.output), output.encode("utf-8"))
        print(f"wrote {len(text.pairs)} pairs to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(output)
    return 0


def cmd_import(library: Library, args) -> int:
    from .formats import detect_format, importer

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReaderError("no such file", path) from None
    except IsADirectoryError:
        raise ReaderError("is a folder, not a file", path) from None
    except OSError as exc:
        raise ReaderError(f"cannot read: {exc.strerror}", path) from None
    if not raw.strip():
        raise ReaderError("the file is empty", path)
    source = decode_utf8(raw, path)
    if args.id is not None and not ID_PATTERN.match(args.id):
        raise ReaderError(f"--id {args.id!r}: use lower-case letters, digits and hyphens (at most 64)")
    try:
        fmt = args.format or detect_format(source)
    except ReaderError as exc:
        raise ReaderError(exc.problem, path) from None
    report = importer(fmt)(source, args.id or "untitled", str(path))
    text = report.text
    if args.id is None:
        text.meta.id = slug(text.meta.title.get("en", "")) or slug(path.stem) or "text"
    text.meta.source_file = "source" + (path.suffix.lower() or ".txt")
    library.save(text, raw, replace=args.replace)
    print("\n".join(report.lines()))
    print(f"written to {library.root}: texts/{text.id}/, alignments/{text.id}.jsonl")
    return 0


def slug(title: str, words: int = 4) -> str:
    tokens = [t for t in re.findall(r"[a-z0-9]+", title.lower()) if t not in STOPWORDS]
    return "-".join(tokens[:words])[:64].strip("-")


COMMANDS = {"list": cmd_list, "show": cmd_show, "export": cmd_export, "import": cmd_import}
