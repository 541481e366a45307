"""The `reader` command: subcommands over the library. Only `read` imports the terminal UI."""

from __future__ import annotations

import argparse
import atexit
import gc
import itertools
import json
import os
import sys
from importlib import import_module
from pathlib import Path

from .core.errors import ReaderError
from .core.files import max_size_override, parse_size
from .core.model import Text
from .core.store import ENV_LIBRARY, Library, default_library
from .core.visible import json_visible, visible

# A command makes its objects once and keeps most of them to the end: the collector's
# default pace (a pass every 700 new objects) spends ~12 ms of a short command's start-up
# going over what is still in use, and the passes at exit ~25 ms over what the process is
# about to drop anyway. Passes far apart (as the reader's screen has them once loaded), and
# none over what exists at exit: atexit runs this after every other exit handler.
gc.set_threshold(10_000, 50, 100)
atexit.register(gc.freeze)


class _VersionAction(argparse.Action):
    """Looks the version up only when asked (package metadata is slow to import)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from . import __version__

        print(f"reader {__version__}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """Usage errors as every other error: one line, exit code 2 (the usage is in --help)."""

    def error(self, message: str):
        self.exit(2, f"reader: error: {message} (see `{self.prog} --help`)\n")

    def _print_message(self, message, file=None):
        if message:  # argparse's own drops a failed write (the help to a full disk) unsaid
            (file or sys.stderr).write(message)


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only` (a command whose module parses its own
    options), that command's alone: its other commands' modules are not imported."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--library",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"library folder to use (default: ${ENV_LIBRARY}, else the bundled library)",
    )
    parser = _Parser(
        prog="reader",
        description="Read English/Chinese aligned texts side by side in the terminal.",
        parents=[common],
        epilog="With no command, opens the reader on the bundled parallel article.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if only is not None:
        _command(only, "add_parser")(commands, common)
        return parser

    read = commands.add_parser("read", parents=[common], help="open a text in the reader")
    read.add_argument("text", nargs="?", metavar="TEXT", help="text id or path (default: the bundled article)")

    listing = commands.add_parser("list", parents=[common], help="list the texts in the library")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    show = commands.add_parser("show", parents=[common], help="print a text side by side as plain text")
    show.add_argument("text", metavar="TEXT", help="text id or path")
    show.add_argument("--width", type=int, metavar="N", help="line width (default: the terminal's)")
    show.add_argument("--stacked", action="store_true", help="English above Chinese instead of side by side")
    show.add_argument("--swap", action="store_true", help="Chinese first")

    from .formats import EXPORTERS, GLOSSARY_EXPORTERS

    export = commands.add_parser("export", parents=[common], help="write a text in another format")
    export.add_argument("text", metavar="TEXT", help="text id or path")
    export.add_argument("--format", required=True, metavar="FORMAT", help=f"one of {', '.join(EXPORTERS)}")
    export.add_argument("--unit", default="paragraph", metavar="UNIT",
                        help="paragraph (default), or sentence: one unit per sentence link")
    export.add_argument("--pairs", metavar="RANGE", help="only these pairs, counted from 1: 3-7, or 3")
    export.add_argument("--bom", action="store_true", help="csv, tsv: start with a UTF-8 byte order mark")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE instead of standard output (moses: BASE.en and BASE.zh; anki: required)")
    export.add_argument("--force", action="store_true", help="with -o: replace FILE even if it is read-only")

    lookup = commands.add_parser(
        "lookup", parents=[common], help="look a term up in the glossary (then CC-CEDICT), with its occurrences"
    )
    lookup.add_argument("term", metavar="TERM", help="Chinese, English, or pinyin (fanji nengli, fǎnjī, fan3ji1, fanji)")
    lookup.add_argument("--text", metavar="ID", help="only this text's glossary and occurrences")
    lookup.add_argument("--json", action="store_true", help="print a JSON object")
    lookup.add_argument("--limit", type=int, metavar="N",
                        help="occurrences shown an entry (default: 20, all with --json; 0: all); "
                             "how many there are is always said")

    glossary = commands.add_parser(
        "glossary", parents=[common], help="list, check, export, import or extract glossary terms",
        description="`reader glossary [TEXT]` lists the entries; `reader glossary check [TEXT]` checks that "
        "every glossary term in a pair has one of its renderings on the other side; "
        "`reader glossary export --format tbx|csv|tsv|omegat [-o FILE] [--text ID]` writes the glossary; "
        "`reader glossary import FILE [--text ID | --name NAME] [--format tbx|csv|tsv|omegat] "
        "[--columns zh=COL,en=COL,...]` merges a termbase into a text's glossary or a termbase of the library; "
        "`reader glossary extract TEXT [--no-glossary] [--top N] [--json]` proposes bilingual term candidates.",
    )
    glossary.add_argument("words", nargs="*", metavar="[check|export|import FILE|extract] [TEXT]",
                          help="'check', 'export', 'import FILE' or 'extract', and/or a text id")
    glossary.add_argument("--json", action="store_true", help="print JSON")
    glossary.add_argument("--text", metavar="ID", help="the glossary of this text (as TEXT)")
    glossary.add_argument("--format", metavar="FORMAT", help=f"export: one of {', '.join(GLOSSARY_EXPORTERS)}; "
                          "import: tbx, csv, tsv or omegat (default: told by the file)")
    glossary.add_argument("--bom", action="store_true", help="export, csv and tsv: start with a UTF-8 byte order mark")
    glossary.add_argument("-o", "--output", metavar="FILE", help="export: write to FILE instead of standard output")
    glossary.add_argument("--force", action="store_true", help="export with -o: replace FILE even if it is read-only")
    glossary.add_argument("--name", metavar="NAME", help="import: the termbase to merge into, termbases/NAME.tsv "
                          "(default: the file's name)")
    glossary.add_argument("--columns", metavar="MAP", help="import, csv and tsv: which column is which, "
                          "zh=Source,en=Target,note=Comment (fields: zh en variants pinyin category note)")
    glossary.add_argument("--top", type=int, metavar="N", help="extract: the N best candidates (default 100)")
    glossary.add_argument("--no-glossary", action="store_true",
                          help="extract: ignore the glossaries (else terms already in one are left out)")

    from .cli_align import add_parsers as add_align_parsers

    _command("import", "add_parser")(commands, common)
    add_align_parsers(commands, common)  # align, eval, train-tokenizer
    _command("serve", "add_parser")(commands, common)
    _command("edit", "add_parser")(commands, common)
    _command("concord", "add_parser")(commands, common)
    return parser


ALONE = ("concord", "import", "edit", "serve")  # commands whose module makes its own parser


def _alone(argv: list[str]) -> str | None:
    """The command of `argv` when it can be parsed alone (see `_parser`): one of `ALONE`,
    whose answer should not wait for the other commands' imports (the aligner's, say)."""
    words = iter(argv)
    for word in words:
        if word == "--library":
            next(words, None)
        elif word.startswith("-") and not word.startswith("--library="):
            return None  # --help, --version: the whole parser's
        elif not word.startswith("-"):
            return word if word in ALONE else None
    return None


def main(argv: list[str] | None = None) -> int:
    # No command does linear algebra: one BLAS thread spares numpy's import (used by the
    # aligner) a thread pool that costs more than the rest of the import.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        args = _parser(_alone(sys.argv[1:] if argv is None else argv)).parse_args(argv)
        sys.stdout.flush()
    except SystemExit:  # --help and usage errors: what they printed must have got out too
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _discard_stdout()
        except OSError as exc:
            _unwritable(exc)
            raise SystemExit(2) from None
        raise
    except BrokenPipeError:
        _discard_stdout()
        return 0
    except OSError as exc:  # --version or --help to a full disk
        _unwritable(exc)
        return 2
    library = Library(Path(args.library).expanduser() if "library" in args else default_library(),
                      on_damaged=_report_damaged)
    limit = unlisten = None
    try:
        if getattr(args, "max_size", None) is not None:
            limit = max_size_override.set(parse_size(args.max_size))
        command = args.command or "read"
        if command not in ("import", "align", "eval", "train-tokenizer") and not library.root.is_dir():
            raise ReaderError("library folder does not exist", library.root)
        if command == "read":  # a damaged file skipped is shown in the reader, not in the exit
            return cmd_read(library, getattr(args, "text", None))
        if sys.stderr.isatty():  # a first run's caches take seconds: said, not waited in silence
            from .core import notices

            unlisten = notices.listen(_say_building)
        code = COMMANDS[command](library, args) if command in COMMANDS else _command(command)(library, args)
        sys.stdout.flush()  # a full disk or a closed pipe is found here, not at exit
        return 2 if library.damaged else code  # the result is incomplete: say so
    except ReaderError as exc:
        print(f"reader: error: {visible(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output (head, a pager) went away; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # what no ReaderError words: writing standard output, mostly
        _unwritable(exc)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if limit is not None:
            max_size_override.reset(limit)
        if unlisten is not None:
            unlisten()


def _say_building(notice: str) -> None:
    print(visible(f"reader: {notice}"), file=sys.stderr, flush=True)


def _report_damaged(error: ReaderError) -> None:
    """A damaged text or glossary a command goes on without: one line, then the rest."""
    print(f"reader: error: {visible(str(error))} (skipped; the rest goes on)", file=sys.stderr)


def _unwritable(exc: OSError) -> None:
    """An OSError no ReaderError words (writing standard output, mostly), in one line; what
    standard output still holds is dropped, so that the exit does not try again."""
    where = exc.filename if exc.filename is not None else "standard output"
    print(visible(f"reader: error: {where}: cannot write: {exc.strerror or exc}"), file=sys.stderr)
    _discard_stdout()


def _discard_stdout() -> None:
    """Drop what standard output still holds, so that the exit does not try again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def reader_app(library: Library, ref: str | None, state=None, state_warning: str | None = None):
    """The reader on a text, as `reader read` opens it: the first pairs read now and the
    rest streamed, the text's glossary, CC-CEDICT loaded in the background when needed.
    With no text named, the one read last (from `state`), else the bundled article."""
    if ref is None and state is not None and state.last_text and library.exists(state.last_text):
        ref = state.last_text
    meta, pairs = library.open_ref(ref) if ref else library.open(library.default_text_id())
    from .ui.app import FIRST_PAIRS, ReaderApp  # Textual is imported only when the UI opens

    first = list(itertools.islice(pairs, FIRST_PAIRS + 1))
    rest = pairs if len(first) > FIRST_PAIRS else None  # else the whole text is read

    in_library = library.exists(meta.id)
    glossary = library.glossary(meta.id) if in_library else library.glossary()
    skipped = [f"{error} (skipped)" for error in library.damaged]  # shown in the reader too
    return ReaderApp(
        Text(meta, first, pairs.footnotes),
        rest=rest,
        glossary=glossary,
        dictionary_loader=_load_dictionary,
        library=library if in_library else None,
        state=state,
        state_warning="; ".join(filter(None, [state_warning, *skipped])) or None,
        settle_gc=True,
    )


