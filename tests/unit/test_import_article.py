"""The article importer: English-only web copies of journal articles, with site
boilerplate around them, headings on their own lines and footnotes glued into the text.

Small hand-made files in tests/fixtures/article/ cover the variants; the real seed
(texts/japan-europe-2022/source.txt) covers the whole article."""

from __future__ import annotations

import json
import re

import pytest
from _support import FIXTURES, ROOT, assert_one_line_error, snapshot

from reader.core.errors import ReaderError
from reader.core.store import Library
from reader.formats import detect_format
from reader.formats.article import extract_footnotes, import_article, repair_spaces

ARTICLE_ID = "japan-europe-2022"
ARTICLE_SEED = ROOT / "texts" / ARTICLE_ID / "source.txt"
SHARED_ARTICLE_SEED = ROOT.parent / "shared" / "seeds" / "000_22a5d1ed31237986.txt"
FIXTURE_NAMES = ("harbours", "gap", "numbered")


def fixture(name: str) -> str:
    return (FIXTURES / "article" / f"{name}.txt").read_text("utf-8")


def visible(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def pair(report, pid: str):
    return next(p for p in report.text.pairs if p.id == pid)


def marked(report, footnote) -> tuple[str, str]:
    """The English text of the footnote's pair before and after its mark."""
    text = pair(report, footnote.pair).en
    return text[: footnote.offset], text[footnote.offset:]


@pytest.fixture
def harbours():
    return import_article(fixture("harbours"), "harbours", "harbours.txt")


# -- the hand-made variants ------------------------------------------------------------------


def test_pairs_in_order_with_an_empty_chinese_side(harbours):
    pairs = harbours.text.pairs
    assert [p.id for p in pairs] == [f"p{n}" for n in range(1, len(pairs) + 1)]
    assert [p.kind for p in pairs] == [
        "title", "note", "body", "heading", "body", "body", "heading", "body", "heading", "body", "heading", "body",
    ]
    assert all(p.en and p.zh == "" for p in pairs)
    assert all(p.src_zh == () and len(p.src_en) == 1 for p in pairs)
    assert harbours.warnings == []


def test_metadata_from_the_header(harbours):
    meta = harbours.text.meta
    assert meta.title == {"en": "Harbours and Hinterlands: Shipping Cooperation Between Two Coasts"}
    assert harbours.text.pairs[0].en == meta.title["en"]
    assert meta.author == {"en": "Li Ming"}
    assert meta.published == "2023-11-02"
    assert meta.source == "Coastal Affairs Review, Issue 3, 2021"
    assert meta.languages == ("en",)
    assert meta.import_format == "article"


def test_author_note_is_a_note_pair_with_its_spaces_repaired(harbours):
    note = harbours.text.pairs[1]
    assert note.kind == "note"
    assert note.en == (
        "Li Ming is Research Fellow at the Institute of Maritime Studies. "
        "The article was originally published in Coastal Affairs Review, Issue 3, 2021."
    )


def test_headings_and_their_levels(harbours):
    headings = [(p.en, p.level) for p in harbours.text.pairs if p.kind == "heading"]
    assert headings == [
        ("Early Contacts Between the Ports", 1),
        ("Pilotage and shared services", 2),
        ("Training and exchanges of staff", 2),
        ("Conclusion", 1),
    ]
    assert all(p.level == 0 for p in harbours.text.pairs if p.kind != "heading")


def test_numbered_headings_take_their_level_from_the_numbering():
    report = import_article(fixture("numbered"), "numbered", "numbered.txt")
    headings = [(p.en, p.level) for p in report.text.pairs if p.kind == "heading"]
    assert headings == [("1. Origins of the Plan", 1), ("1.1 The coastal route", 2), ("2. Outlook", 1)]
    assert report.text.meta.source == "Rail Quarterly, No. 4, 2020"


def test_boilerplate_is_dropped_and_listed(harbours):
    assert harbours.dropped == [
        (1, "当前位置:首页 期刊杂志"),
        (5, "时间:2023-11-02"),
        (29, "免责声明"),
        (31, "本站文章仅供学习参考,如有版权问题请联系管理员删除。"),
    ]
    text = " ".join(p.en for p in harbours.text.pairs)
    assert "当前位置" not in text and "免责声明" not in text and "时间" not in text
    out = "\n".join(harbours.lines())
    assert "dropped 4 line(s) of site boilerplate" in out
    assert "line 29: 免责声明" in out


def test_footnotes_are_cut_out_with_their_marks(harbours):
    notes = harbours.text.footnotes
    assert [f.n for f in notes] == [1, 2, 3, 4]
    assert [f.pair for f in notes] == ["p5", "p6", "p8", "p10"]
    assert notes[0].text == (
        "Wang Hai,“Port Fees and Pilotage,”Harbour Studies,No.6, 2016, pp.48-64; "
        "Chen Yu, Pilot Schemes Revisited,”Harbour Studies,No.2, 2018, pp.12-20."
    )
    assert marked(harbours, notes[0]) == (
        "The first contacts were commercial. Shipping lines from both coasts met in 2015 to discuss fees.",
        " Talks moved slowly at first, because each side doubted the other.",
    )
    assert all(f.lang == "en" for f in notes)


def test_a_mark_after_a_closing_quote(harbours):
    note = harbours.text.footnotes[1]
    assert note.text == "Anna Berg,“Ports after Brexit,”Maritime Policy Quarterly, Vol.4, No.1, 2020, pp.5-19."
    before, after = marked(harbours, note)
    assert before.endswith("the ports must not become another “Brexit.”")
    assert after == " The phrase was soon forgotten."


def test_numbers_of_the_text_are_not_marks(harbours):
    """"2+2" comes while footnote 2 is expected, "No.3" while 3 is: neither is a mark."""
    body = " ".join(p.en for p in harbours.text.pairs if p.kind == "body")
    assert "held 13 rounds of talks" in body
    assert "the first “2+2” dialogue of transport and finance ministers in 2018." in body
    assert "under Resolution No.3 of the port board" in body
    assert "a 2.5 per cent levy" in body


def test_a_citation_with_full_stops_and_a_url_is_kept_whole(harbours):
    note = harbours.text.footnotes[2]
    assert note.text == (
        "Lee K. and Park J.,“Harbour Governance. A Comparative Study,” Ports Journal, 2019. "
        "Available at https://www.example.org/ports/Report.Final/memo.v2.pdf."
    )
    assert marked(harbours, note)[1] == " The levy pays for training, e.g. simulator courses for pilots."
    last = harbours.text.footnotes[3]
    assert last.text.startswith("Jeffrey W.Hornung, Allies at Sea")
    assert last.text.endswith("RRA186-1.html.")
    assert marked(harbours, last) == (
        "Staff exchanges began in 2022, with twelve pilots on each side. "
        "Jeffrey W.Hornung notes that such exchanges are rare.",
        "",
    )


def test_no_citation_is_left_in_the_text(harbours):
    body = " ".join(p.en for p in harbours.text.pairs)
    for fragment in ("http", "pp.", "p.85", "Vol.4", "Harbour Studies", "Ports Journal", "RAND"):
        assert fragment not in body


def test_a_missing_footnote_number_is_reported_and_the_numbering_goes_on():
    report = import_article(fixture("gap"), "gap", "gap.txt")
    notes = report.text.footnotes
    assert [f.n for f in notes] == [1, 2, 4, 5]
    assert report.warnings == ["line 9: footnote 3 not found; footnote 4 follows footnote 2"]
    assert notes[2].text == (
        "Piet de Vries,“Cuts and Resignations,”River News, May 3, 2020, https://example.org/news/2020/05/cuts.html."
    )
    # the mark stood after a word, before the sentence's own comma
    assert marked(report, notes[2]) == (
        "The commission’s work slowed when funding was cut in 2020. "
        "Several of its members resigned in protest against the cuts",
        ", and the minutes stopped appearing.",
    )
    assert notes[3].text == "Ministry of Water,“Annual River Report 2022,”p.7."
    assert "1 warning(s):" in "\n".join(report.lines())


def test_no_disclaimer_and_no_date_line():
    report = import_article(fixture("gap"), "gap", "gap.txt")
    assert report.dropped == []
    assert report.text.meta.published == ""
    assert [p.kind for p in report.text.pairs] == ["title", "note", "body", "body", "body", "body"]


def test_crlf_line_ends_give_the_same_text(harbours):
    crlf = fixture("harbours").replace("\n", "\r\n")
    report = import_article(crlf, "harbours", "crlf.txt")
    assert report.text.pairs == harbours.text.pairs
    assert report.text.footnotes == harbours.text.footnotes
    assert report.text.meta == harbours.text.meta
    assert report.dropped == harbours.dropped
    assert "\r" not in "".join(p.en for p in report.text.pairs)


def assert_accounts_for_everything(report, source: str) -> None:
    """Every non-blank character of the source is in a pair, a footnote (its citation
    and the digits of its mark), the metadata or the dropped lines, and the report's
    counts say so."""
    expected: dict[str, int] = {}
    for p in report.text.pairs:
        expected[p.kind] = expected.get(p.kind, 0) + visible(p.en) + visible(p.zh)
    expected["footnote"] = sum(visible(f.text) + len(str(f.n)) for f in report.text.footnotes)
    dropped = sum(visible(line) for _, line in report.dropped)
    expected["metadata"] = report.accounting["metadata"]
    expected["dropped"] = dropped - expected["metadata"]
    assert report.accounting == expected
    assert sum(expected.values()) == visible(source) == report.source_chars
    assert f"accounted for {visible(source)} of the source's {visible(source)} non-blank characters" in "\n".join(
        report.lines()
    )


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_the_accounting_adds_up(name):
    source = fixture(name)
    assert_accounts_for_everything(import_article(source, name, f"{name}.txt"), source)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixtures_are_detected_as_articles(name):
    assert detect_format(fixture(name)) == "article"


@pytest.mark.parametrize("name", ["colon_meta", "latin_heavy", "markup"])
def test_bilingual_copies_are_still_interleaved(name):
    source = (FIXTURES / "interleaved" / f"{name}.txt").read_text("utf-8")
    assert detect_format(source) == "interleaved"


@pytest.mark.parametrize(
    "paragraph, clean, notes",
    [
        (
            "The ports grew.1Ibid.In 2020 the ports grew again.",
            "The ports grew.In 2020 the ports grew again.",
            [(1, "Ibid.", 15)],
        ),
        (  # two notes on one sentence
            "The ports grew.1Smith, Docks, 2019.2Jones,“Other Docks,”2020.The body goes on with words.",
            "The ports grew.The body goes on with words.",
            [(1, "Smith, Docks, 2019.", 15), (2, "Jones,“Other Docks,”2020.", 15)],
        ),
        (  # full stops inside a quoted title, after initials
            "It grew.1Smith,“The U.S.Navy at Sea.A History,”Naval Press, 2019.The navy grew steadily over time.",
            "It grew.The navy grew steadily over time.",
            [(1, "Smith,“The U.S.Navy at Sea.A History,”Naval Press, 2019.", 8)],
        ),
        (  # the text resumes after a space: only where a sentence of prose follows
            "It grew.1Smith, J. The Rise of Ports. London: Harbour Press, 2019. In the years that followed, "
            "the ports grew quickly and traffic doubled.",
            "It grew. In the years that followed, the ports grew quickly and traffic doubled.",
            [(1, "Smith, J. The Rise of Ports. London: Harbour Press, 2019.", 8)],
        ),
        (  # 05 and a year are not marks; 1 is
            "In 2019 the 05 berth opened.1Port Office, Berths, 2019.",
            "In 2019 the 05 berth opened.",
            [(1, "Port Office, Berths, 2019.", 28)],
        ),
        ("Nothing to note in 2019.", "Nothing to note in 2019.", []),
    ],
)
def test_extract_footnotes(paragraph, clean, notes):
    text, citations, expected, gaps = extract_footnotes(paragraph, 1)
    assert text == clean
    assert [(c.n, c.text, c.mark) for c in citations] == notes
    assert expected == (notes[-1][0] + 1 if notes else 1)
    assert gaps == []


# -- missing spaces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "before, after",
    [
        ("delivered a speech.This is the first time", "delivered a speech. This is the first time"),
        ("all belonged to the Western camp,but in the", "all belonged to the Western camp, but in the"),
        ("originally published inPeace and Development", "originally published in Peace and Development"),
        ("the“Trump impact,”“Brexit”and the", "the “Trump impact,” “Brexit” and the"),
        ("the “free and safe flow of data.”At the same", "the “free and safe flow of data.” At the same"),
        ("the Agreement(EPA) in July", "the Agreement (EPA) in July"),
        ("special operations, etc.Since 2016", "special operations, etc. Since 2016"),
        ("from 2017 to 2022.The scope", "from 2017 to 2022. The scope"),
        ("the U.S. and its allies", "the U.S. and its allies"),
        ("the U.S.Navy and e.g. its allies", "the U.S.Navy and e.g. its allies"),
        ("i.e. a rise of 2.5 per cent", "i.e. a rise of 2.5 per cent"),
        ("Jeffrey W.Hornung wrote", "Jeffrey W.Hornung wrote"),
        ("Studies,No.6, 2016, pp.48-64", "Studies, No.6, 2016, pp.48-64"),
        ("see https://www.mofa.go.jp/a,b.Files/x.pdf now", "see https://www.mofa.go.jp/a,b.Files/x.pdf now"),
        ("West vs.Non-West", "West vs.Non-West"),
        ("1,000 ships", "1,000 ships"),
        ("the first“2+2”dialogue", "the first “2+2” dialogue"),
        ("Japan’s“promoting domestic security”", "Japan’s “promoting domestic security”"),
        ("the theory of insight", "the theory of insight"),
    ],
)
def test_repair_spaces(before, after):
    repaired, inserted = repair_spaces(before)
    assert repaired == after
    assert len(inserted) == len(after) - len(before)


