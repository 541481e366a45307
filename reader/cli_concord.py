"""`reader concord QUERY`: the parallel concordance over the library (or one text)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .core.errors import ReaderError
from .core.script import cell_len, clip_left, clip_right
from .core.visible import json_visible, visible

FORMATS = ("csv", "tsv", "html")
RENDERINGS_MAX = 50  # hits whose counterparts the renderings table counts (each costs a CC-CEDICT search)
SHOWN = 25  # lines printed unless --limit or --all say otherwise (the summaries count every hit)
TEXTS_SHOWN = 20  # texts of the hits-per-text list printed unless --all (--json lists every one)


def add_parser(commands, common) -> None:
    """The subparser (called from reader.cli)."""
    concord = commands.add_parser(
        "concord", parents=[common], help="parallel concordance: a word, phrase, regex or term across the library",
        description="Keyword in context over every text of the library, each line beside the aligned sentence of "
                    "the other language with the hit's likely counterpart marked. English words match as whole "
                    "words, case-insensitively; Chinese as substrings; --regex as written (Python re).")
    concord.add_argument("query", nargs="?", help="word or phrase (English or Chinese), a regex, or a term")
    how = concord.add_mutually_exclusive_group()
    how.add_argument("--regex", action="store_true", help="QUERY is a regular expression")
    how.add_argument("--term", action="store_true", help="QUERY is a glossary term: find every rendering")
    how.add_argument("--empty", action="store_true", help="list units with one side empty (no QUERY)")
    concord.add_argument("--text", metavar="ID", help="search this text only")
    concord.add_argument("--lang", choices=("en", "zh"), help="side to search (default: by the query's script)")
    concord.add_argument("--sort", choices=("text", "left", "right", "hit"), default="text",
                         help="order of the lines (default: text)")
    concord.add_argument("--context", type=_count, default=30, metavar="N",
                         help="characters of context each side (default: 30)")
    concord.add_argument("--limit", type=_count, metavar="N",
                         help=f"show at most N hits (default: {SHOWN} lines, every hit in --json and exports; "
                              "the summaries count all)")
    concord.add_argument("--all", action="store_true", help="show every hit")
    concord.add_argument("--json", action="store_true", help='print {"hits": [...], "texts": ..., "renderings": ...}')
    concord.add_argument("--format", choices=FORMATS, help="export the hits as CSV, TSV or HTML")
    concord.add_argument("--output", metavar="FILE", help="write the export to FILE (default: standard output)")


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"want a whole number, not {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"want 0 or more, not {number}")
    return number


def cmd_concord(library, args) -> int:
    from .core import concord
    from .core.library_index import LibraryIndex

    if args.empty:
        if args.query:
            raise ReaderError("--empty takes no QUERY")
    elif not args.query or not args.query.strip():
        raise ReaderError("give a QUERY (a word, a phrase, --regex PATTERN or --term TERM), or --empty")
    if args.text and not library.exists(args.text):
        raise ReaderError(f"no text {args.text!r} in the library", library.root)
    limit = None if args.all else args.limit if args.limit is not None else (
        None if args.json or args.format else SHOWN)
    summary = None
    index = LibraryIndex(library)
    try:
        index.sync()
        if args.empty:
            return _print_empty(concord.empty_units(index, args.text), args)
        entries = None
        if args.term:
            entries, hits = concord.find_term(index, library.glossary(args.text), args.query, args.text)
        elif limit is not None and args.sort == "text":
            # the lines shown are the first: every hit is counted, not made a line
            summary = concord.summarize(index, args.query, regex=args.regex, lang=args.lang, text=args.text,
                                        sample=0 if args.format else RENDERINGS_MAX)
            hits = concord.find(index, args.query, regex=args.regex, lang=args.lang, text=args.text, limit=limit)
        else:
            hits = concord.find(index, args.query, regex=args.regex, lang=args.lang, text=args.text)
    finally:
        index.close()
    if summary is not None:
        total, texts, counted = summary.total, summary.texts, summary.sample
    else:
        total, texts, counted = len(hits), concord.per_text(hits), sampled(hits, RENDERINGS_MAX)
        hits = concord.sort_hits(hits, args.sort, args.context)
    shown = hits[:limit] if limit is not None else hits
    dictionary = _dictionary() if shown else None
    wanted = {id(hit): hit for hit in shown}
    if not args.format:
        wanted.update((id(hit), hit) for hit in counted)
    concord.add_counterparts(list(wanted.values()), dictionary, entries)
    if args.format:
        return _export(shown, args)
    table = concord.renderings(counted)
    if args.json:
        record = {
            "query": args.query, "total": total, "renderings_from": len(counted),
            "hits": [_hit_record(hit, args.context) for hit in shown],
            "texts": [{"text": text, "hits": count, "units": units} for text, count, units in texts],
            "renderings": {lang: [{"rendering": r, "count": c} for r, c in rows] for lang, rows in table.items()},
        }
        print(json_visible(json.dumps(record, ensure_ascii=False, indent=1)))
        return 0
    _print_kwic(shown, args.context)
    _print_summary(total, shown, texts, table, len(counted), limit is not None and not args.limit,
                   None if args.all else TEXTS_SHOWN)
    return 0


def sampled(hits: list, size: int) -> list:
    """The first hit of units at even steps through those with a hit (as
    `concord.summarize` samples them; a term's hits: the first in each side of a unit),
    `hits` in the library's order."""
    from .core.concord import even_steps

    first = {}
    for hit in hits:
        first.setdefault((hit.unit.id, hit.lang), hit)
    return even_steps(list(first.values()), size)


def _dictionary():
    from .core.dictionary import Dictionary

    try:
        return Dictionary.load()
    except ReaderError as exc:
        print(f"reader: warning: {visible(str(exc))} (no counterparts marked)", file=sys.stderr)
        return None


def _hit_record(hit, context: int) -> dict:
    return {"text": hit.text, "pair": hit.pair, "lang": hit.lang, "left": hit.left(context), "hit": hit.hit,
            "right": hit.right(context), "aligned": hit.aligned, "counterpart": hit.counterpart_text,
            "span": list(hit.pair_span()), "counterpart_span": list(hit.pair_span(hit.other) or []) or None}


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()) if "\n" in text or "\t" in text else text)


