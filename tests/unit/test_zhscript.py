"""Traditional Chinese: told from simplified, converted with OpenCC, and read through its
simplified view by the glossary, the dictionary, pinyin and the aligner, which give the
same answers on a traditional text as on its simplified original; `reader import
--zh-script` converts on import. The traditional texts are the bundled sentences
converted by OpenCC here, never typed by hand."""

from __future__ import annotations

import json

import opencc
import pytest
from _support import ROOT, snapshot

from reader.core import zhscript
from reader.core.aligner import Aligner, Lexicon
from reader.core.dictionary import Dictionary
from reader.core.glossary import GlossaryEntry, read_glossary
from reader.core.matching import TermMatcher
from reader.core.pinyin import hanzi_pinyin
from reader.core.segment import words
from reader.core.store import Library

BUNDLED = ROOT / "texts" / "japan-europe-2025"
S2T = opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    return S2T.convert(text)


@pytest.fixture(scope="module")
def pairs():
    """The bundled text's body pairs with a Chinese side (simplified as published)."""
    return [pair for pair in Library(ROOT).load("japan-europe-2025").pairs if pair.zh and pair.en][:12]


# -- detection and conversion ---------------------------------------------------------------


def test_the_bundled_text_converts_to_a_text_of_its_own(pairs):
    zh = "\n".join(pair.zh for pair in pairs)
    trad = traditional(zh)
    assert trad != zh
    assert zhscript.detect(zh) == "simplified"
    assert zhscript.detect(trad) == "traditional"
    assert zhscript.convert(trad, "simplified") == zh
    assert zhscript.convert(zh, "traditional") == trad
    assert zhscript.convert(trad, "as-is") is trad


@pytest.mark.parametrize("text, script", [
    ("", "unknown"),
    ("The Japan-EU agreement", "unknown"),
    ("日本", "unknown"),  # characters both scripts share
    ("军事安全", "simplified"),
    ("軍事安全", "traditional"),
    ("日本同歐盟簽署的協定 (SPA)", "traditional"),
    ("军事 軍事", "unknown"),  # as much of each
])
def test_detect(text, script):
    assert zhscript.detect(text) == script


def test_an_unknown_target_is_an_error():
    from reader.core.errors import ReaderError

    with pytest.raises(ReaderError, match="unknown Chinese script 'klingon'"):
        zhscript.convert("军事", "klingon")


def test_the_view_keeps_every_offset(pairs):
    for pair in pairs:
        trad = traditional(pair.zh)
        view = zhscript.to_simplified(trad)
        assert len(view) == len(trad)
        assert view == pair.zh


def test_a_simplified_text_is_its_own_view():
    text = "今年1月1日，日本同欧盟签署的“战略伙伴关系协定”正式生效。"
    assert zhscript.to_simplified(text) is text


def test_phrases_are_converted_as_phrases():
    # 乾 is 干 in 乾淨 but stays in 乾隆; 頭髮 is 头发 (OpenCC's phrase tables)
    assert zhscript.to_simplified("乾隆的頭髮很乾淨") == "乾隆的头发很干净"


def test_a_conversion_that_changes_length_is_made_character_by_character(monkeypatch):
    class Longer:  # an OpenCC whose phrase table turns one character into two
        def convert(self, text):
            return text.replace("軍", "军军")

    monkeypatch.setattr(zhscript, "_converter", lambda config: Longer())
    zhscript._cached_view.cache_clear()
    try:
        view = zhscript.to_simplified("日本軍事安全。")
        assert view == "日本军事安全。"  # 事 is the same in both scripts
        assert len(view) == len("日本軍事安全。")
    finally:
        zhscript._cached_view.cache_clear()


# -- glossary, dictionary, pinyin ----------------------------------------------------------


@pytest.fixture(scope="module")
def matcher():
    entries = read_glossary(BUNDLED / "glossary.tsv") + read_glossary(ROOT / "texts" / "glossary.tsv")
    return TermMatcher(entries)


def test_glossary_hits_on_a_traditional_text_are_those_on_the_simplified(pairs, matcher):
    hits = 0
    for pair in pairs:
        trad = traditional(pair.zh)
        simplified = matcher.find(pair.zh, "zh")
        assert matcher.find(trad, "zh") == simplified
        assert matcher.find(trad, "zh", overlapping=True) == matcher.find(pair.zh, "zh", overlapping=True)
        hits += len(simplified)
    assert hits >= 10


def test_a_simplified_term_and_a_traditional_term_match_both_scripts():
    matcher = TermMatcher([GlossaryEntry("军事", "military"), GlossaryEntry(traditional("安全"), "security"),
                           GlossaryEntry(traditional("伙伴关系"), "partnership")])
    for text in ("日本加强军事安全伙伴关系", traditional("日本加强军事安全伙伴关系")):
        assert [(text[h.start:h.end], h.entry) for h in matcher.find(text, "zh")] == [
            (text[4:6], 0), (text[6:8], 1), (text[8:12], 2)]


@pytest.fixture(scope="module")
def dictionary():
    return Dictionary.load()


