"""Statuses travel: TMX records a unit's status and imports it back with the edits;
InterText's `status="man"` links import as confirmed; the InterText export (link file and
two text files) reads back through our InterText importer with the same links."""

from __future__ import annotations

import shutil

from _support import BUNDLED_ID, FIXTURES

from reader.cli import main
from reader.core.editing import Editor, ops, review
from reader.core.store import Library, bundled_library
from reader.formats.intertext import read_pair
from reader.formats.intertext_import import import_intertext
from reader.formats.tmx import export_tmx
from reader.formats.tmx_import import import_tmx


def edited_library(tmp_path) -> Library:
    root = tmp_path / "library"
    for sub in ("texts", "alignments"):
        shutil.copytree(bundled_library() / sub, root / sub)
    library = Library(root)
    text = library.load(BUNDLED_ID)
    editor = Editor.open(library, text)
    editor.do(ops.merge(text, 2))
    editor.do(ops.split(text, 5, *ops.cut_points(text.pairs[5], 2), editor.used_ids))
    editor.do(review.confirm(text, 4))
    return library


def test_tmx_of_an_edited_text_imports_back_with_the_edits(tmp_path):
    text = edited_library(tmp_path).load(BUNDLED_ID)
    tmx = export_tmx(text, text.pairs)
    assert '<prop type="x-status">confirmed</prop>' in tmx and '<prop type="x-status">edited</prop>' in tmx
    back = import_tmx(tmx, BUNDLED_ID).text
    assert [(p.id, p.kind, p.en, p.zh, p.status) for p in back.pairs] == [
        (p.id, p.kind, p.en, p.zh, p.status) for p in text.pairs]


def test_an_unedited_text_has_no_status_props(tmp_path):
    text = Library(bundled_library()).load(BUNDLED_ID)
    assert "x-status" not in export_tmx(text, text.pairs)


def test_a_tmx_status_that_is_not_one_is_a_warning(tmp_path):
    text = Library(bundled_library()).load(BUNDLED_ID)
    tmx = export_tmx(text, text.pairs[:3]).replace('<prop type="x-kind">body</prop>',
                                                   '<prop type="x-kind">body</prop><prop type="x-status">ok</prop>', 1)
    report = import_tmx(tmx, "x")
    assert report.text.pairs[2].status == "auto"
    assert any("status 'ok' is not one of auto, confirmed, edited" in w for w in report.warnings)


def test_intertext_man_links_import_as_confirmed():
    report = import_intertext("", "tale", str(FIXTURES / "intertext" / "tale_zh.tale_en.xml"))
    assert {p.status for p in report.text.pairs} == {"confirmed"}
    assert all(p.link_status == ("confirmed",) for p in report.text.pairs)


def beads_as_text(aligned):
    return [(tuple(aligned.en.sentences[i] for i in en), tuple(aligned.zh.sentences[j] for j in zh))
            for en, zh in aligned.beads]


def test_intertext_export_reads_back_with_the_same_links(tmp_path, capsys):
    library = edited_library(tmp_path)
    base = tmp_path / "out" / "article"
    base.parent.mkdir()
    assert main(["--library", str(library.root), "export", BUNDLED_ID, "--format", "intertext", "-o", str(base)]) == 0
    names = sorted(p.name for p in base.parent.iterdir())
    assert names == ["article_en.xml", "article_zh.article_en.xml", "article_zh.xml"]
    link_file = base.parent / "article_zh.article_en.xml"
    aligned = read_pair(link_file)
    text = library.load(BUNDLED_ID)
    expected = []
    for pair in text.pairs:
        if pair.links:
            for en, zh, _ in pair.links:
                expected.append((tuple(" ".join(pair.en[slice(*pair.sentences_en[i])].split()) for i in en),
                                 tuple(" ".join(pair.zh[slice(*pair.sentences_zh[j])].split()) for j in zh)))
    got = [bead for bead in beads_as_text(aligned) if len(bead[0]) + len(bead[1]) and bead in expected]
    assert got == expected  # every sentence link, in order (titles and the byline besides)
    statuses = dict(zip(map(tuple, map(lambda b: tuple(b[0]), aligned.beads)), aligned.statuses))
    assert set(aligned.statuses) == {"man", "auto"}
    imported = import_intertext(link_file.read_text(encoding="utf-8"), "again", str(link_file)).text
    assert sum(p.status == "confirmed" for p in imported.pairs) == aligned.statuses.count("man")
    assert statuses


def test_intertext_export_needs_a_base_name(tmp_path, capsys):
    assert main(["--library", str(bundled_library()), "export", BUNDLED_ID, "--format", "intertext"]) == 2
    assert "give -o BASE" in capsys.readouterr().err
