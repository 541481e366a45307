"""InterText XML: two sentence-split texts and the links between their sentences.

InterText (the alignment editor) keeps an aligned pair as three files::

    name_zh.xml          <text><p id="1"><s id="1:1">...</s>...</p></text>
    name_en.xml          the same for the other side
    name_zh.name_en.xml  <linkGrp toDoc="name_en.xml" fromDoc="name_zh.xml">
                           <link type="1-2" xtargets="1:1;1:1 1:2"/>

`xtargets` lists the toDoc's sentence ids, then `;`, then the fromDoc's, each side
space-separated and possibly empty (a 0-1 or 1-0 link). Which document is English is
decided by its text (Han characters against Latin words), not by its name, so a link file
that points either way round is read the same.

Sentences are numbered from 0 in document order on each side; a bead is (English
indices, Chinese indices), the shape the aligner and the evaluation use. The XML is parsed
safely: no DTD, no network, no entity expansion, and a DOCTYPE that declares entities is
refused outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..core.errors import ReaderError
from ..core.files import read_bytes
from ..core.script import text_language

Bead = tuple[list[int], list[int]]


@dataclass(slots=True)
class Document:
    """One side: its sentences in order, the paragraph each belongs to, and their ids."""

    sentences: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    paragraph_of: list[int] = field(default_factory=list)  # paragraph number of each sentence

    @property
    def paragraphs(self) -> list[list[int]]:
        """Sentence indices grouped by paragraph."""
        groups: list[list[int]] = []
        last = None
        for index, number in enumerate(self.paragraph_of):
            if number != last:
                groups.append([])
                last = number
            groups[-1].append(index)
        return groups

    origin: str = ""  # the file it was read from

    @property
    def language(self) -> str:
        return text_language(" ".join(self.sentences), self.origin)


@dataclass(slots=True)
class AlignedPair:
    name: str
    en: Document
    zh: Document
    beads: list[Bead]  # the gold links, (English indices, Chinese indices)
    statuses: list[str] = field(default_factory=list)  # each link's status attribute ("man", "auto", "")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def _parse(path: Path):
    data = read_bytes(Path(path))
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        # lxml ends its message with the place, which the error gives once, up front
        message = re.sub(r",\s*line \d+, column \d+$", "", " ".join(str(exc.msg or "").split())) or "malformed"
        if "entity" in message.lower():
            raise ReaderError(f"entities are refused, never expanded ({message})", path, line or None) from None
        raise ReaderError(f"malformed XML (column {column}): {message}", path, line or None) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        entities = [entity.name for entity in dtd.iterentities()]
        if entities:
            raise ReaderError(
                f"the DOCTYPE declares entities ({', '.join(entities[:3])}); refused: "
                "entities are never expanded (InterText needs none)", path)
    return tree.getroot()


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def read_document(path: Path) -> Document:
    """An InterText text file: its `<s>` elements, by paragraph (`<p>`); sentences outside
    any paragraph count as a paragraph of their own."""
    root = _parse(path)
    if root.tag == "linkGrp":
        raise ReaderError("this is an InterText link file, not a text file (<text> with <s> sentences)", path)
    document = Document(origin=str(path))
    seen: set[str] = set()
    paragraph = -1
    parent = None
    for element in root.iter("s"):
        sid = element.get("id")
        if not sid:
            raise ReaderError("a sentence (<s>) without an id", path, element.sourceline)
        if sid in seen:
            raise ReaderError(f"sentence id {sid!r} is used twice", path, element.sourceline)
        seen.add(sid)
        if element.getparent() is not parent:
            parent = element.getparent()
            paragraph += 1
        document.sentences.append(_text(element))
        document.ids.append(sid)
        document.paragraph_of.append(paragraph)
    if not document.sentences:
        raise ReaderError("no sentences (<s id=...>) in this file", path)
    return document


def _links(root, path, to_doc: Document, from_doc: Document) -> list[tuple[list[int], list[int], str]]:
    to_index = {sid: index for index, sid in enumerate(to_doc.ids)}
    from_index = {sid: index for index, sid in enumerate(from_doc.ids)}
    links = []
    for link in root.iter("link"):
        targets = link.get("xtargets")
        if targets is None or targets.count(";") != 1:
            raise ReaderError("a <link> without xtargets of the form 'ids;ids'", path, link.sourceline)
        to_ids, from_ids = (part.split() for part in targets.split(";"))
        if not to_ids and not from_ids:
            raise ReaderError(f"a <link> with no sentence on either side (xtargets={targets!r})",
                              path, link.sourceline)
        try:
            to_side = [to_index[sid] for sid in to_ids]
        except KeyError as exc:
            raise ReaderError(f"the link names sentence {exc.args[0]!r}, which the toDoc does not have",
                              path, link.sourceline) from None
        try:
            from_side = [from_index[sid] for sid in from_ids]
        except KeyError as exc:
            raise ReaderError(f"the link names sentence {exc.args[0]!r}, which the fromDoc does not have",
                              path, link.sourceline) from None
        links.append((to_side, from_side, link.get("status", "")))
    return links


def read_pair(link_path: Path) -> AlignedPair:
    """A link file and the two texts it names (looked for beside it), as English and
    Chinese documents and the gold beads (English indices, Chinese indices)."""
    link_path = Path(link_path)
    root = _parse(link_path)
    if root.tag == "text":
        raise ReaderError(text_file_hint(link_path), link_path)
    if root.tag != "linkGrp":
        raise ReaderError(f"not an InterText link file (the root is <{root.tag}>, not <linkGrp>)",
                          link_path, root.sourceline)
    names = {}
    for attribute in ("toDoc", "fromDoc"):
        value = root.get(attribute)
        if not value:
            raise ReaderError(f"the <linkGrp> has no {attribute}", link_path, root.sourceline)
        if Path(value).name != value:
            raise ReaderError(f"{attribute} {value!r} is not a file name beside the link file", link_path)
        names[attribute] = value
    to_doc = read_document(link_path.parent / names["toDoc"])
    from_doc = read_document(link_path.parent / names["fromDoc"])
    found = _links(root, link_path, to_doc, from_doc)
    links = [(to_side, from_side) for to_side, from_side, _ in found]
    statuses = [status for _, _, status in found]
    if not links:
        raise ReaderError("no links (<link xtargets=...>) in this link file", link_path)
    to_lang, from_lang = to_doc.language, from_doc.language
    if to_lang == from_lang:
        raise ReaderError(f"both texts look {'English' if to_lang == 'en' else 'Chinese'}", link_path)
    if to_lang == "en":
        return AlignedPair(pair_name(link_path), to_doc, from_doc, links, statuses)
    return AlignedPair(pair_name(link_path), from_doc, to_doc, [(b, a) for a, b in links], statuses)


def text_file_hint(path: Path) -> str:
    """What to say when an InterText text file is given where its link file is wanted:
    the link file's real name when one beside it names this file."""
    path = Path(path)
    found = ""
    try:
        candidates = link_files(path.parent)[:500]
    except ReaderError:
        candidates = []
    for candidate in candidates:
        try:
            with open(candidate, "rb") as handle:
                head = handle.read(4096).decode("utf-8", "replace")
        except OSError:
            continue
        if re.search(r"\b(?:toDoc|fromDoc)\s*=\s*[\"']" + re.escape(path.name) + "[\"']", head):
            found = candidate.name
            break
    if found:
        return f"this is an InterText text file; import its link file ({found})"
    return ("this is an InterText text file; import its link file (NAME_zh.NAME_en.xml, which names it; "
            "none was found beside it)")


def looks_text_file(source: str) -> bool:
    """An InterText text file: a root <text> holding <s id=...> sentences."""
    head = source[:4096]
    return re.search(r"<text[\s>]", head) is not None and re.search(r"<s\s+id=", head) is not None


def pair_name(link_path: Path) -> str:
    """"dev-anno.001" for dev-anno.001_zh.001_en.xml."""
    match = re.match(r"(.+?)_[A-Za-z]{2,3}\.", link_path.name)
    return match.group(1) if match else link_path.stem


def link_files(folder: Path) -> list[Path]:
    """The link files of a folder (those named like `a_xx.b_yy.xml`), sorted."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReaderError("no such folder", folder)
    return sorted(path for path in folder.glob("*.xml") if path.name.count(".") >= 2
                  and path.name.rsplit(".", 1)[0].count("_") >= 2)