# -- bad input -----------------------------------------------------------------------------------


def test_an_empty_source_is_refused():
    with pytest.raises(ReaderError) as info:
        import_article("\n \n", "t", "empty.txt")
    assert str(info.value).startswith("empty.txt: ")


def test_a_source_with_only_boilerplate_is_refused():
    with pytest.raises(ReaderError) as info:
        import_article("当前位置:首页 期刊杂志\n\n时间:2024-07-06\n\n免责声明\n\n请联系管理员。\n", "t", "page.txt")
    assert str(info.value).startswith("page.txt: ")
    assert "boilerplate" in str(info.value)


@pytest.mark.parametrize(
    "raw",
    [b"", "当前位置:首页 期刊杂志\n\n时间:2024-07-06\n\nDisclaimer\n\nAll rights reserved.\n".encode()],
    ids=["empty", "boilerplate only"],
)
def test_bad_files_give_one_line_naming_the_file(cli, tmp_path, raw):
    source = tmp_path / "bad article.txt"
    source.write_bytes(raw)
    library = tmp_path / "lib"
    result = cli("import", source, "--format", "article", "--library", library)
    assert_one_line_error(result, str(source))
    assert not library.exists()


# -- the seed ---------------------------------------------------------------------------------------

SEED_HEADINGS = [
    ("Major Trends in Japan-Europe Security Cooperation", 1),
    ("Enhancing institutionalized security cooperation at all levels", 2),
    ("Strengthening capability of coordinated military operations through joint exercises and training", 2),
    ("Developing in-depth cooperation in defense equipment and technology", 2),
    ("Cooperating in economic security", 2),
    ("Motivations for Japan in Enhancing Its Security Cooperation with Europe", 1),
    ("Responding to the change of the international order and the strategic adjustment to the United States", 2),
    ("Pursuing geopolitical competitive advantages and containing China’s rise", 2),
    ("Promoting strategic transformation and expanding space for activities in the security sector", 2),
    ("Challenges and Trends of Japan-Europe Security Cooperation", 1),
    ("Major challenges faced by Japan-Europe security cooperation", 2),
    ("Trends of Japan-Europe security cooperation", 2),
    ("Conclusion", 1),
]


