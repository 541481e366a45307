"""Text from files made safe to show on a terminal.

A text is data: an escape sequence in a paragraph must be read, never obeyed. `visible`
replaces every character a terminal (or a bidirectional renderer) would act on with a
visible symbol, one character for one, so the offsets of highlights, sentence spans and
footnote marks stay valid and each symbol takes exactly one cell:

- C0 controls and DEL become Unicode's control pictures (ESC -> ␛, BEL -> ␇, CR -> ␍);
- a tab becomes a space, and a line break (LF, U+2028, U+2029) a space too, or stays a
  line break where the output has lines to break (`lines=True`);
- C1 controls (CSI, OSC, NEL, ...), bidirectional controls (U+202E and its friends) and
  lone surrogates, which have no picture of their own, become U+FFFD (�).

Files written for other programs (exports) keep the text byte for byte; everything printed
or drawn for a person goes through `visible`, and JSON printed by a command through
`json_visible` (escapes: the data is unchanged). `controls` finds the same characters in
a source file so that an importer can report them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

REPLACEMENT = "\ufffd"
# Bidirectional controls: embeddings, overrides and isolates, and the three marks.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_BREAKS = "\n\u2028\u2029"

_SHOWN = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]")


@cache
def _table(lines: bool) -> dict[int, str]:
    """What `visible` shows each control character as (made the first time one is met)."""
    table = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x7F] = "\u2421"
    table.update({code: REPLACEMENT for code in range(0x80, 0xA0)})
    table.update({ord(char): REPLACEMENT for char in BIDI_CONTROLS})
    table.update({code: REPLACEMENT for code in range(0xD800, 0xE000)})
    table[ord("\t")] = " "
    for char in _LINE_BREAKS:
        table[ord(char)] = "\n" if lines else " "
    return table


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with every control character shown as a visible symbol, one for one.
    With `lines`, line feeds (and U+2028, U+2029) stay line breaks."""
    if not _SHOWN.search(text):
        return text
    return text.translate(_table(lines))


_JSON_RAW = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]")


def json_visible(dumped: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`, which escapes only C0
    controls) with DEL, C1 and bidirectional controls (and lone surrogates, which no
    output encoding can write) as `\\u` escapes too: the same data for a program, nothing
    a terminal would obey for a person. (Such characters can only stand inside JSON
    strings, where an escape means the same.)"""
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


# -- finding them in a source file -----------------------------------------------------------

_C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_C1_NAMES = (
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGCI SCI CSI ST OSC PM APC"
).split()
# What a source file may hold: tabs and line breaks (CR only as part of CRLF).
_REPORTED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]|\r(?!\n)")


def describe(char: str) -> str:
    """A control character as a person can look it up: 'U+001B ESC'."""
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code < 0xA0:
        name = _C1_NAMES[code - 0x80]
    else:
        name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}".rstrip()


@dataclass(frozen=True)
class Control:
    """A control character found in a text: where (1-based line and column) and which."""

    line: int
    column: int
    char: str


def _printable(text: str, chunk: int = 1 << 20) -> bool:
    """Whether the text is printable but for line feeds and tabs (a chunk at a time)."""
    return all(part.isprintable() or part.replace("\n", "").replace("\t", "").isprintable()
               for part in (text[at:at + chunk] for at in range(0, len(text), chunk)))


def controls(text: str) -> Iterator[Control]:
    """Every control character of `text` other than tabs and line breaks (LF, CRLF),
    in order: C0 and C1 controls, DEL, a lone CR, and bidirectional controls."""
    if _printable(text):  # every one of them is unprintable: most texts hold none
        return
    line, line_start, scanned = 1, 0, 0
    for match in _REPORTED.finditer(text):
        at = match.start()
        newlines = text.count("\n", scanned, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", scanned, at) + 1
        scanned = at
        yield Control(line, at - line_start + 1, match.group())


def control_warnings(text: str, origin: str, limit: int = 8, found: Iterable[Control] | None = None) -> list[str]:
    """Import warnings for the control characters of a source: one for each of the first
    `limit` lines holding any (place and characters), then how many more, then what the
    reader does with them (keeps them, shows them as symbols). `found`: the source's
    controls, found as it was read (`text` is then not looked at)."""
    shown: dict[int, tuple[int, dict[str, int]]] = {}  # line -> (first column, char -> count)
    total = more = 0
    more_lines: set[int] = set()
    for control in controls(text) if found is None else found:
        total += 1
        if control.line in shown or len(shown) < limit:
            column, kinds = shown.setdefault(control.line, (control.column, {}))
            kinds[control.char] = kinds.get(control.char, 0) + 1
        else:
            more += 1
            more_lines.add(control.line)
    if not total:
        return []
    warnings = []
    for number, (column, kinds) in shown.items():
        count = sum(kinds.values())
        what = ", ".join(f"{describe(char)}" + (f" ×{n}" if n > 1 else "") for char, n in kinds.items())
        warnings.append(f"{origin}:{number}:{column}: control character{'s' if count > 1 else ''} {what}")
    if more:
        warnings.append(f"{origin}: {more} more control character(s) on {len(more_lines)} more line(s)")
    warnings.append(f"{origin}: {total} control character(s) kept in the text as received; "
                    "the reader shows them as symbols (␛, ␇, �) and never sends them to the terminal")
    return warnings


def stored_control_warnings(fields: Iterable[tuple[str, str]], sources: Iterable[str], limit: int = 8,
                            in_sources: set[str] | None = None) -> list[str]:
    """Warnings for the control characters an import stores that its sources do not hold
    as such: they came from an escape (TSV's `\\r`), a character reference (`&#x9b;` in
    XML) or a file read beside the source (InterText's texts). `fields` are (label, text),
    e.g. ("pair p3 (en)", pair.en); each warning names the field and the characters.
    (A character the sources hold raw is reported there, by line, and not again here;
    `in_sources` gives those characters instead of `sources`.)"""
    if in_sources is None:
        in_sources = {control.char for source in sources for control in controls(source)}
    warnings, more = [], 0
    for label, value in fields:
        kinds: dict[str, int] = {}
        for control in controls(value):
            if control.char not in in_sources:
                kinds[control.char] = kinds.get(control.char, 0) + 1
        if not kinds:
            continue
        if len(warnings) >= limit:
            more += sum(kinds.values())
            continue
        what = ", ".join(describe(char) + (f" ×{n}" if n > 1 else "") for char, n in kinds.items())
        warnings.append(f"{label}: control character{'s' if sum(kinds.values()) > 1 else ''} {what} "
                        "(kept as received, shown as a symbol)")
    if more:
        warnings.append(f"{more} more control character(s) in the text")
    return warnings
