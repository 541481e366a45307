"""Laying text out in terminal cells: wrap(), Columns.for_width and RowTable."""

from __future__ import annotations

import random
import unicodedata

import pytest

from dataclasses import replace

from reader.core.layout import Columns, Row, RowTable, lay_out_links, link_stretches, with_footnote_marks, wrap
from reader.core.model import Footnote, Pair, Text, TextMeta
from reader.core.pairlinks import join_sentences
from reader.core.script import language_of

# Never at the start of a line in Chinese text (closing punctuation, full-width and ASCII)...
CLOSING = set("，。、；：？！”’）》」』,.;:?!)")
# ...and never at the end of one.
OPENING = set("“‘（《「『(")


def cells(text: str) -> int:
    """Terminal cells, measured independently of the code under test: East Asian wide and
    full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def kinsoku_problems(lines: list[str], width: int) -> list[str]:
    problems = []
    for number, line in enumerate(lines):
        if cells(line) > width:
            problems.append(f"line {number} is {cells(line)} cells wide: {line!r}")
        if number > 0 and line[:1] in CLOSING:
            problems.append(f"line {number} starts with {line[0]!r}: {line!r}")
        if number < len(lines) - 1 and line[-1:] in OPENING:
            problems.append(f"line {number} ends with {line[-1]!r}: {line!r}")
    return problems


def assert_nothing_lost(text: str, lines: list[str]) -> None:
    assert "".join("".join(lines).split()) == "".join(text.split())


# -- exact results on small inputs -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, width, expected",
    [
        ("", 10, []),
        ("hello", 10, ["hello"]),
        ("hello world", 11, ["hello world"]),
        ("hello world", 10, ["hello", "world"]),
        ("hello world", 5, ["hello", "world"]),
        ("hello   world", 20, ["hello   world"]),  # spaces inside a line are kept as written
        ("  hello world  ", 20, ["hello world"]),
        ("one two three four", 9, ["one two", "three", "four"]),
        ("日本欧洲", 8, ["日本欧洲"]),
        ("日本欧洲", 4, ["日本", "欧洲"]),
        ("日本欧洲", 5, ["日本", "欧洲"]),
        ("日本欧洲", 7, ["日本欧", "洲"]),
        ("日本，欧洲", 4, ["日", "本，", "欧洲"]),
        ("日本。欧洲", 6, ["日本。", "欧洲"]),
        ("日本（欧洲）", 6, ["日本", "（欧", "洲）"]),
        ("日本NATO欧洲", 8, ["日本NATO", "欧洲"]),
        ("日本NATO欧洲", 7, ["日本", "NATO欧", "洲"]),
        ("日本与NATO", 7, ["日本与", "NATO"]),
        ("supercalifragilistic", 8, ["supercal", "ifragili", "stic"]),
        ("see https://example.com/a/very/long/path now", 12,
         ["see", "https://exam", "ple.com/a/ve", "ry/long/path", "now"]),
    ],
)
def test_wrap_exact(text, width, expected):
    assert wrap(text, width) == expected


# -- properties over realistic Chinese text --------------------------------------------------------


KINSOKU_CASES = [
    ("full stop then closing quote", "他说：“我们支持和平。”然后离开了。", 21),
    ("full stop then closing quote, narrow", "他说：“我们支持和平。”然后离开了。", 8),
    ("question mark then closing quote", "他问：“为什么？”她回答：“因为我们都希望和平（而非战争）。”", 15),
    ("closing bracket then full stop", "他问：“为什么？”她回答：“因为我们都希望和平（而非战争）。”", 10),
    ("closing quote then full stop", "这是一个（测试）句子，包含“引号”。", 16),
    ("closing quote then full stop, narrow", "这是一个（测试）句子，包含“引号”。", 8),
    ("closing quote then comma", "日本宣布“对标北约”，从2023年开始在5年内将防卫预算提升至占国内生产总值的2%。", 18),
    ("closing quote then comma, narrow", "日本宣布“对标北约”，从2023年开始在5年内将防卫预算提升至占国内生产总值的2%。", 10),
    ("ASCII commas", "今年1月1日,日本同欧盟签署的协定正式生效。", 12),
    ("Latin words", "据IMF数据，NATO称EU成员国2024年GDP增长2%。", 10),
    ("bracketed note", "（作者单位：中国国际问题研究院）", 10),
    ("quoted term", "他们称之为“准同盟”体系，", 10),
]


@pytest.mark.parametrize("name, text, width", KINSOKU_CASES, ids=[case[0] for case in KINSOKU_CASES])
def test_wrap_chinese_punctuation_rules(name, text, width):
    lines = wrap(text, width)
    assert kinsoku_problems(lines, width) == []
    assert_nothing_lost(text, lines)


def test_wrap_seed_chinese_paragraphs_at_every_width(seed_text):
    paragraphs = [p.strip() for p in seed_text.split("\n\n") if language_of(p) == "zh"]
    assert len(paragraphs) >= 10
    problems = []
    for width in range(10, 81):
        for paragraph in paragraphs:
            lines = wrap(paragraph, width)
            assert_nothing_lost(paragraph, lines)
            problems += [f"width {width}: {problem}" for problem in kinsoku_problems(lines, width)]
    assert problems == [], f"{len(problems)} bad line breaks, e.g. {problems[:3]}"


def random_chinese(rng: random.Random) -> str:
    """A plausible Chinese paragraph: clauses of Han characters with the odd Latin word or
    number, quoted or bracketed phrases, clause and sentence punctuation, and closing
    quotes after a full stop."""
    han = "日本欧洲军事安全合作国家的和平与发展战略伙伴关系协定地区政治经济"
    sentences = []
    for _ in range(rng.randint(1, 5)):
        clauses = []
        for _ in range(rng.randint(1, 4)):
            clause = "".join(rng.choice(han) for _ in range(rng.randint(2, 12)))
            roll = rng.random()
            if roll < 0.2:
                clause = f"“{clause}”"
            elif roll < 0.3:
                clause = f"{clause}（{''.join(rng.choice(han) for _ in range(3))}）"
            elif roll < 0.45:
                cut = rng.randint(1, len(clause) - 1)
                clause = clause[:cut] + rng.choice(["NATO", "GDP", "2024", "2+2", "5%"]) + clause[cut:]
            clauses.append(clause)
        sentence = rng.choice("，、；：").join(clauses) + rng.choice("。？！")
        if rng.random() < 0.25:
            sentence = f"“{sentence}”"
        sentences.append(sentence)
    return "".join(sentences)


def test_wrap_random_chinese_paragraphs():
    rng = random.Random(20250106)
    failures = []
    for _ in range(400):
        text = random_chinese(rng)
        width = rng.randint(10, 60)
        lines = wrap(text, width)
        assert_nothing_lost(text, lines)
        problems = kinsoku_problems(lines, width)
        if problems:
            failures.append((text, width, problems[0]))
    assert failures == [], f"{len(failures)} of 400 paragraphs broken badly, e.g. {failures[0]}"


def test_wrap_never_exceeds_the_width():
    """Any mix of scripts, long words and spaces, at any width from 2 up."""
    rng = random.Random(7)
    pieces = ["日", "本", "，", "。", "“", "”", "（", "）", "word", "a", "supercalifragilistic",
              "https://example.com/very/long/path", " ", "  ", "NATO", "2%", "한", "ｶ", "Ａ", "é"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        width = rng.randint(2, 50)
        lines = wrap(text, width)
        for line in lines:
            assert cells(line) <= width, (text, width, line)
            assert line == line.strip() and line
        assert_nothing_lost(text, lines)


@pytest.mark.parametrize("width", [10, 23, 40, 57, 80])
def test_wrap_english_breaks_only_between_words(seed_text, width):
    paragraphs = [p.strip() for p in seed_text.split("\n\n") if language_of(p) == "en"]
    for paragraph in paragraphs:
        lines = wrap(paragraph, width)
        longest = max(len(word) for word in paragraph.split())
        if longest <= width:
            assert " ".join(lines).split() == paragraph.split()
        for line in lines:
            assert cells(line) <= width


# -- columns --------------------------------------------------------------------------------------


@pytest.mark.parametrize("left_lang", ["en", "zh"])
@pytest.mark.parametrize("width", list(range(100, 131)) + [160, 199, 200, 255, 300])
def test_columns_wide(width, left_lang):
    columns = Columns.for_width(width, left_lang=left_lang)
    assert not columns.stacked
    zh = columns.right if left_lang == "en" else columns.left
    assert zh % 2 == 0, "the Chinese column has an even width"
    # margin, left column, divider " │ ", right column, margin: exactly the screen
    assert 1 + columns.left + 3 + columns.right + 1 == width


@pytest.mark.parametrize("width", [100, 101, 102, 103, 161])
def test_swapping_the_languages_mirrors_the_columns(width):
    """Swapping puts each language in the other column at the same width, so neither
    side re-wraps: the English column is as wide on the right as on the left."""
    en_left = Columns.for_width(width, left_lang="en")
    zh_left = Columns.for_width(width, left_lang="zh")
    assert (zh_left.left, zh_left.right) == (en_left.right, en_left.left)


@pytest.mark.parametrize("left_lang", ["en", "zh"])
@pytest.mark.parametrize("width", [20, 21, 40, 41, 60, 79, 80, 99])
def test_columns_forced_side_by_side_on_narrow_screens(width, left_lang):
    columns = Columns.for_width(width, left_lang=left_lang, stacked=False)
    zh = columns.right if left_lang == "en" else columns.left
    assert zh % 2 == 0
    assert 1 + columns.left + 3 + columns.right + 1 == width


@pytest.mark.parametrize("width", [20, 21, 50, 99])
def test_columns_stack_below_100(width):
    columns = Columns.for_width(width)
    assert columns.stacked
    assert columns.left == width - 2


def test_columns_stacked_on_request_at_any_width():
    assert Columns.for_width(160, stacked=True).stacked
    assert Columns.for_width(160, stacked=True).left == 158


# -- the row table -----------------------------------------------------------------------------


def naive_locate(heights: list[int], row: int) -> tuple[int, int]:
    start = 0
    for index, height in enumerate(heights):
        if start <= row < start + height:
            return index, row - start
        start += height
    raise AssertionError("row out of range")


@pytest.mark.parametrize("seed", range(8))
def test_row_table_agrees_with_a_list(seed):
    rng = random.Random(seed)
    n = rng.choice([0, 1, 2, 3, 7, 8, 31, 64, 100, 257])
    heights = [rng.randint(0, 6) for _ in range(n)]
    table = RowTable(heights)
    for step in range(60):
        assert len(table) == n
        assert table.total == sum(heights)
        for index in range(n):
            assert table.start(index) == sum(heights[:index])
            assert table.height(index) == heights[index]
        assert table.start(n) == sum(heights)
        for row in range(sum(heights)):
            assert table.locate(row) == naive_locate(heights, row)
        if n:
            index = rng.randrange(n)
            new = rng.randint(0, 9)
            assert table.set_height(index, new) == new - heights[index]
            heights[index] = new


@pytest.mark.parametrize("seed", range(6))
def test_row_table_splices_and_extends_like_a_list(seed):
    """An edit replaces a few blocks anywhere (the tree is recomputed from there only);
    the table must answer as one built afresh."""
    rng = random.Random(seed)
    heights = [rng.randint(0, 6) for _ in range(rng.choice([0, 1, 5, 33, 130]))]
    table = RowTable(heights)
    for step in range(40):
        if rng.random() < 0.2:
            more = [rng.randint(0, 6) for _ in range(rng.randint(0, 4))]
            heights += more
            table.extend(more)
        else:
            start = rng.randint(0, len(heights))
            stop = min(len(heights), start + rng.randint(0, 3))
            new = [rng.randint(0, 6) for _ in range(rng.randint(0, 3))]
            heights[start:stop] = new
            table.splice(start, stop, new)
        if heights and rng.random() < 0.3:
            index = rng.randrange(len(heights))
            heights[index] = rng.randint(0, 9)
            table.set_height(index, heights[index])
        assert len(table) == len(heights) and table.total == sum(heights)
        assert [table.start(i) for i in range(len(heights) + 1)] == [sum(heights[:i]) for i in range(len(heights) + 1)]
        for row in range(sum(heights)):
            assert table.locate(row) == naive_locate(heights, row)


def test_row_table_rows_past_the_end_belong_to_the_last_block():
    table = RowTable([3, 2, 4])
    assert table.locate(9) == (2, 4)
    assert table.locate(20) == (2, 15)
    assert RowTable([]).locate(0) == (0, 0)


@pytest.mark.parametrize(
    "width, measure, left, indent",
    [
        (120, 80, 80, 19),  # a one-language text: 80 cells, centred in what the margins leave
        (200, 80, 80, 59),
        (82, 80, 80, 0),
        (80, 80, 78, 0),  # narrower than the measure: the whole width
        (40, 80, 38, 0),
        (120, None, 118, 0),
    ],
)
def test_a_stacked_column_can_be_set_to_a_measure(width, measure, left, indent):
    columns = Columns.for_width(width, stacked=True, measure=measure)
    assert (columns.left, columns.indent, columns.stacked) == (left, indent, True)
    assert columns.indent + 2 * Columns.MARGIN + columns.left <= width


def _linked_pair() -> Pair:
    en, en_spans = join_sentences(["First English one.", "Second English one.", "Third."], " ")
    zh, zh_spans = join_sentences(["第一句。", "第二句。"], "")
    # 1-1, 1-1, then an English sentence with no counterpart
    return Pair("p1", "body", en, zh, sentences_en=en_spans, sentences_zh=zh_spans,
                links=(((0,), (0,), 0.9), ((1,), (1,), 0.8), ((2,), (), 0.0)))


def test_link_stretches_cover_both_sides_in_order():
    pair = _linked_pair()
    stretches = link_stretches(pair)
    assert [(pair.en[slice(*en)].strip(), pair.zh[slice(*zh)]) for en, zh in stretches] == [
        ("First English one.", "第一句。"), ("Second English one.", "第二句。"), ("Third.", "")]
    # every character of each side is in exactly one stretch
    for side, index in ((pair.en, 0), (pair.zh, 1)):
        assert "".join(side[slice(*s[index])] for s in stretches) == side


def test_link_stretches_keep_text_the_links_leave_out():
    pair = replace(_linked_pair(), links=(((0,), (0,), 0.9), ((2,), (1,), 0.5)))  # sentence 1 unlinked
    stretches = link_stretches(pair)
    assert "Second English one." in pair.en[slice(*stretches[1][0])]
    assert "".join(pair.en[slice(*s[0])] for s in stretches) == pair.en


@pytest.mark.parametrize("stacked", [False, True])
def test_lay_out_links_starts_each_link_on_one_row(stacked):
    pair = _linked_pair()
    columns = Columns.for_width(60 if stacked else 120, stacked=stacked)
    rows, spans = lay_out_links(pair, columns)
    assert len(spans) == len(pair.links) and rows[-1] == Row("")  # the separator row
    for (first, end), (en, zh, _) in zip(spans, pair.links):
        block = rows[first:end]
        text = " ".join(r.left + " " + r.right for r in block)
        for i in en:
            assert pair.en[slice(*pair.sentences_en[i])] in text
        for i in zh:
            assert pair.zh[slice(*pair.sentences_zh[i])] in text
        if stacked:  # English just above its Chinese
            assert [r.lang for r in block] == sorted((r.lang for r in block), key=["en", "zh"].index)
        else:  # side by side, from the same row
            assert block[0].left and (block[0].right or not zh)
    # offsets let marks be drawn where the text stands
    for row in rows[:-1]:
        side = pair.en if (row.lang or "en") == "en" else pair.zh
        assert side[row.left_at:row.left_at + len(row.left)] == row.left


def test_footnote_marks_move_the_sentences_with_the_text():
    pair = _linked_pair()
    footnotes = [Footnote(1, "note", "p1", len("First English one."), "en"),
                 Footnote(2, "note", "p1", len("第一句。"), "zh")]
    shown = with_footnote_marks(Text(TextMeta(id="t"), [pair], footnotes))[0]
    assert shown.en[slice(*shown.sentences_en[0])] == "First English one.¹"  # the mark goes with its sentence
    assert shown.en[slice(*shown.sentences_en[1])] == "Second English one."
    assert shown.zh[slice(*shown.sentences_zh[0])] == "第一句。¹".replace("¹", "²")
    assert shown.zh[slice(*shown.sentences_zh[1])] == "第二句。"
