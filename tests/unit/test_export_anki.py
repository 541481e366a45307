"""Anki export: the .apkg is a zip holding an SQLite collection; its notes, cards and
stable ids (deck, note types, note GUIDs) are checked in that collection."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import genanki
import pytest
from _support import BUNDLED_ID, FIXTURES, ROOT, assert_one_line_error

from reader.core.matching import TermMatcher
from reader.core.store import Library
from reader.formats.anki import PARAGRAPH_MODEL, TERM_MODEL, stable_id

TRICKY = FIXTURES / "export" / "library"


class Collection:
    """The collection inside an .apkg, opened read-only."""

    def __init__(self, apkg, folder) -> None:
        with zipfile.ZipFile(apkg) as archive:
            assert set(archive.namelist()) == {"collection.anki2", "media"}
            assert json.loads(archive.read("media")) == {}
            database = folder / "collection.anki2"
            database.write_bytes(archive.read("collection.anki2"))
        self.db = sqlite3.connect(database)

    def notes(self) -> dict[str, tuple[int, list[str], str]]:
        """guid -> (note type id, fields, tags)"""
        return {guid: (mid, fields.split("\x1f"), tags.strip())
                for guid, mid, fields, tags in self.db.execute("select guid, mid, flds, tags from notes")}

    def count(self, table: str) -> int:
        return self.db.execute(f"select count(*) from {table}").fetchone()[0]

    def decks(self) -> dict:
        return json.loads(self.db.execute("select decks from col").fetchone()[0])

    def models(self) -> dict:
        return json.loads(self.db.execute("select models from col").fetchone()[0])

    def card_templates(self, guid: str) -> list[int]:
        return sorted(ord for (ord,) in self.db.execute(
            "select cards.ord from cards join notes on cards.nid = notes.id where notes.guid = ?", (guid,)))


def export(cli, tmp_path, name: str, text_id=BUNDLED_ID, library=ROOT, *extra) -> Collection:
    target = tmp_path / f"{name}.apkg"
    result = cli("export", text_id, "--format", "anki", "-o", target, *extra, "--library", library)
    assert result.code == 0, result.err
    folder = tmp_path / name
    folder.mkdir()
    return Collection(target, folder)


def occurring(library, text_id) -> list[str]:
    """The glossary terms that occur in a text's bilingual pairs (computed here, apart)."""
    entries = Library(library).glossary(text_id)
    matcher = TermMatcher(entries)
    found = []
    for pair in Library(library).load(text_id).pairs:
        if pair.en and pair.zh:
            for lang in ("zh", "en"):
                found += [entries[h.entry].zh for h in matcher.find(pair.side(lang), lang)]
    return list(dict.fromkeys(found))


def test_bundled_article_notes_and_cards(cli, tmp_path):
    collection = export(cli, tmp_path, "a")
    terms = occurring(ROOT, BUNDLED_ID)
    assert len(terms) > 50
    notes = collection.notes()
    paragraph = {g: n for g, n in notes.items() if n[0] == PARAGRAPH_MODEL.model_id}
    vocabulary = {g: n for g, n in notes.items() if n[0] == TERM_MODEL.model_id}
    assert len(paragraph) == 11 and len(vocabulary) == len(terms)
    assert collection.count("notes") == 11 + len(terms)
    assert collection.count("cards") == 2 * 11 + len(terms)
    assert sorted(n[1][0] for n in vocabulary.values()) == sorted(terms)


def test_paragraph_notes(cli, tmp_path):
    collection = export(cli, tmp_path, "a")
    text = Library(ROOT).load(BUNDLED_ID)
    notes = collection.notes()
    for pair in text.pairs:
        guid = genanki.guid_for(BUNDLED_ID, pair.id)
        model, fields, tags = notes[guid]
        assert model == PARAGRAPH_MODEL.model_id
        assert fields[:4] == [pair.en, pair.zh, pair.id, BUNDLED_ID]
        assert set(tags.split()) == {"reader", BUNDLED_ID, f"kind::{pair.kind}"}
        assert collection.card_templates(guid) == [0, 1], "English → 中文 and 中文 → English"


