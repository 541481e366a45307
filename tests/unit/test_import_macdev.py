"""Two-file import of real chapters without paragraph marks: MAC-Dev's hand-aligned
chapters (read by path from ../shared, never copied here), written out as plain text one
sentence a line and as one block, imported with `reader import --en --zh`. The pairs
must be a few sentences each, and a pair boundary must almost never split a gold link."""

from __future__ import annotations

import pytest
from _support import ROOT

from reader.core.pairing import MOST_BEADS
from reader.core.store import Library

MAC_DEV = ROOT.parent / "shared" / "corpora" / "mac-dev" / "intertext"
pytestmark = pytest.mark.skipif(not MAC_DEV.is_dir(), reason="needs ../shared/corpora/mac-dev")


@pytest.mark.parametrize("chapter, layout", [("006", "lines"), ("003", "block")])
def test_a_chapter_without_paragraph_marks_becomes_pairs_of_a_few_sentences(cli, tmp_path, chapter, layout):
    from reader.formats.intertext import read_pair

    gold = read_pair(MAC_DEV / f"dev-anno.{chapter}_zh.{chapter}_en.xml")
    glue = {"lines": ("\n", "\n"), "block": (" ", "")}[layout]
    en_file, zh_file = tmp_path / f"{chapter}.en.txt", tmp_path / f"{chapter}.zh.txt"
    en_file.write_text(glue[0].join(gold.en.sentences) + "\n", "utf-8")
    zh_file.write_text(glue[1].join(gold.zh.sentences) + "\n", "utf-8")
    library = tmp_path / "lib"

    result = cli("import", "--en", en_file, "--zh", zh_file, "--library", library)

    assert result.code == 0, result.err
    assert result.out.startswith(f"imported '{chapter}': ")
    assert "neither file marks its paragraphs" in result.out and "paragraph counts differ" not in result.out
    assert "line(s) of" not in result.out
    text = Library(library).load(chapter)
    assert len(text.pairs) >= len(gold.beads) // MOST_BEADS
    assert all(len(pair.links) <= MOST_BEADS for pair in text.pairs)
    if layout == "lines":  # a line is a gold sentence: how often does a pair boundary split a gold link?
        en_pair, zh_pair = {}, {}
        for number, pair in enumerate(text.pairs):
            for side, spans in ((en_pair, pair.src_en), (zh_pair, pair.src_zh)):
                for first, last in spans:
                    side.update({line - 1: number for line in range(first, last + 1)})
        split = sum(len({en_pair[i] for i in en} | {zh_pair[j] for j in zh}) > 1 for en, zh in gold.beads)
        assert split <= 0.03 * len(gold.beads), (split, len(gold.beads))