@pytest.fixture(scope="module")
def seed_article() -> str:
    assert ARTICLE_SEED.is_file(), f"the bundled source {ARTICLE_SEED} is missing"
    return ARTICLE_SEED.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def article(seed_article):
    return import_article(seed_article, ARTICLE_ID, "seed.txt")


def test_seed_is_detected_as_an_article(seed_article):
    assert detect_format(seed_article) == "article"


def test_seed_metadata_and_note(article):
    meta = article.text.meta
    assert meta.title == {"en": "Motivations and Prospects of Japan’s Enhanced Security Cooperation with Europe"}
    assert meta.author == {"en": "Sun Wenzhu"}
    assert meta.published == "2024-07-06"
    assert meta.source == "Peace and Development Studies, Issue 5, 2022"
    assert meta.languages == ("en",)
    title, note = article.text.pairs[:2]
    assert (title.id, title.kind, title.en, title.zh) == ("p1", "title", meta.title["en"], "")
    assert note.kind == "note" and note.en.startswith("Sun Wenzhu is Associate Research Fellow")
    assert "originally published in Peace and Development Studies, Issue 5, 2022." in note.en
    assert article.warnings == []


def test_seed_pairs(article):
    pairs = article.text.pairs
    assert [p.id for p in pairs] == [f"p{n}" for n in range(1, len(pairs) + 1)]
    assert {p.kind for p in pairs[2:]} == {"heading", "body"}
    assert all(p.zh == "" and p.en for p in pairs)


