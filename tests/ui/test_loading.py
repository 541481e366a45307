"""A large text opens at once and streams the rest of its pairs in the background."""

from __future__ import annotations

import itertools

from reader.core.errors import ReaderError
from reader.core.model import Pair, Text
from reader.core.store import Library
from reader.ui.app import ReaderApp


def _pairs(n: int, start: int = 0):
    for i in range(start, start + n):
        yield Pair(f"p{i + 1}", "body", f"English paragraph number {i + 1}.", f"第{i + 1}段中文。")


async def _wait_loaded(app, pilot):
    for _ in range(200):
        if not app._loading:
            return
        await pilot.pause(0.02)
    raise AssertionError("the text never finished loading")


async def test_rest_of_a_large_text_streams_in(make_text):
    first = make_text([(p.en, p.zh) for p in _pairs(50)])
    app = ReaderApp(first, rest=_pairs(12_000, start=50))
    async with app.run_test(size=(120, 36)) as pilot:
        await _wait_loaded(app, pilot)
        assert len(app.view.pairs) == 12_050
        assert app.position == "pair 1 / 12,050"
        await pilot.press("end")
        assert app.view.cursor == 12_049
        assert app.position == "pair 12,050 / 12,050"
        rows = [app.view.render_line(y).text for y in range(app.view.scrollable_content_region.height)]
        assert any("English paragraph number 12050." in row and "第12050段中文。" in row for row in rows)


async def test_a_broken_record_late_in_the_file_stops_the_reader_with_the_error(tmp_path, make_text):
    def broken():
        yield from _pairs(10, start=50)
        raise ReaderError("pair 'p61': missing field 'zh'", "alignments/big.jsonl", 62)

    app = ReaderApp(make_text([("a", "甲")]), rest=broken())
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(100):
            if app.load_error is not None:
                break
            await pilot.pause(0.02)
    assert str(app.load_error) == "alignments/big.jsonl:62: pair 'p61': missing field 'zh'"
    assert app.return_code == 2


def test_library_open_streams_pairs_in_order(tmp_path):
    from reader.core.model import TextMeta

    library = Library(tmp_path)
    pairs = list(_pairs(1000))
    library.save(Text(TextMeta(id="big", title={"en": "Big"}), pairs), None)
    meta, stream = library.open("big")
    head = list(itertools.islice(stream, 10))
    assert [p.id for p in head] == [f"p{i}" for i in range(1, 11)]
    assert [p.id for p in stream] == [f"p{i}" for i in range(11, 1001)]
