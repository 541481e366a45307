"""Personal names as words: CC-CEDICT's surnames, recurrence in the text, the English
side's pinyin; never a dictionary word or grammar."""

from __future__ import annotations

import pytest

from reader.core.dictionary import Dictionary
from reader.core.model import Pair
from reader.core.names import cedict_surnames, names_of
from reader.core.segment import words


@pytest.fixture(scope="module")
def cedict():
    return Dictionary.load()


def cut(text: str, names, cedict) -> list[str]:
    return [text[start:end] for start, end in words(text, (), cedict, names)]


def learnt(cedict, *sides: tuple[str, str]):
    return names_of([Pair(f"p{n}", "body", en, zh) for n, (en, zh) in enumerate(sides)], cedict)


def test_surnames_come_from_cc_cedict_less_grammar(cedict):
    surnames = cedict_surnames(cedict)
    assert {"陈", "王", "欧阳", "单"} <= surnames
    assert not {"和", "也", "于", "三"} & surnames


def test_a_recurring_name_is_one_word(cedict):
    names = learnt(cedict, ("", "陈秋岚来了。"), ("", "我对陈秋岚说，陈秋岚笑了。"))
    assert cut("陈秋岚把信放下了。", names, cedict)[:2] == ["陈秋岚", "把"]
    assert "陈秋岚" in cut("我说陈秋岚是好人。", names, cedict)  # 说 does not swallow the name
    # without the text's names the dictionary reads 陈 | 秋 | 岚
    assert "陈秋岚" not in cut("陈秋岚把信放下了。", None, cedict)


def test_one_mention_is_a_name_when_the_english_spells_it(cedict):
    names = learnt(cedict, ("Chen Qiulan put the letter down.", "陈秋岚把信放下。"))
    assert cut("陈秋岚把信放下。", names, cedict)[0] == "陈秋岚"
    alone = learnt(cedict, ("", "陈秋岚把信放下。"))
    assert cut("陈秋岚把信放下。", alone, cedict)[0] != "陈秋岚"


@pytest.mark.parametrize(
    "zh, not_a_name",
    [
        ("老王说了。老王说好。", "王说"),  # 说 starts no given name
        ("红布包着。红布挂着。红布很红。", "红布"),  # 红 is no common surname, and 布 one character
        ("全宇宙都知道。全宇宙很大。", "全宇宙"),  # the given name would be a word
        ("直挺挺地站着。直挺挺地躺着。", "直挺挺"),  # a doubled character: an adjective
    ],
)
def test_words_and_grammar_are_no_names(cedict, zh, not_a_name):
    names = learnt(cedict, ("", zh))
    assert not_a_name not in cut(zh, names, cedict)


def test_a_dictionary_word_is_never_a_name(cedict):
    names = learnt(cedict, ("", "他陈述了理由。他陈述了看法。"))
    assert not names.is_name("陈述")
    assert cut("他陈述了理由。", names, cedict)[:2] == ["他", "陈述"]


def test_compound_surnames(cedict):
    names = learnt(cedict, ("", "欧阳修来了。欧阳修走了。"))
    assert cut("欧阳修来了。", names, cedict)[0] == "欧阳修"


def test_a_two_character_name_of_a_common_surname(cedict):
    names = learnt(cedict, ("", "王二来了。王二走了。"), ("", "大家都认识王二。"))
    assert cut("王二来了。", names, cedict)[0] == "王二"
