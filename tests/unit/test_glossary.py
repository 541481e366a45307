"""The glossary file: reading, validation errors with file and line, merging."""

from __future__ import annotations

import pytest
from _support import BUNDLED_ID, ROOT

from reader.core.errors import ReaderError
from reader.core.glossary import CATEGORIES, merge, read_glossary
from reader.core.store import Library

HEADER = "zh\ten\tvariants\tpinyin\tcategory\tnote\tattested\n"
EXCLUDE = "zh\ten\tcategory\texclude\n"


def write(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "glossary.tsv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_reads_entries_with_variants_and_literal_quotes(tmp_path):
    path = write(
        tmp_path,
        "# a comment\n\n"
        "反击能力\tcounterattack capabilities\tcounterattack capability | counter-strike\t\tterm\tnote\tjapan-europe-2025:p7\n"
        "“2+2”会谈机制\t\"2+2\" dialogue mechanism\t\t\tterm\t\teditor\n",
    )
    first, second = read_glossary(path)
    assert first.zh == "反击能力"
    assert first.renderings == ("counterattack capabilities", "counterattack capability", "counter-strike")
    assert first.attested_pair == ("japan-europe-2025", "p7")
    assert first.origin.endswith("glossary.tsv:4")
    assert second.en == '"2+2" dialogue mechanism'  # quotes are read literally
    assert second.attested_pair is None


@pytest.mark.parametrize(
    "body, header, line, problem",
    [
        ("反击\tcounterattack\tterm\n", "zh\ten\tcategory\n", None, None),  # a minimal valid file
        ("反击\tcounterattack\n", HEADER, 2, "2 fields, the header has 7"),
        ("\tcounterattack\t\t\tterm\t\teditor\n", HEADER, 2, "empty 'zh'"),
        ("反击\t\t\t\tterm\t\teditor\n", HEADER, 2, "empty 'en'"),
        ("反击\tcounterattack\t\t\tweapon\t\teditor\n", HEADER, 2, "category must be one of"),
        ("反击\tcounterattack\t\t\tterm\t\tsomewhere\n", HEADER, 2, "attested must be"),
        ("反击\ta\t\t\tterm\t\teditor\n反击\tb\t\t\tterm\t\teditor\n", HEADER, 3, "duplicate entry '反击' (first on line 2)"),
        ("反击\tcounterattack\n", "zh\ten\n", 1, "header lacks the column(s) category"),
        ("反击\tcounterattack\tterm\tx\n", "zh\ten\tcategory\tcolour\n", 1, "unknown column 'colour'"),
        # exclusions must be able to apply, and must not exclude everything
        ("日方\tthe Japanese\tterm\tthe Japanese government | the Japanese people\n", EXCLUDE, None, None),
        ("日方\tthe Japanese\tterm\tthe Japanese\n", EXCLUDE, 2, "exclude 'the Japanese' is a rendering itself"),
        ("日方\tthe Japanese\tterm\tThe japanese\n", EXCLUDE, 2, "is a rendering itself"),
        ("日方\tthe Japanese\tterm\tJapanese government\n", EXCLUDE, 2,
         "exclude 'Japanese government' contains none of the renderings (the Japanese), so it can never apply"),
        ("日方\tthe Japanese\tterm\t日本政府\n", EXCLUDE, 2, "exclude '日本政府' does not contain the term '日方'"),
        ("日方\tthe Japanese\tterm\t日方\n", EXCLUDE, 2, "exclude '日方' is the term itself"),
        ("日方\tthe Japanese\tterm\t“—”\n", EXCLUDE, 2, "exclude '“—”' has no words"),
    ],
)
def test_validation_names_file_line_and_problem(tmp_path, body, header, line, problem):
    path = write(tmp_path, body, header)
    if problem is None:
        assert read_glossary(path)[0].en in ("counterattack", "the Japanese")
        return
    with pytest.raises(ReaderError) as caught:
        read_glossary(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert problem in str(caught.value)


def test_empty_and_non_utf8_files(tmp_path):
    empty = tmp_path / "empty.tsv"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="empty glossary"):
        read_glossary(empty)
    gbk = tmp_path / "gbk.tsv"
    gbk.write_bytes((HEADER + "反击\tcounterattack\t\t\tterm\t\teditor\n").encode("gbk"))
    with pytest.raises(ReaderError, match="not UTF-8"):
        read_glossary(gbk)


def test_a_texts_own_entry_replaces_the_library_wide_one(tmp_path):
    library_wide = read_glossary(write(tmp_path, "北约\tNATO\t\t\torganisation\twide\teditor\n"))
    (tmp_path / "own").mkdir()
    own = read_glossary(write(tmp_path / "own", "北约\tNATO\t\t\torganisation\town\teditor\n"))
    merged = merge(library_wide, own)
    assert [(e.zh, e.note) for e in merged] == [("北约", "own")]


def test_bundled_glossaries_load_and_are_substantial():
    library = Library(ROOT)
    entries = library.glossary(BUNDLED_ID)
    assert len(entries) >= 60
    assert {e.category for e in entries} <= set(CATEGORIES)
    by_zh = {e.zh: e for e in entries}
    assert by_zh["反击能力"].en == "counterattack capabilities"
    assert by_zh["准同盟"].en.startswith("quasi-alliance")
    assert by_zh["阵营对抗"].en.startswith("bloc confrontation")


def test_every_pair_attestation_in_the_bundled_glossary_holds():
    """Every rendering attested in the parallel article matches it exactly: the term is in
    the pair's Chinese, and the rendering (or a variant) in its English."""
    from reader.core.matching import TermMatcher

    library = Library(ROOT)
    text = library.load(BUNDLED_ID)
    pairs = {p.id: p for p in text.pairs}
    entries = library.glossary(BUNDLED_ID)
    matcher = TermMatcher(entries)
    checked = 0
    for index, entry in enumerate(entries):
        where = entry.attested_pair
        if where is None:
            continue
        assert where[0] == BUNDLED_ID, entry.origin
        pair = pairs[where[1]]
        assert entry.zh in pair.zh, f"{entry.origin}: {entry.zh} not in {pair.id}"
        en_hits = {h.entry for h in matcher.find(pair.en, "en", overlapping=True)}
        assert index in en_hits, f"{entry.origin}: no rendering of {entry.zh} in {pair.id}"
        checked += 1
    assert checked >= 45


def test_exclusions_are_read_as_a_list(tmp_path):
    path = write(tmp_path, "日方\tthe Japanese\tterm\tthe Japanese government |  | 日方面\n", EXCLUDE)
    (entry,) = read_glossary(path)
    assert entry.exclude == ("the Japanese government", "日方面")
    assert read_glossary(write(tmp_path, "日方\tthe Japanese\tterm\n", "zh\ten\tcategory\n"))[0].exclude == ()


def test_generated_pinyin_follows_gb_t_16159(tmp_path):
    """Issue 9, item 13: words divided, proper nouns and names capitalised."""
    from reader.core.dictionary import Dictionary
    from reader.core.glossary import GlossaryEntry, fill_pinyin

    entries = [
        GlossaryEntry("日本自卫队", "Japanese Self-Defense Forces", category="force"),
        GlossaryEntry("战略伙伴关系", "strategic partnership"),
        GlossaryEntry("军事情报", "military intelligence"),
        GlossaryEntry("日本境内", "on Japanese soil", category="set phrase"),
        GlossaryEntry("防卫装备品和技术转移协定", "Agreement concerning the Transfer of Defense Equipment",
                      category="agreement"),
        GlossaryEntry("北约", "NATO", pinyin="Běiyuē", category="organisation"),  # given: kept
    ]
    fill_pinyin(entries, Dictionary.load, cache_dir=tmp_path)
    assert [e.pinyin for e in entries[:4]] == [
        "Rìběn Zìwèiduì", "zhànlüè huǒbàn guānxì", "jūnshì qíngbào", "Rìběn jìngnèi"]
    assert " hé " in entries[4].pinyin and entries[4].pinyin.startswith("Fángwèi ")
    # the cache gives the same again, without the dictionary
    again = [GlossaryEntry(e.zh, e.en, category=e.category) for e in entries[:4]]
    fill_pinyin(again, None, cache_dir=tmp_path)
    assert [e.pinyin for e in again] == [e.pinyin for e in entries[:4]]


def test_the_pinyin_cache_is_signed_with_the_installed_pypinyin():
    # read from pypinyin's own file, not importlib.metadata (50 ms at every start)
    from importlib.metadata import version

    from reader.core.glossary import _pinyin_signature

    assert _pinyin_signature().endswith(f" pypinyin {version('pypinyin')}")
