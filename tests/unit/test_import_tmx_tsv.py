"""TMX and TSV import: `reader export` then `reader import` gives the text back, pair for
pair; other tools' TMX and plain two-column TSV read sensibly; broken or hostile input
is a one-line error that leaves the library as it was."""

from __future__ import annotations

import copy

import pytest
from _support import BUNDLED_ID, ROOT, assert_one_line_error, snapshot

from reader.core.errors import ReaderError
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library
from reader.formats import detect_format
from reader.formats.tmx_import import import_tmx
from reader.formats.tsv_import import import_tsv

TRICKY_PAIRS = [
    Pair("t1", "title", "Tricky <b>text</b> & [bold]markup[/]", "棘手的<b>文本</b>与[bold]标记[/]"),
    Pair("h1", "heading", "A heading", "标题", level=1),
    Pair("h2", "heading", "A sub-heading", "小标题", level=2),
    Pair("b1", "body", "A line\twith a tab\nand a second line, a \\ backslash and a \\t that is not a tab.",
         "一行\t有制表符\n第二行、反斜杠 \\ 和 \\n(不是换行)。"),
    Pair("b2", "body", "English only.", ""),
    Pair("b3", "body", "", "只有中文。"),
    Pair("b4", "body", "Windows\r\nbreaks, &amp; &lt;i&gt; <![CDATA[x]]> \"quotes\"", "罕见字𠮷 **粗体** <i>斜体</i>"),
    Pair("b5", "body", "  leading and trailing spaces  ", " 空格 "),
    Pair("n1", "note", "(A note.)", "(说明。)"),
]


def fields(pairs, levels: bool = True) -> list[tuple]:
    return [(p.id, p.kind, p.en, p.zh, p.level if levels else 0) for p in pairs]


def export_to(cli, library, text_id, fmt, target):
    result = cli("export", text_id, "--format", fmt, "-o", target, "--library", library)
    assert result.code == 0, result.err
    return target


def import_back(cli, path, text_id, library, *extra):
    result = cli("import", path, "--id", text_id, *extra, "--library", library)
    assert result.code == 0, result.err
    return Library(library).load(text_id)


@pytest.fixture
def tricky_library(tmp_path):
    library = tmp_path / "tricky-library"
    meta = TextMeta(id="tricky", title={"en": TRICKY_PAIRS[0].en, "zh": TRICKY_PAIRS[0].zh})
    Library(library).save(Text(meta, [copy.copy(p) for p in TRICKY_PAIRS]), None)
    return library


# -- round trips through the command line ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tmx", "tsv"])
def test_bundled_article_round_trips(cli, tmp_path, fmt):
    original = Library(ROOT).load(BUNDLED_ID)
    path = export_to(cli, ROOT, BUNDLED_ID, fmt, tmp_path / f"article.{fmt}")
    library = tmp_path / "fresh"
    text = import_back(cli, path, "again", library)  # the format is detected
    assert fields(text.pairs) == fields(original.pairs)
    assert text.meta.title == original.meta.title
    assert text.meta.languages == ("en", "zh")
    assert text.meta.import_format == fmt
    assert (library / "texts" / "again" / f"source.{fmt}").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("fmt", ["tmx", "tsv"])
def test_tricky_text_round_trips(cli, tmp_path, tricky_library, fmt):
    path = export_to(cli, tricky_library, "tricky", fmt, tmp_path / f"tricky.{fmt}")
    text = import_back(cli, path, "tricky-again", tmp_path / "fresh", "--format", fmt)
    # The TSV export has no column for heading levels: only TMX carries them.
    assert fields(text.pairs, levels=fmt == "tmx") == fields(TRICKY_PAIRS, levels=fmt == "tmx")
    assert text.meta.title == {"en": TRICKY_PAIRS[0].en, "zh": TRICKY_PAIRS[0].zh}


def test_tmx_carries_heading_levels(cli, tmp_path, tricky_library):
    path = export_to(cli, tricky_library, "tricky", "tmx", tmp_path / "tricky.tmx")
    text = import_back(cli, path, "levels", tmp_path / "fresh")
    assert [p.level for p in text.pairs if p.kind == "heading"] == [1, 2]


def test_id_from_the_title_without_id(cli, tmp_path):
    path = export_to(cli, ROOT, BUNDLED_ID, "tmx", tmp_path / "article.tmx")
    result = cli("import", path, "--library", tmp_path / "fresh")
    assert result.code == 0, result.err
    assert Library(tmp_path / "fresh").ids() == ["japan-intentions-strengthening-military"]


# -- TMX from other tools -----------------------------------------------------------------------


def tmx(body: str, header: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" '
        f'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext">'
        f"{header}</header>\n<body>\n{body}\n</body></tmx>\n"
    )


