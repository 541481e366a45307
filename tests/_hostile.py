"""A hostile library: texts and a glossary full of what a terminal would obey.

The sources are written by `write_sources` at test time (written out in this file as
Python escapes, so that reading the repository never retitles anyone's terminal): an
interleaved web copy and a TSV file, each holding every kind of control character, plus
a library-wide glossary and a text with footnotes and headings, saved directly.
"""

from __future__ import annotations

import re
from pathlib import Path

# Each payload, and what it would do if it reached a terminal.
TITLE = "\x1b]0;pwned\x07"  # OSC 0: retitle the window (the pane title in tmux)
CLEAR = "\x1b[2J"  # CSI: clear the screen
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write to the clipboard
LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # OSC 8: a hidden link
C0 = "\x07\x08\x01\x0b\x0c\x7f"  # BEL, BS, SOH, VT, FF, DEL
LONE_CR = "over\rwritten"
C1 = "\x9b2J\x9d0;c1title\x9c\x85"  # 8-bit CSI, OSC ... ST, NEL
BIDI = "\u202egnp.exe\u202c \u2066isolate\u2069 \u200fmark"
MARKUP = "[bold]markup[/] [link=http://evil.example/]link[/link] [/]"
ALL = " ".join((TITLE, CLEAR, CLIPBOARD, LINK, C0, LONE_CR, C1, BIDI, MARKUP))

# How the first payload must look wherever it is shown.
TITLE_SHOWN = "␛]0;pwned␇"
CLEAR_SHOWN = "␛[2J"

# Everything that must never be written for a person to read (line feeds aside).
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

INTERLEAVED_ID = "hostile-interleaved"
TSV_ID = "hostile-tsv"
NOTES_ID = "hostile-notes"
TERM = "敌意"  # the glossary term the hostile texts hold


def interleaved_source() -> str:
    return "\n\n".join([
        f"Hostile {TITLE}title {CLEAR}here",
        f"敌意{TITLE}标题{CLEAR}在此",
        f"Source: Example {CLIPBOARD}Daily",
        "Editor: Jane Doe",
        "Published: 2024-05-01 08:30:00",
        f"By John {LINK}Smith",
        "约翰·史密斯",
        f"The hostile {TITLE} paragraph has {CLEAR} every {CLIPBOARD} kind {LINK} of control. {C0} {LONE_CR}",
        f"这个有敌意{TITLE}的段落{CLEAR}含有{CLIPBOARD}各种{LINK}控制字符。{C0}{LONE_CR}",
        f"A second paragraph, with C1 {C1} and bidi {BIDI} and {MARKUP} in it.",
        f"第二段有敌意的文字，含有第一类以外的控制字符{C1}，也有双向文字的控制符{BIDI}和标记语言{MARKUP}。",
    ]) + "\n"


def _tsv_field(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def tsv_source() -> str:
    rows = [
        ("p1", "title", f"Hostile {TITLE}table", f"敌意{TITLE}表格"),
        (f"p2{TITLE}", "body", f"Every {ALL} kind.", f"每一种敌意{ALL}。"),
        ("p3", "body", f"A line break\r\ninside {CLEAR} and a tab\there.", f"敌意{C1}{BIDI}"),
    ]
    return "id\tkind\ten\tzh\n" + "".join("\t".join(map(_tsv_field, row)) + "\n" for row in rows)


GLOSSARY = (
    "zh\ten\tvariants\tpinyin\tcategory\tnote\tattested\n"
    f"{TERM}\thostile\thostile{CLEAR}intent\tdí{TITLE}yì\tterm\tA note with {CLIPBOARD}{LINK} and {BIDI}.\teditor\n"
)


def write_sources(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"interleaved": folder / "hostile.txt", "tsv": folder / "hostile.tsv"}
    paths["interleaved"].write_text(interleaved_source(), encoding="utf-8")
    paths["tsv"].write_text(tsv_source(), encoding="utf-8")
    return paths


def notes_text():
    """An English-only text with hostile headings and footnotes (saved directly: the
    article importer's heuristics are not what is tested here)."""
    from reader.core.model import Footnote, Pair, Text, TextMeta

    pairs = [
        Pair("p1", "title", f"Notes {TITLE}article", ""),
        Pair("p2", "heading", f"A {CLEAR}heading", "", level=1),
        Pair("p3", "body", f"The hostile body with {ALL} and a footnote.", ""),
    ]
    footnotes = [Footnote(1, f"A citation {TITLE} with {CLIPBOARD} {LINK} {C1} {BIDI}.", "p3", 21)]
    meta = TextMeta(id=NOTES_ID, title={"en": f"Notes {TITLE}article"}, languages=("en",))
    return Text(meta, pairs, footnotes)
