"""Term extraction: which Chinese phrases are candidates, how they pair with English, and
`reader glossary extract`."""

from __future__ import annotations

import json
import shutil

import pytest
from _support import ROOT, assert_one_line_error

from reader.core.dictionary import Dictionary
from reader.core.model import Pair, Text, TextMeta
from reader.core.segmenter import Segmenter
from reader.core.store import Library, bundled_library
from reader.core.term_extraction import chinese_candidates, extract
from reader.core.userstate import UserState


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter.load()


@pytest.fixture(scope="module")
def dictionary():
    return Dictionary.load()


@pytest.mark.parametrize("sentence, wanted, unwanted", [
    # nouns and their modifiers make terms; a common verb does not start one
    ("日本加强反击能力。", {"反击能力"}, {"加强反击能力", "能力", "加强"}),
    # everyday words alone are no terms; a rare name or abbreviation is
    ("双方在安全领域的合作与北约有关。", {"北约", "安全领域"}, {"合作", "双方", "有关"}),
    # particles, prepositions and punctuation end a run
    ("欧洲的军事力量，以及亚洲邻国。", {"军事力量", "亚洲邻国"}, {"欧洲的军事力量", "军事力量以及亚洲邻国"}),
    # a verb taking a term as its object is a verb phrase
    ("此举可能引发军备竞赛。", {"军备竞赛"}, {"引发军备竞赛"}),
    # a phrase in quotation marks is a candidate whole; a term inside a long word is found too
    ("两国打造“准同盟”关系，增强威慑力量。", {"准同盟", "威慑力量", "威慑"}, set()),
    # a time word of what kind is part of a term; one of when is not
    ("日本将在年内突破战后国际秩序。", {"战后国际秩序"}, {"年内突破"}),
    # a verb before a place is a verb phrase, and one before a term of several words
    ("日本希望牵引欧洲。", set(), {"牵引欧洲"}),
    ("日本挑战战后国际秩序。", {"战后国际秩序"}, {"挑战战后国际秩序", "挑战战后"}),
    # but a verb that is an adjective too starts a term ("joint")
    ("两国推进联合研发。", {"联合研发"}, set()),
    # a frequent word jieba calls a verb ends a term when CC-CEDICT knows it as a noun (预算
    # "budget"); a distinguishing word (新型 "new type") never ends one
    ("日本将防卫预算提升至两倍。", {"防卫预算"}, {"防卫预算提升"}),
    ("日本引进潜艇新型。", set(), {"潜艇新型"}),
    # one-character words of jieba's that make a CC-CEDICT word are that word (对 | 标: 对标)
    ("日本对标北约的标准。", {"对标"}, set()),
    # but not a verb and its complement (戴 | 上)
    ("他戴上了眼镜。", set(), {"戴上"}),
    # a frequent verb CC-CEDICT knows as a verb first ends nothing (发射 "to launch")
    ("欧洲航天局发射了一颗卫星。", {"欧洲航天局"}, {"欧洲航天局发射"}),
    # a number is no term, even in quotation marks
    ("他只说了一句“四十二”。", set(), {"四十二"}),
    # a word CC-CEDICT knows only as a verb, which jieba calls an adjective, before a place
    ("日本充当欧洲干预亚太事务的跳板。", {"亚太事务"}, {"充当欧洲"}),
])
def test_chinese_candidates(segmenter, dictionary, sentence, wanted, unwanted):
    found = chinese_candidates([sentence], segmenter, None, dictionary)
    assert wanted <= set(found), sorted(found)
    assert not unwanted & set(found), sorted(unwanted & set(found))


