"""`reader glossary export`: TBX for terminology tools, CSV and TSV with every column; the
listing and `glossary check` keep working beside it."""

from __future__ import annotations

import csv
import io

import pytest
from _support import BUNDLED_ID, FIXTURES, ROOT, assert_one_line_error
from lxml import etree

from reader.core.glossary import COLUMNS, read_glossary
from reader.core.store import Library

TRICKY = FIXTURES / "export" / "library"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BOM = "\ufeff"


def entries_of(library, text_id=None):
    """The entries as the export gives them: generated pinyin is filled in."""
    from reader.core.dictionary import Dictionary
    from reader.core.glossary import fill_pinyin

    entries = Library(library).glossary(text_id)
    fill_pinyin(entries, Dictionary.load)
    return entries


def glossary_export(cli, *args) -> str:
    result = cli("glossary", "export", *args)
    assert result.code == 0, result.err
    return result.out


def columns(entry) -> list[str]:
    return [entry.zh, entry.en, " | ".join(entry.variants), entry.pinyin, entry.category, entry.note, entry.attested,
            " | ".join(entry.exclude)]


# -- TBX --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("library, text_id", [(ROOT, BUNDLED_ID), (ROOT, None), (TRICKY, "tricky")])
def test_tbx_structure(cli, library, text_id):
    args = ["--format", "tbx", "--library", library] + (["--text", text_id] if text_id else [])
    root = etree.fromstring(glossary_export(cli, *args).encode("utf-8"))
    entries = entries_of(library, text_id)
    assert root.tag == "martif" and root.get("type") == "TBX" and root.get(XML_LANG) == "en"
    assert root.find("martifHeader/fileDesc/titleStmt/title").text.startswith("Glossary: ")
    term_entries = root.findall("text/body/termEntry")
    assert len(term_entries) == len(entries)
    assert len({t.get("id") for t in term_entries}) == len(entries)
    for term_entry, entry in zip(term_entries, entries):
        lang_sets = term_entry.findall("langSet")
        assert [ls.get(XML_LANG) for ls in lang_sets] == ["zh-CN", "en"]
        chinese, english = lang_sets
        assert [t.text for t in chinese.iterfind("tig/term")] == [entry.zh]
        assert [t.text for t in english.iterfind("tig/term")] == [entry.en, *entry.variants]
        assert chinese.findtext("tig/termNote[@type='pronunciation']") == entry.pinyin
        statuses = [t.text for t in english.iterfind("tig/termNote[@type='administrativeStatus']")]
        assert statuses == ["preferredTerm-admn-sts"] + ["admittedTerm-admn-sts"] * len(entry.variants)
        assert term_entry.findtext("note") == (entry.note or None)
        assert term_entry.findtext("descrip[@type='subjectField']") == entry.category
        assert term_entry.findtext("admin[@type='source']") == (entry.attested or None)
        # TBX core structure: information about the entry comes before its language sections
        tags = [child.tag for child in term_entry]
        assert tags.index("langSet") == len(tags) - 2


def test_tbx_of_the_tricky_glossary(cli):
    root = etree.fromstring(glossary_export(cli, "--format", "tbx", "--text", "tricky", "--library", TRICKY).encode())
    first = root.find("text/body/termEntry")
    assert first.findtext("note") == 'A <new> capability & a "term".'
    tigs = first.findall("langSet[@{http://www.w3.org/XML/1998/namespace}lang='en']/tig")
    assert [t.findtext("termNote[@type='termType']") for t in tigs] == [None, None, "abbreviation"]
    assert root.getroottree().docinfo.doctype == '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">'


# -- CSV and TSV -------------------------------------------------------------------------------------


def test_csv_has_every_column(cli):
    out = glossary_export(cli, "--format", "csv", "--text", BUNDLED_ID, "--library", ROOT)
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == [columns(e) for e in entries_of(ROOT, BUNDLED_ID)]