def test_seed_headings(article):
    assert [(p.en, p.level) for p in article.text.pairs if p.kind == "heading"] == SEED_HEADINGS


def test_seed_boilerplate_is_dropped(article):
    assert [line for line, _ in article.dropped] == [1, 5, 113, 115]
    for p in article.text.pairs:
        assert "免责声明" not in p.en and "当前位置" not in p.en and "时间" not in p.en


def test_seed_has_55_footnotes_in_order(article):
    notes = article.text.footnotes
    assert [f.n for f in notes] == list(range(1, 56))
    kinds = {p.id: p.kind for p in article.text.pairs}
    assert all(kinds[f.pair] == "body" for f in notes)
    positions = [(int(f.pair[1:]), f.offset) for f in notes]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "n, start, end",
    [
        (1, "Song Lilei and Cai Liang,“The Characteristics", "European Studies,No.2, 2021, pp.52-82."),
        (2, "Michito Tsuruoka,“The Role of Europe in Abe’s Diplomacy", "research- report/post-70.html."),
        (3, "Yasuyuki Kokubo,“EU-Japan Relations", "2020-05_005.pdf?noprint."),
        (9, "Jeffrey W.Hornung, Allies Growing Closer", "p.85, https://www.rand.org/pubs/research_reports/RRA186-1.html."),
        (12, "NATO,“NATO and Japan Conduct Exercise", "us-sixth-fleet-announcessea-breeze-2021-participation/."),
        (17, "Ministry of Defense of Japan,“Defense White Paper 2021,”p.85.", "p.85."),
        (21, "UK Government,“UK and Japan to Develop", "uk-and-japan-to-develop-future-fighter-jet-engine-demonstrator."),
        (28, "U.S.Department of Defense,“Summary", "2022/02/U.S.-Indo-Pacific-Strategy.pdf."),
        (33, "European Commission,“EU-China—A Strategic Outlook,”", "communication-eu-china-a-strategic-outlook.pdf."),
        (36, "“The Liberal Democratic Party’s Draft Proposal", "20220416/k10013584771000.html."),
        (49, "NATO,“NATO’s overarching Space Policy,”", "January 7, 2022."),
        (50, "Ministry of Foreign Affairs of Japan,“Japan-EU Summit 2022", "mofaj/files/100343125.pdf"),
        (54, "Shingo Nagata,“The Five-Party Defense Arrangement", "oceans/analysis_ja02/_1.html."),
        (55, "Ministry of Foreign Affairs of Japan,“List of French-Japanese", "mofaj/files/100216294.pdf."),
    ],
)
def test_seed_citations_are_complete(article, n, start, end):
    note = article.text.footnotes[n - 1]
    assert note.n == n
    assert note.text.startswith(start) and note.text.endswith(end), note.text


