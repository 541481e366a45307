"""`reader lookup` and `reader glossary` (list and check), run in-process on the bundled
library or a copy of it."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from _support import BUNDLED_ID, FIXTURES, ROOT, assert_one_line_error

from reader.core.store import Library

PINYIN = "fǎnjī nénglì"
EN = "counterattack capabilities"
ANSI = "\x1b["


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.fixture
def library_copy(tmp_path) -> Path:
    """A copy of the bundled library (texts/ and alignments/) that a test may change."""
    root = tmp_path / "library"
    shutil.copytree(ROOT / "texts", root / "texts")
    shutil.copytree(ROOT / "alignments", root / "alignments")
    return root


@pytest.fixture
def two_texts(library_copy, cli) -> Path:
    """The copy with a second bilingual text, which mentions NATO but has no glossary."""
    result = cli("import", FIXTURES / "interleaved" / "latin_heavy.txt", "--id", "nato-eu", "--library", library_copy)
    assert result.code == 0, result.err
    return library_copy


def p7():
    return {pair.id: pair for pair in Library(ROOT).load(BUNDLED_ID).pairs}["p7"]


# -- lookup ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, first",
    [("反击能力", "zh"), (EN, "en"), ("Counterattack Capability", "en"), ("fanji", "en"), ("fǎnjī nénglì", "en")],
)
def test_lookup_prints_entry_and_occurrence_with_the_term_marked(cli, query, first):
    result = cli("lookup", query, "--library", ROOT)
    assert result.code == 0, result.err
    assert result.err == ""
    out = result.out
    assert ANSI not in out  # not a terminal: terms are marked «like this»
    lines = out.splitlines()
    head = f"反击能力  {PINYIN}  {EN}"
    assert head in lines, out
    block = lines[lines.index(head):]
    assert "  category: term    source: glossary of japan-europe-2025 (texts/japan-europe-2025/glossary.tsv)    attested: japan-europe-2025:p7" in block
    assert "  occurrences (1):" in block
    at = block.index(f"  {BUNDLED_ID} p7")
    zh_line, en_line = (block[at + 1], block[at + 2]) if first == "zh" else (block[at + 2], block[at + 1])
    assert zh_line.startswith("    zh  ") and "«反击能力»" in zh_line
    assert en_line.startswith("    en  ") and f"«{EN}»" in en_line
    # the context around the mark is the pair's own text
    left, _, right = zh_line[len("    zh  "):].strip("…").partition("«反击能力»")
    assert left + "反击能力" + right.split("»")[0] in p7().zh


@pytest.mark.parametrize("query, kind", [("反击能力", "exact"), (EN, "exact"), ("fanji", "prefix"), ("fan3ji1 neng2li4", "exact")])
def test_lookup_json(cli, query, kind):
    result = cli("lookup", query, "--json", "--library", ROOT)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["query"] == query
    assert data["suggestions"] == []
    entries = {entry["zh"]: entry for entry in data["entries"]}
    entry = entries["反击能力"]
    assert entry["en"] == EN
    assert entry["pinyin"] == PINYIN
    assert entry["source"] == "glossary"
    assert entry["category"] == "term"
    assert entry["match"] == kind
    assert "counterstrike capabilities" in entry["variants"]
    pair = p7()
    assert entry["occurrences"] == [
        {"text": BUNDLED_ID, "pair": "p7", "en": pair.en, "zh": pair.zh,
         "en_spans": entry["occurrences"][0]["en_spans"], "zh_spans": entry["occurrences"][0]["zh_spans"]}
    ]
    occurrence = entry["occurrences"][0]
    assert [pair.zh[s:e] for s, e in occurrence["zh_spans"]] == ["反击能力"]
    assert [pair.en[s:e] for s, e in occurrence["en_spans"]] == [EN]


def test_lookup_json_lists_every_occurrence(cli):
    data = json.loads(cli("lookup", "北约", "--json", "--library", ROOT).out)
    entries = {e["zh"]: e for e in data["entries"]}
    assert data["entries"][0]["zh"] == "北约"  # exact first, then 北约峰会, ... (prefix)
    entry = entries["北约"]
    assert entry["match"] == "exact"
    assert (entry["en"], entry["pinyin"], entry["category"]) == ("NATO", "Běiyuē", "organisation")  # a name: capitalised
    places = [(o["text"], o["pair"]) for o in entry["occurrences"]]
    assert [p for p in places if p[0] == BUNDLED_ID] == [(BUNDLED_ID, "p4"), (BUNDLED_ID, "p7")]
    assert any(text == "japan-europe-2022" for text, _ in places)  # the English-only article too
    for occurrence in entry["occurrences"]:
        assert all(occurrence["zh"][s:e] == "北约" for s, e in occurrence["zh_spans"])
        assert all(occurrence["en"][s:e] == "NATO" for s, e in occurrence["en_spans"])


def test_lookup_text_restricts_occurrences(cli, two_texts):
    everywhere = json.loads(cli("lookup", "北约", "--json", "--library", two_texts).out)
    texts = {o["text"] for o in everywhere["entries"][0]["occurrences"]}
    assert {BUNDLED_ID, "nato-eu"} <= texts
    only = json.loads(cli("lookup", "北约", "--json", "--text", BUNDLED_ID, "--library", two_texts).out)
    occurrences = only["entries"][0]["occurrences"]
    assert [(o["text"], o["pair"]) for o in occurrences] == [(BUNDLED_ID, "p4"), (BUNDLED_ID, "p7")]
    text_out = cli("lookup", "北约", "--text", BUNDLED_ID, "--library", two_texts).out
    assert "nato-eu" not in text_out and f"{BUNDLED_ID} p4" in text_out


def test_a_texts_glossary_is_the_librarys_with_its_own_entries_first(cli, two_texts):
    # 北约 and 反击能力 are in japan-europe-2025's own glossary; nato-eu shares them (the
    # texts of a library share their vocabulary)
    result = cli("lookup", "北约", "--json", "--text", "nato-eu", "--library", two_texts)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    glossary = [e["zh"] for e in data["entries"] if e["source"] == "glossary"]
    assert "北约" in glossary and "北约峰会" in glossary
    assert all(o["text"] == "nato-eu" for e in data["entries"] for o in e["occurrences"])
    # a word no glossary has falls back to CC-CEDICT
    data = json.loads(cli("lookup", "首先", "--json", "--text", "nato-eu", "--library", two_texts).out)
    assert data["entries"] and {e["source"] for e in data["entries"]} == {"cc-cedict"}


def test_lookup_of_a_chinese_phrase_gives_its_words(cli):
    data = json.loads(cli("lookup", "首先日本", "--json", "--library", ROOT).out)
    words = [e["zh"] for e in data["entries"]]
    assert "首先" in words and "日本" in words


def test_lookup_found_nowhere(cli):
    result = cli("lookup", "qqqzzz", "--library", ROOT)
    assert result.code == 1
    assert result.out == ""
    assert result.err.strip() == "reader: no glossary or CC-CEDICT entry for 'qqqzzz'"
    result = cli("lookup", "qqqzzz", "--json", "--library", ROOT)
    assert result.code == 1
    assert json.loads(result.out) == {"query": "qqqzzz", "entries": [], "suggestions": []}


def test_lookup_misspelling_suggests(cli):
    result = cli("lookup", "conterattack capabilities", "--library", ROOT)
    assert "did you mean: " in result.out
    assert "反击能力 (counterattack capabilities)" in result.out
    data = json.loads(cli("lookup", "conterattack capabilities", "--json", "--library", ROOT).out)
    assert "反击能力" in [s["zh"] for s in data["suggestions"]]
    assert all(e["source"] != "glossary" for e in data["entries"])


# -- glossary (list) ---------------------------------------------------------------------


def test_glossary_lists_a_table(cli):
    result = cli("glossary", "--library", ROOT)
    assert result.code == 0, result.err
    entries = Library(ROOT).glossary()
    lines = result.out.rstrip("\n").split("\n")
    assert lines[-1] == f"{len(entries)} entries"
    assert lines[-2] == ""
    rows = lines[:-2]
    assert len(rows) == len(entries)
    for row, entry in zip(rows, entries):
        assert row.startswith(entry.zh)
        assert row.endswith(f"  {entry.en}")
    # columns: the category starts in the same terminal cell on every row
    starts = {cells(row[: row.index(f"  {entry.category}  ")]) for row, entry in zip(rows, entries)}
    assert len(starts) == 1
    row = rows[[e.zh for e in entries].index("反击能力")]
    assert PINYIN in row and " term " in row and row.endswith(EN)


def test_glossary_of_a_text_as_json(cli):
    result = cli("glossary", BUNDLED_ID, "--json", "--library", ROOT)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert isinstance(data, list)
    assert len(data) == len(Library(ROOT).glossary(BUNDLED_ID))
    for item in data:
        assert {"zh", "en", "pinyin", "category"} <= set(item)
        assert item["zh"] and item["en"] and item["pinyin"] and item["category"]
    by_zh = {item["zh"]: item for item in data}
    assert (by_zh["反击能力"]["en"], by_zh["反击能力"]["pinyin"], by_zh["反击能力"]["category"]) == (EN, PINYIN, "term")
    assert by_zh["北约"]["category"] == "organisation"
    assert "北约峰会" in by_zh  # the library-wide entries apply too


# -- glossary check ------------------------------------------------------------------------


def test_glossary_check_without_a_text_checks_every_bilingual_text(cli):
    result = cli("glossary", "check", "--library", ROOT)
    assert result.code == 0, result.err
    assert result.out.startswith(f"term consistency: {BUNDLED_ID} (")
    assert len(re.findall(r"^summary: ", result.out, re.M)) == 1
    assert result.out == cli("glossary", "check", BUNDLED_ID, "--library", ROOT).out


def test_glossary_check_two_texts(cli, two_texts):
    result = cli("glossary", "check", "--library", two_texts)
    assert result.code == 0, result.err
    headers = re.findall(r"^term consistency: (\S+) ", result.out, re.M)
    assert headers == [BUNDLED_ID, "nato-eu"]
    assert len(re.findall(r"^summary: ", result.out, re.M)) == 2


def test_glossary_check_json(cli):
    result = cli("glossary", "check", BUNDLED_ID, "--json", "--library", ROOT)
    assert result.code == 0, result.err
    (report,) = json.loads(result.out)
    assert report["text"] == BUNDLED_ID
    assert report["pairs_checked"] >= 10
    assert report["bad_attestations"] == []
    assert len(report["misses"]) <= 5
    assert {m["found_in"] for m in report["misses"]} <= {"zh", "en"}
    assert {m["found_in"] for m in report["matches"]} == {"both"}
    assert {"pair": "p7", "zh": "反击能力", "en": EN, "found_in": "both"} in report["matches"]


# -- errors --------------------------------------------------------------------------------


def _append(path: Path, line: str) -> int:
    """Append a line to a glossary file; its line number. A row of the seven usual
    columns gets empty fields for any further columns the file's header names."""
    text = path.read_text(encoding="utf-8")
    header = next(row for row in text.splitlines() if row.strip() and not row.startswith("#")).split("\t")
    if line.count("\t") == 6:
        line += "\t" * (len(header) - 7)
    if not text.endswith("\n"):
        text += "\n"
    number = len(text.splitlines()) + 1
    path.write_text(text + line + "\n", encoding="utf-8")
    return number


