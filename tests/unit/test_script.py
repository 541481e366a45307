"""Telling a paragraph's language, measuring text in terminal cells, and reading files
strictly as UTF-8."""

from __future__ import annotations

import pytest

from reader.core.errors import ReaderError
from reader.core.files import decode_utf8, read_utf8, write_atomically
from reader.core.script import cell_len, char_width, language_of


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
    ],
)
def test_language_of(text, expected):
    assert language_of(text) == expected


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
    ],
)
def test_decode_utf8_accepts(raw, expected):
    assert decode_utf8(raw, "f.txt") == expected


@pytest.mark.parametrize(
    "raw, word",
    [
        (b"abc\x00def", "binary"),
        ("中文".encode("gbk"), "UTF-8"),
        ("café".encode("latin-1"), "UTF-8"),
        ("中文".encode("utf-16"), "UTF-8"),
        ("Hello".encode("utf-16"), "binary"),
    ],
)
def test_decode_utf8_refuses_and_names_the_file(raw, word):
    with pytest.raises(ReaderError) as info:
        decode_utf8(raw, "some/file.txt")
    message = str(info.value)
    assert message.startswith("some/file.txt: ")
    assert word in message
    assert "\n" not in message


def test_read_utf8_missing_file_and_folder(tmp_path):
    with pytest.raises(ReaderError, match="no such file"):
        read_utf8(tmp_path / "nope.txt")
    with pytest.raises(ReaderError, match="folder"):
        read_utf8(tmp_path)


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
