"""The glossary commands: `reader lookup` and `reader glossary [check|export]`."""

from __future__ import annotations

import json
import os
import sys

from .core.errors import ReaderError
from .core.script import is_han
from .core.store import Library


def glossary_entries(library: Library, text_id: str | None):
    from .core.dictionary import Dictionary
    from .core.glossary import fill_pinyin

    if text_id is not None:
        library.load_meta(text_id)  # a clear error for an unknown text
    entries = library.glossary(text_id)
    fill_pinyin(entries, Dictionary.load)
    return entries


def cmd_lookup(library: Library, args) -> int:
    if not args.term.strip():
        raise ReaderError("TERM is empty: give a word in Chinese, English or pinyin")
    from .core.concordance import Concordance
    from .core.lookup import FUZZY, GlossaryIndex
    from .core.matching import TermMatcher
    from .formats import kwic

    entries = glossary_entries(library, args.text)
    texts = [library.load(args.text)] if args.text else list(library.texts())
    matches = GlossaryIndex(entries).search(args.term)
    found = [m for m in matches if m.kind != FUZZY]
    suggestions = [m for m in matches if m.kind == FUZZY]
    concordance = Concordance(TermMatcher(entries), texts) if found else None
    dictionary_entries = [] if found else _dictionary_entries(args.term)

    if args.json:
        result = {"query": args.term, "entries": [], "suggestions": []}
        for match in found:
            entry = entries[match.entry]
            result["entries"].append(
                {
                    "zh": entry.zh, "en": entry.en, "variants": list(entry.variants), "pinyin": entry.pinyin,
                    "category": entry.category, "note": entry.note, "attested": entry.attested,
                    "source": "glossary", "match": match.kind,
                    "occurrences": [
                        {"text": o.text_id, "pair": o.pair.id, "en": o.pair.en, "zh": o.pair.zh,
                         "en_spans": [list(s) for s in o.en_spans], "zh_spans": [list(s) for s in o.zh_spans]}
                        for o in concordance.occurrences(match.entry)
                    ],
                }
            )
        for entry in dictionary_entries:
            result["entries"].append(
                {"zh": entry.simplified, "traditional": entry.traditional, "en": "; ".join(entry.definitions),
                 "definitions": list(entry.definitions), "pinyin": entry.pinyin, "source": "cc-cedict",
                 "match": "dictionary", "occurrences": []}
            )
        result["suggestions"] = [
            {"zh": entries[m.entry].zh, "en": entries[m.entry].en, "pinyin": entries[m.entry].pinyin, "score": round(m.score)}
            for m in suggestions
        ]
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0 if found or dictionary_entries else 1

    marker = kwic.Marker.for_terminal(sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    blocks = []
    for match in found:
        entry = entries[match.entry]
        lines = kwic.entry_lines(entry)
        first = "zh" if any(map(is_han, args.term)) else "en"
        lines += kwic.occurrence_lines(concordance.occurrences(match.entry), marker, first=first)
        blocks.append("\n".join(lines))
    if dictionary_entries:
        blocks.append("\n".join(["not in the glossary; CC-CEDICT has:", *kwic.dictionary_lines(dictionary_entries)]))
    if blocks:
        print("\n\n".join(blocks))
    if suggestions and not found and not dictionary_entries:
        print(("\n" if blocks else "") + "did you mean: " + ", ".join(
            f"{entries[m.entry].zh} ({entries[m.entry].en})" for m in suggestions[:8]))
    if not blocks:
        print(f"reader: no glossary or CC-CEDICT entry for {args.term!r}", file=sys.stderr)
        return 1
    return 0


def _dictionary_entries(query: str):
    """CC-CEDICT entries for a query the glossary does not know."""
    from .core.dictionary import Dictionary
    from .core.pinyin import looks_like_pinyin

    dictionary = Dictionary.load()
    query = query.strip()
    if any(map(is_han, query)):
        found = list(dictionary.lookup(query))
        if not found:
            position, words = 0, []
            while position < len(query):  # a phrase: its words, longest first
                match = dictionary.longest_match(query, position)
                if match is None:
                    position += 1
                    continue
                words += match[1]
                position = match[0]
            found = words
        return found
    results = list(dictionary.search_pinyin(query, limit=10)) if looks_like_pinyin(query) else []
    results += [e for e in dictionary.search_english(query, limit=10) if e not in results]
    return results


def cmd_glossary(library: Library, args) -> int:
    words = list(args.words)
    action = words.pop(0) if words and words[0] in ("check", "export") else None
    if len(words) > 1:
        raise ReaderError(f"unexpected arguments: {' '.join(words[1:])} (usage: reader glossary [check|export] [TEXT])")
    text_id = words[0] if words else None
    if args.text is not None:
        if text_id is not None and text_id != args.text:
            raise ReaderError(f"two texts named: {text_id} and --text {args.text}")
        text_id = args.text
    export_options = [name for name, given in (("--format", args.format), ("--output", args.output),
                                               ("--bom", args.bom)) if given]
    if action != "export" and export_options:
        raise ReaderError(f"{export_options[0]} is an option of `reader glossary export`")
    if action == "export":
        return _glossary_export(library, text_id, args)
    if action == "check":
        return _glossary_check(library, text_id, args.json)
    entries = glossary_entries(library, text_id)
    if args.json:
        print(json.dumps(
            [{"zh": e.zh, "en": e.en, "variants": list(e.variants), "pinyin": e.pinyin, "category": e.category,
              "note": e.note, "attested": e.attested, "origin": e.origin} for e in entries],
            ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print("the glossary is empty")
        return 0
    from .core.script import cell_len

    zh_width = max(cell_len(e.zh) for e in entries)
    pinyin_width = max(len(e.pinyin) for e in entries)
    for entry in entries:
        pad = " " * (zh_width - cell_len(entry.zh))
        print(f"{entry.zh}{pad}  {entry.pinyin:<{pinyin_width}}  {entry.category:<12}  {entry.en}")
    print(f"\n{len(entries)} entries")
    return 0


def _glossary_export(library: Library, text_id: str | None, args) -> int:
    from .formats import GLOSSARY_EXPORTERS, glossary_exporter
    from .formats.export import options_for, output_files, write_outputs

    if args.format is None:
        raise ReaderError(f"glossary export needs --format ({', '.join(GLOSSARY_EXPORTERS)})")
    if args.json:
        raise ReaderError("--json does not apply to glossary export (use --format)")
    export = glossary_exporter(args.format)
    options = options_for(export, args.format, {"bom": True} if args.bom else {}, {})
    entries = glossary_entries(library, text_id)
    scope = library.load_meta(text_id).display_title() if text_id else f"the library {library.root.resolve().name}"
    result = export(entries, title=f"Glossary: {scope}", **options)
    files = output_files(result, args.output, args.format)
    if not files:
        sys.stdout.write(result)
        return 0
    write_outputs(files, force=args.force)
    print(f"wrote {len(entries)} glossary entries to {args.output}", file=sys.stderr)
    return 0


def _glossary_check(library: Library, text_id: str | None, as_json: bool) -> int:
    from .core.concordance import check_consistency
    from .core.glossary import read_glossary
    from .core.matching import TermMatcher
    from .formats import kwic

    reports = []
    for current in [text_id] if text_id else library.ids():
        try:  # over the whole library, a damaged text is reported and skipped
            if not text_id and library.load_meta(current).languages != ("en", "zh"):
                continue
            text = library.load(current)
        except ReaderError as exc:
            if text_id:
                raise
            library.skip(exc)
            continue
        entries = glossary_entries(library, current)
        own_file = library.texts_dir / current / "glossary.tsv"
        try:
            own_zh = {e.zh for e in read_glossary(own_file)} if own_file.is_file() else None
        except ReaderError as exc:  # reported and skipped (as glossary_entries did)
            library.skip(exc)
            own_zh = set()
        own = [e for e in entries if own_zh is None or e.zh in own_zh]
        reports.append(check_consistency(text, TermMatcher(entries), own=own))
    if as_json:
        def item(i):
            return {"pair": i.pair_id, "zh": i.entry.zh, "en": i.entry.en, "found_in": i.found_in}

        print(json.dumps([
            {"text": r.text_id, "pairs_checked": r.pairs_checked, "matches": [item(i) for i in r.matches],
             "misses": [item(i) for i in r.misses], "unused": [e.zh for e in r.unused],
             "bad_attestations": [{"zh": e.zh, "attested": e.attested, "problem": p} for e, p in r.bad_attestations]}
            for r in reports], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join("\n".join(kwic.check_lines(r)) for r in reports))
    return 0
