"""The interleaved importer on awkward copies: variants of the seed made at test time, and
small hand-made files in tests/fixtures/interleaved/."""

from __future__ import annotations

import pytest
from _support import FIXTURES

from reader.core.errors import ReaderError
from reader.core.script import language_of
from reader.core.store import Library
from reader.formats import detect_format
from reader.formats.interleaved import import_interleaved


def sides(report) -> list[tuple[str, str, str]]:
    return [(p.kind, p.en, p.zh) for p in report.text.pairs]


def body_line(lines: list[str], start: str) -> int:
    """0-based index of the seed line starting with `start`."""
    return next(i for i, line in enumerate(lines) if line.startswith(start))


def assert_provenance(source: str, pairs) -> None:
    """Each side's span covers exactly its paragraph: the lines hold the side's text
    (line breaks aside) and the span is bounded by blank lines or the file's ends."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for pair in pairs:
        for text, spans in ((pair.en, pair.src_en), (pair.zh, pair.src_zh)):
            if not text:
                assert spans == ()
                continue
            assert len(spans) == 1
            first, last = spans[0]
            chunk = lines[first - 1:last]
            assert all(line.strip() for line in chunk)
            assert "".join("".join(chunk).split()) == "".join(text.split()), (pair.id, spans)
            assert first == 1 or not lines[first - 2].strip()
            assert last == len(lines) or not lines[last].strip()


@pytest.fixture
def base(seed_text):
    return import_interleaved(seed_text, "t", "seed.txt")


def test_missing_chinese_paragraph_is_kept_with_an_empty_side(base, seed_text):
    lines = seed_text.split("\n")
    en = body_line(lines, "With the tacit approval")
    assert lines[en + 1] == "" and language_of(lines[en + 2]) == "zh"
    variant = "\n".join(lines[: en + 1] + lines[en + 3:])

    report = import_interleaved(variant, "t", "variant.txt")

    expected = sides(base)
    index = next(i for i, p in enumerate(base.text.pairs) if p.en == lines[en])
    expected[index] = ("body", lines[en], "")
    assert sides(report) == expected, "the other pairs keep their alignment"
    assert len(report.warnings) == 1
    assert f"line {en + 1}" in report.warnings[0]
    assert "Chinese" in report.warnings[0]
    assert_provenance(variant, report.text.pairs)


def test_two_english_paragraphs_in_a_row(base, seed_text):
    lines = seed_text.split("\n")
    at = body_line(lines, "With the tacit approval")
    extra = "This English paragraph was never translated."
    variant = "\n".join(lines[:at] + [extra, ""] + lines[at:])

    report = import_interleaved(variant, "t", "variant.txt")

    expected = sides(base)
    index = next(i for i, p in enumerate(base.text.pairs) if p.en == lines[at])
    expected.insert(index, ("body", extra, ""))
    assert sides(report) == expected
    assert len(report.warnings) == 1 and f"line {at + 1}" in report.warnings[0]
    assert_provenance(variant, report.text.pairs)


def test_two_chinese_paragraphs_in_a_row(base, seed_text):
    lines = seed_text.split("\n")
    at = body_line(lines, "With the tacit approval")
    extra = "编者按：这一段没有英文原文。"
    variant = "\n".join(lines[:at] + [extra, ""] + lines[at:])

    report = import_interleaved(variant, "t", "variant.txt")

    expected = sides(base)
    index = next(i for i, p in enumerate(base.text.pairs) if p.en == lines[at])
    expected.insert(index, ("body", "", extra))
    assert sides(report) == expected
    assert len(report.warnings) == 1 and f"line {at + 1}" in report.warnings[0]
    assert_provenance(variant, report.text.pairs)


@pytest.mark.parametrize(
    "name, change",
    [
        ("CRLF line ends", lambda s: s.replace("\n", "\r\n")),
        ("CR line ends", lambda s: s.replace("\n", "\r")),
        ("trailing spaces and tabs", lambda s: "\n".join(line + "  \t " for line in s.split("\n"))),
        ("leading spaces", lambda s: "\n".join("  " + line for line in s.split("\n"))),
        ("extra blank lines", lambda s: s.replace("\n\n", "\n\n\n\n")),
    ],
)
def test_line_end_and_whitespace_variants_give_the_same_pairs(base, seed_text, name, change):
    variant = change(seed_text)
    report = import_interleaved(variant, "t", "variant.txt")
    assert sides(report) == sides(base)
    assert report.text.meta.title == base.text.meta.title
    assert report.text.meta.author == base.text.meta.author
    assert (report.text.meta.source, report.text.meta.editor, report.text.meta.published) == (
        base.text.meta.source, base.text.meta.editor, base.text.meta.published,
    )
    assert [line for _, line in report.dropped] == [line for _, line in base.dropped]
    assert report.warnings == []
    assert not any("\r" in side or side != side.strip() for p in report.text.pairs for side in (p.en, p.zh))
    assert_provenance(variant, report.text.pairs)


@pytest.mark.parametrize(
    "name, encode",
    [
        ("UTF-8 BOM", lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")),
        ("BOM and CRLF", lambda s: b"\xef\xbb\xbf" + s.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_bom_is_dropped_from_the_text_but_kept_in_the_stored_source(cli, tmp_path, base, seed_text, name, encode):
    raw = encode(seed_text)
    source = tmp_path / "article.txt"
    source.write_bytes(raw)
    library = tmp_path / "lib"

    result = cli("import", source, "--id", "bom", "--library", library)

    assert result.code == 0, result.err
    text = Library(library).load("bom")
    assert [(p.kind, p.en, p.zh) for p in text.pairs] == sides(base)
    assert not text.meta.title["en"].startswith("\ufeff")
    assert (library / "texts" / "bom" / "source.txt").read_bytes() == raw


def test_chinese_title_first(base, seed_text):
    lines = seed_text.split("\n")
    assert language_of(lines[0]) == "en" and lines[1] == "" and language_of(lines[2]) == "zh"
    variant = "\n".join([lines[2], lines[1], lines[0]] + lines[3:])

    report = import_interleaved(variant, "t", "variant.txt")

    assert sides(report) == sides(base)
    title = report.text.pairs[0]
    assert (title.src_en, title.src_zh) == (((3, 3),), ((1, 1),))
    assert report.text.meta.title == {"en": lines[0], "zh": lines[2]}


def test_navigation_noise_anywhere_is_dropped_and_listed(base, seed_text):
    lines = seed_text.split("\n")
    at = body_line(lines, "With the tacit approval")
    noisy = (
        lines[:at] + ["Share", "Print", ""] + lines[at:]
        + ["", "相关新闻", "", "返回顶部", "", "【打印】 ", "【关闭】"]
    )
    variant = "\n".join(noisy)

    report = import_interleaved(variant, "t", "variant.txt")

    assert sides(report) == sides(base)
    noise = {"Share", "Print", "Related News", "back", "相关新闻", "返回顶部", "【打印】", "【关闭】"}
    expected = [(n, line.strip()) for n, line in enumerate(noisy, start=1) if line.strip() in noise]
    assert [(n, line.strip()) for n, line in report.dropped] == expected
    assert report.warnings == []


def test_missing_chinese_byline(base, seed_text):
    lines = seed_text.split("\n")
    at = lines.index("孙文竹")
    variant = "\n".join(lines[:at] + lines[at + 2:])

    report = import_interleaved(variant, "t", "variant.txt")

    expected = sides(base)
    expected[1] = ("byline", "By Sun Wenzhu", "")
    assert sides(report) == expected
    assert report.text.meta.author == {"en": "Sun Wenzhu"}
    assert report.text.meta.title == base.text.meta.title


def test_chinese_paragraphs_full_of_latin_are_still_chinese():
    path = FIXTURES / "interleaved" / "latin_heavy.txt"
    source = path.read_text("utf-8")
    report = import_interleaved(source, "t", str(path))
    assert [p.kind for p in report.text.pairs] == ["title", "body", "body"]
    for pair in report.text.pairs[1:]:
        assert pair.en.startswith(("According", "Japan"))
        assert "NATO" in pair.zh and "GDP" in pair.zh
    assert report.warnings == []
    assert_provenance(source, report.text.pairs)


def test_label_colon_value_metadata_and_hard_wrapped_paragraphs():
    path = FIXTURES / "interleaved" / "colon_meta.txt"
    source = path.read_text("utf-8")
    report = import_interleaved(source, "t", str(path))
    meta = report.text.meta
    assert meta.source == "Example Daily"
    assert meta.editor == "Jane Doe"
    assert meta.published == "2024-05-01 08:30:00"
    assert meta.author == {"en": "John Smith", "zh": "约翰·史密斯"}
    assert meta.title == {"en": "Harbour cities prepare for the summer season", "zh": "港口城市为夏季旅游旺季做准备"}
    assert [p.kind for p in report.text.pairs] == ["title", "byline", "body", "body"]
    body = report.text.pairs[2]
    # English lines are joined with a space, Chinese lines with nothing
    assert body.en == (
        "Ferry companies along the coast have added extra sailings for the summer, "
        "and hotels report that most rooms are already booked for July."
    )
    assert body.zh == "沿海渡轮公司为夏季增开了班次，酒店表示七月的大部分客房已经订满。"
    assert (body.src_en, body.src_zh) == (((13, 15),), ((17, 19),))
    assert_provenance(source, report.text.pairs)


@pytest.mark.parametrize(
    "source",
    [
        "Only English here.\n\nAnd a second English paragraph.\n",
        "只有中文。\n\n第二段也是中文。\n",
        "One line\n",
    ],
)
def test_a_file_that_is_not_interleaved_is_not_detected(source):
    with pytest.raises(ReaderError) as info:
        detect_format(source)
    assert "--format" in str(info.value)


def test_the_seed_is_detected_as_interleaved(seed_text):
    assert detect_format(seed_text) == "interleaved"


def _header_variant(seed_text: str, name: str) -> str:
    lines = seed_text.split("\n")
    meta_first = lines.index("Source")
    meta_last = lines.index("", meta_first) - 1
    byline_en = lines.index("By Sun Wenzhu")
    byline_zh = lines.index("孙文竹")
    body = byline_zh + 2
    if name == "Chinese metadata labels":
        zh_meta = ["来源：中国军网", "责任编辑：李佳瑶", "发布时间：2025-01-06 19:40:02"]
        return "\n".join(lines[:meta_first] + zh_meta + lines[meta_last + 1:])
    if name == "no metadata":
        return "\n".join(lines[:meta_first] + lines[meta_last + 2:])
    if name == "no metadata, no byline":
        return "\n".join(lines[:meta_first] + lines[body:])
    if name == "metadata, no byline":
        return "\n".join(lines[:byline_en] + lines[body:])
    if name == "no title":
        return "\n".join(lines[meta_first:])
    raise AssertionError(name)


@pytest.mark.parametrize(
    "name, drop_kinds, meta",
    [
        ("Chinese metadata labels", set(), {"source": "中国军网", "editor": "李佳瑶", "published": "2025-01-06 19:40:02"}),
        ("no metadata", set(), {"source": "", "editor": "", "published": ""}),
        ("no metadata, no byline", {"byline"}, {"source": "", "author": {}}),
        ("metadata, no byline", {"byline"}, {"source": "China Military Online", "author": {}}),
        ("no title", {"title"}, {"title": {}, "source": "China Military Online"}),
    ],
)
def test_header_variants(base, seed_text, name, drop_kinds, meta):
    report = import_interleaved(_header_variant(seed_text, name), "t", "variant.txt")
    assert sides(report) == [s for s in sides(base) if s[0] not in drop_kinds]
    for key, value in meta.items():
        assert getattr(report.text.meta, key) == value, key
    assert report.warnings == []
    assert [line for _, line in report.dropped] == ["Related News", "back"]


def test_a_full_width_comma_in_an_english_paragraph_does_not_make_it_chinese(base, seed_text):
    lines = seed_text.split("\n")
    en = body_line(lines, "With the tacit approval")
    assert ", " in lines[en]
    lines[en] = lines[en].replace(", ", "，", 1)  # as a copy from a Chinese page may have it
    report = import_interleaved("\n".join(lines), "t", "variant.txt")
    expected = [(kind, en_side.replace(", ", "，", 1) if en_side.startswith("With the tacit") else en_side, zh)
                for kind, en_side, zh in sides(base)]
    assert sides(report) == expected and not report.warnings
