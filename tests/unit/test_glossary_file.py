"""Editing a glossary file: only the lines that change, atomically, always readable."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from reader.core.errors import ReaderError
from reader.core.glossary import GlossaryEntry, read_glossary
from reader.core.glossary_file import GlossaryFile, edit_glossary

HAND_MADE = (
    "# my glossary, by hand\r\n"
    "zh\ten\tcategory\tnote\r\n"
    "\r\n"
    "# organisations\r\n"
    "北约 \t NATO\torganisation\tShort for 北大西洋公约组织\r\n"
    "欧盟\tEuropean Union\torganisation\t\r\n"
    "# the end, no line break after this comment"
)


def entry(zh: str, en: str, **fields) -> GlossaryEntry:
    return GlossaryEntry(zh=zh, en=en, **fields)


def write(tmp_path, text: str, name: str = "glossary.tsv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_new_entry_is_one_line_appended_and_nothing_else_changes(tmp_path):
    path = write(tmp_path, HAND_MADE)
    glossary = GlossaryFile.load(path)
    line = glossary.put(entry("反击能力", "counterattack capabilities", note="敌基地攻击能力"))
    glossary.save()
    after = path.read_bytes().decode("utf-8")
    assert after == HAND_MADE + "\r\n反击能力\tcounterattack capabilities\tterm\t敌基地攻击能力\r\n"
    assert line == 8
    assert [e.zh for e in read_glossary(path)] == ["北约", "欧盟", "反击能力"]


def test_changing_an_entry_rewrites_only_its_row_in_the_files_column_order(tmp_path):
    path = write(tmp_path, HAND_MADE)
    glossary = GlossaryFile.load(path)
    glossary.put(entry("欧盟", "EU", category="organisation", note="欧洲联盟"))
    glossary.save()
    before, after = HAND_MADE.split("\r\n"), path.read_bytes().decode("utf-8").split("\r\n")
    changed = [n for n, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == [5]
    assert after[5] == "欧盟\tEU\torganisation\t欧洲联盟"
    assert after[4] == "北约 \t NATO\torganisation\tShort for 北大西洋公约组织"  # its spaces kept


def test_renaming_a_term_replaces_its_row_and_a_clash_is_refused(tmp_path):
    path = write(tmp_path, HAND_MADE)
    glossary = GlossaryFile.load(path)
    glossary.put(entry("欧洲联盟", "European Union", category="organisation"), replacing="欧盟")
    with pytest.raises(ReaderError, match="'北约' is already in the glossary \\(line 5\\)"):
        glossary.put(entry("北约", "EU"), replacing="欧洲联盟")
    glossary.save()
    assert [e.zh for e in read_glossary(path)] == ["北约", "欧洲联盟"]


def test_removing_an_entry_removes_its_line_only(tmp_path):
    path = write(tmp_path, HAND_MADE)
    glossary = GlossaryFile.load(path)
    assert glossary.remove("北约") == 5
    glossary.save()
    assert path.read_bytes().decode("utf-8") == HAND_MADE.replace("北约 \t NATO\torganisation\tShort for 北大西洋公约组织\r\n", "")
    with pytest.raises(ReaderError, match="not in this glossary"):
        GlossaryFile.load(path).remove("北约")


def test_a_column_the_file_lacks_is_added_at_the_end_only_when_needed(tmp_path):
    path = write(tmp_path, "zh\ten\tcategory\n北约\tNATO\torganisation\n")
    glossary = GlossaryFile.load(path)
    glossary.put(entry("欧盟", "European Union", category="organisation"))
    glossary.save()
    assert path.read_text(encoding="utf-8") == "zh\ten\tcategory\n北约\tNATO\torganisation\n欧盟\tEuropean Union\torganisation\n"
    glossary = GlossaryFile.load(path)
    glossary.put(entry("欧盟", "European Union", variants=("EU",), category="organisation"))
    glossary.save()
    assert path.read_text(encoding="utf-8") == (
        "zh\ten\tcategory\tvariants\n北约\tNATO\torganisation\t\n欧盟\tEuropean Union\torganisation\tEU\n")
    assert read_glossary(path)[1].variants == ("EU",)


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_the_encoding_and_byte_order_mark_are_kept(tmp_path, bom, codec):
    path = tmp_path / "glossary.tsv"
    path.write_bytes(bom + "zh\ten\tcategory\n北约\tNATO\torganisation\n".encode(codec))
    glossary = GlossaryFile.load(path)
    glossary.put(entry("欧盟", "EU", category="organisation"))
    glossary.save()
    assert path.read_bytes() == bom + "zh\ten\tcategory\n北约\tNATO\torganisation\n欧盟\tEU\torganisation\n".encode(codec)


@pytest.mark.parametrize("bad, problem", [
    (entry("北约", "NATO\tOTAN"), "the en holds a tab or a line break"),
    (entry("北约", "NATO", note="two\nlines"), "the note holds a tab or a line break"),
    (entry("北约", "NATO", category="army"), "category must be one of"),
    (entry("北约", ""), "empty 'en'"),
    (entry("", "NATO"), "empty 'zh'"),
    (entry("北约", "NATO", exclude=("欧盟",)), "does not contain the term"),
    (entry("北约", "NATO", attested="somewhere else"), "attested must be"),
])
def test_an_entry_the_reader_would_refuse_is_refused_before_anything_is_written(tmp_path, bad, problem):
    path = write(tmp_path, HAND_MADE)
    glossary = GlossaryFile.load(path)
    with pytest.raises(ReaderError, match=problem):
        glossary.put(bad)
    assert path.read_bytes().decode("utf-8") == HAND_MADE


def test_a_new_file_is_made_with_a_header_and_the_permissions_of_a_replaced_one_kept(tmp_path):
    path = tmp_path / "texts" / "x" / "glossary.tsv"
    edit_glossary(path, lambda g: g.put(entry("北约", "NATO", category="organisation")), comment="made in the reader")
    assert path.read_text(encoding="utf-8") == (
        "# made in the reader\nzh\ten\tvariants\tpinyin\tcategory\tnote\tattested\n"
        "北约\tNATO\t\t\torganisation\t\t\n")
    os.chmod(path, 0o640)
    edit_glossary(path, lambda g: g.put(entry("欧盟", "EU", category="organisation")), library_root=tmp_path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert [e.zh for e in read_glossary(path)] == ["北约", "欧盟"]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_damaged_file_is_never_edited(tmp_path):
    path = write(tmp_path, "zh\ten\tcategory\n北约\tNATO\n")
    with pytest.raises(ReaderError, match=r"glossary.tsv:2: 2 fields, the header has 3"):
        edit_glossary(path, lambda g: g.put(entry("欧盟", "EU")))
    assert path.read_text(encoding="utf-8") == "zh\ten\tcategory\n北约\tNATO\n"
