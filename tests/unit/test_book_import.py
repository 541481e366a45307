"""Book import (reader.formats.book_import, `reader import`): the report's table, the
accounting that adds up, both sources kept, footnotes at their marks, --zh-script, and
Ctrl+C or bad input leaving the library untouched with one line. The aligner runs on a
small CC-CEDICT written here."""

from __future__ import annotations

import pytest
from _support import FIXTURES, assert_one_line_error, snapshot

from reader.core import pairlinks, transaction
from reader.core.aligner import Aligner, Lexicon
from reader.core.document import Block, Chapter, Document, Note
from reader.core.store import Library
from reader.formats import book_import
from reader.formats.book_import import import_documents, import_files, plain_document

CEDICT = (FIXTURES / "cedict" / "small.txt").read_text(encoding="utf-8")

EN = """\
The Three Books

Old Wang had three books. He gave the books to Li Ming.

The cat sleeps. The dog eats fish.
"""
ZH = """\
三本书

老王有三本书。他把书送给了李明。

猫在睡觉。狗吃鱼。
"""


@pytest.fixture(scope="module")
def small_aligner(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cedict")
    data = folder / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    return Aligner(Lexicon.load(cache_dir=folder, data_file=data))


@pytest.fixture(autouse=True)
def _use_small_aligner(small_aligner, monkeypatch):
    monkeypatch.setattr(pairlinks, "_aligner", lambda: small_aligner)


@pytest.fixture
def files(tmp_path):
    en, zh = tmp_path / "story.en.txt", tmp_path / "story.zh.txt"
    en.write_text(EN, encoding="utf-8")
    zh.write_text(ZH, encoding="utf-8")
    return en, zh


def documents() -> tuple[Document, Document]:
    en = Document("en", format="epub", title="Two Chapters", source_chars=0)
    zh = Document("zh", format="epub", title="两章", source_chars=0)
    en.chapters = [
        Chapter("Chapter 1", [Block("heading", "Chapter 1", 1), Block("body", "Old Wang had three books. He gave the books to Li Ming."),
                              Block("body", "The cat sleeps.")],
                notes=[Note("1", "A note on the cat.", block=2, offset=7)]),
        Chapter("Chapter 2", [Block("heading", "Chapter 2", 1), Block("body", "The dog eats fish.")]),
        Chapter("Chapter 3", [Block("heading", "Chapter 3", 1), Block("body", "Li Ming was very happy.")]),
    ]
    zh.chapters = [
        Chapter("第一章", [Block("heading", "第一章", 1), Block("body", "老王有三本书。他把书送给了李明。"),
                          Block("body", "猫在睡觉。")]),
        Chapter("第三章", [Block("heading", "第三章", 1), Block("body", "李明很高兴。")]),
    ]
    en.accounting = {"body": 100, "heading": 27, "footnote": 15, "dropped": 8}
    en.source_chars = 150
    en.dropped = [("nav.xhtml#1", "Contents"), ("chapter1.xhtml#9", "Back to top")]
    zh.accounting = {"body": 40, "heading": 9}
    zh.source_chars = 49
    return en, zh


def test_report_table_pairs_links_and_a_missing_chapter(small_aligner):
    en, zh = documents()
    report = import_documents(en, zh, "two", "two.en.epub", "two.zh.epub", aligner=small_aligner)
    pairs = report.text.pairs
    assert [p.kind for p in pairs] == ["title", "heading", "body", "body", "heading", "body", "heading", "body"]
    assert pairs[0].en == "Two Chapters" and pairs[0].zh == "两章"
    assert (pairs[1].en, pairs[1].zh, pairs[1].level) == ("Chapter 1", "第一章", 1)
    assert pairs[2].links and [link[:2] for link in pairs[2].links] == [((0,), (0,)), ((1,), (1,))]
    assert (pairs[4].en, pairs[4].zh) == ("Chapter 2", "") and pairs[5].zh == ""  # kept, its Chinese side empty
    assert (pairs[7].en, pairs[7].zh) == ("Li Ming was very happy.", "李明很高兴。")
    lines = report.lines()
    text = "\n".join(lines)
    assert "chapters matched:" in text and "one side only" in text
    header = next(line for line in lines if line.split() == ["chapters", "paragraphs", "sentences", "footnotes"])
    english = lines[lines.index(header) + 1].split()
    chinese = lines[lines.index(header) + 2].split()
    assert english == ["English", "3", "4", "8", "1"] and chinese == ["Chinese", "2", "3", "6", "0"]  # sentences: headings count
    assert any("is in the English text only" in w and "Chapter 2" in w for w in report.warnings)
    assert "dropped from the English source (2 item(s)):" in text and "Back to top" in text
    # the footnote is at its mark: in the pair of "The cat sleeps.", after "The cat"
    (note,) = report.text.footnotes
    pair = next(p for p in pairs if p.id == note.pair)
    assert pair.en == "The cat sleeps." and pair.en[: note.offset] == "The cat" and note.lang == "en"


def test_accounting_adds_up(small_aligner):
    en, zh = documents()
    report = import_documents(en, zh, "two", "a", "b", aligner=small_aligner)
    assert sum(report.accounting.values()) == report.source_chars == 199
    assert report.accounting["footnote (en)"] == 15
    assert any(line.startswith("accounted for 199 of the source's 199") for line in report.lines())


def test_plain_document_accounts_for_every_character():
    source = "The Title\n\nOne two three. Four.\n\nFive six.\n"
    doc = plain_document(source, "en", "x.txt")
    assert doc.title == "The Title" and [b.text for b in doc.blocks()] == ["One two three. Four.", "Five six."]
    assert sum(doc.accounting.values()) == doc.source_chars == sum(not c.isspace() for c in source)


def test_progress_per_chapter_and_cancel(small_aligner):
    import threading

    from reader.core.bookalign import Cancelled

    en, zh = documents()
    seen = []
    import_documents(en, zh, "t", "a", "b", progress=lambda d, t, label: seen.append((d, t)), aligner=small_aligner)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        import_documents(en, zh, "t", "a", "b", cancel=cancel, aligner=small_aligner)


def test_import_files_in_either_order_keeps_both_sources(files):
    en, zh = files
    for order in ([en, zh], [zh, en]):
        report, sources = import_files(order)
        assert report.text.id == "three-books" and report.text.meta.source_file == "source.txt"
        assert sources == {"source.txt": en.read_bytes(), "source.zh.txt": zh.read_bytes()}
        assert report.text.pairs[1].zh == "老王有三本书。他把书送给了李明。"


def test_zh_script_traditional(files):
    report, sources = import_files(list(files), zh_script="traditional")
    assert report.text.pairs[1].zh == "老王有三本書。他把書送給了李明。"
    assert sources["source.zh.txt"] == files[1].read_bytes()  # the source is kept as written


def test_cli_two_files_any_order_stores_both(cli, files, tmp_path):
    library = tmp_path / "library"
    en, zh = files
    result = cli("import", zh, en, "--library", library)
    assert result.code == 0, result.err
    assert "source.zh.txt" in result.out
    folder = library / "texts" / "three-books"
    assert (folder / "source.txt").read_bytes() == en.read_bytes()
    assert (folder / "source.zh.txt").read_bytes() == zh.read_bytes()
    assert Library(library).load("three-books").meta.source_file == "source.txt"
    again = cli("import", "--en", en, "--zh", zh, "--id", "three-books", "--replace", "--library", library)
    assert again.code == 0, again.err
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "source.txt", "source.zh.txt"]