def _print_kwic(hits, context: int) -> None:
    """Each hit on a line, left context right-aligned so that the hits stand in a column,
    the aligned sentence below it with the counterpart in ⟦ ⟧."""
    for hit in hits:
        left = clip_left(_one_line(hit.left(context)), context)
        right = clip_right(_one_line(hit.right(context)), context)
        where = f"{hit.text}:{hit.pair}"
        print(f"{visible(where):<24} {' ' * (context - cell_len(left))}{left} «{_one_line(hit.hit)}» {right}")
        aligned = hit.aligned
        if hit.counterpart:
            start, end = hit.counterpart
            aligned = f"{aligned[:start]}⟦{aligned[start:end]}⟧{aligned[end:]}"
        print(f"{'':<24} {hit.other}: {_one_line(aligned) if aligned.strip() else '(nothing aligned)'}")


def _print_summary(total: int, shown, summary, table, counted: int, by_default: bool,
                   texts_shown: int | None) -> None:
    sampled = f" (in {counted:,} hits sampled evenly through them)" if counted < total else ""
    print()
    more = ""
    if len(shown) < total:
        more = f" (showing the first {len(shown)}" + ("; --limit N or --all for more)" if by_default else ")")
    print(f"{total} hits{more}")
    if summary:
        print("hits per text:" if len(summary) == 1 else f"hits per text ({len(summary):,} texts, most hits first):")
        for text, count, units in summary[:texts_shown]:
            print(f"  {visible(text):<32} {count:>6} hits in {units} units")
        if texts_shown is not None and len(summary) > texts_shown:
            rest = summary[texts_shown:]
            more = f"{len(rest):,} text{'s' if len(rest) != 1 else ''}"
            print(f"  ... and {more} more, with {sum(row[1] for row in rest):,} hits (--all or --json lists every text)")
    for lang, rows in table.items():
        other = "English" if lang == "zh" else "Chinese"
        print(f"{other} counterparts of the {'Chinese' if lang == 'zh' else 'English'} hits{sampled}:")
        for rendering, count in rows[:20]:
            shown = _one_line(rendering) or "(none found)"
            print(f"  {shown}{' ' * max(1, 32 - cell_len(shown))} {count:>6}")


def _print_empty(units, args) -> int:
    units = units[:args.limit] if args.limit is not None else units
    if args.json:
        record = {"units": [{"text": u.text, "pair": u.pair, "empty": "zh" if u.en.strip() else "en",
                             "en": u.en, "zh": u.zh} for u in units]}
        print(json_visible(json.dumps(record, ensure_ascii=False, indent=1)))
        return 0
    for unit in units:
        empty = "zh" if unit.en.strip() else "en"
        present = unit.en if empty == "zh" else unit.zh
        print(f"{visible(unit.text + ':' + unit.pair):<24} no {empty}: {clip_right(_one_line(present), 100)}")
    print(f"\n{len(units)} units with one side empty")
    return 0


def _export(hits, args) -> int:
    from .core.files import write_atomically
    from .formats import concord_export

    if args.format == "csv":
        data = concord_export.export_csv(hits, args.context)
    elif args.format == "tsv":
        data = concord_export.export_tsv(hits, args.context)
    else:
        data = concord_export.export_html(hits, args.context, f"Concordance: {args.query}")
    if args.output:
        write_atomically(Path(args.output), data.encode("utf-8"), public=True)
        return 0
    sys.stdout.write(visible(data, lines=True) if sys.stdout.isatty() else data)
    return 0
