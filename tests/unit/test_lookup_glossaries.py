"""`reader lookup` searches every glossary of the library and its termbases, naming each."""

from __future__ import annotations

import json
import shutil

import pytest
from _support import ROOT

from reader.core.glossaries import every_entry, source_of
from reader.core.store import Library


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "library"
    root.mkdir()
    for folder in ("texts", "alignments"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "termbases").mkdir()
    (root / "termbases" / "defence.tsv").write_text(
        "zh\ten\tcategory\n北约\tNorth Atlantic Alliance\torganisation\n反舰导弹\tanti-ship missile\tterm\n",
        encoding="utf-8")
    return root


def test_a_term_two_glossaries_give_comes_from_each_the_winning_one_first(cli, library):
    result = cli("--library", library, "lookup", "北约", "--json")
    assert result.code == 0, result.err
    found = [(e["zh"], e["en"], e["glossary"], e["glossary_file"]) for e in json.loads(result.out)["entries"]
             if e["zh"] == "北约"]
    assert found == [
        ("北约", "NATO", "glossary of japan-europe-2025", "texts/japan-europe-2025/glossary.tsv"),
        ("北约", "North Atlantic Alliance", "termbase defence", "termbases/defence.tsv"),
    ]


def test_a_termbase_term_is_found_by_english_and_pinyin_and_says_where_it_is_from(cli, library):
    result = cli("--library", library, "lookup", "anti-ship missile")
    assert result.code == 0, result.err
    first = result.out.splitlines()[:3]
    assert first[0] == "反舰导弹  fǎnjiàndǎodàn  anti-ship missile"
    assert "source: termbase defence (termbases/defence.tsv)" in first[1]
    pinyin = json.loads(cli("--library", library, "lookup", "fanjiandaodan", "--json").out)
    assert pinyin["entries"][0]["glossary"] == "termbase defence"


def test_the_glossaries_of_a_library_and_their_names(library):
    lib = Library(library)
    names = [(s.kind, s.name, s.label) for s in {source_of(lib, e.origin): None for _, e in every_entry(lib)}]
    assert names == [("termbase", "defence", "termbase defence"), ("library", "library", "library glossary"),
                     ("text", "japan-europe-2025", "glossary of japan-europe-2025")]
    # merged for reading, the text's own entry wins over the termbase's
    assert next(e for e in lib.glossary("japan-europe-2022") if e.zh == "北约").en == "NATO"


def test_a_look_up_shows_the_first_occurrences_and_says_how_many_there_are(cli, library):
    everything = json.loads(cli("--library", library, "lookup", "日本", "--text", "japan-europe-2025", "--json").out)
    word = next(e for e in everything["entries"] if e["source"] == "cc-cedict" and e["zh"] == "日本")
    total = word["occurrence_count"]
    assert total == len(word["occurrences"]) > 3  # JSON: every one unless told
    limited = json.loads(cli("--library", library, "lookup", "日本", "--text", "japan-europe-2025",
                             "--json", "--limit", "2").out)
    word2 = next(e for e in limited["entries"] if e["source"] == "cc-cedict" and e["zh"] == "日本")
    assert word2["occurrence_count"] == total
    assert word2["occurrences"] == word["occurrences"][:2]
    shown = cli("--library", library, "lookup", "日本", "--text", "japan-europe-2025", "--limit", "2")
    assert shown.code == 0, shown.err
    assert f"  occurrences (2 of {total}):" in shown.out.splitlines()
    assert f"  ... and {total - 2} more (--limit 0 shows them all)" in shown.out.splitlines()
    glossary = json.loads(cli("--library", library, "lookup", "北约", "--json", "--limit", "1").out)
    entry = glossary["entries"][0]
    assert len(entry["occurrences"]) == 1 and entry["occurrence_count"] >= 2
    bad = cli("--library", library, "lookup", "日本", "--limit", "-1")
    assert bad.code != 0 and "--limit -1" in bad.err and "Traceback" not in bad.err
