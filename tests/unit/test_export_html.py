"""HTML export: one standalone page, escaped text, terms in one colour on both sides, the
glossary table; rendered in headless Chromium (which CI installs: a missing browser is a
failure, not a skip)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess

import pytest
from _support import BUNDLED_ID, FIXTURES, ROOT
from lxml import html as lxml_html

from reader.core.store import Library

TRICKY = FIXTURES / "export" / "library"
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def page(cli, text_id=BUNDLED_ID, library=ROOT, *extra) -> str:
    result = cli("export", text_id, "--format", "html", *extra, "--library", library)
    assert result.code == 0, result.err
    return result.out


def parse(document: str):
    return lxml_html.document_fromstring(document)


def term_colours(cell) -> dict[str, str]:
    return {mark.text_content(): mark.get("class") for mark in cell.iterfind(".//mark")}


# -- the page -----------------------------------------------------------------------------------


def test_standalone_page(cli):
    document = page(cli)
    assert document.startswith("<!DOCTYPE html>\n")
    root = parse(document)
    assert root.get("lang") == "en"
    assert root.find(".//meta[@charset]").get("charset") == "utf-8"
    assert not root.xpath("//link|//script|//img|//iframe"), "no external assets"
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", document)
    assert "url(" not in document
    style = root.findtext(".//style")
    assert "@media print" in style


def test_title_and_metadata(cli):
    root = parse(page(cli))
    meta = Library(ROOT).load_meta(BUNDLED_ID)
    assert root.findtext(".//title") == f"{meta.title['en']} · {meta.title['zh']}"
    assert root.findtext(".//h1") == meta.title["en"]
    assert root.find(".//h1").get("lang") == "en"
    assert root.find(".//p[@class='title-zh']").get("lang") == "zh-CN"
    facts = dict(zip((dt.text_content() for dt in root.iterfind(".//dl/dt")),
                     (dd.text_content() for dd in root.iterfind(".//dl/dd"))))
    assert facts["Author"] == "Sun Wenzhu / 孙文竹"
    assert facts["Source"] == "China Military Online"
    assert facts["Published"] == "2025-01-06 19:40:02"
    assert facts["Pairs"] == "11 (p1–p11)"


def test_pairs_side_by_side_with_lang_attributes(cli):
    root = parse(page(cli))
    text = Library(ROOT).load(BUNDLED_ID)
    rows = root.xpath("//table[@class='pairs']/tbody/tr")
    assert len(rows) == len(text.pairs)
    for row, pair in zip(rows, text.pairs):
        pid, en, zh = row.findall("td")
        assert row.get("id") == pair.id and row.get("class") == pair.kind
        assert pid.text_content() == pair.id
        assert (en.get("lang"), zh.get("lang")) == ("en", "zh-CN")
        assert en.text_content() == pair.en and zh.text_content() == pair.zh


def test_terms_have_one_colour_on_both_sides(cli):
    root = parse(page(cli))
    p1 = root.get_element_by_id("p1")
    _, en, zh = p1.findall("td")
    assert term_colours(en) == {"military security cooperation": "term c0"}
    assert term_colours(zh) == {"军事安全合作": "term c0"}
    colours = {}
    for mark in root.xpath("//table[@class='pairs']//mark"):
        colours.setdefault(mark.get("title"), set()).add(mark.get("class"))
    assert len(colours) > 20
    assert all(len(found) == 1 for found in colours.values()), "an entry keeps its colour everywhere"


def test_glossary_table(cli):
    root = parse(page(cli))
    table = root.find(".//table[@class='glossary']")
    assert [th.text_content() for th in table.iterfind("thead/tr/th")] == ["中文", "Pinyin", "English", "Note"]
    rows = {tr.find("td").text_content(): tr for tr in table.iterfind("tbody/tr")}
    entry = next(e for e in Library(ROOT).glossary(BUNDLED_ID) if e.zh == "军事安全合作")
    row = rows["军事安全合作"]
    chinese, pinyin, english, note = row.findall("td")
    assert chinese.get("lang") == "zh-CN" and chinese.find("mark").get("class") == "term c0"
    assert pinyin.text_content() == "jūnshì ānquán hézuò", "pinyin is generated when the glossary leaves it empty"
    assert english.text_content() == entry.en and note.text_content() == entry.note
    used = {m.get("title").split(" — ")[0].split()[0] for m in root.xpath("//table[@class='pairs']//mark")}
    assert set(rows) == used, "the table lists the terms that occur, no others"


def test_markup_in_the_text_is_shown_literally(cli):
    document = page(cli, "tricky", TRICKY)
    root = parse(document)
    assert root.findtext(".//title") == "Tricky <b>text</b> & [bold]markup[/] · 棘手的<b>文本</b>与[bold]标记[/]"
    assert root.findtext(".//h1") == "Tricky <b>text</b> & [bold]markup[/]"
    _, en, zh = root.get_element_by_id("t1").findall("td")
    assert en.text_content() == "Tricky <b>text</b> & [bold]markup[/]"
    assert zh.text_content() == "棘手的<b>文本</b>与[bold]标记[/]"
    assert not root.xpath("//main//b|//main//i"), "no element came from the text"
    assert "Tricky &lt;b&gt;text&lt;/b&gt; &amp; [bold]markup[/]" in document


def side_text(cell) -> str:
    """A cell's text without the footnote marks, line breaks as an HTML parser gives them."""
    for sup in cell.findall(".//sup"):
        sup.drop_tree()
    return cell.text_content()


