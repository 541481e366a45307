"""The InterText reader, on small hand-written fixtures: documents, links (English ids
first), and what it refuses: malformed XML, entities (XXE), links to missing ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.formats.intertext import link_files, read_document, read_pair

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "intertext"


def test_reads_sentences_by_paragraph():
    doc = read_document(FIXTURES / "tale_en.xml")
    assert doc.ids == ["1:1", "1:2", "1:3", "2:1"]
    assert doc.sentences[1] == "He gave the books to Li Ming."
    assert doc.paragraphs == [[0, 1, 2], [3]]
    assert doc.language == "en"


def test_pair_gives_english_indices_first():
    pair = read_pair(FIXTURES / "tale_zh.tale_en.xml")
    assert pair.name == "tale"
    assert len(pair.en.sentences) == 4 and len(pair.zh.sentences) == 3
    assert pair.beads == [([0], [0]), ([1, 2], [1]), ([3], [2])]


def test_pair_read_the_other_way_round_is_the_same(tmp_path):
    for name in ("tale_en.xml", "tale_zh.xml"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "tale_en.tale_zh.xml").write_text(
        "<linkGrp toDoc='tale_zh.xml' fromDoc='tale_en.xml'>"
        "<link xtargets='1:2;1:2 1:3'/><link xtargets=';1:1'/></linkGrp>", encoding="utf-8")
    pair = read_pair(tmp_path / "tale_en.tale_zh.xml")
    assert pair.beads == [([1, 2], [1]), ([0], [])]


def test_link_files_lists_only_link_files():
    names = [path.name for path in link_files(FIXTURES)]
    assert "tale_zh.tale_en.xml" in names and "tale_en.xml" not in names


def test_link_to_a_missing_id_is_one_line():
    with pytest.raises(ReaderError) as caught:
        read_pair(FIXTURES / "missing_zh.missing_en.xml")
    message = str(caught.value)
    assert "'1:9'" in message and "\n" not in message


def test_malformed_xml_is_one_line_with_its_place():
    with pytest.raises(ReaderError) as caught:
        read_pair(FIXTURES / "broken_zh.broken_en.xml")
    assert "malformed XML" in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.line is not None


def test_external_entities_are_refused_not_resolved():
    with pytest.raises(ReaderError) as caught:
        read_pair(FIXTURES / "xxe_zh.xxe_en.xml")
    message = str(caught.value)
    assert "entit" in message and "secret" in message and "\n" not in message
    assert "root:" not in message


def test_missing_file_and_empty_text(tmp_path):
    with pytest.raises(ReaderError, match="no such file"):
        read_document(tmp_path / "nothing.xml")
    (tmp_path / "empty.xml").write_text("<text><p id='1'/></text>", encoding="utf-8")
    with pytest.raises(ReaderError, match="no sentences"):
        read_document(tmp_path / "empty.xml")


def test_duplicate_sentence_id(tmp_path):
    (tmp_path / "d.xml").write_text("<text><p><s id='1'>a</s><s id='1'>b</s></p></text>", encoding="utf-8")
    with pytest.raises(ReaderError, match="used twice"):
        read_document(tmp_path / "d.xml")
