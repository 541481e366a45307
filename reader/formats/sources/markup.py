"""The text of an HTML or XHTML document (a web page, an EPUB content file) as blocks
and notes, with an account of every text node.

- Dropped whole, by where they stood: scripts, styles, forms, navigation, menus, page
  headers and footers, asides that are not notes, hidden elements.
- Notes: elements marked as footnotes or endnotes (epub:type footnote/endnote/rearnote,
  role doc-footnote/doc-endnote, an <aside> or list item a note link points to, a
  class "footnote(s)"); a link to one (epub:type noteref, role doc-noteref, or any
  link to a note's id) is its mark, cut from the running text and recorded with its
  offset. A note's own back-link is dropped.
- Blocks: <h1>-<h6> as headings; <p>, <li>, <blockquote>, <dd>, <pre>, <td> and the
  like, and loose text in a container, as paragraphs. <br> is a line break; with
  `bilingual`, a block whose text changes script once (a paragraph and its translation
  in one element) is cut in two there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ...core.document import Block, Note
from ...core.script import language_of
from ._common import nonblank, squeeze

DROP = {"script", "style", "noscript", "template", "nav", "header", "footer", "form", "button",
        "select", "textarea", "menu", "iframe", "object", "svg", "math", "head", "dialog"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = HEADINGS | {"p", "li", "blockquote", "dd", "dt", "pre", "td", "th", "caption", "figcaption",
                     "div", "section", "article", "main", "ol", "ul", "dl", "table", "tr", "tbody",
                     "thead", "tfoot", "figure", "aside", "body", "html", "hr", "address", "center"}
NOTE_TYPES = {"footnote", "endnote", "rearnote", "note"}
_NOTE_CLASS = re.compile(r"\b(?:foot|end)notes?\b|\bfn\b|\bnote\b", re.I)
_BOILER_CLASS = re.compile(r"\b(?:nav|navbar|menu|breadcrumbs?|sidebar|footer|header|banner|cookie|share|"
                           r"social|related|comments?|advert|ads?)\b", re.I)


def _tag(el) -> str:
    return el.tag.lower().split("}")[-1] if isinstance(el.tag, str) else ""


def _types(el) -> set[str]:
    value = el.get("epub:type") or el.get("{http://www.idpf.org/2007/ops}type") or ""
    return set(value.split()) | set((el.get("role") or "").replace("doc-", "").split())


def text_nodes(el):
    """Every text node under `el` (its text, its children's, their tails), comments and
    processing instructions left out."""
    if isinstance(el.tag, str) and el.text:
        yield el.text
    for child in el:
        yield from text_nodes(child)
        if child.tail:
            yield child.tail


def all_text(el) -> str:
    return "".join(text_nodes(el))


def is_hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return el.get("hidden") is not None or "display:none" in style or el.get("aria-hidden") == "true"


@dataclass
class Extract:
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)
    note_ids: dict[str, Note] = field(default_factory=dict)  # id -> the note, before it is placed


def note_elements(root) -> dict[str, object]:
    """The notes of a document by id: marked as notes, or pointed to by a note link."""
    found: dict[str, object] = {}
    linked = set()
    for a in root.iter("a"):
        href = a.get("href") or ""
        if "#" in href and ({"noteref"} & _types(a) or _NOTE_CLASS.search(a.get("class") or "")
                            or _tag(a.getparent()) == "sup" or (a.text or "").strip().strip("[]()").isdigit()):
            linked.add(href.split("#", 1)[1])
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ident = el.get("id")
        marked = (NOTE_TYPES & _types(el)) and _tag(el) not in ("a", "body", "html")
        if ident and (marked or (ident in linked and _tag(el) in ("aside", "li", "div", "p", "section", "dd"))):
            found[ident] = el
    return found


class Walker:
    def __init__(self, notes_by_id: dict[str, object], where: str, bilingual: bool = False,
                 refs_to: dict[str, Note] | None = None, lines: bool = False):
        self.lines = lines  # blocks name their source line (a page), else "where#n" (a member)
        self.notes_by_id = notes_by_id  # id -> element, in this file (or the whole book)
        self.note_elements = {id(el) for el in notes_by_id.values()}
        self.where = where
        self.bilingual = bilingual
        self.out = Extract()
        self.refs = refs_to if refs_to is not None else {}  # note id -> Note made from a ref

    # -- containers and blocks ----------------------------------------------------------

    def container(self, el) -> None:
        pieces: list = []  # loose inline content: strings and inline elements
        if el.text:
            pieces.append(el.text)
        for child in el:
            tag = _tag(child)
            if not tag:
                pass
            elif self.dropped(child):
                self.flush(pieces, el)
                pieces = []
            elif id(child) in self.note_elements:
                self.flush(pieces, el)
                pieces = []
                self.note_body(child)
            elif tag in BLOCKS or self.has_block(child):
                self.flush(pieces, el)
                pieces = []
                if tag in HEADINGS:
                    self.leaf(child, "heading", int(tag[1]))
                elif self.has_block(child):
                    self.container(child)
                else:
                    self.leaf(child, "body", 0)
            else:
                pieces.append(child)
            if child.tail:
                pieces.append(child.tail)
        self.flush(pieces, el)

    def has_block(self, el) -> bool:
        return any(_tag(d) in BLOCKS or id(d) in self.note_elements for d in el.iterdescendants())

    def dropped(self, el) -> bool:
        tag = _tag(el)
        kind = None
        if tag in DROP:
            kind = tag
        elif is_hidden(el):
            kind = "hidden"
        elif tag == "aside" and id(el) not in self.note_elements:
            kind = "aside"
        elif {"toc", "landmarks", "page-list", "pagebreak"} & _types(el):
            kind = "navigation"
        elif tag in ("div", "section", "ul", "ol") and _BOILER_CLASS.search((el.get("class") or "") + " " + (el.get("id") or "")):
            kind = "boilerplate"
        if kind is None:
            return False
        text = squeeze(all_text(el))
        if text:
            self.out.dropped.append((f"{self.where}: {kind}", text))
        return True

    def flush(self, pieces: list, parent) -> None:
        if pieces:
            self.emit(pieces, "body", 0, parent)

    def leaf(self, el, kind: str, level: int) -> None:
        pieces = [el.text] if el.text else []
        for child in el:
            pieces.append(child)
            if child.tail:
                pieces.append(child.tail)
        self.emit(pieces, kind, level, el)

    def emit(self, pieces: list, kind: str, level: int, el) -> None:
        segments: list[list] = [[]]  # text split at element boundaries, for bilingual cuts
        marks: list[tuple[int, int, Note]] = []  # (segment, offset, note)
        for piece in pieces:
            if isinstance(piece, str):
                segments[-1].append(piece)
            else:
                self.inline(piece, segments, marks)
            if self.bilingual:
                segments.append([])
        line = getattr(el, "sourceline", None)
        src = (line or 0, line or 0) if self.lines else f"{self.where}#{len(self.out.blocks) + 1}"
        groups = self.cut(segments) if self.bilingual else [list(range(len(segments)))]
        for group in groups:
            text, starts = "", {}
            for number in group:
                starts[number] = len(text)
                text += "".join(segments[number])
            clean = squeeze(text)
            if not clean:
                for s, _, note in marks:  # a block of nothing but note marks
                    if s in group:
                        note.block = None
                continue
            index = len(self.out.blocks)
            self.out.blocks.append(Block(kind, clean, level=level, src=src))
            for s, offset, note in marks:
                if s in group:
                    note.block = index
                    note.offset = len(squeeze(text[:starts[s] + offset] + "x")) - 1

    def cut(self, segments: list[list]) -> list[list[int]]:
        """The segments as one group, or two where the script changes once."""
        langs = []
        for number, segment in enumerate(segments):
            text = "".join(segment)
            if any(char.isalpha() for char in text):
                langs.append((number, language_of(text)))
        switches = [i for i in range(1, len(langs)) if langs[i][1] != langs[i - 1][1]]
        if len(switches) != 1:
            return [list(range(len(segments)))]
        at = langs[switches[0]][0]
        return [list(range(at)), list(range(at, len(segments)))]

    def inline(self, el, segments: list[list], marks: list) -> None:
        tag = _tag(el)
        if tag == "br":
            segments[-1].append("\n")
        elif self.dropped(el):
            pass
        elif tag == "a" and self.note_target(el) is not None:
            target = self.note_target(el)
            mark = squeeze(all_text(el))
            note = Note(mark, "")
            self.refs[target] = note
            self.out.notes.append(note)
            marks.append((len(segments) - 1, len("".join(segments[-1])), note))
            return
        else:
            if el.text:
                segments[-1].append(el.text)
            for child in el:
                self.inline(child, segments, marks)
                if child.tail:
                    segments[-1].append(child.tail)
            return

    def note_target(self, a) -> str | None:
        href = a.get("href") or ""
        if "#" not in href:
            return None
        target = href.split("#", 1)[1]
        if target in self.notes_by_id and target not in self.refs:
            return target
        return None

    # -- notes ------------------------------------------------------------------------------

    def note_body(self, el) -> None:
        """A note's text, its back-links dropped; its mark is the link that points to it."""
        ident = el.get("id")
        pieces: list[str] = []

        def gather(node):
            if node.text:
                pieces.append(node.text)
            for child in node:
                tag = _tag(child)
                href = child.get("href") or "" if tag else ""
                if tag == "a" and ("#" in href and (({"backlink", "noteref"} & _types(child))
                                                    or self.is_backlink(child))):
                    text = squeeze(all_text(child))
                    if text:
                        self.out.dropped.append((f"{self.where}: note back-link", text))
                elif tag:
                    gather(child)
                    pieces.append(" " if _tag(child) in BLOCKS or tag == "br" else "")
                if child.tail:
                    pieces.append(child.tail)

        gather(el)
        text = squeeze("".join(pieces))
        note = self.refs.get(ident)
        if note is None:  # a note no link points to (or not yet: it is placed later)
            note = Note("", text)
            self.out.note_ids[ident] = note
            self.out.notes.append(note)
        else:
            note.text = text

    def is_backlink(self, a) -> bool:
        target = (a.get("href") or "").split("#", 1)[-1]
        text = squeeze(all_text(a))
        return text in ("↩", "↑", "^", "back", "返回", "↩︎") or (
            target.startswith(("ref", "fnref", "noteref", "r")) and len(text) <= 4)