def test_a_candidate_is_paired_with_the_english_that_renders_it(segmenter, dictionary):
    pairs = [
        Pair("p1", "body", "Japan has been building counterattack capabilities.", "日本一直在打造反击能力。"),
        Pair("p2", "body", "Counterattack capabilities worry Japan's neighbors.", "反击能力令日本的邻国担忧。"),
        Pair("p3", "body", "NATO and Japan held talks.", "北约与日本举行会谈。"),
    ]
    text = Text(TextMeta(id="sample", title={"en": "Sample"}), pairs)
    found = {c.zh: c for c in extract(text, segmenter, dictionary)}
    counter = found["反击能力"]
    assert counter.en.lower() == "counterattack capabilities" and counter.pairs == ["p1", "p2"]
    assert counter.frequency == 2 and counter.translation > 0.9
    assert found["北约"].en == "NATO"
    assert "日本" not in found  # everyday vocabulary
    assert list(found)[0] == "反击能力"  # twice, and well rendered: first
    left_out = {c.zh for c in extract(text, segmenter, dictionary, known={"北约"}, rejected={"反击能力"})}
    assert not {"北约", "反击能力"} & left_out


@pytest.mark.parametrize("english, zh, wanted", [
    # a rendering stopped inside a name is taken on to the name's end
    ("Iwaya Takeshi, Minister for Foreign Affairs of Japan, spoke.", "日本外相岩屋毅表示。", ("外相", "Minister for Foreign Affairs")),
    ("The author is from China Institute of International Studies.", "作者单位：中国国际问题研究院", ("中国国际问题研究院", "China Institute of International Studies")),
    # and a phrasal verb to its particle
    ("Some politicians have hyped up the threat.", "一些政客炒作威胁。", ("炒作", "hyped up")),
    # a person is rendered by the name, not by who the person was
    ("They fear isolationism under the Trump presidency.", "他们担心特朗普治下的孤立主义。", ("特朗普", "Trump")),
    # a name no dictionary has, by elimination: Japan and Italy are other words'
    ("After Shigeru Ishiba took office, Japan worked with Italy.", "石破茂上台后，日本与意大利合作。",
     ("石破茂", "Shigeru Ishiba")),
    # a Chinese name the English spells in pinyin, where jieba cuts it (孙 | 文竹)
    ("The author is Sun Wenzhu of the institute.", "作者是研究院的孙文竹。", ("孙文竹", "Sun Wenzhu")),
    # an abbreviation CC-CEDICT gives in brackets
    ("Defence spending will reach 2% of GDP.", "防卫预算将达到国内生产总值的2%。", ("国内生产总值", "GDP")),
    # a word inside a rendering may be explained by a character of the term (陆 "land; ground")
    ("Japan Ground Self-Defense Force units trained with French Army units.", "日本陆上自卫队与法国陆军部队训练。",
     ("日本陆上自卫队", "Japan Ground Self-Defense Force")),
    # a rendering may end on a word the term's last character renders: the head comes last
    ("Japan seeks to join Europe's unmanned aircraft systems projects.", "日本寻求参与欧洲的无人机项目。",
     ("无人机", "unmanned aircraft")),
    # an acronym that is a function word in lower case starts a rendering ("US", not "us"),
    # and two characters jieba leaves apart are one word where CC-CEDICT has it (美 | 日: 美日)
    ("Japan relies on the basis of the US-Japan alliance.", "日本依托美日同盟。", ("美日同盟", "US-Japan alliance")),
    # numbers are rendered as the English spells them
    ("Japan issued a new four-year plan for security cooperation with NATO.", "日本与北约发布新版“安全合作四年计划”。",
     ("安全合作四年计划", "four-year plan for security cooperation")),
])
def test_renderings_end_where_the_english_unit_ends(segmenter, dictionary, english, zh, wanted):
    text = Text(TextMeta(id="sample", title={"en": "Sample"}), [Pair("p1", "body", english, zh)])
    found = {c.zh: c.en for c in extract(text, segmenter, dictionary, top=1000)}
    assert found.get(wanted[0]) == wanted[1], found