def test_vocabulary_notes(cli, tmp_path):
    collection = export(cli, tmp_path, "a")
    notes = collection.notes()
    model, fields, tags = notes[genanki.guid_for("reader term", "军事安全合作")]
    assert model == TERM_MODEL.model_id
    chinese, pinyin, english, variants, note, context_zh, context_en, source = fields
    assert (chinese, pinyin, english) == ("军事安全合作", "jūnshì ānquán hézuò", "military security cooperation")
    assert context_zh == "日本持续推进对欧<b>军事安全合作</b>有何意图"
    assert "strengthening <b>military security cooperation</b> with Europe?" in context_en
    assert "p1" in source
    assert {"reader", BUNDLED_ID, "vocabulary", "term"} == set(tags.split())


def test_ids_are_stable_across_exports(cli, tmp_path):
    first, second = export(cli, tmp_path, "a"), export(cli, tmp_path, "b")
    assert set(first.notes()) == set(second.notes())
    assert {g: n[0] for g, n in first.notes().items()} == {g: n[0] for g, n in second.notes().items()}
    deck_id = stable_id(f"reader deck {BUNDLED_ID}")
    for collection in (first, second):
        assert str(deck_id) in collection.decks()
        assert {str(PARAGRAPH_MODEL.model_id), str(TERM_MODEL.model_id)} <= set(collection.models())
    assert stable_id("reader paragraph") == PARAGRAPH_MODEL.model_id
    assert stable_id("reader term") == TERM_MODEL.model_id


def test_a_part_of_the_text_updates_the_same_notes(cli, tmp_path):
    whole, part = export(cli, tmp_path, "a"), export(cli, tmp_path, "b", BUNDLED_ID, ROOT, "--pairs", "3-4")
    part_paragraphs = {g for g, n in part.notes().items() if n[0] == PARAGRAPH_MODEL.model_id}
    assert part_paragraphs == {genanki.guid_for(BUNDLED_ID, "p3"), genanki.guid_for(BUNDLED_ID, "p4")}
    assert set(part.notes()) < set(whole.notes())


@pytest.mark.parametrize("value", [1, 2**30, 2**31 - 1])
def test_stable_id_range(value):
    assert 2**30 <= stable_id(str(value)) < 2**31


def test_tricky_text(cli, tmp_path):
    collection = export(cli, tmp_path, "t", "tricky", TRICKY)
    notes = collection.notes()
    paragraph_ids = sorted(n[1][2] for n in notes.values() if n[0] == PARAGRAPH_MODEL.model_id)
    assert paragraph_ids == sorted(["t1", "t2", "h1", "b1", "b2", "b5", "n1"]), "pairs with an empty side: no note"
    terms = [n[1][0] for n in notes.values() if n[0] == TERM_MODEL.model_id]
    assert sorted(terms) == sorted(["反击能力", "准同盟", "北约"])
    assert collection.count("cards") == 2 * 7 + 3
    en, zh = notes[genanki.guid_for("tricky", "t1")][1][:2]
    assert en == "Tricky &lt;b&gt;text&lt;/b&gt; &amp; [bold]markup[/]", "fields are HTML: text is escaped"
    assert zh == "棘手的&lt;b&gt;文本&lt;/b&gt;与[bold]标记[/]"
    assert notes[genanki.guid_for("tricky", "b2")][1][0].count("<br>") == 1
    note = notes[genanki.guid_for("reader term", "反击能力")][1]
    assert note[3] == "counterstrike capabilities; CC"
    assert note[4] == 'A &lt;new&gt; capability &amp; a "term".'
    assert note[5] == "<b>反击能力</b>", "the first pair it occurs in is the heading"


def test_needs_an_output_file(cli):
    assert_one_line_error(cli("export", BUNDLED_ID, "--format", "anki", "--library", ROOT), "anki", "-o FILE")
