"""TMX 1.4b export: valid against the TMX 1.4b DTD, and read back (with lxml) to exactly
the pairs it was written from."""

from __future__ import annotations

import pytest
from _support import BUNDLED_ID, FIXTURES, ROOT, assert_one_line_error
from lxml import etree

from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library
from reader.formats.tmx import export_tmx

EXPORT = FIXTURES / "export"
TRICKY = EXPORT / "library"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = {"en": "en", "zh-CN": "zh"}


@pytest.fixture(scope="module")
def dtd():
    return etree.DTD(str(EXPORT / "tmx14.dtd"))


def read_tmx(document: bytes) -> list[dict]:
    """What a straightforward TMX importer recovers: per tu its id, kind and both sides."""
    pairs = []
    for tu in etree.fromstring(document).iterfind("body/tu"):
        props = {prop.get("type"): prop.text for prop in tu.iterfind("prop")}
        sides = {LANGS[tuv.get(XML_LANG)]: tuv.findtext("seg") for tuv in tu.iterfind("tuv")}
        pairs.append({"id": tu.get("tuid"), "kind": props["x-kind"], "text": props["x-text"],
                      "level": int(props.get("x-level", 0)), "en": sides.get("en", ""), "zh": sides.get("zh", "")})
    return pairs


def exported(cli, text_id: str, library, *extra) -> bytes:
    result = cli("export", text_id, "--format", "tmx", *extra, "--library", library)
    assert result.code == 0, result.err
    return result.out.encode("utf-8")


@pytest.mark.parametrize("text_id, library", [(BUNDLED_ID, ROOT), ("tricky", TRICKY)])
def test_valid_against_the_tmx_dtd(cli, dtd, text_id, library):
    document = etree.fromstring(exported(cli, text_id, library))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def test_dtd_catches_what_it_should(dtd):
    """The DTD written out for the tests is strict enough to matter."""
    bad = [
        b'<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="paragraph" o-tmf="x" '
        b'adminlang="en" srclang="en"/><body/></tmx>',  # no datatype
        b'<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="word" o-tmf="x" '
        b'adminlang="en" srclang="en" datatype="plaintext"/><body/></tmx>',  # unknown segtype
        b'<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="paragraph" o-tmf="x" '
        b'adminlang="en" srclang="en" datatype="plaintext"/><body><tu><prop type="x"/></tu></body></tmx>',  # no tuv
        b'<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="paragraph" o-tmf="x" '
        b'adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv><seg>a</seg></tuv></tu></body></tmx>',
    ]
    for document in bad:
        assert not dtd.validate(etree.fromstring(document))


def test_header(cli):
    root = etree.fromstring(exported(cli, BUNDLED_ID, ROOT))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("creationtool") == "reader"
    assert header.get("creationtoolversion")
    assert (header.get("srclang"), header.get("segtype"), header.get("datatype"), header.get("adminlang")) == (
        "en", "paragraph", "plaintext", "en")
    assert header.get("o-tmf") == "reader-alignment"
    assert header.findtext("prop[@type='x-text']") == BUNDLED_ID
    assert root.getroottree().docinfo.doctype == '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def test_units_of_the_bundled_article(cli):
    root = etree.fromstring(exported(cli, BUNDLED_ID, ROOT))
    text = Library(ROOT).load(BUNDLED_ID)
    tus = root.findall("body/tu")
    assert len(tus) == 11
    for tu, pair in zip(tus, text.pairs):
        assert tu.get("tuid") == pair.id
        assert tu.findtext("prop[@type='x-kind']") == pair.kind
        assert tu.findtext("prop[@type='x-text']") == BUNDLED_ID
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en", "zh-CN"]


@pytest.mark.parametrize("text_id, library", [(BUNDLED_ID, ROOT), ("tricky", TRICKY)])
def test_round_trip(cli, text_id, library):
    text = Library(library).load(text_id)
    expected = [{"id": p.id, "kind": p.kind, "text": text_id, "level": p.level, "en": p.en, "zh": p.zh}
                for p in text.pairs]
    assert read_tmx(exported(cli, text_id, library)) == expected


def test_a_pair_with_an_empty_side_has_one_variant(cli):
    tus = {tu.get("tuid"): tu for tu in etree.fromstring(exported(cli, "tricky", TRICKY)).iterfind("body/tu")}
    assert [tuv.get(XML_LANG) for tuv in tus["b3"].findall("tuv")] == ["en"]
    assert [tuv.get(XML_LANG) for tuv in tus["b4"].findall("tuv")] == ["zh-CN"]
    assert [tuv.get(XML_LANG) for tuv in tus["b1"].findall("tuv")] == ["en", "zh-CN"]


def test_markup_is_text(cli):
    tus = {tu.get("tuid"): tu for tu in etree.fromstring(exported(cli, "tricky", TRICKY)).iterfind("body/tu")}
    seg = tus["t1"].find("tuv/seg")
    assert seg.text == "Tricky <b>text</b> & [bold]markup[/]" and len(seg) == 0


def test_pairs_option(cli):
    assert [p["id"] for p in read_tmx(exported(cli, BUNDLED_ID, ROOT, "--pairs", "3-5"))] == ["p3", "p4", "p5"]


def test_character_xml_cannot_hold(cli, tmp_path):
    text = Text(TextMeta(id="bell", title={"en": "Bell"}), [Pair("p1", "body", "a bell \x07 rings", "铃")])
    Library(tmp_path).save(text, None)
    target = tmp_path / "bell.tmx"
    result = cli("export", "bell", "--format", "tmx", "-o", target, "--library", tmp_path)
    assert_one_line_error(result, "'p1'", "U+0007")
    assert not target.exists()


def test_export_function_directly():
    text = Text(TextMeta(id="t", title={"en": "T"}), [])
    pairs = [Pair("a", "heading", "  spaced  ", "", level=2)]
    document = export_tmx(text, pairs).encode("utf-8")
    assert read_tmx(document) == [{"id": "a", "kind": "heading", "text": "t", "level": 2, "en": "  spaced  ", "zh": ""}]
