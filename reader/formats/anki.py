"""Anki export: an `.apkg` deck (written with genanki) of paragraph and vocabulary cards.

Paragraph notes have two cards, English → Chinese and Chinese → English; a pair with an
empty side has nothing to ask and gives no note. Vocabulary notes are the glossary
entries that occur in the exported pairs: the Chinese term on the front; pinyin, English,
variants, the note and the first paragraph it occurs in (both sides, the term in bold) on
the back.

Everything that identifies a deck is derived from names, never from the time of export:
the deck id from the text id, the note type ids from their names, and the note GUIDs
from (text id, pair id) and from the Chinese term. Importing a later export of the same
text therefore updates the notes already in a collection instead of adding copies, and
a term keeps one note however many texts it is exported with.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import tempfile
import time
import zipfile
from functools import partial
from html import escape as escape_html
from itertools import count
from pathlib import Path

import genanki

from ..core.glossary import GlossaryEntry
from ..core.matching import Hit, TermMatcher
from ..core.model import Pair, Text

STYLE = """
.card { font-family: "Noto Serif", Georgia, serif; font-size: 20px; text-align: left; line-height: 1.6;
  color: black; background: white; max-width: 40em; margin: 0 auto; }
.zh { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "PingFang SC", serif; }
.term { font-size: 48px; text-align: center; }
.pinyin { font-size: 24px; text-align: center; color: #555; }
.english { font-size: 24px; text-align: center; }
.variants, .note, .source { font-size: 16px; color: #555; }
.context { font-size: 17px; margin-top: 1em; }
.context b { color: #a34f00; }
.nightMode .context b { color: #ffb366; }
"""


escape = partial(escape_html, quote=False)  # fields are element content: quotes can stay


def stable_id(name: str) -> int:
    """An Anki id for a deck or note type, the same for the same name in every export
    (Anki wants a positive 63-bit integer; genanki's examples use 2^30..2^31)."""
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


PARAGRAPH_MODEL = genanki.Model(
    stable_id("reader paragraph"),
    "reader paragraph (English / 中文)",
    fields=[{"name": name} for name in ("English", "Chinese", "Pair", "Text", "Source")],
    templates=[
        {
            "name": "English → 中文",
            "qfmt": '<div lang="en">{{English}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="zh" lang="zh-CN">{{Chinese}}</div>'
                    '<div class="source">{{Source}}</div>',
        },
        {
            "name": "中文 → English",
            "qfmt": '<div class="zh" lang="zh-CN">{{Chinese}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div lang="en">{{English}}</div>'
                    '<div class="source">{{Source}}</div>',
        },
    ],
    css=STYLE,
    sort_field_index=2,
)

TERM_MODEL = genanki.Model(
    stable_id("reader term"),
    "reader term (中文 → English)",
    fields=[{"name": name} for name in
            ("Chinese", "Pinyin", "English", "Variants", "Note", "ContextChinese", "ContextEnglish", "Source")],
    templates=[
        {
            "name": "中文 → English",
            "qfmt": '<div class="term zh" lang="zh-CN">{{Chinese}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="pinyin">{{Pinyin}}</div>'
                    '<div class="english" lang="en">{{English}}</div>'
                    '{{#Variants}}<div class="variants">also: {{Variants}}</div>{{/Variants}}'
                    '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}'
                    '<div class="context zh" lang="zh-CN">{{ContextChinese}}</div>'
                    '<div class="context" lang="en">{{ContextEnglish}}</div>'
                    '<div class="source">{{Source}}</div>',
        },
    ],
    css=STYLE,
)


def deck_name(text: Text) -> str:
    return f"reader::{text.meta.display_title()}"


def export_anki(
    text: Text, pairs: list[Pair], annotations: dict | None = None, *, glossary: list[GlossaryEntry] = ()
) -> bytes:
    deck = genanki.Deck(stable_id(f"reader deck {text.id}"), deck_name(text))
    tag = _tag(text.id)
    for pair in pairs:
        if not (pair.en and pair.zh):
            continue
        deck.add_note(genanki.Note(
            model=PARAGRAPH_MODEL,
            fields=[_field(pair.en), _field(pair.zh), escape(pair.id), escape(text.id), _source(text, pair)],
            guid=genanki.guid_for(text.id, pair.id),
            tags=["reader", tag, f"kind::{pair.kind}"],
        ))
    entries = list(glossary)
    for index, (pair, zh_hits, en_hits) in _first_occurrences(entries, pairs).items():
        entry = entries[index]
        deck.add_note(genanki.Note(
            model=TERM_MODEL,
            fields=[
                escape(entry.zh), escape(entry.pinyin), escape(entry.en), escape("; ".join(entry.variants)),
                escape(entry.note), _field(pair.zh, zh_hits), _field(pair.en, en_hits), _source(text, pair),
            ],
            guid=genanki.guid_for("reader term", entry.zh),
            tags=["reader", tag, "vocabulary", _tag(entry.category)],
        ))
    return _package(genanki.Package(deck))


def _first_occurrences(entries: list[GlossaryEntry], pairs: list[Pair]) -> dict[int, tuple[Pair, list[Hit], list[Hit]]]:
    """Each entry found in the pairs (on either side), with the first pair it occurs in
    and its hits there, in order of first appearance."""
    matcher = TermMatcher(entries)
    found: dict[int, tuple[Pair, list[Hit], list[Hit]]] = {}
    for pair in pairs:
        if not (pair.en and pair.zh):
            continue
        zh_hits, en_hits = matcher.find(pair.zh, "zh"), matcher.find(pair.en, "en")
        for hit in (*zh_hits, *en_hits):
            if hit.entry not in found:
                found[hit.entry] = (pair, [h for h in zh_hits if h.entry == hit.entry],
                                    [h for h in en_hits if h.entry == hit.entry])
    return found


def _field(value: str, bold: list[Hit] = ()) -> str:
    """A side as an Anki field (HTML): escaped, line breaks kept, the given hits bold."""
    out, position = [], 0
    for hit in bold:
        out += [escape(value[position:hit.start]), "<b>", escape(value[hit.start:hit.end]), "</b>"]
        position = hit.end
    out.append(escape(value[position:]))
    return "".join(out).replace("\r\n", "<br>").replace("\n", "<br>")


def _source(text: Text, pair: Pair) -> str:
    return escape(f"{text.meta.display_title()} ({text.id}, {pair.id})")


def _tag(name: str) -> str:
    return "-".join(name.split())  # Anki tags are separated by spaces


def _package(package: genanki.Package) -> bytes:
    """The .apkg file's bytes. (genanki's write_to_file leaves its temporary database
    behind, so the collection is built here in a folder that is removed afterwards.)"""
    with tempfile.TemporaryDirectory(prefix="reader-anki-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            timestamp = time.time()
            package.write_to_db(connection.cursor(), timestamp, count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
        return buffer.getvalue()
