"""`reader glossary import FILE` (a termbase merged into a glossary) and
`reader glossary extract TEXT` (bilingual term candidates)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .core.errors import ReaderError
from .core.store import Library
from .core.visible import json_visible, visible


def _name_from(path: Path) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:64].strip("-")
    return name or "termbase"


def cmd_import(library: Library, words: list[str], args) -> int:
    from .core.glossaries import termbase, text_glossary
    from .core.glossary_file import edit_glossary
    from .core.termbase import merge_terms
    from .formats import glossary_importer
    from .formats.termbase_import import looks_like, parse_columns

    if not words:
        raise ReaderError("glossary import needs a FILE (usage: reader glossary import FILE [--text ID | --name NAME])")
    if len(words) > 1:
        raise ReaderError(f"unexpected arguments: {' '.join(words[1:])} (usage: reader glossary import FILE)")
    if args.text and args.name:
        raise ReaderError("give --text ID (the text's glossary) or --name NAME (a termbase), not both")
    path = Path(words[0]).expanduser()
    columns = parse_columns(args.columns) if args.columns else None
    if args.format is not None:
        read = glossary_importer(args.format)
        fmt = args.format
    else:
        if not path.is_file():
            from .core.files import open_binary

            open_binary(path).close()  # the usual one-line error: no such file, a folder, ...
        fmt = looks_like(path)
        read = glossary_importer(fmt)
    found = read(path, columns)
    if args.text:
        library.load_meta(args.text)  # a clear error for an unknown text
        target = text_glossary(library, args.text)
    else:
        target = termbase(library, args.name or _name_from(path))
    if not library.root.is_dir():
        raise ReaderError("library folder does not exist", library.root)
    comment = f"Termbase imported from {path.name} ({fmt}) by `reader glossary import`; edit it as any glossary."
    report = edit_glossary(target.path, lambda glossary: merge_terms(glossary, found),
                           library_root=library.root, comment=comment)
    shown = target.relative(library.root)
    if not (report.added or report.merged or report.unchanged):
        first = f" ({path}:{report.refused[0][0]}: {report.refused[0][1]})" if report.refused else ""
        raise ReaderError(f"no term could be imported: {len(report.refused)} refused{first}", path)
    if args.json:
        print(json_visible(json.dumps({
            "file": str(path), "format": fmt, "glossary": shown, "source": target.label,
            "added": report.added, "merged": [{"zh": zh, "gained": gained} for zh, gained in report.merged],
            "unchanged": report.unchanged, "refused": [{"line": line, "reason": why} for line, why in report.refused],
            "remarks": found.remarks}, ensure_ascii=False, indent=2)))
        return 0
    print(visible(f"{path} ({fmt}) into {shown} ({target.label}): {len(report.added)} added, "
                  f"{len(report.merged)} merged, {len(report.unchanged)} already there, {len(report.refused)} refused"))
    for zh, gained in report.merged:
        print(visible(f"  merged {zh}: + {' | '.join(gained)}"))
    for line, why in report.refused:
        print(visible(f"  refused {path}:{line}: {why}"))
    for remark in found.remarks:
        print(visible(f"  note: {remark}"))
    return 0


DEFAULT_TOP = 100


def cmd_extract(library: Library, words: list[str], args) -> int:
    from .core.userstate import UserState

    if len(words) > 1:
        raise ReaderError(f"unexpected arguments: {' '.join(words[1:])} (usage: reader glossary extract TEXT)")
    text_id = words[0] if words else args.text
    if text_id is None:
        raise ReaderError("glossary extract needs a TEXT (usage: reader glossary extract TEXT [--top N])")
    if words and args.text and args.text != text_id:
        raise ReaderError(f"two texts named: {text_id} and --text {args.text}")
    top = DEFAULT_TOP if args.top is None else args.top
    if top < 1:
        raise ReaderError(f"--top {top}: want a number of candidates, 1 or more")
    library.load_meta(text_id)  # a clear error for an unknown text
    state, warning = UserState.open(readonly=True)
    if warning:
        for line in warning.splitlines():
            print(f"reader: warning: {visible(line)}", file=sys.stderr)
    rejected = state.rejected_terms(text_id)
    from .core.term_extraction import text_candidates

    found = text_candidates(library, text_id, use_glossary=not args.no_glossary, top=top, rejected=rejected)
    if args.json:
        print(json_visible(json.dumps([c.record() for c in found], ensure_ascii=False, indent=2)))
        return 0
    if not found:
        print("no term candidates")
        return 0
    from .core.script import cell_len

    zh_width = min(max(cell_len(visible(c.zh)) for c in found), 24)
    for rank, candidate in enumerate(found, start=1):
        zh = visible(candidate.zh)
        pad = " " * max(zh_width - cell_len(zh), 0)
        pairs = ", ".join(candidate.pairs[:6]) + (" ..." if len(candidate.pairs) > 6 else "")
        print(visible(f"{rank:4}  {candidate.score:5.2f}  {zh}{pad}  {candidate.en or '-'}  ({pairs})"))
    left_out = [what for what, count in (("in a glossary", not args.no_glossary), ("rejected in the reader", rejected))
                if count]
    print(f"\n{len(found)} candidates" + (f"; terms {' or '.join(left_out)} left out" if left_out else ""))
    return 0