@pytest.mark.parametrize("english, zh, wanted, least", [
    # a derived word renders its suffix's part too: 孤立 "isolate" and 主义 "-ism"
    ("Europe fears the return of isolationism in Washington.", "欧洲担心华盛顿回归孤立主义。",
     ("孤立主义", "isolationism"), 1.0),
    # a hyphenated compound is one word, explained when one of its parts is: 新一代 "new generation"
    ("The two countries will develop a next-generation fighter together.", "两国将共同研发新一代战斗机。",
     ("新一代战斗机", "next-generation fighter"), 1.0),
    # the last character that renders the last word counts as rendered Chinese: 见 "view"
    ("The ministers met to exchange views on security.", "两国部长会面，就安全问题交换意见。",
     ("交换意见", "exchange views"), 0.85),
])
def test_a_term_rendered_whole_scores_as_rendered(segmenter, dictionary, english, zh, wanted, least):
    text = Text(TextMeta(id="sample", title={"en": "Sample"}), [Pair("p1", "body", english, zh)])
    found = {c.zh: c for c in extract(text, segmenter, dictionary, top=1000)}
    assert found[wanted[0]].en == wanted[1]
    assert found[wanted[0]].translation >= least - 1e-9, found[wanted[0]]


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "library"
    root.mkdir()
    for folder in ("texts", "alignments"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def test_extract_prints_ranked_candidates_with_their_pairs(cli, library):
    result = cli("--library", library, "glossary", "extract", "japan-europe-2025", "--json", "--top", "20")
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert len(found) == 20
    assert set(found[0]) >= {"zh", "en", "score", "pairs"}
    assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
    glossary = {e.zh for e in Library(library).glossary("japan-europe-2025")}
    assert not glossary & {c["zh"] for c in found}  # terms of a glossary are left out
    every = json.loads(cli("--library", library, "glossary", "extract", "japan-europe-2025", "--json",
                           "--no-glossary").out)
    assert len(every) == 100
    assert {"安全合作", "军事安全合作", "北约"} <= {c["zh"] for c in every}
    text = cli("--library", library, "glossary", "extract", "japan-europe-2025", "--top", "3")
    assert text.code == 0 and text.out.splitlines()[-1] == "3 candidates; terms in a glossary left out"


def test_candidates_rejected_in_the_reader_are_left_out(cli, library, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    first = json.loads(cli("--library", library, "glossary", "extract", "japan-europe-2025", "--json", "--top", "1").out)
    state, _ = UserState.open(tmp_path / "data")
    state.reject_term("japan-europe-2025", first[0]["zh"], first[0]["en"])
    state.close()
    again = json.loads(cli("--library", library, "glossary", "extract", "japan-europe-2025", "--json").out)
    assert first[0]["zh"] not in {c["zh"] for c in again}


def test_extract_errors_are_one_line(cli, library):
    assert_one_line_error(cli("--library", library, "glossary", "extract", "japan-europe-2022"), "no Chinese side")
    assert_one_line_error(cli("--library", library, "glossary", "extract", "nope"), "no text 'nope'")
    assert_one_line_error(cli("--library", library, "glossary", "extract"), "needs a TEXT")
    assert_one_line_error(cli("--library", library, "glossary", "extract", "japan-europe-2025", "--top", "0"), "--top 0")
    assert_one_line_error(cli("--library", library, "glossary", "--top", "3"), "--top is an option of")


def test_the_bundled_library_is_untouched_by_extraction():
    assert Library(bundled_library()).glossary_files()  # (extraction only reads)



def test_a_candidate_the_english_renders_worse_than_one_nested_in_it_is_demoted(segmenter, dictionary):
    from reader.core.store import Library, bundled_library

    text = Library(bundled_library()).load("japan-europe-2025")
    found = extract(text, segmenter, dictionary, top=1000)
    rank = {c.zh: n for n, c in enumerate(found)}
    by_zh = {c.zh: c for c in found}
    # "deterrence" renders 威慑力量 whole and 增强威慑力量 ("enhance ...") in part
    assert by_zh["增强威慑力量"].en == by_zh["威慑力量"].en == "deterrence"
    assert by_zh["增强威慑力量"].translation < by_zh["威慑力量"].translation
    assert rank["威慑力量"] < rank["增强威慑力量"]
    # on a tie neither is demoted: 海上自卫队 stays among the first hundred
    assert by_zh["海上自卫队"].en == by_zh["日本海上自卫队"].en
    assert rank["海上自卫队"] < 100