@pytest.mark.parametrize(
    "n, before, after",
    [
        (1, "with little political and security cooperation.", " In the post-Cold War period"),
        (3, "Japan paid more attention to cooperation with Europe", ", and consequently, security cooperation"),
        (24, "around the “free and safe flow of data.”", ""),
        (33, "an institutional rival pursuing an alternative model of governance,”", " and the third edition"),
        (36, "Japan’s GDP share of the military expenditure increase to two percent", " “in reference to NATO objectives.”"),
        (50, "including in space.", " In the field of cyber"),
        (54, "logistics supply and other aspects in the future", ". In January 2021"),
    ],
)
def test_seed_marks_stand_after_the_annotated_sentence(article, n, before, after):
    text_before, text_after = marked(article, article.text.footnotes[n - 1])
    assert text_before.endswith(before)
    assert text_after.startswith(after)


def test_seed_marks_follow_punctuation_or_a_word(article):
    for note in article.text.footnotes:
        before, after = marked(article, note)
        assert before[-1] in ".”,!?" or before[-1].isalpha(), (note.n, before[-30:])
        assert after == "" or after[0] in " ,.", (note.n, after[:30])


def test_seed_text_is_clean_of_citations(article):
    citations = [f.text for f in article.text.footnotes]
    for p in article.text.pairs:
        assert not re.search(r"https?:|www\.|\.pdf|\.html|\bpp?\.\s?\d", p.en), (p.id, p.en)
        assert not re.search(r"[a-z.,”]\d{1,2}[A-Z“]", p.en), (p.id, "a footnote mark left behind")
        for citation in citations:
            assert citation[:40] not in p.en


