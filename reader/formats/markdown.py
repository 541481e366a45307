"""Markdown export: the title and metadata, then the pairs as one table (GitHub-flavoured
Markdown, as GitHub, GitLab, Obsidian and pandoc render it).

Cell text is escaped so that it shows literally: backslash, pipe and the characters that
start emphasis, code, links, HTML, entities, headings or strikethrough get a backslash
(`[bold]` stays `[bold]`, `<b>` stays `<b>`); a line break inside a side, which would end
the table row, becomes `<br>`.
"""

from __future__ import annotations

import re

from ..core.model import Pair, Text

_SPECIAL = re.compile(r"([\\|`*_\[\]<>~#&])")
_LINE_BREAK = re.compile(r"\r\n|[\n\r]")


def escape_markdown(value: str) -> str:
    return _LINE_BREAK.sub("<br>", _SPECIAL.sub(r"\\\1", value))


def export_markdown(text: Text, pairs: list[Pair], annotations: dict | None = None) -> str:
    meta = text.meta
    lines = [f"# {escape_markdown(meta.display_title())}", ""]
    if meta.title.get("zh") and meta.title.get("en"):
        lines += [f"**{escape_markdown(meta.title['zh'])}**", ""]
    facts = [
        " / ".join(escape_markdown(name) for name in (meta.author.get("en"), meta.author.get("zh")) if name),
        escape_markdown(meta.source),
        escape_markdown(meta.published),
    ]
    if any(facts):
        lines += [" · ".join(fact for fact in facts if fact), ""]
    lines += ["| id | English | 中文 |", "| --- | --- | --- |"]
    lines += [f"| {escape_markdown(p.id)} | {escape_markdown(p.en)} | {escape_markdown(p.zh)} |" for p in pairs]
    return "\n".join(lines) + "\n"
