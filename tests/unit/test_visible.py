"""Control characters shown as symbols, one for one, and found in sources for the report."""

from __future__ import annotations

import json

import pytest

from reader.core.layout import Columns, lay_out_pair, wrap
from reader.core.model import Pair
from reader.core.script import cell_len
from reader.core.visible import control_warnings, controls, describe, json_visible, stored_control_warnings, visible
from reader.formats.kwic import Marker, kwic


@pytest.mark.parametrize(
    "text, shown, lines",
    [
        ("plain text, 中文", "plain text, 中文", None),
        ("\x1b]0;pwned\x07", "␛]0;pwned␇", None),
        ("\x1b[2J", "␛[2J", None),
        ("a\x08b\x00c\x7f", "a␈b␀c␡", None),
        ("over\rwritten", "over␍written", None),
        ("tab\there", "tab here", None),
        ("line\nbreak", "line break", "line\nbreak"),
        ("crlf\r\nend", "crlf␍ end", "crlf␍\nend"),
        ("\u2028\u2029", "  ", "\n\n"),
        ("\x9b2J \x9d0;t\x9c \x85", "�2J �0;t� �", None),  # C1: CSI, OSC, ST, NEL
        ("\u202eexe.txt\u202c", "�exe.txt�", None),
        ("\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "�������", None),
        ("lone \ud800 surrogate", "lone � surrogate", None),
        ("\u200b\u200d\ufeff kept", "\u200b\u200d\ufeff kept", None),  # zero-width: harmless
    ],
)
def test_visible_shows_every_control_as_one_symbol(text, shown, lines):
    assert visible(text) == shown
    assert visible(text, lines=True) == (lines if lines is not None else shown)
    assert len(visible(text)) == len(text)  # one for one: offsets and spans stay valid


def test_every_symbol_takes_one_cell():
    every = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]) + "\u202a\u202e\u2066\u2069"
    shown = visible(every)
    assert cell_len(shown) == len(every)
    from rich.cells import cell_len as rich_cell_len

    assert rich_cell_len(shown) == len(every)  # what the reader's view measures with


def test_a_pair_lays_out_with_the_symbols_at_the_same_offsets():
    pair = Pair("p1", "body", "The \x1b]0;pwned\x07 title and more words to wrap", "日本\x1b[2J持续推进")
    rows = lay_out_pair(pair, Columns.for_width(40, stacked=True))
    text = "".join(row.left for row in rows if row.lang == "en")
    assert "␛]0;pwned␇" in text and "\x1b" not in text
    for row in rows[:-1]:
        side = visible(pair.side(row.lang))
        assert side[row.left_at:row.left_at + len(row.left)] == row.left  # offsets as in the text
    assert all("\x1b" not in line for line in wrap(visible("a\x1b[2Jb " * 20), 15))


@pytest.mark.parametrize(
    "char, name",
    [("\x1b", "U+001B ESC"), ("\x07", "U+0007 BEL"), ("\x7f", "U+007F DEL"), ("\x9b", "U+009B CSI"),
     ("\x85", "U+0085 NEL"), ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE")],
)
def test_describe_names_a_control_as_one_looks_it_up(char, name):
    assert describe(char) == name


def test_controls_are_found_by_line_and_column_tabs_and_line_breaks_aside():
    source = "clean\tline\r\n\x1b]0;x\x07 and\rmore\n\nlast \u202e\x9b\n"
    found = [(c.line, c.column, c.char) for c in controls(source)]
    assert found == [(2, 1, "\x1b"), (2, 6, "\x07"), (2, 11, "\r"), (4, 6, "\u202e"), (4, 7, "\x9b")]


def test_control_warnings_name_file_line_and_characters():
    warnings = control_warnings("ok\n\x1b]0;pwned\x07 \x1b[2J\n", "hostile.txt")
    assert warnings[0] == "hostile.txt:2:1: control characters U+001B ESC ×2, U+0007 BEL"
    assert "3 control character(s) kept in the text as received" in warnings[-1]
    assert control_warnings("clean\ttext\r\n", "f") == []


def test_a_file_of_control_bytes_is_summed_up_not_listed():
    binary = bytes(b for b in range(1, 32) if b not in (9, 10, 13)).decode() * 5000 + "\n\x02\n" * 50
    warnings = control_warnings(binary, "blob.bin")
    assert len(warnings) == 10  # 8 lines, "and more", the summary
    assert warnings[8] == "blob.bin: 43 more control character(s) on 43 more line(s)"
    assert warnings[9].startswith(f"blob.bin: {28 * 5000 + 50} control character(s)")


def test_stored_controls_not_in_the_source_are_reported_by_field():
    fields = [("pair p1 (en)", "a\rb"), ("pair p2 (en)", "c\x1bd"), ("title (en)", "\x9b")]
    warnings = stored_control_warnings(fields, ["source with a raw \x1b and escapes \\r"])
    assert warnings == [
        "pair p1 (en): control character U+000D CR (kept as received, shown as a symbol)",
        "title (en): control character U+009B CSI (kept as received, shown as a symbol)",
    ]


def test_json_visible_is_the_same_data_and_safe_to_print():
    record = {"title": "a\x1b]0;t\x07 \x9b \u202e \x7f \u2028 中文 \ud800"}
    dumped = json_visible(json.dumps(record, ensure_ascii=False))
    assert json.loads(dumped) == record
    dumped.encode("utf-8")  # printable: a lone surrogate is escaped too
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u202e\u2028" for c in dumped)
    assert "中文" in dumped


def test_kwic_marks_the_term_and_shows_the_rest_as_symbols():
    text = "before \x1b]0;pwned\x07 the term \x1b[2J after"
    start = text.index("term")
    line = kwic(text, [(start, start + 4)], Marker.for_terminal(True))
    assert line == "before ␛]0;pwned␇ the \x1b[1;33mterm\x1b[0m ␛[2J after"  # only the marker's own escapes


def test_the_core_modules_of_this_stay_free_of_the_terminal_ui():
    import subprocess
    import sys

    code = ("import sys, reader.core.visible, reader.core.userstate, reader.core.state_migration, reader.core.layout; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