def test_tsv_is_a_glossary_file(cli, tmp_path):
    target = tmp_path / "glossary.tsv"
    result = cli("glossary", "export", "--format", "tsv", "--text", BUNDLED_ID, "-o", target, "--library", ROOT)
    assert result.code == 0, result.err
    entries = entries_of(ROOT, BUNDLED_ID)
    assert result.err == f"wrote {len(entries)} glossary entries to {target}\n"
    assert target.read_text("utf-8").split("\n", 1)[0] == "\t".join(COLUMNS)
    assert [columns(e) for e in read_glossary(target)] == [columns(e) for e in entries]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_bom(cli, fmt):
    with_bom = glossary_export(cli, "--format", fmt, "--bom", "--text", "tricky", "--library", TRICKY)
    without = glossary_export(cli, "--format", fmt, "--text", "tricky", "--library", TRICKY)
    assert with_bom == BOM + without


def test_bom_is_not_for_tbx(cli):
    assert_one_line_error(cli("glossary", "export", "--format", "tbx", "--bom", "--library", TRICKY), "--bom", "tbx")


# -- arguments ------------------------------------------------------------------------------------------


def test_text_as_option_or_word(cli):
    as_option = glossary_export(cli, "--format", "csv", "--text", "tricky", "--library", TRICKY)
    as_word = glossary_export(cli, "tricky", "--format", "csv", "--library", TRICKY)
    assert as_option == as_word
    assert len(list(csv.reader(io.StringIO(as_option, newline="")))) == 1 + 4


def test_whole_library_without_a_text(cli):
    out = glossary_export(cli, "--format", "csv", "--library", ROOT)
    assert len(list(csv.reader(io.StringIO(out, newline="")))) == 1 + len(Library(ROOT).glossary())


@pytest.mark.parametrize("args, words", [
    (("glossary", "export"), ["--format", "tbx"]),
    (("glossary", "export", "--format", "xlsx"), ["'xlsx'", "tbx", "csv", "tsv"]),
    (("glossary", "export", "--format", "tbx", "--text", "nope"), ["'nope'"]),
    (("glossary", "export", "tricky", "--text", "other", "--format", "tbx"), ["tricky", "other"]),
    (("glossary", "export", "a", "b", "--format", "tbx"), ["unexpected", "b"]),
    (("glossary", "--format", "tbx"), ["--format", "glossary export"]),
    (("glossary", "check", "-o", "x.tbx"), ["--output", "glossary export"]),
    (("glossary", "export", "--format", "tbx", "--json"), ["--json"]),
])
def test_bad_arguments(cli, tmp_path, args, words):
    assert_one_line_error(cli(*args, "--library", TRICKY), *words)


def test_output_in_a_missing_folder(cli, tmp_path):
    target = tmp_path / "missing" / "glossary.tbx"
    result = cli("glossary", "export", "--format", "tbx", "-o", target, "--library", TRICKY)
    assert_one_line_error(result, str(tmp_path / "missing"))
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_leaves_no_file(cli, tmp_path):
    result = cli("glossary", "export", "--format", "docx", "-o", tmp_path / "g.docx", "--library", TRICKY)
    assert_one_line_error(result, "'docx'")
    assert list(tmp_path.iterdir()) == []


def test_listing_and_check_still_work(cli):
    listing = cli("glossary", "tricky", "--library", TRICKY)
    assert listing.code == 0 and listing.out.rstrip().endswith("4 entries")
    check = cli("glossary", "check", "tricky", "--json", "--library", TRICKY)
    assert check.code == 0 and '"text": "tricky"' in check.out
    also = cli("glossary", "--text", "tricky", "--library", TRICKY)
    assert also.code == 0 and also.out == listing.out


def test_help_mentions_export(cli):
    result = cli("glossary", "--help")
    assert result.code == 0
    for word in ("export", "--format", "--output", "--text", "tbx"):
        assert word in result.out


def test_tbx_carries_the_exclusions_as_a_note_of_their_language(cli):
    root = etree.fromstring(glossary_export(cli, "--format", "tbx", "--text", BUNDLED_ID, "--library", ROOT).encode())
    (entry,) = [e for e in root.iter("termEntry") if e.find("langSet/tig/term").text == "日方"]
    by_lang = {lang_set.get(XML_LANG): lang_set for lang_set in entry.iter("langSet")}
    assert [n.text for n in by_lang["en"].findall("note")] == [
        "Not counted inside: the Japanese government | the Japanese people"]
    assert by_lang["zh-CN"].findall("note") == []