def test_tmx_language_codes_and_inline_elements():
    report = import_tmx(tmx(
        '<tu tuid="a"><tuv xml:lang="EN-GB"><seg>Hello <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept>'
        ' <hi>world</hi></seg></tuv><tuv xml:lang="zh-Hans"><seg>你好<ph x="1"/>世界</seg></tuv></tu>\n'
        '<tu><tuv lang="en-US"><seg>Old lang attribute</seg></tuv><tuv lang="ZH"><seg>旧属性</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="zh-CN"><seg>只有中文</seg></tuv></tu>'
    ), "x", "memory.tmx")
    pairs = report.text.pairs
    assert fields(pairs) == [
        ("a", "body", "Hello <b>bold</b> world", "你好世界", 0),
        ("p1", "body", "Old lang attribute", "旧属性", 0),
        ("p2", "body", "", "只有中文", 0),
    ]
    assert report.text.meta.title == {"en": "memory"}  # no x-title, no title pair: the file name
    assert report.warnings == []


def test_tmx_skips_units_without_english_or_chinese():
    report = import_tmx(tmx(
        '<tu tuid="x1"><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv></tu>\n'
        '<tu tuid="x2"><prop type="x-kind">chapter</prop><tuv xml:lang="en"><seg>Kept</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Gardé</seg></tuv></tu>\n'
        '<tu tuid="x2"><tuv xml:lang="en"><seg>Same id</seg></tuv></tu>'
    ), "x", "m.tmx")
    assert fields(report.text.pairs) == [("x2", "body", "Kept", "", 0), ("p1", "body", "Same id", "", 0)]
    assert report.text.meta.languages == ("en",)
    assert report.dropped == [(4, "tu 'x1' (fr, de)")]
    assert "dropped 1 line(s) of translation units without English or Chinese text:" in report.lines()
    text = "\n".join(report.warnings)
    assert "unknown kind 'chapter'" in text and "in fr skipped" in text and "earlier tu" in text
    assert "3 warning(s):" in report.lines()


def test_tmx_header_titles():
    report = import_tmx(tmx(
        '<tu tuid="p1"><tuv xml:lang="en"><seg>Body</seg></tuv></tu>',
        header='<prop type="x-text">t</prop><prop type="x-title" xml:lang="en">The title</prop>'
               '<prop type="x-title" xml:lang="zh-CN">标题</prop>',
    ), "x", "m.tmx")
    assert report.text.meta.title == {"en": "The title", "zh": "标题"}


@pytest.mark.parametrize("document, problem", [
    ("<html><body/></html>", "not a TMX file (the root element is <html>"),
    ('<tmx version="1.4"><header/></tmx>', "no <body>"),
    ('<tmx version="1.4"><body/></tmx>', "no translation units"),
])
def test_tmx_that_is_not_usable(document, problem):
    with pytest.raises(ReaderError) as caught:
        import_tmx(document, "x", "m.tmx")
    assert problem in str(caught.value) and str(caught.value).startswith("m.tmx")


# -- plain TSV ------------------------------------------------------------------------------------


def test_plain_two_columns_english_first():
    report = import_tsv("Hello.\t你好。\r\n\r\nA second line.\t第二行。\r\nUntranslated.\t\n", "x", "words.tsv")
    assert fields(report.text.pairs) == [
        ("p1", "body", "Hello.", "你好。", 0),
        ("p2", "body", "A second line.", "第二行。", 0),
        ("p3", "body", "Untranslated.", "", 0),
    ]
    assert report.text.meta.title == {"en": "words"}


def test_plain_two_columns_chinese_first_by_script():
    report = import_tsv("你好。\tHello.\n第二行，有 NATO。\tA second line.\n", "x", "w.tsv")
    assert [(p.en, p.zh) for p in report.text.pairs] == [("Hello.", "你好。"), ("A second line.", "第二行，有 NATO。")]


def test_plain_two_columns_with_a_header_row():
    report = import_tsv("中文\tEnglish\n你好\tHello\n", "x", "w.tsv")
    assert [(p.en, p.zh) for p in report.text.pairs] == [("Hello", "你好")]


def test_detect_format():
    assert detect_format('<?xml version="1.0"?>\n<tmx version="1.4"/>') == "tmx"
    assert detect_format('<tmx version="1.4"><body/></tmx>') == "tmx"
    assert detect_format("id\tkind\ten\tzh\np1\tbody\ta\t甲\n") == "tsv"
    assert detect_format("Hello\t你好\n\nBye\t再见\n") == "tsv"
    with pytest.raises(ReaderError):
        detect_format("Hello\t你好\tthird\n")
    # A stray line without a tab among many with one: still TSV, so the import names that line.
    assert detect_format("".join(f"Line {n}.\t第{n}行。\n" for n in range(12)) + "No tab\n") == "tsv"