BAD_ROWS = [
    ("北约新成员\tnew NATO member\tterm", "3 fields, the header has "),  # missing columns
    ("北约峰会\tNATO summit meeting\t\t\tterm\t\teditor", "duplicate entry '北约峰会' (first on line"),
    ("\tnew NATO member\t\t\tterm\t\teditor", "empty 'zh'"),
    ("北约新成员\tnew NATO member\t\t\tweapon\t\teditor", "category must be one of"),
]


def assert_skipped(result, *names: str) -> str:
    """A damaged file reported in one line and skipped: the command does the rest, and
    exits with 2 because its result is incomplete."""
    assert result.code == 2, (result.code, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("reader: error: ") and lines[0].endswith("(skipped; the rest goes on)"), lines[0]
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


@pytest.mark.parametrize("row, problem", BAD_ROWS)
def test_bad_library_glossary_is_one_line_naming_file_and_line(cli, library_copy, row, problem):
    path = library_copy / "texts" / "glossary.tsv"
    number = _append(path, row)
    result = cli("--library", library_copy, "lookup", "北约")
    assert_skipped(result, f"{path}:{number}: ", problem)


@pytest.mark.parametrize("row, problem", BAD_ROWS)
@pytest.mark.parametrize(
    "args",
    [("glossary",), ("glossary", "--json"), ("glossary", "check"), ("glossary", "check", BUNDLED_ID),
     ("lookup", "反击能力", "--text", BUNDLED_ID)],
)
def test_bad_text_glossary_is_reported_and_skipped_by_every_command(cli, library_copy, row, problem, args):
    path = library_copy / "texts" / BUNDLED_ID / "glossary.tsv"
    number = _append(path, row.replace("北约峰会", "北约"))  # 北约 is this file's duplicate
    result = cli("--library", library_copy, *args)
    assert_skipped(result, f"{path}:{number}: ", problem.replace("北约峰会", "北约"))
    assert result.out  # the rest of the result is there


@pytest.mark.parametrize(
    "args",
    [("lookup", "北约", "--text", "nope"), ("lookup", "北约", "--text", "nope", "--json"),
     ("glossary", "check", "nope"), ("glossary", "nope"), ("glossary", "check", "nope", "--json")],
)
def test_unknown_text_id(cli, args):
    line = assert_one_line_error(cli(*args, "--library", ROOT), "'nope'")
    assert "no text 'nope'" in line
    assert BUNDLED_ID in line  # the texts there are


def test_glossary_too_many_arguments(cli):
    assert_one_line_error(cli("glossary", "check", BUNDLED_ID, "extra", "--library", ROOT), "extra")


# -- CC-CEDICT words: concordance lines, and one ranking with the glossary (issue 9, item 12) --


def test_lookup_of_a_dictionary_word_lists_its_occurrences(cli):
    data = json.loads(cli("lookup", "升温", "--json", "--library", ROOT).out)
    (word,) = [e for e in data["entries"] if e["zh"] == "升温"]
    assert (word["source"], word["match"]) == ("cc-cedict", "exact")
    assert "to escalate" in word["definitions"]
    places = [(o["text"], o["pair"]) for o in word["occurrences"]]
    assert places == [(BUNDLED_ID, "p4")]
    occurrence = word["occurrences"][0]
    assert [occurrence["zh"][s:e] for s, e in occurrence["zh_spans"]] == ["升温"]
    out = cli("lookup", "升温", "--library", ROOT).out
    assert "  source: CC-CEDICT    match: exact" in out
    assert "  occurrences (1):" in out and "«升温»" in out
    # the English line is the sentence aligned with the one holding the word
    pair = Library(ROOT).load(BUNDLED_ID).pairs[3]
    en_line = next(line for line in out.splitlines() if line.startswith("    en  "))
    assert en_line[len("    en  "):].strip("…")[:30] in pair.en


def test_a_dictionary_word_is_found_as_a_word_not_inside_another(cli):
    data = json.loads(cli("lookup", "日", "--json", "--library", ROOT).out)
    (sun,) = [e for e in data["entries"] if e["zh"] == "日" and e["match"] == "exact"][:1]
    # the day of "1月1日", never the 日 of 日本, 日方, nor of the glossary's 日欧 (签署日欧...)
    found = [(o["pair"], [o["zh"][s - 2:e + 1] for s, e in o["zh_spans"]]) for o in sun["occurrences"]]
    assert found == [("p3", ["月1日,"])]


def test_lookup_ranks_exact_matches_first_whatever_their_source(cli):
    data = json.loads(cli("lookup", "Japan", "--json", "--library", ROOT).out)
    heads = [(e["zh"], e["source"], e["match"]) for e in data["entries"]]
    assert heads[0] == ("日本", "cc-cedict", "exact")
    kinds = [match for _, _, match in heads]
    assert kinds == sorted(kinds, key=["exact", "prefix", "partial"].index)
    assert ("日欧", "glossary", "prefix") in heads
    assert not [h for h in heads if h[0] == "京都"]  # "Kyoto, Japan" is no translation of Japan
    assert sum(source == "cc-cedict" for _, source, _ in heads) <= 8
