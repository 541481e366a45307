"""Importer for interleaved bilingual web copies: each paragraph followed by its translation.

The form, as copied from a news page::

    English title

    Chinese title

    Source
    China Military Online
    Editor
    ...

    By Sun Wenzhu

    孙文竹

    English paragraph

    Chinese paragraph
    ...
    Related News

    back

Paragraphs are split on blank lines and each one's language is decided by its script.
Nothing is lost: what cannot be paired is kept with an empty side and reported; page
navigation is dropped and listed in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import ReaderError
from ..core.model import Pair, Text, TextMeta
from ..core.pairlinks import link_all
from ..core.script import char_width, language_of
from .report import ImportReport

NAVIGATION = {
    "related news", "related articles", "related stories", "back", "back to top", "top",
    "print", "close", "share", "share to", "return", "home", "previous", "next", "more",
    "相关新闻", "相关文章", "返回", "返回顶部", "打印", "关闭", "分享", "分享到", "上一篇", "下一篇",
    "【打印】", "【关闭】", "【返回顶部】",
}

# label -> metadata field; matched case-insensitively, with or without a colon.
META_LABELS = {
    "source": "source", "editor": "editor", "editors": "editor", "time": "published",
    "date": "published", "published": "published", "author": "author",
    "来源": "source", "责任编辑": "editor", "编辑": "editor", "时间": "published",
    "发布时间": "published", "日期": "published", "作者": "author",
}

BYLINE_EN = re.compile(r"^By\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})$")
BYLINE_ZH = re.compile(r"^(?:作者[:：]\s*)?([\u4e00-\u9fff·]{2,8})$")
NOTE = re.compile(r"^\s*[(（].*[)）]\s*$", re.S)


@dataclass
class Block:
    """A paragraph of the source: consecutive non-blank lines."""

    first: int  # 1-based line numbers
    last: int
    lines: list[str]

    @property
    def text(self) -> str:
        joined = self.lines[0]
        for line in self.lines[1:]:
            wide = char_width(joined[-1]) == 2 or char_width(line[0]) == 2
            joined += line if wide else " " + line
        return joined

    @property
    def lang(self) -> str:
        return language_of(self.text)

    @property
    def span(self) -> tuple[int, int]:
        return (self.first, self.last)


def split_blocks(source: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(Block(start, number - 1, current))
            current = []
    if current:
        blocks.append(Block(start, len(lines), current))
    return blocks


def looks_interleaved(source: str) -> bool:
    langs = [block.lang for block in split_blocks(source) if not _is_navigation(block)]
    switches = sum(1 for a, b in zip(langs, langs[1:]) if a != b)
    return langs.count("zh") >= 2 and langs.count("en") >= 2 and switches >= len(langs) // 2


def _is_navigation(block: Block) -> bool:
    return all(line.strip().lower() in NAVIGATION for line in block.lines)


def _parse_meta(block: Block) -> dict[str, str] | None:
    """Label/value metadata, either 'Label' and 'value' on alternate lines or 'Label: value'.
    None unless every line of the block is accounted for."""
    found: dict[str, str] = {}
    lines = block.lines
    i = 0
    while i < len(lines):
        labelled = re.match(r"^(.+?)\s*[:：]\s*(.*)$", lines[i])
        label, value = labelled.groups() if labelled else (lines[i], "")
        field = META_LABELS.get(label.strip().lower())
        if field is None:
            return None
        if value:
            found[field] = value.strip()
            i += 1
        elif i + 1 < len(lines) and META_LABELS.get(lines[i + 1].strip().lower().rstrip(":：")) is None:
            found[field] = lines[i + 1].strip()
            i += 2
        else:
            return None
    return found or None


def import_interleaved(source: str, text_id: str, origin: str = "source") -> ImportReport:
    blocks = split_blocks(source)
    if not blocks:
        raise ReaderError("the file is empty (no paragraphs)", origin)

    dropped: list[tuple[int, str]] = []
    warnings: list[str] = []
    meta = TextMeta(id=text_id, import_format="interleaved")
    pairs: list[Pair] = []
    content: list[Block] = []
    header_end = None  # index in `content` of the first metadata or byline block

    for block in blocks:
        if _is_navigation(block):
            dropped += [(block.first + k, line) for k, line in enumerate(block.lines)]
            continue
        fields = _parse_meta(block)
        if fields is not None and not pairs and _before_body(content):
            author = fields.pop("author", "")
            for key, value in fields.items():
                setattr(meta, key, value)
            if author:
                meta.author.setdefault(language_of(author), author)
            if header_end is None:
                header_end = len(content)
            continue
        content.append(block)

    # Byline: "By Name" with the Chinese name next to it.
    byline: list[Block] = []
    for index, block in enumerate(content[:8]):
        match = BYLINE_EN.match(block.text)
        if not match:
            continue
        meta.author["en"] = match.group(1)
        byline = [block]
        for neighbour in (index + 1, index - 1):
            if 0 <= neighbour < len(content):
                zh = BYLINE_ZH.match(content[neighbour].text)
                if zh:
                    meta.author["zh"] = zh.group(1)
                    byline.append(content[neighbour])
                    break
        first_byline = min(content.index(b) for b in byline)
        header_end = first_byline if header_end is None else min(header_end, first_byline)
        break

    # Title: the paragraphs before the metadata and byline; without those, the first
    # paragraph and its translation when both are short.
    if header_end is None:
        header_end = 0
        if content and len(content[0].text) <= 200:
            header_end = 1
            if (
                len(content) > 1
                and content[1].lang != content[0].lang
                and len(content[1].text) <= 200
            ):
                header_end = 2
    header = [block for block in content[:header_end] if block not in byline]
    title_blocks: dict[str, Block] = {}
    body = []
    for block in header:
        if block.lang in title_blocks:
            body.append(block)
        else:
            title_blocks[block.lang] = block
    body += [block for block in content[header_end:] if block not in byline]
    body.sort(key=lambda b: b.first)

    if title_blocks:
        meta.title = {lang: b.text for lang, b in sorted(title_blocks.items())}
        pairs.append(_pair("title", title_blocks.get("en"), title_blocks.get("zh")))
    if byline:
        by = {b.lang: b for b in byline}
        pairs.append(_pair("byline", by.get("en"), by.get("zh")))

    lead = body[0].lang if body else "en"
    names = {"en": "English", "zh": "Chinese"}
    pending: Block | None = None

    def unpaired(block: Block) -> None:
        other = "zh" if block.lang == "en" else "en"
        warnings.append(
            f"line {block.first}: {names[block.lang]} paragraph has no {names[other]} "
            f"counterpart; kept with an empty {names[other]} side"
        )
        pairs.append(_body_pair(block if block.lang == "en" else None, block if block.lang == "zh" else None))

    for block in body:
        if block.lang == lead:
            if pending is not None:
                unpaired(pending)
            pending = block
        elif pending is not None:
            en, zh = (pending, block) if lead == "en" else (block, pending)
            pairs.append(_body_pair(en, zh))
            pending = None
        else:
            unpaired(block)
    if pending is not None:
        unpaired(pending)

    if not pairs:
        raise ReaderError("no paragraphs found to import", origin)
    for number, pair in enumerate(pairs, start=1):
        pair.id = f"p{number}"
    pairs = list(link_all(pairs))
    meta.languages = tuple(lang for lang in ("en", "zh") if any(p.side(lang) for p in pairs))
    return ImportReport(Text(meta, pairs), dropped, warnings)


def _before_body(content: list[Block]) -> bool:
    """Metadata is only recognised in the header, before the article's paragraphs."""
    return len(content) <= 4


def _pair(kind: str, en: Block | None, zh: Block | None) -> Pair:
    return Pair(
        id="",
        kind=kind,
        en=en.text if en else "",
        zh=zh.text if zh else "",
        src_en=(en.span,) if en else (),
        src_zh=(zh.span,) if zh else (),
    )


def _body_pair(en: Block | None, zh: Block | None) -> Pair:
    pair = _pair("body", en, zh)
    sides = [side for side in (pair.en, pair.zh) if side]
    if sides and all(NOTE.match(side) for side in sides):
        pair.kind = "note"
    return pair