@pytest.mark.parametrize("where", ["aligning", "saving"])
def test_ctrl_c_leaves_the_library_untouched(cli, files, tmp_path, monkeypatch, where):
    library = tmp_path / "library"
    assert cli("import", *files, "--id", "kept", "--library", library).code == 0
    before = snapshot(library)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    if where == "aligning":
        from reader.formats import bitext

        monkeypatch.setattr(bitext, "import_bitext", interrupt)
    else:
        original = transaction.commit

        def commit_then_interrupt(root, files, stale=()):
            # a part of the files written, then Ctrl+C: the transaction rolls back on the next open
            monkeypatch.setattr(transaction, "commit", original)
            raise KeyboardInterrupt

        monkeypatch.setattr(transaction, "commit", commit_then_interrupt)
    result = cli("import", *files, "--id", "other", "--library", library)
    assert result.code == 130
    assert result.out == "" and len(result.err.splitlines()) == 1 and "interrupted" in result.err
    assert "Traceback" not in result.err
    assert snapshot(library) == before


@pytest.mark.parametrize("case", ["both-english", "three", "format", "script", "told-wrong"])
def test_bad_input_is_one_line_and_changes_nothing(cli, files, tmp_path, case):
    library = tmp_path / "library"
    assert cli("import", *files, "--id", "kept", "--library", library).code == 0
    before = snapshot(library)
    en, zh = files
    other = tmp_path / "other.en.txt"
    other.write_text("Another English text. It has two sentences.\n", encoding="utf-8")
    args, names = {
        "both-english": ([en, other], ["other.en.txt", "both files look English"]),
        "three": ([en, zh, other], ["not 3"]),
        "format": ([en, zh, "--format", "tmx"], ["--format tmx", "two files"]),
        "script": ([en, zh, "--zh-script", "cantonese"], ["--zh-script"]),
        "told-wrong": (["--en", zh, "--zh", en], ["story.zh.txt", "Chinese"]),
    }[case]
    result = cli("import", *args, "--library", library)
    assert result.code == 2
    if case != "script":  # argparse's own usage line
        assert_one_line_error(result, *map(str, names))
    assert snapshot(library) == before


def test_single_file_formats_still_go_through_their_importers(cli, tmp_path):
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("Old Wang had three books.\t老王有三本书。\nThe cat sleeps.\t猫在睡觉。\n", encoding="utf-8")
    library = tmp_path / "library"
    result = cli("import", tsv, "--id", "pairs", "--library", library)
    assert result.code == 0, result.err
    assert Library(library).load("pairs").meta.import_format == "tsv"


def test_no_sources_module_means_plain_only(tmp_path, monkeypatch, files):
    monkeypatch.setattr(book_import, "_sources", lambda: None)
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Old Wang had three books.</p></body></html>", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        import_files([page, files[1]], fmt="html")
    assert "page.html" in str(caught.value)
