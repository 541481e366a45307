"""A TSV file imported as it is read (reader.formats.tsv_file): the same text, the same
report and the same errors as the import that reads the file whole; the verbatim source
copied from the file at the save, refused if the file changed since it was read."""

from __future__ import annotations

import os
import random

import pytest

from reader.core.errors import ReaderError
from reader.core.files import VerbatimSource, decode_text, text_blocks
from reader.core.model import Pair
from reader.core.pair_records import PairRecords
from reader.core.store import Library, dump_alignment
from reader.formats import book_import, tsv_file
from reader.formats.book_import import import_files

OUR_EXPORT = (
    "id\tkind\ten\tzh\n"
    "t1\ttitle\tA title\t一个标题\n"
    "p1\tbody\tFirst sentence. Second one here.\t第一句。第二句在这里。\n"
    "\tbody\tNo id given.\t没有编号。\n"
    "p1\tbody\tA repeated id.\t重复的编号。\n"
    "p2\tpoem\tAn unknown kind.\t未知的种类。\n"
    "p3\tbody\t\t\n"
    "p4\tnote\tAn escaped\\r return \x1b[31mand a raw escape.\t转义的\\r回车。\n"
    "p5\tbody\tThe Chancellor spoke. The crowd listened. It rained.\t总理讲话了。人群在听。下雨了。\n"
)


