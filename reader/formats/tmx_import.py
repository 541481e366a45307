"""TMX importer: a translation memory read back into a text, one pair per translation unit.

Reads what `tmx.export_tmx` writes, and TMX from other tools: the `tu`'s `tuid` is the
pair id (`p1`, `p2`, ... by position when missing or repeated), its `x-kind`, `x-level`
and `x-status` properties the kind (default body), heading level and review status
(default auto); its variants give the sides by
language (`xml:lang`, or TMX 1.1's `lang`, in any case: `en`, `en-GB` ... and `zh`,
`zh-CN`, `zh-Hans` ...). A segment's text is taken whole, with the text of inline
elements (`bpt`, `ph`, `hi` ...) in it, and exactly as written: newlines and spaces stay.
The header's `x-title` properties give the title; without them, the first title pair,
else the file's name.

The XML is parsed safely: no DTD is loaded, nothing is fetched from the network, no
entity is expanded, and a file whose DOCTYPE declares entities is refused outright (the
shape of an XXE or "billion laughs" attack; TMX needs none).
"""

from __future__ import annotations

import re

from lxml import etree

from ..core.errors import ReaderError
from ..core.model import KINDS, STATUSES, Pair, Text, TextMeta
from ..core.pairlinks import link_all
from .intertext import looks_text_file, text_file_hint
from .report import ImportReport
from .tsv_import import title_of

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def looks_tmx(source: str) -> bool:
    head = source.lstrip("\ufeff \t\r\n")
    return head.startswith("<?xml") or "<tmx" in source[:4096]


def _parser() -> etree.XMLParser:
    # The source is already decoded: lxml is handed UTF-8 and told so, whatever the
    # declaration says. No DTD, no network, no entity expansion.
    return etree.XMLParser(
        encoding="utf-8", resolve_entities=False, no_network=True, load_dtd=False,
        dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )


def _message(message: str) -> str:
    """lxml's message on one line, less the place it ends with (given separately)."""
    return re.sub(r",\s*line \d+, column \d+$", "", " ".join(str(message).split()))


def parse_tmx(source: str, origin: str) -> etree._Element:
    """The root element of a TMX document, or a one-line error naming `origin` and the place."""
    try:
        root = etree.fromstring(source.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        raise ReaderError(
            f"not well-formed XML (read as tmx) at line {line}, column {column}: {_message(exc.msg)}", origin
        ) from None
    if root is None:
        raise ReaderError("not well-formed XML: no root element", origin)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        entities = [entity.name for entity in dtd.entities()]
        if entities:
            raise ReaderError(
                f"the DOCTYPE declares entities ({', '.join(entities[:3])}); refused: "
                "entities are never expanded (TMX needs none)", origin,
            )
    if _local(root) == "text" and looks_text_file(source):
        raise ReaderError(text_file_hint(origin), origin)
    if _local(root) != "tmx":
        raise ReaderError(f"not a TMX file (the root element is <{_local(root)}>, not <tmx>)", origin, root.sourceline)
    return root


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, name: str):
    return [child for child in element if _local(child) == name]


def _lang(element) -> str:
    for key, value in element.attrib.items():
        if key == XML_LANG or etree.QName(key).localname.lower() == "lang":
            return value.strip()
    return ""


def _side(lang: str) -> str | None:
    lang = lang.lower()
    if lang == "en" or lang.startswith(("en-", "en_")):
        return "en"
    if lang == "zh" or lang.startswith(("zh-", "zh_")):
        return "zh"
    return None


def _props(element) -> list[tuple[str, str, str]]:
    """(type, lang, text) of each `prop` child."""
    return [(prop.get("type", ""), _lang(prop), "".join(prop.itertext())) for prop in _children(element, "prop")]


def import_tmx(source: str, text_id: str, origin: str = "source") -> ImportReport:
    root = parse_tmx(source, origin)
    warnings: list[str] = []
    dropped: list[tuple[int, str]] = []  # units with no English or Chinese text
    meta = TextMeta(id=text_id, import_format="tmx")

    headers = _children(root, "header")
    if headers:
        for kind, lang, value in _props(headers[0]):
            side = _side(lang)
            if kind == "x-title" and side and value.strip() and side not in meta.title:
                meta.title[side] = value
    bodies = _children(root, "body")
    if not bodies:
        raise ReaderError("not a TMX file: no <body>", origin, root.sourceline)

    pairs: list[Pair] = []
    given: list[str | None] = []  # each pair's tuid as found, None when it needs one
    seen: set[str] = set()
    for tu in _children(bodies[0], "tu"):
        line = tu.sourceline
        tuid = (tu.get("tuid") or "").strip()
        label = f"line {line}: tu {tuid!r}" if tuid else f"line {line}: tu"
        kind, level, status = "body", 0, "auto"
        for prop_type, _, value in _props(tu):
            value = value.strip()
            if prop_type == "x-kind":
                if value in KINDS:
                    kind = value
                else:
                    warnings.append(f"{label}: unknown kind {value!r}; read as body")
            elif prop_type == "x-status":
                if value in STATUSES:
                    status = value
                else:
                    warnings.append(f"{label}: status {value!r} is not one of {', '.join(STATUSES)}; read as auto")
            elif prop_type == "x-level":
                if value in ("0", "1", "2"):
                    level = int(value)
                else:
                    warnings.append(f"{label}: level {value!r} is not 1 or 2; ignored")
        sides: dict[str, str] = {}
        others: list[str] = []  # the languages of variants that are neither en nor zh
        for tuv in _children(tu, "tuv"):
            lang = _lang(tuv)
            side = _side(lang)
            if side is None:
                others.append(lang or "(none)")
                continue
            if side in sides:
                warnings.append(f"{label}: a second {lang!r} variant skipped")
                continue
            segs = _children(tuv, "seg")
            sides[side] = "".join(segs[0].itertext()) if segs else ""
        if not sides.get("en") and not sides.get("zh"):
            what = (f"tu {tuid!r}" if tuid else "tu") + (f" ({', '.join(others)})" if others else "")
            dropped.append((line, what))
            continue
        if others:
            warnings.append(f"{label}: variant(s) in {', '.join(others)} skipped (only en and zh are read)")
        if tuid and tuid in seen:
            warnings.append(f"{label}: the id is used by an earlier tu; given a new one")
            tuid = ""
        if tuid:
            seen.add(tuid)
        given.append(tuid or None)
        pairs.append(Pair("", kind, sides.get("en", ""), sides.get("zh", ""), level=level, status=status))

    if not pairs:
        raise ReaderError("no translation units with English or Chinese text found", origin)
    counter = 0
    for pair, tuid in zip(pairs, given):
        if tuid is None:
            counter += 1
            while f"p{counter}" in seen:
                counter += 1
            tuid = f"p{counter}"
            seen.add(tuid)
        pair.id = tuid
    if not meta.title:
        meta.title = title_of(pairs, origin)
    meta.languages = tuple(lang for lang in ("en", "zh") if any(p.side(lang) for p in pairs))
    pairs = list(link_all(pairs))
    return ImportReport(Text(meta, pairs), dropped, warnings,
                        dropped_label="translation units without English or Chinese text")