def test_one_column_row_is_named_without_format(cli, tmp_path):
    path = tmp_path / "rows.tsv"
    path.write_text("".join(f"Line {n}.\t第{n}行。\n" for n in range(1, 10)) + "No tab here\n", encoding="utf-8")
    assert_one_line_error(cli("import", path, "--library", tmp_path / "lib"), f"{path}:10", "one column")
    assert not (tmp_path / "lib").exists()


# -- broken and hostile input: one-line errors, the library untouched -----------------------------


@pytest.fixture
def library(tmp_path, cli, tricky_library):
    """A library that already holds a text, to check that nothing in it changes."""
    return tricky_library


def refused(cli, library, path, *extra, names=()):
    before = snapshot(library)
    result = cli("import", path, "--id", "broken", *extra, "--library", library)
    line = assert_one_line_error(result, str(path), *names)
    assert snapshot(library) == before
    return line


def test_malformed_xml(cli, tmp_path, library):
    path = tmp_path / "bad.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en"><seg>a</tuv></tu>\n'
                    "</body></tmx>\n", encoding="utf-8")
    line = refused(cli, library, path, names=("line 4", "column"))
    assert "not well-formed XML" in line


def test_xxe_is_refused_and_nothing_leaks(cli, tmp_path, library):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<tmx version="1.4"><header/><body><tu tuid="p1"><tuv xml:lang="en"><seg>&xxe;</seg></tuv>'
        '<tuv xml:lang="zh"><seg>中</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    for extra in ((), ("--format", "tmx")):
        result = cli("import", path, "--id", "broken", *extra, "--library", library)
        assert "TOP-SECRET" not in result.out + result.err
        line = refused(cli, library, path, *extra, names=("entities",))
        assert "TOP-SECRET" not in line


def test_billion_laughs_is_refused(cli, tmp_path, library):
    path = tmp_path / "lol.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&b;&b;&b;</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8")
    refused(cli, library, path, names=("entities",))


def test_tsv_row_with_one_column(cli, tmp_path, library):
    path = tmp_path / "one.tsv"
    path.write_text("Hello.\t你好。\n\nNo tab on this line\nBye.\t再见。\n", encoding="utf-8")
    line = refused(cli, library, path, "--format", "tsv", names=(f"{path}:3", "one column"))
    assert line.endswith("want 2 (English and Chinese) separated by tabs")


def test_tsv_export_row_with_missing_fields(cli, tmp_path, library):
    path = tmp_path / "short.tsv"
    path.write_text("id\tkind\ten\tzh\np1\tbody\tHello\t你好\np2\tbody\tonly three\n", encoding="utf-8")
    refused(cli, library, path, names=(f"{path}:3", "3 columns"))


@pytest.mark.parametrize("suffix, fmt", [(".tsv", "tsv"), (".tmx", "tmx")])
def test_not_utf8(cli, tmp_path, library, suffix, fmt):
    path = tmp_path / f"latin1{suffix}"
    path.write_bytes("Caf\u00e9\t咖啡\n".encode("utf-8").replace("\u00e9".encode("utf-8"), b"\xe9"))
    refused(cli, library, path, "--format", fmt, names=("not UTF-8",))


@pytest.mark.parametrize("fmt, codec", [("tmx", "utf-16"), ("tmx", "utf-16-be"), ("tsv", "utf-16"), ("tmx", "utf-32")])
def test_utf16_files_with_a_byte_order_mark_are_read(cli, tmp_path, fmt, codec):
    """CAT tools write TMX in UTF-16 (Excel its "Unicode text" too): read, not "binary data"."""
    original = Library(ROOT).load(BUNDLED_ID)
    text = export_to(cli, ROOT, BUNDLED_ID, fmt, tmp_path / f"article.{fmt}").read_text("utf-8")
    if fmt == "tmx":
        text = text.replace('encoding="UTF-8"', f'encoding="{codec.upper()}"')
    data = ("\ufeff" + text).encode(codec) if codec.endswith(("-be", "-le")) else text.encode(codec)
    path = tmp_path / f"cat-tool.{fmt}"
    path.write_bytes(data)
    again = import_back(cli, path, "again", tmp_path / "fresh")
    assert fields(again.pairs) == fields(original.pairs)
    assert (tmp_path / "fresh" / "texts" / "again" / f"source.{fmt}").read_bytes() == data  # kept verbatim


def test_reports_list_dropped_lines_only_when_there_are_some(cli, tmp_path, seed_path):
    result = cli("import", seed_path, "--id", "seed", "--library", tmp_path / "lib")
    assert "dropped 2 line(s) of page navigation:" in result.out  # the seed ends in "Related News", "back"
    path = export_to(cli, ROOT, BUNDLED_ID, "tsv", tmp_path / "article.tsv")
    result = cli("import", path, "--id", "tsv", "--library", tmp_path / "lib")
    assert result.code == 0 and "line(s) of" not in result.out
