"""Source readers: each fixture format read into its chapters, headings, paragraphs and
notes; the paragraphs are the bundled text the fixtures were written from (a round trip
through each format); every character accounted for."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reader.core.document import Document
from reader.formats.sources import read_bilingual, read_document

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
sys.path.insert(0, str(HERE))
import make_fixtures  # noqa: E402

TEXTS = make_fixtures.paragraphs()
HEADINGS = make_fixtures.HEADINGS


def read(name: str, **options) -> Document:
    path = HERE / name
    return read_document(path.read_bytes(), path, **options)


def squeezed(text: str) -> str:
    return " ".join(text.split())


def body(document: Document) -> list[list[str]]:
    """Each chapter's paragraphs, chapters without any left out."""
    chapters = [[b.text for b in c.blocks if b.kind == "body"] for c in document.chapters]
    return [c for c in chapters if c]


BOOKS = [(f"{stem}-{lang}.{ext}", fmt, lang)
         for stem, ext, fmt in (("book", "epub", "epub"), ("doc", "docx", "docx"), ("page", "html", "html"),
                                ("notes", "md", "markdown"))
         for lang in ("en", "zh")]


@pytest.mark.parametrize("name, fmt, lang", BOOKS)
def test_chapters_headings_paragraphs(name, fmt, lang):
    document = read(name)
    assert document.format == fmt
    assert document.lang == lang  # told from the text, by script
    assert body(document) == [[squeezed(p) for p in chapter] for chapter in TEXTS[lang]]
    titled = [c.title for c in document.chapters if any(b.kind == "body" for b in c.blocks)]
    assert titled == HEADINGS[lang]
    headings = [b.text for b in document.blocks() if b.kind == "heading"]
    assert [h for h in headings if h in HEADINGS[lang]] == HEADINGS[lang]


@pytest.mark.parametrize("name", [n for n, fmt, _ in BOOKS if fmt != "markdown"])
def test_footnotes_are_notes_not_running_text(name):
    document = read(name)
    lang = document.lang
    notes = [(i, note) for i, c in enumerate(document.chapters) for note in c.notes]
    assert len(notes) == 1
    number, note = notes[0]
    assert note.text == make_fixtures.NOTE[lang] and note.mark == "1"
    chapter = document.chapters[number]
    marked = chapter.blocks[note.block]
    assert marked.text == squeezed(TEXTS[lang][0][0])  # the mark stands in the first paragraph...
    assert note.offset == len(marked.text)  # ...at its end, and is cut out of it
    assert all(make_fixtures.NOTE[lang] not in b.text for b in document.blocks())


def test_epub_metadata_and_toc():
    document = read("book-en.epub")
    assert document.title == "Japan and Europe" and document.author == "Sun Wenzhu"
    assert document.metadata["language"] == "en"
    assert [c.src for c in document.chapters] == ["chapter1.xhtml", "chapter2.xhtml", "chapter3.xhtml"]
    assert all(isinstance(b.src, str) and b.src.startswith("chapter") for b in document.blocks())


def test_html_boilerplate_dropped_and_listed():
    document = read("page-en.html")
    dropped = " ".join(content for _, content in document.dropped)
    for furniture in ("Home", "News", "Related News", "Copyright 2025", "tracking", "font-family", "↩"):
        assert furniture in dropped
    kept = " ".join(b.text for b in document.blocks())
    assert "Copyright" not in kept and "Related News" not in kept and "Home" not in kept
    assert document.metadata["title"] == "Japan and Europe | China Military Online"
    assert all(isinstance(b.src, tuple) and b.src[0] > 0 for b in document.blocks())  # source lines


def test_docx_headings_by_style():
    document = read("doc-zh.docx")
    assert [(b.text, b.level) for b in document.blocks() if b.kind == "heading"] == [(h, 1) for h in HEADINGS["zh"]]
    assert document.title == "日本与欧洲" and document.author == "孙文竹"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_srt_cues_with_times(lang):
    document = read(f"subs-{lang}.srt")
    blocks = list(document.blocks())
    assert document.lang == lang and document.format == "srt"
    assert [(b.start, b.end) for b in blocks] == [(n * 4.0, n * 4.0 + 3.5) for n in range(1, len(blocks) + 1)]
    assert [b.src for b in blocks] == [f"cue {n}" for n in range(1, len(blocks) + 1)]
    assert all("<i>" not in b.text and "\n" not in b.text for b in blocks)
    assert ("cue 2: formatting", "<i>") in document.dropped
    # the sentences the fixture was written from, a cue each (a cue's two lines joined)
    assert [b.text for b in blocks] == make_fixtures.cues(lang, TEXTS[lang])


def test_plain_text_reuses_read_plain():
    path = Path(__file__).resolve().parents[2] / "texts" / "japan-europe-2022" / "source.txt"
    document = read_document(path.read_bytes(), path)
    assert document.format == "plain" and document.lang == "en"
    assert document.paragraphs() > 40
    assert sum(document.accounting.values()) == document.source_chars


def test_lang_given_wins():
    assert read("notes-en.md", lang="zh").lang == "zh"


def test_bilingual_epub_pairs_paragraphs_by_script():
    path = HERE / "bilingual.epub"
    pair = read_bilingual(path.read_bytes(), path)
    assert body(pair.en) == [[squeezed(p) for p in chapter] for chapter in TEXTS["en"]]
    assert body(pair.zh) == [[squeezed(p) for p in chapter] for chapter in TEXTS["zh"]]
    for chapter, en, zh in pair.pairs:  # every block has its counterpart, in order
        assert en is not None and zh is not None
        assert pair.en.chapters[chapter].blocks[en].kind == pair.zh.chapters[chapter].blocks[zh].kind
    assert len(pair.pairs) == sum(len(c.blocks) for c in pair.en.chapters)
    assert [c.title for c in pair.zh.chapters] == HEADINGS["zh"]
    assert pair.en.source_chars + pair.zh.source_chars == pair.source_chars


def test_bilingual_srt_one_line_each():
    path = HERE / "subs-bilingual.srt"
    pair = read_bilingual(path.read_bytes(), path)
    en, zh = list(pair.en.blocks()), list(pair.zh.blocks())
    assert len(en) == len(zh) == len(pair.pairs) == 4
    assert all(a.start == b.start and a.end == b.end for a, b in zip(en, zh))
    assert pair.pairs == [(0, i, i) for i in range(4)]
    assert pair.en.source_chars + pair.zh.source_chars == pair.source_chars


FILES = sorted(p.name for p in HERE.iterdir() if p.suffix != ".py" and not p.name.startswith(("bad-", "bilingual", "subs-bi")))


@pytest.mark.parametrize("name", FILES)
def test_every_character_accounted(name):
    document = read(name)
    assert set(document.accounting) == {"body", "heading", "footnote", "metadata", "dropped"}
    assert sum(document.accounting.values()) == document.source_chars > 0
    assert document.accounting["body"] > 0


def test_accounting_catches_a_lost_paragraph():
    """The count of the source is made apart from what is kept: losing text shows."""
    document = read("page-en.html")
    document.chapters[1].blocks.pop()
    from reader.formats.sources._common import account

    account(document)
    assert sum(document.accounting.values()) < document.source_chars
