"""The glossary commands: `reader lookup` and `reader glossary [check|export]`."""

from __future__ import annotations

import json
import os
import sys

from .core.errors import ReaderError
from .core.script import is_han
from .core.store import Library
from .core.visible import json_visible, visible


def glossary_entries(library: Library, text_id: str | None):
    from .core.dictionary import Dictionary
    from .core.glossary import fill_pinyin

    if text_id is not None:
        library.load_meta(text_id)  # a clear error for an unknown text
    entries = library.glossary(text_id)
    fill_pinyin(entries, Dictionary.load)
    return entries


def _term_index(library: Library, text_id: str, matcher):
    """A text's glossary terms pair by pair, from its index in the user cache (built when
    the text, its edit journal or the glossary has changed since)."""
    from .core.term_index import TermIndex

    def building(size: int) -> None:
        if size >= INDEX_NOTICE_BYTES and sys.stderr.isatty():
            print(visible(f"reader: indexing the glossary terms of {text_id} ({size / 1e6:.0f} MB), once: "
                          "the index is kept in the user cache"), file=sys.stderr, flush=True)

    return TermIndex.for_text(library, text_id, matcher, building=building)


INDEX_NOTICE_BYTES = 4_000_000  # an alignment file from which building its index takes seconds


def _term_indexes(library: Library, text_id: str | None, matcher) -> list:
    """The index of the text named, or of every text that can be read (a damaged one is
    reported and skipped, as `Library.texts` does)."""
    if text_id is not None:
        return [_term_index(library, text_id, matcher)]
    indexes = []
    for current in library.ids():
        try:
            library.load_meta(current)
            indexes.append(_term_index(library, current, matcher))
        except ReaderError as exc:
            library.skip(exc)
    return indexes


LOOKUP_SHOWN = 20  # occurrences an entry shows on a terminal, unless --limit says


