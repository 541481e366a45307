"""`reader glossary import`: TBX (ours, TBX-Basic, MultiTerm, v3), CSV/TSV, OmegaT; round
trips; merging; one-line errors for malformed files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _support import FIXTURES, ROOT, assert_one_line_error

from reader.core.glossary import read_glossary
from reader.core.store import Library

TERMBASES = FIXTURES / "termbases"


@pytest.fixture
def library(tmp_path) -> Path:
    root = tmp_path / "library"
    root.mkdir()
    for folder in ("texts", "alignments"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def fields(entry) -> tuple:
    return (entry.zh, entry.en, entry.variants, entry.pinyin, entry.category, entry.note, entry.attested, entry.exclude)


@pytest.mark.parametrize("fmt, suffix", [("tbx", "tbx"), ("tsv", "tsv"), ("csv", "csv")])
def test_an_exported_glossary_imports_back_to_the_same_entries(cli, library, tmp_path, fmt, suffix):
    exported = tmp_path / f"glossary.{suffix}"
    assert cli("--library", library, "glossary", "export", "--format", fmt, "-o", exported).code == 0
    result = cli("--library", library, "glossary", "import", exported, "--name", "back")
    assert result.code == 0, result.err
    assert "201 added, 0 merged, 0 already there, 0 refused" in result.out
    before = Library(library).glossary()
    from reader.cli_glossary import glossary_entries

    before = glossary_entries(Library(library), None)  # pinyin filled, as exported
    after = read_glossary(library / "termbases" / "back.tsv")
    assert sorted(map(fields, after)) == sorted(map(fields, before))


def test_an_omegat_glossary_imports_back_to_the_same_terms_and_renderings(cli, library, tmp_path):
    exported = tmp_path / "glossary.txt"
    assert cli("--library", library, "glossary", "export", "--format", "omegat", "-o", exported).code == 0
    line = next(line for line in exported.read_text(encoding="utf-8").splitlines() if line.startswith("北约\t"))
    assert line == "北约\tNATO\tShort for 北大西洋公约组织; always 北约 in running text."
    result = cli("--library", library, "glossary", "import", exported, "--text", "japan-europe-2022")
    assert result.code == 0, result.err
    assert "201 added" in result.out and "glossary of japan-europe-2022" in result.out
    before = {e.zh: (e.en, e.variants, e.note) for e in Library(library).glossary()}
    after = {e.zh: (e.en, e.variants, e.note) for e in read_glossary(library / "texts" / "japan-europe-2022" / "glossary.tsv")}
    assert after == before


def test_a_multiterm_tbx_with_several_languages_gives_its_chinese_and_english(cli, library):
    result = cli("--library", library, "glossary", "import", TERMBASES / "multiterm.tbx", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["glossary"] == "termbases/multiterm.tsv" and report["source"] == "termbase multiterm"
    assert report["added"] == ["反击能力", "北约", "北大西洋公约组织"]
    assert report["refused"] == [
        {"line": 59, "reason": "only Traditional Chinese terms (北約), no Simplified"},
        {"line": 67, "reason": "no English term for '自卫队' (languages: zh-CN, fr-FR)"},
    ]
    assert report["remarks"] == ["left out: the terms in DE-DE (1 entry), JA-JP (1 entry), fr-FR (1 entry)"]
    entries = {e.zh: e for e in read_glossary(library / "termbases" / "multiterm.tsv")}
    counter = entries["反击能力"]
    # the preferred term first, admitted ones after (en-GB too), the deprecated one left out
    assert (counter.en, counter.variants) == ("counterattack capability", ("counterstrike capability", "counter-strike capability"))
    assert counter.pinyin == "fǎnjī nénglì"
    assert counter.category == "term"
    assert counter.note == "subject: Military · Capability to strike enemy bases in a counterattack."
    nato = entries["北约"]
    assert (nato.en, nato.variants, nato.category) == ("NATO", ("North Atlantic Treaty Organization",), "organisation")
    assert entries["北大西洋公约组织"].en == "NATO"
    # the termbase applies to every text, below the texts' own glossaries
    assert "termbases/multiterm.tsv" in Library(library).glossary("japan-europe-2022")[0].origin


def test_a_tbx_v3_file_with_a_namespace_imports(cli, library):
    result = cli("--library", library, "glossary", "import", TERMBASES / "tbx3.tbx", "--name", "v3")
    assert result.code == 0, result.err
    (entry,) = read_glossary(library / "termbases" / "v3.tsv")
    assert (entry.zh, entry.en, entry.variants) == ("准同盟", "quasi-alliance", ("semi-alliance",))


def test_a_spreadsheet_csv_maps_its_columns_by_name(cli, library):
    result = cli("--library", library, "glossary", "import", TERMBASES / "excel.csv", "--name", "sheet")
    assert result.code == 0, result.err
    assert "2 added, 0 merged, 0 already there, 1 refused" in result.out
    assert f"refused {TERMBASES / 'excel.csv'}:4: no English rendering for '空白'" in result.out
    assert "note: columns not used: Term ID, Part of speech" in result.out
    first = read_glossary(library / "termbases" / "sheet.tsv")[0]
    assert (first.zh, first.en, first.variants, first.note) == (
        "阵营对抗", "bloc confrontation", ("camp confrontation", "confrontation between blocs"), 'Cold-War phrase, "blocs"')


def test_columns_name_the_columns_a_file_calls_otherwise(cli, library, tmp_path):
    path = tmp_path / "terms.tsv"
    path.write_text("Source\tTarget\tRemarks\n反击能力\tcounterattack capabilities\tfrom the 2022 strategy\n", encoding="utf-8")
    result = cli("--library", library, "glossary", "import", path)
    assert_one_line_error(result, "terms.tsv:1", "no Chinese or English column", "--columns")
    result = cli("--library", library, "glossary", "import", path, "--columns", "zh=source,en=Target,note=Remarks")
    assert result.code == 0, result.err
    (entry,) = read_glossary(library / "termbases" / "terms.tsv")
    assert (entry.zh, entry.en, entry.note) == ("反击能力", "counterattack capabilities", "from the 2022 strategy")
    assert_one_line_error(cli("--library", library, "glossary", "import", path, "--columns", "zh=Quelle"),
                          "no column 'Quelle' in the header")
    assert_one_line_error(cli("--library", library, "glossary", "import", path, "--columns", "chinese"),
                          "want FIELD=COLUMN")


def test_omegat_tells_the_chinese_side_by_its_script(cli, library):
    result = cli("--library", library, "glossary", "import", TERMBASES / "omegat.txt", "--name", "project")
    assert result.code == 0, result.err
    assert "3 added" in result.out
    assert f"{TERMBASES / 'omegat.txt'}:5: want a source term and a target term" in result.out
    assert f"{TERMBASES / 'omegat.txt'}:6: neither term is Chinese" in result.out
    entries = {e.zh: (e.en, e.note) for e in read_glossary(library / "termbases" / "project.tsv")}
    assert entries["反击能力"] == ("counterattack capabilities", "Japan's 2022 strategy")


def test_duplicates_are_merged_a_new_rendering_becoming_a_variant(cli, library, tmp_path):
    path = tmp_path / "more.txt"
    path.write_text("北约\tNorth Atlantic Alliance\n北约\tNATO\n欧盟\tEU\n新词\tnew word\n", encoding="utf-8")
    own = library / "texts" / "japan-europe-2025" / "glossary.tsv"
    before = own.read_text(encoding="utf-8").splitlines()
    result = cli("--library", library, "glossary", "import", path, "--format", "omegat", "--text", "japan-europe-2025")
    assert result.code == 0, result.err
    assert "1 added, 1 merged, 1 already there, 0 refused" in result.out
    assert "merged 北约: + North Atlantic Alliance" in result.out
    after = own.read_text(encoding="utf-8").splitlines()
    changed = [n for n, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(changed) == 1 and after[changed[0]].startswith("北约\tNATO\tNorth Atlantic Treaty Organization | North Atlantic Alliance\t")
    assert after[len(before):] == ["新词\tnew word\t\t\tterm\t\t\t"]
    again = cli("--library", library, "glossary", "import", path, "--format", "omegat", "--text", "japan-europe-2025")
    assert "0 added, 0 merged, 3 already there" in again.out
    assert own.read_text(encoding="utf-8").splitlines() == after


@pytest.mark.parametrize("name, content, problem", [
    ("bad.tbx", "<martif><text><body><termEntry>", "bad.tbx:1: malformed XML"),
    ("bomb.tbx", '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa">]>\n<martif>&a;</martif>',
     "entities"),
    ("other.tbx", "<html><body/></html>", "not a TBX file: its root element is <html>"),
    ("empty.tbx", "<martif><text><body/></text></martif>", "a TBX file with no entries"),
    ("quote.csv", 'zh,en\n北约,"NATO\n', "quote.csv"),
    ("header.csv", "", "an empty termbase"),
    ("binary.tsv", "zh\ten\n\x00", "binary data"),
])
def test_a_malformed_termbase_is_a_one_line_error_and_nothing_is_written(cli, library, tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = cli("--library", library, "glossary", "import", path)
    assert_one_line_error(result, problem)
    assert not (library / "termbases").exists()


def test_usage_errors_are_one_line(cli, library):
    assert_one_line_error(cli("--library", library, "glossary", "import"), "needs a FILE")
    assert_one_line_error(cli("--library", library, "glossary", "import", TERMBASES / "omegat.txt", "--text", "x"),
                          "no text 'x'")
    assert_one_line_error(cli("--library", library, "glossary", "import", TERMBASES / "omegat.txt", "--name", "A B"),
                          "bad termbase name 'A B'")
    assert_one_line_error(cli("--library", library, "glossary", "import", TERMBASES / "omegat.txt", "--format", "xls"),
                          "unknown glossary import format 'xls'")
    assert_one_line_error(cli("--library", library, "glossary", "check", "--name", "x"),
                          "--name is an option of `reader glossary import`")
    assert_one_line_error(cli("--library", library, "glossary", "import", "/nonexistent.tbx"), "no such file")
    all_refused = TERMBASES / "omegat.txt"
    assert cli("--library", library, "glossary", "import", all_refused, "--format", "omegat").code == 0