def _plain(count: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    lines = []
    for number in range(count):
        en = " ".join(f"Sentence {number}-{k} says {rng.choice(['yes', 'no', 'maybe'])}." for k in range(rng.randint(1, 3)))
        zh = "".join(f"第{number}-{k}句说{rng.choice(['是', '不', '也许'])}。" for k in range(rng.randint(1, 3)))
        lines.append(f"{en}\t{zh}" if rng.random() > 0.05 else f"{en}\t")
        if rng.random() < 0.05:
            lines.append("   ")
    return "\ufeff" + "\r\n".join(lines) + "\n"


def _both(path, monkeypatch, **options):
    """The import of `path` streamed, and read whole (the streamed route turned off)."""
    streamed = import_files([path], **options)
    with monkeypatch.context() as patch:
        patch.setattr(tsv_file, "import_tsv_file", lambda *args, **kwargs: None)
        whole = import_files([path], **options)
    return streamed, whole


def _alignment(report) -> bytes:
    return dump_alignment(report.text.id, report.text.pairs, report.text.footnotes)


@pytest.mark.parametrize("block", [1 << 20, 97])
@pytest.mark.parametrize("zh_script", ["as-is", "traditional"])
def test_streamed_import_is_the_whole_import(tmp_path, monkeypatch, block, zh_script):
    monkeypatch.setattr(tsv_file, "text_blocks", lambda path: text_blocks(path, block))
    for name, content in (("ours.tsv", OUR_EXPORT), ("plain.tsv", _plain(300))):
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8"))
        (streamed, kept), (whole, whole_kept) = _both(path, monkeypatch, zh_script=zh_script)
        assert isinstance(streamed.text.pairs, PairRecords) and not isinstance(whole.text.pairs, PairRecords)
        assert streamed.lines() == whole.lines()
        assert _alignment(streamed) == _alignment(whole)
        assert list(streamed.text.pairs) == whole.text.pairs
        assert streamed.text.meta == whole.text.meta
        assert b"".join(kept[streamed.text.meta.source_file]) == whole_kept[whole.text.meta.source_file]


def test_the_report_of_our_export_says_what_the_whole_import_says(tmp_path, monkeypatch):
    path = tmp_path / "ours.tsv"
    path.write_text(OUR_EXPORT, encoding="utf-8")
    (streamed, _), (whole, _) = _both(path, monkeypatch)
    lines = streamed.lines()
    assert lines == whole.lines()
    assert [p.id for p in streamed.text.pairs] == ["t1", "p1", "p3", "p6", "p2", "p4", "p5"]  # p3: its row was dropped
    assert any("unknown kind 'poem'" in line for line in lines)
    assert any("id 'p1' is used by an earlier row" in line for line in lines)
    assert any("U+001B ESC" in line and ":8:" in line for line in lines)  # raw, in the source: by line
    assert any("pair p4 (en): control character U+000D CR" in line for line in lines)  # from an escape


ROWS = b"Hello\t\xe4\xbd\xa0\xe5\xa5\xbd\n" * 7000  # past the 64 KiB the format is told from


@pytest.mark.parametrize("content, problem", [
    (ROWS + b"Bad\t\xff\n" + b"Hi\t\xe5\x97\xa8\n" + b"x\x00\n", "NUL byte at offset"),
    (ROWS + b"Bad\t\xff\n", "not UTF-8"),
    (b"12\t34\n" * 50, "no letters"),
    (ROWS + b"one column\n", "one column"),
    (ROWS + b"a\tb\tc\n", "cannot tell the format"),
    (b"Hello\t\xe4\xbd\xa0\x00\n" * 20, "unknown format: binary data"),
], ids=["nul-after-bad-byte", "bad-byte", "no-letters", "one-column", "three-columns", "nul-in-head"])
def test_bad_files_are_the_same_errors(tmp_path, monkeypatch, content, problem):
    monkeypatch.setattr(tsv_file, "text_blocks", lambda path: text_blocks(path, 64))
    path = tmp_path / "bad.tsv"
    path.write_bytes(content)
    errors = []
    for streamed in (True, False):
        with monkeypatch.context() as patch:
            if not streamed:
                patch.setattr(tsv_file, "import_tsv_file", lambda *args, **kwargs: None)
            with pytest.raises(ReaderError) as caught:
                import_files([path])
        errors.append(str(caught.value))
    assert errors[0] == errors[1] and problem in errors[0] and str(path) in errors[0]


def test_text_blocks_are_the_decoded_file_in_whole_lines(tmp_path):
    path = tmp_path / "t.txt"
    raw = ("\ufeff\ufeffA line\r\n中文一行\n\nno end" * 50).encode("utf-8")
    path.write_bytes(raw)
    for size in (1, 7, 64, 1 << 20):
        blocks = list(text_blocks(path, size))
        assert "".join(blocks) == decode_text(raw, path)
        assert all(block.endswith("\n") for block in blocks[:-1])


def test_the_source_is_copied_from_the_file_at_the_save(tmp_path):
    path = tmp_path / "rows.tsv"
    path.write_text("Hello.\t你好。\nBye.\t再见。\n", encoding="utf-8")
    report, kept = import_files([path])
    library = Library(tmp_path / "lib")
    source = kept[report.text.meta.source_file]
    assert isinstance(source, VerbatimSource)
    library.save(report.text, source)
    assert (library.texts_dir / report.text.id / "source.tsv").read_bytes() == path.read_bytes()
    assert library.load(report.text.id).pairs == list(report.text.pairs)


def test_a_source_changed_since_it_was_read_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "rows.tsv"
    path.write_text("Hello.\t你好。\nBye.\t再见。\n", encoding="utf-8")
    report, kept = import_files([path])
    path.write_text("Hello.\t你好。\nBye!\t再见。\n", encoding="utf-8")  # the same size
    os.utime(path, ns=(1, 1))
    library = Library(tmp_path / "lib")
    with pytest.raises(ReaderError) as caught:
        library.save(report.text, kept[report.text.meta.source_file])
    assert "changed while it was imported" in str(caught.value) and str(path) in str(caught.value)
    assert not library.exists(report.text.id) and not (tmp_path / "lib" / ".staging").exists()
    assert not (tmp_path / "lib" / "texts" / report.text.id).exists()


@pytest.mark.parametrize("in_memory", [1 << 20, 1, 300])
def test_pair_records_give_the_pairs_back(in_memory):
    """Held in memory, or past `in_memory` bytes in a temporary file, with places kept
    for pairs given later."""
    rng = random.Random(in_memory)
    pairs = [Pair("p1", "title", "A title", "标题")]
    for number in range(2, 40):
        pairs.append(Pair(f"p{number}", rng.choice(["body", "note"]), "One. Two." * rng.randint(1, 9), "一。二。",
                          sentences_en=((0, 4), (5, 9)), sentences_zh=((0, 2), (2, 4)),
                          links=(((0,), (0,), 0.5), ((1,), (1,), 1.0))))
    records = PairRecords(in_memory)
    later = {3, 17, 38}
    for index, pair in enumerate(pairs):
        assert records.append(pair, later=index in later) == index
    for index in sorted(later):
        records.put(index, pairs[index])
    assert len(records) == len(pairs) and list(records) == pairs
    assert records[17] == pairs[17] and records[0] == pairs[0] and records[len(pairs) - 1] == pairs[-1]
    with pytest.raises(IndexError):
        records[len(pairs)]
    assert list(records.kinds) == ["title", pairs[1].kind, *({"body", "note"} - {pairs[1].kind})]
    assert dump_alignment("t", records) == dump_alignment("t", pairs)


def test_a_file_not_to_stream_is_read_whole(tmp_path, monkeypatch):
    calls = []
    original = book_import._import_streamed
    monkeypatch.setattr(book_import, "_import_streamed", lambda *args: calls.append(original(*args)) or calls[-1])
    page = tmp_path / "memory.tmx"
    page.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>Hello.'
                    '</seg></tuv><tuv xml:lang="zh"><seg>你好。</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    utf16 = tmp_path / "rows16.tsv"
    utf16.write_bytes("Hello.\t你好。\nBye.\t再见。\n".encode("utf-16"))
    for path in (page, utf16):
        report, kept = import_files([path])
        assert isinstance(kept[report.text.meta.source_file], bytes)
    assert calls == [None, None]