def cmd_lookup(library: Library, args) -> int:
    if not args.term.strip():
        raise ReaderError("TERM is empty: give a word in Chinese, English or pinyin")
    from .core.concordance import indexed_occurrence_count, indexed_occurrences, indexed_word_occurrences
    from .core.dictionary import Dictionary
    from .core.lookup import FUZZY, GlossaryIndex, look_up
    from .core.matching import TermMatcher
    from .core.segment import words
    from .formats import kwic

    from .core.glossaries import every_entry
    from .core.glossary import fill_pinyin

    if args.text is not None:
        library.load_meta(args.text)  # a clear error for an unknown text
    # Every glossary's entries, not merged (a term two glossaries give comes from each),
    # the one that wins for a text first.
    every = list(reversed(every_entry(library, args.text)))
    entries = [entry for _, entry in every]
    sources = [source for source, _ in every]
    fill_pinyin(entries, Dictionary.load)
    matcher = TermMatcher(entries)
    # each text's terms from its index in the user cache (built on the first look-up)
    indexes = _term_indexes(library, args.text, matcher)
    dictionary = Dictionary.load()
    results = look_up(GlossaryIndex(entries), dictionary, args.term, limit=40)
    found = [r for r in results if r.kind != FUZZY]
    found = _trim_dictionary(found)
    suggestions = [r for r in results if r.kind == FUZZY]

    if args.limit is not None and args.limit < 0:
        raise ReaderError(f"--limit {args.limit}: give a number of occurrences, 0 for all")
    # occurrences shown an entry: all of them in JSON unless told, the first 20 on a terminal
    limit = args.limit if args.limit is not None else (0 if args.json else LOOKUP_SHOWN)

    def occurrences(result):
        """The first `limit` occurrences of a result (all for 0), and how many there are."""
        shown = limit or None
        if result.source == "glossary":
            return indexed_occurrences(indexes, result.entry, shown), indexed_occurrence_count(indexes, result.entry)
        return indexed_word_occurrences(indexes, result.word.simplified, segment, shown)

    def segment(index, zh: str, terms, start: int, stop: int):
        """The word cursor's words (glossary terms, names, CC-CEDICT's) from start to stop;
        the names learnt from the whole text when first needed, then kept beside its index."""
        return words(zh, terms, dictionary, index.names(dictionary), start, stop)

    if args.json:
        out = {"query": args.term, "entries": [], "suggestions": []}
        for result in found:
            shown, total = occurrences(result)
            spans = [
                {"text": o.text_id, "pair": o.pair.id, "en": o.pair.en, "zh": o.pair.zh,
                 "en_spans": [list(s) for s in o.en_spans], "zh_spans": [list(s) for s in o.zh_spans]}
                for o in shown
            ]
            if result.source == "glossary":
                entry = entries[result.entry]
                source = sources[result.entry]
                out["entries"].append(
                    {"zh": entry.zh, "en": entry.en, "variants": list(entry.variants), "pinyin": entry.pinyin,
                     "category": entry.category, "note": entry.note, "attested": entry.attested,
                     "exclude": list(entry.exclude), "source": "glossary", "glossary": source.label,
                     "glossary_file": source.relative(library.root), "match": result.kind,
                     "occurrences": spans, "occurrence_count": total})
            else:
                word = result.word
                out["entries"].append(
                    {"zh": word.simplified, "traditional": word.traditional, "en": "; ".join(word.definitions),
                     "definitions": list(word.definitions), "pinyin": word.pinyin, "source": "cc-cedict",
                     "match": result.kind, "occurrences": spans, "occurrence_count": total})
        out["suggestions"] = [
            {"zh": entries[r.entry].zh, "en": entries[r.entry].en, "pinyin": entries[r.entry].pinyin,
             "score": round(r.score)}
            for r in suggestions
        ]
        print(json_visible(json.dumps(out, ensure_ascii=False, indent=2)))
        return 0 if found else 1

    marker = kwic.Marker.for_terminal(sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    first = "zh" if any(map(is_han, args.term)) else "en"
    blocks = []
    for result in found:
        if result.source == "glossary":
            source = sources[result.entry]
            lines = kwic.entry_lines(entries[result.entry], f"{source.label} ({source.relative(library.root)})")
        else:
            lines = kwic.dictionary_entry_lines(result.word, result.kind)
        shown, total = occurrences(result)
        lines += kwic.occurrence_lines(shown, marker, first=first, total=total)
        if total > len(shown):
            lines.append(f"  ... and {total - len(shown)} more (--limit 0 shows them all)")
        blocks.append("\n".join(lines))
    if blocks:
        print("\n\n".join(blocks))
        return 0
    if suggestions:
        print("did you mean: " + visible(", ".join(
            f"{entries[r.entry].zh} ({entries[r.entry].en})" for r in suggestions[:8])))
    print(f"reader: no glossary or CC-CEDICT entry for {visible(repr(args.term))}", file=sys.stderr)
    return 1


DICTIONARY_SHOWN = 8  # CC-CEDICT entries shown at most (every glossary match is)


def _trim_dictionary(results):
    """The ranked results with at most DICTIONARY_SHOWN from CC-CEDICT: enough for the
    senses of a word, not the hundreds of headwords an English word is in."""
    shown, kept = 0, []
    for result in results:
        if result.source == "cc-cedict":
            if shown >= DICTIONARY_SHOWN:
                continue
            shown += 1
        kept.append(result)
    return kept


ACTIONS = ("check", "export", "import", "extract")
# The options of one action only, each refused elsewhere in one line.
_OWN_OPTIONS = {"export": ("format", "output", "bom"), "import": ("format", "name", "columns"),
                "extract": ("top", "no_glossary")}


def cmd_glossary(library: Library, args) -> int:
    words = list(args.words)
    action = words.pop(0) if words and words[0] in ACTIONS else None
    for option in {name for names in _OWN_OPTIONS.values() for name in names}:
        if getattr(args, option) not in (None, False) and option not in _OWN_OPTIONS.get(action, ()):
            owners = " or ".join(f"`reader glossary {a}`" for a, names in _OWN_OPTIONS.items() if option in names)
            raise ReaderError(f"--{option.replace('_', '-')} is an option of {owners}")
    if action in ("import", "extract"):
        from . import cli_termbase

        return getattr(cli_termbase, f"cmd_{action}")(library, words, args)
    if len(words) > 1:
        raise ReaderError(f"unexpected arguments: {' '.join(words[1:])} (usage: reader glossary [check|export] [TEXT])")
    text_id = words[0] if words else None
    if args.text is not None:
        if text_id is not None and text_id != args.text:
            raise ReaderError(f"two texts named: {text_id} and --text {args.text}")
        text_id = args.text
    if action == "export":
        return _glossary_export(library, text_id, args)
    if action == "check":
        return _glossary_check(library, text_id, args.json)
    entries = glossary_entries(library, text_id)
    if args.json:
        print(json_visible(json.dumps(
            [{"zh": e.zh, "en": e.en, "variants": list(e.variants), "pinyin": e.pinyin, "category": e.category,
              "note": e.note, "attested": e.attested, "exclude": list(e.exclude), "origin": e.origin}
             for e in entries],
            ensure_ascii=False, indent=2)))
        return 0
    if not entries:
        print("the glossary is empty")
        return 0
    from .core.script import cell_len

    zh_width = max(cell_len(visible(e.zh)) for e in entries)
    pinyin_width = max(len(e.pinyin) for e in entries)
    for entry in entries:
        zh = visible(entry.zh)
        pad = " " * (zh_width - cell_len(zh))
        print(visible(f"{zh}{pad}  {entry.pinyin:<{pinyin_width}}  {entry.category:<12}  {entry.en}"))
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
    print(visible(f"wrote {len(entries)} glossary entries to {args.output}"), file=sys.stderr)
    return 0


def _glossary_check(library: Library, text_id: str | None, as_json: bool) -> int:
    from .core.concordance import check_indexed
    from .core.glossary import read_glossary
    from .core.matching import TermMatcher
    from .formats import kwic

    reports = []
    for current in [text_id] if text_id else library.ids():
        try:  # over the whole library, a damaged text is reported and skipped
            if library.load_meta(current).languages != ("en", "zh") and not text_id:
                continue
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
        matcher = TermMatcher(entries)
        try:
            index = _term_index(library, current, matcher)
        except ReaderError as exc:
            if text_id:
                raise
            library.skip(exc)
            continue
        reports.append(check_indexed(index, matcher, own=own))
        index.close()
    if as_json:
        def item(i):
            return {"pair": i.pair_id, "zh": i.entry.zh, "en": i.entry.en, "found_in": i.found_in}

        print(json_visible(json.dumps([
            {"text": r.text_id, "pairs_checked": r.pairs_checked, "matches": [item(i) for i in r.matches],
             "misses": [item(i) for i in r.misses], "unused": [e.zh for e in r.unused],
             "bad_attestations": [{"zh": e.zh, "attested": e.attested, "problem": p} for e, p in r.bad_attestations]}
            for r in reports], ensure_ascii=False, indent=2)))
    else:
        print("\n\n".join("\n".join(kwic.check_lines(r)) for r in reports))
    return 0
