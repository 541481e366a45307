"""The book aligner (reader.core.bookalign): chapter numbers, chapters matched (one missing
on a side), paragraphs and sentences within chapters, subtitles by time, and work that
grows with the book, counted. The aligner runs on a small CC-CEDICT written here."""

from __future__ import annotations

import threading

import pytest
from _support import FIXTURES

from reader.core.aligner import Aligner, Lexicon
from reader.core.bookalign import (Cancelled, ChapterMatch, align_by_time, align_chapter, align_documents,
                                   chapter_number, match_chapters)
from reader.core.document import Block, Chapter, Document

CEDICT = (FIXTURES / "cedict" / "small.txt").read_text(encoding="utf-8")

ROUND = [  # our own sentences and their translations ({n}: a number)
    ("Old Wang had {n} books.", "老王有{n}本书。"),
    ("He gave {n} books to Li Ming.", "他把{n}本书送给了李明。"),
    ("Li Ming was very happy.", "李明很高兴。"),
    ("The cat slept for {n} hours.", "猫睡了{n}个小时。"),
    ("The dog ate {n} fish.", "狗吃了{n}条鱼。"),
    ("On day {n} it was cold.", "第{n}天很冷。"),
]


@pytest.fixture(scope="module")
def aligner(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cedict")
    data = folder / "cedict.txt"
    data.write_text(CEDICT, encoding="utf-8")
    return Aligner(Lexicon.load(cache_dir=folder, data_file=data))


def paragraphs(start: int, count: int, sentences: int = 2) -> tuple[list[str], list[str]]:
    """`count` paragraphs of `sentences` sentences each, numbered from `start`."""
    en, zh = [], []
    for p in range(count):
        e, z = [], []
        for s in range(sentences):
            n = start + p * sentences + s
            a, b = ROUND[n % len(ROUND)]
            e.append(a.format(n=n))
            z.append(b.format(n=n))
        en.append(" ".join(e))
        zh.append("".join(z))
    return en, zh


def book(chapters: list[tuple[str, str, int]], skip_zh: set[int] = frozenset()) -> tuple[Document, Document]:
    """Two documents of chapters (English title, Chinese title, paragraphs); the chapters
    numbered in `skip_zh` are left out of the Chinese one."""
    en, zh = Document("en", format="epub"), Document("zh", format="epub")
    at = 0
    for k, (en_title, zh_title, count) in enumerate(chapters):
        e, z = paragraphs(at, count)
        at += 2 * count
        en.chapters.append(Chapter(en_title, [Block("heading", en_title, 1)] + [Block("body", x) for x in e]))
        if k not in skip_zh:
            zh.chapters.append(Chapter(zh_title, [Block("heading", zh_title, 1)] + [Block("body", x) for x in z]))
    return en, zh


@pytest.mark.parametrize("title, number", [
    ("Chapter 3", 3), ("CHAPTER XIV. The Storm", 14), ("III.", 3), ("IV", 4), ("12. A Walk", 12),
    ("Chapter Twelve", 12), ("Part two", 2), ("第三章", 3), ("第十二章 风暴", 12), ("第二十一回", 21),
    ("第一百零五章", 105), ("第 7 章", 7), ("3、出发", 3), ("I went home", None), ("Mix and match", None),
    ("The Storm", None), ("", None), ("风暴", None),
])
def test_chapter_numbers(title, number):
    assert chapter_number(title) == number


def test_chapters_matched_with_one_missing_on_the_chinese_side():
    titles = [("Chapter 1", "第一章", 4), ("Chapter 2", "第二章", 3), ("Chapter 3", "第三章", 5),
              ("Chapter 4", "第四章", 4)]
    en, zh = book(titles, skip_zh={2})
    matches = match_chapters(en, zh)
    assert [(m.en, m.zh) for m in matches] == [(0, 0), (1, 1), (2, None), (3, 2)]
    assert [m.how for m in matches] == ["number", "number", "one side only", "number"]


def test_chapters_matched_by_length_without_numbers():
    # no numbering: the lengths decide; the short second English chapter has no counterpart
    en, zh = book([("The Storm", "风暴", 6), ("Interlude", "插曲", 1), ("The Calm", "平静", 6),
                   ("Home", "回家", 3)], skip_zh={1})
    matches = match_chapters(en, zh)
    assert [(m.en, m.zh) for m in matches] == [(0, 0), (1, None), (2, 1), (3, 2)]


def test_chapter_only_in_chinese_is_kept_with_an_empty_english_side(aligner):
    en_doc, zh_doc = book([("Chapter 1", "第一章", 3), ("Chapter 2", "第二章", 3), ("Chapter 3", "第三章", 3)],
                          skip_zh=set())
    del en_doc.chapters[1]
    aligned = align_documents(en_doc, zh_doc, aligner)
    assert [(c.match.en, c.match.zh) for c in aligned] == [(0, 0), (None, 1), (1, 2)]
    lonely = aligned[1]
    assert lonely.how == "one side only" and not lonely.en_sentences
    assert all(not b.en and len(b.zh) == 1 for b in lonely.beads) and len(lonely.beads) == len(lonely.zh_sentences)


def test_paragraph_and_sentence_levels(aligner):
    en, zh = book([("Chapter 1", "第一章", 3)])
    aligned = align_chapter(en.chapters[0], zh.chapters[0], ChapterMatch(0, 0, 1.0, "number"), aligner)
    assert aligned.how == "paragraph by paragraph"
    assert aligned.en_blocks == [0, 1, 1, 2, 2, 3, 3]  # the heading, then two sentences a paragraph
    # every bead 1-1, within one paragraph on both sides
    assert [(b.en, b.zh) for b in aligned.beads] == [([i], [i]) for i in range(7)]
    assert all(aligned.en_blocks[b.en[0]] == aligned.zh_blocks[b.zh[0]] for b in aligned.beads)


def test_paragraph_counts_differ_the_whole_chapter_is_aligned(aligner):
    en, zh = book([("Chapter 1", "第一章", 4)])
    chapter = zh.chapters[0]
    merged = Block("body", chapter.blocks[1].text + chapter.blocks[2].text)  # two paragraphs made one
    chapter.blocks[1:3] = [merged]
    aligned = align_chapter(en.chapters[0], chapter, ChapterMatch(0, 0, 1.0, "number"), aligner)
    assert aligned.how == "whole chapter"
    assert [(b.en, b.zh) for b in aligned.beads] == [([i], [i]) for i in range(9)]


def cue(text, start, end):
    return Block("body", text, start=start, end=end)


def test_subtitles_align_by_time_overlap():
    en = [cue("Hello.", 0.0, 2.0), cue("How are you?", 2.5, 4.0), cue("I am fine.", 4.1, 5.0),
          cue("Goodbye.", 9.0, 10.0)]
    zh = [cue("你好。", 0.1, 2.1), cue("你好吗？我很好。", 2.4, 5.1), cue("旁白", 6.0, 7.0),
          cue("再见。", 9.2, 10.0)]
    beads = align_by_time(en, zh)
    assert [(e, z) for e, z, _ in beads] == [([0], [0]), ([1, 2], [1]), ([], [2]), ([3], [3])]
    assert beads[0][2] > 0.8 and beads[2][2] == 0.0


def test_subtitles_by_time_in_a_chapter(aligner):
    en = Chapter("", [cue("Old Wang had 3 books.", 0, 2), cue("Li Ming was very happy.", 2.2, 4)])
    zh = Chapter("", [cue("老王有3本书。", 0.1, 2.1), cue("李明很高兴。", 2.3, 4.1)])
    aligned = align_chapter(en, zh, ChapterMatch(0, 0, 1.0, "time"), aligner)
    assert aligned.how == "by time"
    assert [(b.en, b.zh) for b in aligned.beads] == [([0], [0]), ([1], [1])]


def test_subtitles_with_no_overlap_fall_back_to_text(aligner):
    en = Chapter("", [cue("Old Wang had 3 books.", 0, 2), cue("Li Ming was very happy.", 2.2, 4)])
    zh = Chapter("", [cue("老王有3本书。", 100, 102), cue("李明很高兴。", 102.5, 104)])
    aligned = align_chapter(en, zh, ChapterMatch(0, 0, 1.0, "length"), aligner)
    assert aligned.how == "paragraph by paragraph"
    assert [(b.en, b.zh) for b in aligned.beads] == [([0], [0]), ([1], [1])]


class Counting:
    """An aligner that counts the sentences it is given, per call."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []
        self.settings = inner.settings

    def align(self, en, zh, en_paragraphs=None, zh_paragraphs=None):
        self.calls.append((len(en), len(zh)))
        return self.inner.align(en, zh, en_paragraphs, zh_paragraphs)


@pytest.mark.parametrize("chapters", [4, 16])
def test_work_is_linear_in_the_book(aligner, chapters):
    en, zh = book([(f"Chapter {k + 1}", f"第{k + 1}章", 3) for k in range(chapters)])
    counting = Counting(aligner)
    done = []
    align_documents(en, zh, counting, progress=lambda d, t, label: done.append((d, t)))
    # one call a chapter, each on that chapter's sentences only: every sentence seen once
    assert len(counting.calls) == chapters
    assert sum(e for e, _ in counting.calls) == sum(z for _, z in counting.calls) == 7 * chapters
    assert max(e for e, _ in counting.calls) == 7  # a chapter's heading and its 3 x 2 sentences
    assert done == [(k + 1, chapters) for k in range(chapters)]


def test_cancel_between_chapters(aligner):
    en, zh = book([(f"Chapter {k + 1}", f"第{k + 1}章", 2) for k in range(5)])
    cancel = threading.Event()
    seen = []

    def progress(done, total, label):
        seen.append(done)
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        align_documents(en, zh, aligner, progress=progress, cancel=cancel)
    assert seen == [1, 2]
