"""Pinyin: tone marks from numbers, stripping tones, splitting syllables, matching keys,
and the pinyin of Chinese text."""

from __future__ import annotations

import subprocess
import sys

import pytest
from _support import ROOT

from reader.core.pinyin import (
    SYLLABLES,
    hanzi_pinyin,
    join_syllables,
    looks_like_pinyin,
    marks_from_numbers,
    parse_syllables,
    pinyin_key,
    pinyin_word,
    split_syllables,
    strip_tones,
    tone_key,
)


@pytest.mark.parametrize(
    "numbered, marked",
    [
        ("fan3 ji1 neng2 li4", "fǎn jī néng lì"),
        ("ma1 ma2 ma3 ma4 ma5", "mā má mǎ mà ma"),
        # a and e take the mark first
        ("hao3", "hǎo"), ("xie4", "xiè"), ("lu:e4", "lüè"), ("nu:e4", "nüè"), ("jue2", "jué"),
        ("er2", "ér"), ("ei4", "èi"), ("guai4", "guài"),
        # ou: the o
        ("dou1", "dōu"), ("zhou1", "zhōu"),
        # otherwise the last vowel
        ("guo3", "guǒ"), ("hui4", "huì"), ("liu4", "liù"), ("dui4", "duì"), ("xiong2", "xióng"),
        ("nu:3", "nǚ"), ("lu:4", "lǜ"), ("nv3", "nǚ"), ("lv4", "lǜ"), ("zhi1", "zhī"),
        # neutral tone: no mark, but ü still written
        ("de5", "de"), ("le5", "le"), ("lu:5", "lü"), ("r5", "r"),
        # capitals kept
        ("Bei3 jing1", "Běi jīng"), ("A1 er3", "Ā ěr"), ("Ou1 zhou1", "Ōu zhōu"), ("Lu:3", "Lǚ"),
        ("LU:3", "LǙ"),
        # no vowel: the nasal carries the mark
        ("m2", "ḿ"), ("n2", "ń"), ("ng3", "ňg"), ("hng5", "hng"),
        # run together
        ("fan3ji1", "fǎnjī"),
        # not syllables: left alone
        ("san1 C", "sān C"), ("MP3", "MP3"), ("2+2", "2+2"), ("xx5", "xx5"),
        ("Ba1 la1 ke4 · O4 ba1 ma3", "Bā lā kè · Ò bā mǎ"),
        ("", ""),
    ],
)
def test_marks_from_numbers(numbered, marked):
    assert marks_from_numbers(numbered) == marked


@pytest.mark.parametrize(
    "numbered, word",
    [
        ("fan3 ji1", "fǎnjī"),
        ("zhan4 lu:e4 huo3 ban4", "zhànlüèhuǒbàn"),
        ("Xi1 an1", "Xī'ān"),
        ("Tian1 an1 men2", "Tiān'ānmén"),
        ("nu:3 er2", "nǚ'ér"),
        ("Bei3 jing1", "Běijīng"),
        ("Mao2 Ze2 dong1", "Máo Zédōng"),
        ("Bei3 jing1 Shi4", "Běijīng Shì"),
        ("yi1 dian3 r5", "yīdiǎnr"),
        ("san1 C", "sān C"),
        ("ka3 la1 O K", "kǎlā O K"),
        ("Ba1 la1 ke4 · O4 ba1 ma3", "Bālākè · Òbāmǎ"),
    ],
)
def test_pinyin_word(numbered, word):
    assert pinyin_word(numbered) == word


@pytest.mark.parametrize(
    "syllables, word",
    [
        (["xī", "ān"], "xī'ān"), (["fǎn", "jī"], "fǎnjī"), (["Ōu", "zhōu"], "Ōuzhōu"),
        (["hǎi", "ōu"], "hǎi'ōu"), ([], ""),
    ],
)
def test_join_syllables(syllables, word):
    assert join_syllables(syllables) == word


@pytest.mark.parametrize(
    "text, toneless",
    [
        ("fǎnjī nénglì", "fanji nengli"),
        ("fan3ji1", "fanji"),
        ("fan3 ji1 neng2 li4", "fan ji neng li"),
        ("Běijīng", "beijing"),
        ("lüè", "lve"), ("lu:e4", "lve"), ("nǚ", "nv"), ("NǙ", "nv"), ("lv4", "lv"),
        ("ḿ ňg", "m ng"),
        ("2+2 huìtán", "2+2 huitan"),  # a digit after no letter stays
        ("de5", "de"),
    ],
)
def test_strip_tones(text, toneless):
    assert strip_tones(text) == toneless