def _load_dictionary():
    """CC-CEDICT, imported only when the reader first needs it (off its start-up path)."""
    from .core.dictionary import Dictionary

    return Dictionary.load()


def cmd_read(library: Library, ref: str | None) -> int:
    from .core.userstate import UserState

    state, warning = UserState.open()
    app = reader_app(library, ref, state, warning)
    try:
        app.run()
    finally:
        state.close()
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
        print(json_visible(json.dumps(rows, ensure_ascii=False, indent=2)))
        return 0
    if not rows:
        print(visible(f"no texts in {library.root}"))
        return 0
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        title = row["title"]["en"] or row["title"]["zh"]
        print(f"{row['id']:<{width}}  {row['pairs']:>5} pairs  {'+'.join(row['languages']):<5}  {visible(title)}")
    return 0


def cmd_show(library: Library, args) -> int:
    import shutil

    from .core.layout import render_plain, with_footnote_marks, wrap  # only `show` lays out text

    text = library.resolve(args.text)
    width = args.width if args.width is not None else shutil.get_terminal_size((100, 24)).columns
    if width < 20:
        raise ReaderError(f"--width {width} is too narrow (at least 20)")
    order = ("zh", "en") if args.swap else ("en", "zh")
    stacked = args.stacked or text.meta.languages != ("en", "zh")  # one language: one column
    lines = render_plain(with_footnote_marks(text), width, stacked=stacked, order=order)
    if text.footnotes:
        lines += ["", " Notes", ""]
        for footnote in text.footnotes:
            lines += [" " + line for line in wrap(visible(f"{footnote.n}. {footnote.text}"), width - 2)]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def cmd_export(library: Library, args) -> int:
    from .formats.export import export_text, in_units, select_pairs

    text = library.resolve(args.text)
    text = in_units(select_pairs(text, args.pairs), args.unit)
    stdout, files = export_text(
        text, args.format, args.output, force=args.force,
        annotations=_annotations(text.id) if args.format in ("json", "jsonl") else None,
        glossary=lambda: _command("glossary", "glossary_entries")(
            library, text.id if library.exists(text.id) else None),
        given={"bom": True} if args.bom else {},
    )
    if stdout is not None:
        sys.stdout.write(stdout)
    else:
        print(visible(f"wrote {len(text.pairs)} pairs to {' and '.join(map(str, files))}"), file=sys.stderr)
    return 0