def test_line_breaks_and_empty_sides(cli):
    root = parse(page(cli, "tricky", TRICKY))
    text = Library(TRICKY).load("tricky")
    for pair in text.pairs:
        _, en, zh = root.get_element_by_id(pair.id).findall("td")
        assert side_text(en) == pair.en.replace("\r\n", "\n") and side_text(zh) == pair.zh
    assert "empty" in root.get_element_by_id("b3").findall("td")[2].get("class")
    assert "empty" in root.get_element_by_id("b4").findall("td")[1].get("class")
    assert "white-space: pre-line" in root.findtext(".//style")


def test_footnote_mark_follows_the_term_it_falls_in(cli):
    root = parse(page(cli, "tricky", TRICKY))
    _, en, _ = root.get_element_by_id("b1").findall("td")
    mark = en.find("mark")
    assert mark.text_content() == "counterattack capabilities"
    assert mark.getnext().tag == "sup" and mark.getnext().text_content() == "1"
    notes = root.findall(".//ol[@class='footnotes']/li")
    assert len(notes) == 1 and notes[0].text_content().startswith("The footnote <text> & [more].")
    assert notes[0].get("id") == "fn1"


def test_tricky_glossary_table(cli):
    root = parse(page(cli, "tricky", TRICKY))
    rows = root.findall(".//table[@class='glossary']/tbody/tr")
    assert [r.find("td").text_content() for r in rows] == ["反击能力", "北约", "准同盟"]
    first = rows[0].findall("td")
    assert first[2].text_content() == "counterattack capabilities; also counterstrike capabilities; CC"
    assert first[3].text_content() == 'A <new> capability & a "term".'
    colour = first[0].find("mark").get("class")
    _, en, zh = root.get_element_by_id("h1").findall("td")
    assert term_colours(en) == {"Counterattack capabilities": colour}
    assert term_colours(zh) == {"反击能力": colour}


def test_pairs_option(cli):
    root = parse(page(cli, BUNDLED_ID, ROOT, "--pairs", "3-4"))
    assert [r.get("id") for r in root.xpath("//table[@class='pairs']/tbody/tr")] == ["p3", "p4"]
    assert "2 (p3–p4)" in root.find(".//dl").text_content()


# -- in a browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    for name in CHROMIUM:
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("Chromium is not installed, and the HTML export is checked in it: "
                "apt-get install -y chromium (Debian)", pytrace=False)


def run_chromium(chromium: str, tmp_path, url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
               f"--user-data-dir={profile}", *args, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "a PNG file"
    return struct.unpack(">II", data[16:24])


def test_screenshot_in_chromium(cli, chromium, tmp_path):
    target = tmp_path / "article.html"
    assert cli("export", BUNDLED_ID, "--format", "html", "-o", target, "--library", ROOT).code == 0
    shot = tmp_path / "shot.png"
    run = run_chromium(chromium, tmp_path, target.as_uri(), f"--screenshot={shot}", "--window-size=1200,900")
    assert shot.is_file(), f"no screenshot (exit {run.returncode}): {run.stderr[-2000:]}"
    data = shot.read_bytes()
    assert png_size(data) == (1200, 900)
    assert len(data) > 30_000, "a page of text, not a blank window"


@pytest.mark.parametrize("text_id, library, title, term", [
    (BUNDLED_ID, ROOT, "What is Japan's intentions", "军事安全合作"),
    ("tricky", TRICKY, "Tricky &lt;b&gt;text&lt;/b&gt;", "反击能力"),
])
def test_rendered_dom_in_chromium(cli, chromium, tmp_path, text_id, library, title, term):
    target = tmp_path / "page.html"
    assert cli("export", text_id, "--format", "html", "-o", target, "--library", library).code == 0
    run = run_chromium(chromium, tmp_path, target.as_uri(), "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert f"<title>{title}" in dom
    root = parse(dom)
    marks = [m for m in root.xpath("//table[@class='pairs']//mark[contains(@class, 'term')]")
             if m.text_content() == term]
    assert marks, "a highlighted term in the rendered page"
    assert not root.xpath("//main//b"), "markup in the text stays text in the browser too"


# -- one language; element ids ------------------------------------------------------------------


def test_a_text_in_one_language_has_one_column(cli):
    root = parse(page(cli, "japan-europe-2022"))
    assert [th.text_content() for th in root.xpath("//table[@class='pairs']/thead//th")] == ["#", "English"]
    assert len(root.xpath("//table[@class='pairs']/colgroup/col")) == 2
    rows = root.xpath("//table[@class='pairs']/tbody/tr")
    assert rows and all(len(row.findall("td")) == 2 for row in rows)
    assert not root.xpath("//td[contains(@class, 'empty')]") and not root.xpath("//*[@lang='zh-CN' and ancestor::main]")
    assert root.find(".//body").get("class") == "one-language"


def test_element_ids_are_valid_and_unique(cli, tmp_path):
    from reader.formats.html import element_ids

    assert element_ids(["p1", "unit 1", "unit_1", "a\tb c", "fn1"], {"fn1"}) == {
        "p1": "p1", "unit_1": "unit_1", "unit 1": "unit_1-2", "a\tb c": "a_b_c", "fn1": "fn1-2"}
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext"/>'
        '<body><tu tuid="unit 1"><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="zh-CN"><seg>一。</seg></tuv></tu>'
        '<tu tuid="unit 2 b"><tuv xml:lang="en"><seg>Two.</seg></tuv><tuv xml:lang="zh-CN"><seg>二。</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    library = tmp_path / "lib"
    assert cli("import", tmx, "--id", "memory", "--library", library).code == 0
    root = parse(page(cli, "memory", library))
    ids = [element.get("id") for element in root.xpath("//*[@id]")]
    assert ids and len(ids) == len(set(ids)) and not any(re.search(r"\s", i) for i in ids)
    assert [td.text_content() for td in root.xpath("//td[@class='pid']")] == ["unit 1", "unit 2 b"]