def test_seed_numbers_of_the_text_are_kept(article):
    body = " ".join(p.en for p in article.text.pairs)
    assert "held the first “2+2” dialogue" in body
    assert "after 13 rounds of negotiations" in body
    assert "In June 2022, Japanese Prime Minister Fumio Kishida attended the 2022 NATO Summit" in body


def test_seed_missing_spaces_are_repaired(article):
    body = " ".join(p.en for p in article.text.pairs)
    assert "delivered a speech. This is the first time" in body
    assert "the Western camp, but in the security sector" in body
    glued = set(re.findall(r"\w+[.!?,;][A-Z]", body))
    assert glued == {"vs.N"}, "only an abbreviation is left as it was (West vs.Non-West)"


def test_seed_accounting_adds_up(article, seed_article):
    assert_accounts_for_everything(article, seed_article)
    assert article.accounting["footnote"] > 0 and article.accounting["dropped"] > 0


def test_seed_imports_twice_to_identical_files(tmp_path, seed_article):
    for name in ("one", "two"):
        report = import_article(seed_article, ARTICLE_ID, "seed.txt")
        report.text.meta.source_file = "source.txt"
        Library(tmp_path / name).save(report.text, seed_article.encode("utf-8"))
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert sorted(one) == [f"alignments/{ARTICLE_ID}.jsonl", f"texts/{ARTICLE_ID}/meta.json", f"texts/{ARTICLE_ID}/source.txt"]
    assert one == two


def test_seed_import_and_export_through_the_cli(cli, tmp_path):
    library = tmp_path / "lib"
    result = cli("import", ARTICLE_SEED, "--id", ARTICLE_ID, "--library", library)
    assert result.code == 0, result.err
    assert "55 footnote(s)" in result.out
    assert "accounted for 47784 of the source's 47784 non-blank characters" in result.out
    assert "line 113: 免责声明" in result.out

    text = Library(library).load(ARTICLE_ID)
    assert len(text.footnotes) == 55 and text.meta.languages == ("en",)
    exported = cli("export", ARTICLE_ID, "--format", "json", "--library", library)
    assert exported.code == 0, exported.err
    document = json.loads(exported.out)
    assert [f["n"] for f in document["footnotes"]] == list(range(1, 56))
    assert all(f["text"] and f["pair"] for f in document["footnotes"])
    assert document["footnotes"][0]["text"].startswith("Song Lilei and Cai Liang")


def test_bundled_article_equals_a_fresh_import(cli, tmp_path):
    """The committed texts/japan-europe-2022/ and its alignment are what `reader import`
    makes of the seed."""
    library = tmp_path / "lib"
    assert cli("import", ARTICLE_SEED, "--id", ARTICLE_ID, "--library", library).code == 0
    for path, data in snapshot(library).items():
        assert (ROOT / path).read_bytes() == data, f"{path} differs from a fresh import of the seed"


def test_bundled_article_source_is_the_shared_seed():
    if not SHARED_ARTICLE_SEED.is_file():
        pytest.skip(f"{SHARED_ARTICLE_SEED} is not beside this checkout")
    assert ARTICLE_SEED.read_bytes() == SHARED_ARTICLE_SEED.read_bytes()