def _annotations(text_id: str) -> dict:
    """The user's bookmarks and notes on a text (exported with it). The state is only
    read: a damaged one is reported and left for the reader to set aside."""
    from .core.userstate import UserState

    state, warning = UserState.open(readonly=True)
    if warning:
        for line in warning.splitlines():
            print(f"reader: warning: {visible(line)}", file=sys.stderr)
    try:
        return state.annotations(text_id)
    finally:
        state.close()


def slug(title: str, words: int = 4) -> str:
    """A text id from a title (reader.formats.book_import's, imported when asked)."""
    from .formats.book_import import slug as make

    return make(title, words)


COMMANDS = {"list": cmd_list, "show": cmd_show, "export": cmd_export}
# The other commands, each in a module of its own, imported when it runs (its function's name)
MODULES = {
    "import": ("cli_import", "cmd_import"), "lookup": ("cli_glossary", "cmd_lookup"),
    "glossary": ("cli_glossary", "cmd_glossary"), "align": ("cli_align", "cmd_align"),
    "eval": ("cli_align", "cmd_eval"), "train-tokenizer": ("cli_align", "cmd_train_tokenizer"),
    "serve": ("cli_serve", "cmd_serve"), "edit": ("cli_edit", "cmd_edit"), "concord": ("cli_concord", "cmd_concord"),
}


def _command(name: str, attribute: str | None = None):
    """A command's function (or another `attribute` of its module), its module imported now."""
    module, function = MODULES[name]
    return getattr(import_module(f".{module}", __package__), attribute or function)