def test_dictionary_look_up_and_words_of_a_traditional_text(pairs, dictionary):
    for word in ("军事", "安全", "伙伴", "头发", "欧盟"):
        entries = dictionary.lookup(word)
        assert entries
        found = dictionary.lookup(traditional(word))
        assert [entry for entry in found if entry in entries] == entries
        assert all(zhscript.to_simplified(entry.simplified) == word for entry in found)
    for pair in pairs:
        trad = traditional(pair.zh)
        assert words(trad, (), dictionary) == words(pair.zh, (), dictionary)
        assert dictionary.segment(trad) == dictionary.segment(pair.zh)


def test_pinyin_of_a_traditional_text(pairs, dictionary):
    for pair in pairs[:6]:
        trad = traditional(pair.zh)
        assert hanzi_pinyin(trad) == hanzi_pinyin(pair.zh)
        assert dictionary.hanzi_pinyin(trad) == dictionary.hanzi_pinyin(pair.zh)
    assert hanzi_pinyin("頭髮") == hanzi_pinyin("头发")


# -- the aligner -----------------------------------------------------------------------------


def test_the_aligners_links_on_a_traditional_side_equal_those_on_the_simplified(pairs):
    from reader.core.sentences import split

    aligner = Aligner(Lexicon.load())
    en = [s for pair in pairs for s in split(pair.en, "en")]
    zh = [s for pair in pairs for s in split(pair.zh, "zh")]
    trad = [traditional(s) for s in zh]
    assert trad != zh
    simplified_beads = aligner.align(en, zh)
    traditional_beads = aligner.align(en, trad)
    assert [(b.en, b.zh) for b in traditional_beads] == [(b.en, b.zh) for b in simplified_beads]
    assert [round(b.score, 9) for b in traditional_beads] == [round(b.score, 9) for b in simplified_beads]
    assert sum(len(b.en) == len(b.zh) == 1 for b in simplified_beads) >= len(simplified_beads) // 2


# -- reader import --zh-script ---------------------------------------------------------------


@pytest.fixture
def two_files(tmp_path, pairs):
    en, zh = tmp_path / "story.en.txt", tmp_path / "story.zh.txt"
    en.write_text("\n\n".join(pair.en for pair in pairs[:5]) + "\n", encoding="utf-8")
    zh.write_text("\n\n".join(traditional(pair.zh) for pair in pairs[:5]) + "\n", encoding="utf-8")
    return en, zh


def _chinese(library, text_id):
    return "".join(pair.zh for pair in Library(library).load(text_id).pairs)


@pytest.mark.parametrize("script", ["simplified", "traditional", "as-is"])
def test_import_two_files_with_a_zh_script(cli, tmp_path, two_files, pairs, script):
    en, zh = two_files
    library = tmp_path / "lib"
    result = cli("import", "--en", en, "--zh", zh, "--id", "story", "--zh-script", script, "--library", library)
    assert result.code == 0, result.err
    stored = _chinese(library, "story")
    assert stored
    expected = {"simplified": "simplified", "traditional": "traditional", "as-is": "traditional"}[script]
    assert zhscript.detect(stored) == expected
    if script == "simplified":
        assert stored == "".join(pair.zh for pair in pairs[:5]).replace("\n", "")


def test_import_one_file_with_a_zh_script(cli, tmp_path, pairs):
    source = tmp_path / "story.txt"
    source.write_text("\n\n".join(f"{pair.en}\n\n{traditional(pair.zh)}" for pair in pairs[:5]) + "\n",
                      encoding="utf-8")
    library = tmp_path / "lib"
    result = cli("import", source, "--id", "story", "--zh-script", "simplified", "--library", library)
    assert result.code == 0, result.err
    assert zhscript.detect(_chinese(library, "story")) == "simplified"
    kept = json.loads((library / "texts" / "story" / "meta.json").read_text(encoding="utf-8"))
    assert kept["id"] == "story"
    # the verbatim source is kept as it came, in traditional characters
    stored_source = snapshot(library / "texts" / "story")
    assert any(zhscript.detect(data.decode("utf-8", "replace")) == "traditional"
               for name, data in stored_source.items() if name.startswith("source"))


def test_a_bad_zh_script_is_a_usage_error(cli, tmp_path, two_files):
    en, zh = two_files
    result = cli("import", "--en", en, "--zh", zh, "--zh-script", "cantonese", "--library", tmp_path / "lib")
    assert result.code == 2
    assert "--zh-script" in result.err
    assert not (tmp_path / "lib").exists()


def test_the_character_tables_are_kept_in_the_cache_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    # built once (80 ms of converting every ideograph), then read back by the next process
    from reader.core import zhscript

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    zhscript._tables.cache_clear()
    built = zhscript._tables()
    (kept,) = (tmp_path / "reader").glob("zhscript-tables.*.marshal")
    zhscript._tables.cache_clear()
    assert zhscript._tables() == built
    kept.write_bytes(b"\x00damaged")
    zhscript._tables.cache_clear()
    assert zhscript._tables() == built
    zhscript._tables.cache_clear()
