"""Plain-text output for look-ups and consistency checks: glossary entries, concordance
lines (keyword in context) with the term marked, and the check report."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, groupby
from operator import attrgetter, itemgetter

from ..core.concordance import ConsistencyReport, Occurrence
from ..core.model import aligned_span
from ..core.glossary import GlossaryEntry
from ..core.script import clip_left, clip_right, end_within
from ..core.visible import visible

CONTEXT = 34  # cells of context on each side of a term


@dataclass
class Marker:
    """How a term is marked: colour on a terminal, «guillemets» in a pipe."""

    start: str = "«"
    end: str = "»"

    @classmethod
    def for_terminal(cls, colour: bool) -> "Marker":
        return cls("\x1b[1;33m", "\x1b[0m") if colour else cls()


def kwic(text: str, spans: list[tuple[int, int]], marker: Marker, context: int = CONTEXT) -> str:
    """The first span of `text` with `context` cells either side, every span marked
    (control characters shown as symbols: offsets and widths stay as they were)."""
    text = visible(text)
    if not spans:
        return clip_right(text, 2 * context)
    first_start, first_end = spans[0]
    left = clip_left(text[:first_start], context)
    right_end = end_within(text, first_end, context)
    start = first_start - len(left)
    out = ["…" if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        if span_start < position or span_start >= right_end:
            continue
        out.append(text[position:span_start])
        out.append(marker.start + text[span_start:span_end] + marker.end)
        position = span_end
    out.append(text[position:right_end])
    if right_end < len(text):
        out.append("…")
    return "".join(out)


def entry_lines(entry: GlossaryEntry, source: str = "glossary") -> list[str]:
    lines = [f"{entry.zh}  {entry.pinyin}  {entry.en}".rstrip()]
    if entry.variants:
        lines.append(f"  variants: {' | '.join(entry.variants)}")
    lines.append(f"  category: {entry.category}    source: {source}    attested: {entry.attested or '-'}")
    if entry.note:
        lines.append(f"  note: {entry.note}")
    return [visible(line) for line in lines]


def occurrence_lines(occurrences: list[Occurrence], marker: Marker, first: str = "zh",
                     total: int | None = None) -> list[str]:
    """Each occurrence as its place and a concordance line per side. A side where the
    term is not found shows what the sentence links align with it, where known. `total`:
    how many there are, when `occurrences` are the first of them."""
    if not occurrences:
        return ["  occurs in no pair"]
    count = len(occurrences) if total is None or total == len(occurrences) else f"{len(occurrences)} of {total}"
    lines = [f"  occurrences ({count}):"]
    second = "en" if first == "zh" else "zh"
    for occurrence in occurrences:
        pair = occurrence.pair
        spans = {"en": occurrence.en_spans, "zh": occurrence.zh_spans}
        lines.append(visible(f"  {occurrence.text_id} {pair.id}"))
        for lang in (first, second):
            text = pair.side(lang)
            if not text:
                continue
            other = "zh" if lang == "en" else "en"
            window = aligned_span(pair, other, spans[other][0]) if not spans[lang] and spans[other] else None
            if window is not None:
                lines.append(f"    {lang}  {visible(excerpt(text, *window))}")
            else:
                lines.append(f"    {lang}  {kwic(text, spans[lang], marker)}")
    return lines


def excerpt(text: str, start: int, end: int, cells: int = 2 * CONTEXT) -> str:
    """text[start:end] in at most `cells` cells, with … where it is cut or continues."""
    stop = end_within(text, start, cells)
    stop = min(stop, end) if stop < end else end
    return ("…" if start > 0 else "") + text[start:stop].strip() + ("…" if stop < len(text) else "")


def dictionary_lines(entries) -> list[str]:
    lines = []
    for entry in entries:
        lines += dictionary_entry_lines(entry)
    return lines


def dictionary_entry_lines(entry, kind: str = "") -> list[str]:
    """A CC-CEDICT entry: headword (and traditional form), pinyin, every sense."""
    headword = entry.simplified if entry.simplified == entry.traditional else f"{entry.simplified} ({entry.traditional})"
    lines = [f"{headword}  {entry.pinyin}", f"  {'; '.join(entry.definitions)}"]
    if kind:
        lines.append(f"  source: CC-CEDICT    match: {kind}")
    return [visible(line) for line in lines]


def check_lines(report: ConsistencyReport) -> list[str]:
    """The consistency report: misses first (what a reviewer acts on), then matches,
    unused entries and the summary."""
    lines = [f"term consistency: {report.text_id} ({report.pairs_checked} bilingual pairs checked)"]
    if report.misses:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}): a term on one side without a rendering on the other")
        for item in report.misses:
            where = "Chinese term, no English rendering" if item.found_in == "zh" else "English rendering, no Chinese term"
            lines.append(f"  {item.pair_id:<6} {item.entry.zh}  {item.entry.en}  ({where})")
    lines.append("")
    lines.append(f"matches ({len(report.matches)}):")
    # A pair's matches are one run of the list (the check goes pair by pair): grouped as
    # runs, which a long text's million matches need.
    zh_of = attrgetter("entry.zh")
    for pair_id, items in groupby(report.matches, key=itemgetter(0)):
        lines.append(f"  {pair_id:<6} {'、'.join(map(zh_of, items))}")
    if report.bad_attestations:
        lines.append("")
        lines.append(f"attestations that do not hold ({len(report.bad_attestations)}):")
        for entry, problem in report.bad_attestations:
            lines.append(f"  {entry.zh}  {entry.attested}: {problem}  ({entry.origin})")
    lines.append("")
    lines.append(f"unused entries ({len(report.unused)}):")
    if report.unused:
        lines.append("  " + "、".join(entry.zh for entry in report.unused))
    lines.append("")
    terms_seen = len(set(map(zh_of, chain(report.matches, report.misses))))
    lines.append(
        f"summary: {len(report.matches)} consistent, {len(report.misses)} missed, "
        f"{len(report.unused)} unused, {len(report.bad_attestations)} bad attestations; "
        f"{terms_seen} terms occur"
    )
    return [visible(line) for line in lines]

