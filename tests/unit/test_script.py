"""Telling a paragraph's language, measuring text in terminal cells, and reading files
strictly as UTF-8."""

from __future__ import annotations

import codecs
import random

import pytest

from reader.core.errors import ReaderError
from reader.core.files import decode_text, read_text, write_atomically
from reader.core.script import cell_len, char_width, language_of, text_language


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The strategic partnership agreement took effect on January 1.", "en"),
        ("By Sun Wenzhu", "en"),
        ("今年1月1日,日本同欧盟签署的协定正式生效。", "zh"),
        ("孙文竹", "zh"),
        ("(作者单位:中国国际问题研究院)", "zh"),
        ("据IMF数据，NATO称EU成员国2024年GDP增长2%。", "zh"),
        ("日本与NATO发布新版ITPP计划，并将防卫预算提升至GDP的2%。", "zh"),
        ("与英国、法国、德国等国建立“2+2”会谈机制", "zh"),
        ("在Kubernetes中使用Helm chart部署Prometheus和Grafana。", "zh"),
        ("The author, 孙文竹 (Sun Wenzhu), is a researcher at the China Institute of International Studies.", "en"),
        ("Japan's “反击能力” (counterattack capability) was announced in 2022.", "en"),
        ("2025-01-06 19:40:02", "en"),
        # one full-width comma, or a few Chinese characters, do not make English Chinese
        ("Li Hua cycled along the river path，until she reached the old mill.", "en"),
        ("She wrote 李华 on the envelope and gave it to the porter, who nodded once.", "en"),
        # nor do many Latin names make Chinese English
        ("2008年开源的Android，2014年发布的Swift和2015年推出的TensorFlow。", "zh"),
        ("——", "en"),
        ("……。", "zh"),  # no letters: punctuation is all there is to go by
    ],
)
def test_language_of(text, expected):
    assert language_of(text) == expected


def test_text_language_weighs_the_whole_text():
    english = "The radio telescopes stood at the end of the row. " * 300
    assert text_language("，" + english, "en.txt") == "en"  # a full-width comma first
    assert text_language(english + "他说：“这是真的。”", "en.txt") == "en"  # Chinese only at the end
    chinese = "李华骑车沿河边小路到了老磨坊，再转往山脚。" * 50
    assert text_language(("Li Hua " * 40) + chinese, "zh.txt") == "zh"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("1234 5678\n-- 90 --\n", "no letters"),
        ("", "no letters"),
        ("\x01\x02\x03\x04\x05\x06\x07\x08abc\x0e\x0f\x10\x11", "binary"),
        ("Привет, как дела? Всё хорошо.", "neither English nor Chinese"),
    ],
)
def test_a_file_that_is_not_a_text_is_an_error_never_english(text, problem):
    with pytest.raises(ReaderError) as info:
        text_language(text, "some/file.txt")
    assert str(info.value).startswith("some/file.txt: ")
    assert problem in str(info.value)


@pytest.mark.parametrize(
    "text, cells",
    [
        ("", 0),
        ("abc", 3),
        ("日本", 4),
        ("日本NATO", 8),
        ("，。、；：？！", 14),
        ("（）《》", 8),
        ("Ａ１", 4),  # full-width Latin
        ("한국어", 6),
        ("カタカナ", 8),
        ("e\u0301", 1),  # combining accent
        ("a\u200bb", 2),  # zero-width space
        ("𠀀", 2),  # CJK Extension B
    ],
)
def test_cell_len(text, cells):
    assert cell_len(text) == cells
    assert sum(char_width(c) for c in text) == cells


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"plain", "plain"),
        ("中文".encode("utf-8"), "中文"),
        (b"\xef\xbb\xbfwith BOM", "with BOM"),
        (b"", ""),
        # UTF-16 and UTF-32 with their byte order marks (TMX from CAT tools, Excel's "Unicode text")
        ("中文 and English\r\n".encode("utf-16"), "中文 and English\r\n"),
        (codecs.BOM_UTF16_BE + "中文".encode("utf-16-be"), "中文"),
        (codecs.BOM_UTF16_LE + "中文".encode("utf-16-le"), "中文"),
        ("中文 𠀀".encode("utf-32"), "中文 𠀀"),
    ],
)
def test_decode_text_accepts(raw, expected):
    assert decode_text(raw, "f.txt") == expected


@pytest.mark.parametrize(
    "raw, word",
    [
        (b"abc\x00def", "binary"),
        ("中文".encode("gbk"), "UTF-8"),
        ("café".encode("latin-1"), "UTF-8"),
        ("中文".encode("utf-16-le"), "UTF-8"),  # UTF-16 without its mark is not told apart
        ("Hello".encode("utf-16-le"), "binary"),
        ("Hello".encode("utf-16") + b"\x00", "UTF-16"),  # an odd byte at the end
        (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "UTF-16"),  # a lone surrogate
        ("a\x00b".encode("utf-16"), "binary"),
    ],
)
def test_decode_text_refuses_and_names_the_file(raw, word):
    with pytest.raises(ReaderError) as info:
        decode_text(raw, "some/file.txt")
    message = str(info.value)
    assert message.startswith("some/file.txt: ")
    assert word in message
    assert "\n" not in message


@pytest.mark.parametrize("raw, where", [
    (b"abc\xffdef", "byte 0xff at offset 3"),
    (codecs.BOM_UTF8 + b"abc\xffdef", "byte 0xff at offset 6"),  # the offset in the file, BOM and all
    (codecs.BOM_UTF8 + b"\xe4\xbd", "byte 0xe4 at offset 3"),  # cut short
])
def test_a_bad_byte_is_named_where_it_is_in_the_file(raw, where):
    with pytest.raises(ReaderError, match=f"not UTF-8 text \\({where}\\)"):
        decode_text(raw, "f.txt")


def test_read_text_missing_file_and_folder(tmp_path):
    with pytest.raises(ReaderError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(ReaderError, match="folder"):
        read_text(tmp_path)


def test_write_atomically_replaces_the_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.json"
    target.write_bytes(b"x" * 10_000)
    write_atomically(target, b"short")
    assert target.read_bytes() == b"short"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_atomically_into_a_missing_folder(tmp_path):
    with pytest.raises(ReaderError) as info:
        write_atomically(tmp_path / "missing" / "out.json", b"data")
    assert str(tmp_path / "missing") in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_long_texts_are_counted_as_the_patterns_count(chunk):
    """The counts of a long text (a table of classes, a chunk at a time) are the patterns'
    counts, whatever the chunks: Latin words joined by ' ’ -, Han of every plane, control
    characters, letters of other planes, a lone surrogate, U+FFFF."""
    from reader.core.script import _counts_of_codes, script_counts

    rng = random.Random(chunk)
    alphabet = list("abcXYZ'’- \n\t.,é中文字\x1b\x0b\x85\u3400\uf900\uffff") + ["\U00020000", "\U0001F600", "\U00031350",
                                                                               "\ud800", "\U00010400"]
    for _ in range(150):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 2000)))
        assert _counts_of_codes(text, chunk) == script_counts(text)  # short: counted by the patterns
