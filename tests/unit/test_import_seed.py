"""Importing the seed article (an interleaved web copy): pairs, metadata, navigation,
provenance, and byte-for-byte reproducible library files."""

from __future__ import annotations

import pytest
from _support import BUNDLED_ID, ROOT, snapshot

from reader.core.store import Library
from reader.formats.interleaved import import_interleaved

NAVIGATION = ("Related News", "back")


@pytest.fixture
def report(seed_text):
    return import_interleaved(seed_text, BUNDLED_ID, "seed.txt")


def source_paragraphs(text: str) -> list[str]:
    """The seed's paragraphs (blank-line separated, single lines in the seed)."""
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def test_seed_gives_eleven_pairs_title_byline_body_note(report):
    pairs = report.text.pairs
    assert len(pairs) == 11
    assert [p.kind for p in pairs] == ["title", "byline"] + ["body"] * 8 + ["note"]
    assert [p.id for p in pairs] == [f"p{n}" for n in range(1, 12)]
    assert all(p.en and p.zh for p in pairs), "every seed paragraph has its translation"
    assert report.warnings == []


def test_seed_title_and_byline(report):
    title, byline = report.text.pairs[:2]
    assert title.en == "What is Japan's intentions behind strengthening military security cooperation with Europe?"
    assert title.zh == "日本持续推进对欧军事安全合作有何意图"
    assert byline.en == "By Sun Wenzhu"
    assert byline.zh == "孙文竹"


def test_seed_pairs_follow_the_source_order(report):
    pairs = report.text.pairs
    for side in ("src_en", "src_zh"):
        starts = [getattr(p, side)[0][0] for p in pairs]
        assert starts == sorted(starts) and len(set(starts)) == len(starts), side
    # each English paragraph comes right before its Chinese paragraph
    assert all(p.src_en[0][1] < p.src_zh[0][0] for p in pairs)


def test_every_article_paragraph_is_in_exactly_one_pair(report, seed_text):
    """Nothing is lost: all paragraphs but the metadata block and the navigation are kept,
    each once, in the source order."""
    expected = [
        para for para in source_paragraphs(seed_text)
        if para not in NAVIGATION and not para.startswith("Source\n")
    ]
    kept = []
    for pair in report.text.pairs:
        kept += [pair.en, pair.zh]
    assert kept == expected


def test_seed_metadata(report):
    meta = report.text.meta
    assert meta.id == BUNDLED_ID
    assert meta.source == "China Military Online"
    assert meta.editor == "Li Jiayao"
    assert meta.published == "2025-01-06 19:40:02"
    assert meta.author == {"en": "Sun Wenzhu", "zh": "孙文竹"}
    assert meta.title == {"en": report.text.pairs[0].en, "zh": report.text.pairs[0].zh}
    assert meta.languages == ("en", "zh")
    assert meta.import_format == "interleaved"


def test_navigation_is_dropped_and_listed_with_line_numbers(report, seed_text):
    lines = seed_text.split("\n")
    expected = [(number, line) for number, line in enumerate(lines, start=1) if line in NAVIGATION]
    assert len(expected) == 2
    assert report.dropped == expected
    sides = {side for p in report.text.pairs for side in (p.en, p.zh)}
    assert not sides & set(NAVIGATION)


@pytest.mark.parametrize("index", range(11))
def test_provenance_spans_point_at_the_source_lines(report, seed_text, index):
    lines = seed_text.split("\n")
    pair = report.text.pairs[index]
    for text, spans in ((pair.en, pair.src_en), (pair.zh, pair.src_zh)):
        assert len(spans) == 1
        first, last = spans[0]
        assert first == last, "the seed's paragraphs are single lines"
        assert lines[first - 1] == text


def test_import_report_on_stdout(cli, tmp_path, seed_path, seed_text):
    result = cli("import", seed_path, "--id", BUNDLED_ID, "--library", tmp_path / "lib")
    assert result.code == 0, result.err
    out = result.out
    assert f"imported '{BUNDLED_ID}': 11 pairs" in out
    assert "1 title, 1 byline, 8 body, 1 note" in out
    assert "author: Sun Wenzhu / 孙文竹" in out
    assert "source: China Military Online" in out
    lines = seed_text.split("\n")
    for name in NAVIGATION:
        assert f"line {lines.index(name) + 1}: {name}" in out
    assert "0 warning(s)" in out
    assert result.err == ""


def test_imported_metadata_is_stored(seed_library):
    meta = Library(seed_library).load_meta(BUNDLED_ID)
    assert (meta.source, meta.editor, meta.published) == (
        "China Military Online", "Li Jiayao", "2025-01-06 19:40:02",
    )
    assert meta.author == {"en": "Sun Wenzhu", "zh": "孙文竹"}
    assert meta.source_file == "source.txt"


def test_stored_source_is_the_seed_byte_for_byte(seed_library, seed_bytes):
    assert (seed_library / "texts" / BUNDLED_ID / "source.txt").read_bytes() == seed_bytes


def test_two_imports_give_byte_identical_libraries(cli, tmp_path, seed_path):
    for name in ("one", "two"):
        result = cli("import", seed_path, "--id", BUNDLED_ID, "--library", tmp_path / name)
        assert result.code == 0, result.err
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert sorted(one) == [
        f"alignments/{BUNDLED_ID}.jsonl",
        f"texts/{BUNDLED_ID}/meta.json",
        f"texts/{BUNDLED_ID}/source.txt",
    ]
    assert one == two


def test_bundled_library_equals_a_fresh_import_of_the_seed(seed_library):
    """Regression guard: the committed texts/ and alignments/ are exactly what
    `reader import` makes of the seed, so nobody hand-edits the bundle."""
    fresh = snapshot(seed_library)
    bundled = {
        path: (ROOT / path).read_bytes()
        for path in fresh
        if (ROOT / path).is_file()
    }
    assert sorted(bundled) == sorted(fresh), "bundled files missing"
    names = {p.name for p in (ROOT / "texts" / BUNDLED_ID).iterdir()}
    assert {"meta.json", "source.txt"} <= names  # beside them, only hand-made files (glossary)
    assert names <= {"meta.json", "source.txt", "glossary.tsv"}
    for path in fresh:
        assert bundled[path] == fresh[path], f"{path} differs from a fresh import of the seed"


def test_default_id_comes_from_the_english_title(cli, tmp_path, seed_path):
    library = tmp_path / "lib"
    result = cli("import", seed_path, "--library", library)
    assert result.code == 0, result.err
    assert Library(library).ids() == ["japan-intentions-strengthening-military"]


def test_bundled_source_is_the_shared_seed_byte_for_byte():
    """texts/ keeps the seed exactly as received (checked where shared/ sits beside the repo,
    as it does in CI)."""
    from _support import SEED, SHARED_SEED

    if not SHARED_SEED.is_file():
        pytest.skip(f"{SHARED_SEED} is not beside this checkout")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()
