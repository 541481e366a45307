"""`reader import` on bad input: one line on stderr naming the problem, exit code 2, and
nothing written to the library."""

from __future__ import annotations

import pytest
from _support import BUNDLED_ID, assert_one_line_error, snapshot

from reader.core.store import Library

BAD_FILES = [
    ("empty", b""),
    ("blank lines only", b"\n  \n\t\n"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
    ("GBK bytes", "日本持续推进对欧军事安全合作\n\nJapan and Europe\n\n有何意图\n\nWhy\n".encode("gbk")),
    ("Latin-1 bytes", "Caf\u00e9 society\n\nna\u00efve r\u00e9sum\u00e9\n".encode("latin-1")),
    ("English only", b"Just one language.\n\nNothing to align with.\n"),
]


@pytest.mark.parametrize("name, raw", BAD_FILES, ids=[name for name, _ in BAD_FILES])
def test_bad_source_file_is_refused(cli, tmp_path, name, raw):
    source = tmp_path / "bad source.txt"
    source.write_bytes(raw)
    library = tmp_path / "lib"

    result = cli("import", source, "--library", library)

    assert_one_line_error(result, str(source))
    assert not library.exists()


def test_missing_file(cli, tmp_path):
    library = tmp_path / "lib"
    missing = tmp_path / "no-such-file.txt"
    result = cli("import", missing, "--library", library)
    line = assert_one_line_error(result, str(missing))
    assert "no such file" in line
    assert not library.exists()


def test_a_folder_is_not_a_file(cli, tmp_path):
    library = tmp_path / "lib"
    result = cli("import", tmp_path, "--library", library)
    assert_one_line_error(result, str(tmp_path))
    assert not library.exists()


def test_existing_id_is_refused_and_the_library_is_unchanged(cli, seed_library, tmp_path, seed_text):
    before = snapshot(seed_library)
    other = tmp_path / "other.txt"
    other.write_text(seed_text.replace("By Sun Wenzhu", "By Somebody Else"), "utf-8")

    result = cli("import", other, "--id", BUNDLED_ID, "--library", seed_library)

    line = assert_one_line_error(result, BUNDLED_ID)
    assert "--replace" in line
    assert snapshot(seed_library) == before


def test_existing_default_id_is_refused_too(cli, tmp_path, seed_path):
    library = tmp_path / "lib"
    assert cli("import", seed_path, "--library", library).code == 0
    before = snapshot(library)
    result = cli("import", seed_path, "--library", library)
    assert_one_line_error(result, "japan-intentions-strengthening-military")
    assert snapshot(library) == before


def test_replace_overwrites_the_text(cli, seed_library, tmp_path, seed_text):
    lines = seed_text.split("\n")
    zh = lines.index("孙文竹")
    variant = "\n".join(lines[:zh] + lines[zh + 2:])
    other = tmp_path / "other.txt"
    other.write_text(variant, "utf-8")

    result = cli("import", other, "--id", BUNDLED_ID, "--replace", "--library", seed_library)

    assert result.code == 0, result.err
    text = Library(seed_library).load(BUNDLED_ID)
    assert text.pairs[1].zh == ""
    assert text.meta.author == {"en": "Sun Wenzhu"}
    assert (seed_library / "texts" / BUNDLED_ID / "source.txt").read_text("utf-8") == variant
    assert Library(seed_library).ids() == [BUNDLED_ID]
    leftovers = [p.name for p in seed_library.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.parametrize(
    "bad_id",
    ["Japan", "japan_europe", "-japan", "japan europe", "日本", "a" * 65, "../escape", ""],
)
def test_bad_id_is_refused(cli, tmp_path, seed_path, bad_id):
    library = tmp_path / "lib"
    result = cli("import", seed_path, f"--id={bad_id}", "--library", library)
    line = assert_one_line_error(result, "--id")
    assert repr(bad_id) in line
    assert not library.exists()


@pytest.mark.parametrize("good_id", ["a", "2025", "japan-europe-2025", "x" * 64])
def test_good_ids_are_accepted(cli, tmp_path, seed_path, good_id):
    library = tmp_path / "lib"
    result = cli("import", seed_path, "--id", good_id, "--library", library)
    assert result.code == 0, result.err
    assert Library(library).ids() == [good_id]


def test_unknown_format_is_a_usage_error(cli, tmp_path, seed_path):
    result = cli("import", seed_path, "--format", "pdf", "--library", tmp_path / "lib")
    assert result.code == 2
    assert "pdf" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "lib").exists()


def test_a_format_the_file_is_not_is_one_line(cli, tmp_path, seed_path):
    # docx is a format since issue 11: a text file given as one is refused, naming the file
    result = cli("import", seed_path, "--format", "docx", "--library", tmp_path / "lib")
    assert result.code == 2 and len(result.err.splitlines()) == 1
    assert "Word document" in result.err and str(seed_path) in result.err
    assert not (tmp_path / "lib").exists()


def test_replace_leaves_only_the_new_source(cli, seed_library, tmp_path, seed_bytes):
    """A replaced text keeps one source, the new one, even when its file type differs."""
    other = tmp_path / "article.md"
    other.write_bytes(seed_bytes)

    result = cli("import", other, "--id", BUNDLED_ID, "--replace", "--library", seed_library)

    assert result.code == 0, result.err
    folder = seed_library / "texts" / BUNDLED_ID
    assert Library(seed_library).load_meta(BUNDLED_ID).source_file == "source.md"
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "source.md"]