@pytest.mark.parametrize(
    "text, syllables",
    [
        ("fanjinengli", ["fan", "ji", "neng", "li"]),
        ("fǎnjī nénglì", ["fǎn", "jī", "néng", "lì"]),
        ("fǎnjīnénglì", ["fǎn", "jī", "néng", "lì"]),
        ("fan3ji1neng2li4", ["fan3", "ji1", "neng2", "li4"]),
        ("fan3 ji1", ["fan3", "ji1"]),
        ("xian", ["xian"]),  # one syllable, not xi+an
        ("xi'an", ["xi", "an"]),
        ("Xi’an", ["Xi", "an"]),
        ("xīān", ["xī", "ān"]),  # two marks: two syllables
        ("xi1an1", ["xi1", "an1"]),
        ("fangan", ["fan", "gan"]),  # fang+an would need an apostrophe
        ("fang'an", ["fang", "an"]),
        ("tiananmen", ["tian", "an", "men"]),  # no other way to read it
        ("jiangu", ["jian", "gu"]),
        ("zhuangzhuang", ["zhuang", "zhuang"]),
        ("zhanlüe", ["zhan", "lüe"]),
        ("zhanlue", ["zhan", "lue"]),
        ("lu:e4", ["lu:e4"]),
        ("nvren", ["nv", "ren"]),
        ("yidianr", ["yi", "dian", "r"]),
        ("yi1 dian3 r5", ["yi1", "dian3", "r5"]),
        ("ershi", ["er", "shi"]),
        ("Beijing", ["Bei", "jing"]),
        ("dong-xi", ["dong", "xi"]),
        ("ng", ["ng"]),
        ("hm", ["hm"]),
        # not pinyin
        ("NATO", None), ("abc", None), ("", None), ("   ", None), ("fan6", None), ("3fan", None),
        ("反击", None), ("fan,ji", None), ("rr", None), ("mn", None), ("r", None),
    ],
)
def test_split_syllables(text, syllables):
    assert split_syllables(text) == syllables


def test_every_syllable_splits_as_itself():
    for syllable in SYLLABLES:
        assert split_syllables(syllable) == [syllable], syllable


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("fǎn ji1", [("fan", 3), ("ji", 1)]),
        ("fanji", [("fan", None), ("ji", None)]),
        ("lue4", [("lve", 4)]),  # lue is how lüe is typed
        ("nǚ", [("nv", 3)]),
        ("de5", [("de", 5)]),
        ("NATO", None),
    ],
)
def test_parse_syllables(text, parsed):
    assert parse_syllables(text) == parsed


@pytest.mark.parametrize(
    "text, key, toned",
    [
        ("fanjinengli", "fanjinengli", None),
        ("fanji nengli", "fanjinengli", None),
        ("fǎnjī nénglì", "fanjinengli", "fan3ji1neng2li4"),
        ("fan3ji1neng2li4", "fanjinengli", "fan3ji1neng2li4"),
        ("fan3 ji1", "fanji", "fan3ji1"),
        ("Fǎnjī", "fanji", "fan3ji1"),
        ("wǒmen", "women", "wo3men5"),  # an unmarked syllable in marked text is neutral
        ("lu:e4", "lve", "lve4"),
        ("Xī'ān", "xian", "xi1an1"),
        ("xian", "xian", None),
    ],
)
def test_keys(text, key, toned):
    assert pinyin_key(text) == key
    assert tone_key(text) == toned


def test_tone_key_of_text_that_is_not_pinyin():
    assert tone_key("NATO3") is None
    assert tone_key("") is None


@pytest.mark.parametrize(
    "query, expected",
    [
        ("fanji", True), ("fǎnjī", True), ("fan3ji1", True), ("xi'an", True), ("Beijing", True),
        ("zhong guo", True), ("nü", True),
        ("NATO", False), ("attack", False), ("strategic", False), ("", False), ("m", False),
        ("反击", False), ("fan ji!", False),
    ],
)
def test_looks_like_pinyin(query, expected):
    assert looks_like_pinyin(query) is expected


# -- hanzi_pinyin ----------------------------------------------------------------------------


def _words(*words: str):
    """A segmenter that knows only the given words (longest first), like a dictionary."""
    def segment(text: str):
        spans, at = [], 0
        while at < len(text):
            for word in sorted(words, key=len, reverse=True):
                if text.startswith(word, at):
                    spans.append((at, at + len(word)))
                    at += len(word)
                    break
            else:
                at += 1
        return spans
    return segment


@pytest.mark.parametrize(
    "zh, segment, expected",
    [
        ("反击能力", _words("反击", "能力"), "fǎnjī nénglì"),
        ("准同盟", _words("同盟"), "zhǔn tóngméng"),
        ("准同盟", None, "zhǔn tóngméng"),  # pypinyin knows 同盟
        ("2+2会谈机制", _words("会谈", "机制"), "2+2 huìtán jīzhì"),
        ("与英国、法国建立“2+2”会谈机制。", _words("英国", "法国", "建立", "会谈", "机制"),
         "yǔ yīngguó、 fǎguó jiànlì “2+2” huìtán jīzhì。"),
        ("日本与NATO发布新版ITPP计划", _words("日本", "发布", "新版", "计划"),
         "rìběn yǔ NATO fābù xīnbǎn ITPP jìhuà"),
        ("西安", _words("西安"), "xī'ān"),
        ("卡拉OK", _words("卡拉OK"), "kǎlāOK"),
        ("了解了", _words("了解"), "liǎojiě le"),  # pypinyin reads heteronyms in context
        ("Hello world", None, "Hello world"),
        ("", None, ""),
    ],
)
def test_hanzi_pinyin(zh, segment, expected):
    assert hanzi_pinyin(zh, segment=segment) == expected


def test_hanzi_pinyin_without_a_segmenter_keeps_every_syllable():
    assert strip_tones(hanzi_pinyin("反击能力")).replace(" ", "") == "fanjinengli"


def test_importing_pinyin_does_not_import_pypinyin():
    code = "import sys, reader.core.pinyin; print('pypinyin' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    assert result.stdout.strip() == "False"
