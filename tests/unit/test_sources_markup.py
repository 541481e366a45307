"""Source readers, HTML and XHTML details: the article found in a page, notes of each
kind, a page holding a text and its translation."""

from __future__ import annotations

from reader.formats.sources import read_bilingual, read_document


def page(body: str, head: str = "<title>T</title>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_densest_block_without_article_or_main():
    raw = page("<div id='top'><a href='/'>Home</a> | <a href='/b'>Blog</a></div>"
               "<div class='content'><p>The first real paragraph of the story.</p>"
               "<p>The second real paragraph, longer than the menu.</p></div>"
               "<div class='copy'>Copyright</div>")
    document = read_document(raw, "p.html")
    assert [b.text for b in document.blocks()] == ["The first real paragraph of the story.",
                                                  "The second real paragraph, longer than the menu."]
    assert {content for _, content in document.dropped} >= {"Home | Blog", "Copyright"}
    assert sum(document.accounting.values()) == document.source_chars


def test_main_element_and_loose_text():
    raw = page("<nav>Menu</nav><main>Loose text <b>here</b>.<p>A paragraph.</p>Tail text.</main>")
    document = read_document(raw, "p.html")
    assert [b.text for b in document.blocks()] == ["Loose text here.", "A paragraph.", "Tail text."]


def test_epub3_aside_footnote_in_the_same_file():
    raw = page('<p>Text with a note<a epub:type="noteref" href="#fn">*</a> and more.</p>'
               '<aside epub:type="footnote" id="fn"><p>The footnote.</p></aside><p>After.</p>')
    document = read_document(raw, "c.xhtml", fmt="html")
    chapter = document.chapters[0]
    assert [b.text for b in chapter.blocks] == ["Text with a note and more.", "After."]
    (note,) = chapter.notes
    assert (note.mark, note.text, note.block, note.offset) == ("*", "The footnote.", 0, len("Text with a note"))


def test_hidden_and_boilerplate_classes_dropped():
    raw = page("<article><p>Kept.</p><div style='display: none'>Hidden.</div>"
               "<div class='share-buttons social'>Share this</div></article>")
    document = read_document(raw, "p.html")
    assert [b.text for b in document.blocks()] == ["Kept."]
    assert ("page: hidden", "Hidden.") in document.dropped


def test_interleaved_page_sibling_and_same_element():
    raw = page("<article><h1>A Title</h1><h1>一个标题</h1>"
               "<p>The first paragraph.</p><p>第一段。</p>"
               "<p>The second paragraph.<br><span class='translated'>第二段。</span></p>"
               "<p>An untranslated paragraph.</p>"
               "<p>The last one.</p><p>最后一段。</p></article>")
    pair = read_bilingual(raw, "bi.html")
    en = [b.text for b in pair.en.blocks()]
    zh = [b.text for b in pair.zh.blocks()]
    assert en == ["A Title", "The first paragraph.", "The second paragraph.", "An untranslated paragraph.", "The last one."]
    assert zh == ["一个标题", "第一段。", "第二段。", "最后一段。"]
    assert pair.pairs == [(0, 0, 0), (0, 1, 1), (0, 2, 2), (0, 3, None), (0, 4, 3)]
    assert pair.en.source_chars + pair.zh.source_chars == pair.source_chars


def test_chinese_lines_joined_without_spaces():
    raw = page("<article><p>今年1月1日，日本\n同欧盟签署的协定\n正式生效。</p></article>")
    assert [b.text for b in read_document(raw, "p.html").blocks()] == ["今年1月1日，日本同欧盟签署的协定正式生效。"]
