"""Simplified and Traditional Chinese: which one a text is written in, converting between
them (OpenCC), and the simplified *view* of a text that every look-up works on.

A Traditional Chinese text is kept and shown as written. The glossary, the dictionary's
segmentation, pinyin and the aligner's lexicon evidence look at `to_simplified(text)`
instead: the same text in simplified characters, **character for character** (the same
length, so that a span found in the view is the same span of the text as written).

OpenCC's t2s converts phrase by phrase (乾隆 stays 乾隆, 乾淨 becomes 干净), and its result
has the length of its input in nearly every case. Where it has not, the stretches that
changed length are taken character by character instead (from OpenCC's own character
table, `char_table`), so the view always keeps the text's offsets and no offset map is
needed by anyone who uses it.

A text with no traditional-only character (every simplified text) is its own view, found
with one `str.translate` and without calling OpenCC; views are cached, as the reader asks
for the same sentences again and again.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from .errors import ReaderError

TARGETS = ("simplified", "traditional", "as-is")

# The unified ideographs and extension A: the characters whose two forms OpenCC's
# character tables map (compatibility ideographs are left out: t2s only unifies them).
_RANGES = ((0x4E00, 0xA000), (0x3400, 0x4DC0))


@lru_cache(maxsize=None)
def _converter(config: str):
    import opencc  # the official OpenCC, its C++ library in the wheel

    return opencc.OpenCC(config)


TABLES_VERSION = 1


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], dict[int, None], dict[int, None], dict[int, None], dict[int, str]]:
    """t2s of single characters, translate tables deleting the characters t2s changes,
    and those that belong to one script only, and s2t of single characters: traditional-only (a t2s form of its own and none in
    s2t) and simplified-only. Built by converting every ideograph on a line of its own,
    so that no phrase rule applies (some 80 ms), and kept in the user cache folder for
    the next process (read back in about a millisecond)."""
    import marshal

    from .cedict import default_cache_dir
    from .files import package_version, write_atomically

    path = default_cache_dir() / f"zhscript-tables.{TABLES_VERSION}.{package_version('opencc')}.marshal"
    try:
        t2s, s2t = marshal.loads(path.read_bytes())
        if isinstance(t2s, dict) and isinstance(s2t, dict) and t2s:
            return _derived(t2s, s2t)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache yet, or a damaged one: built again
    t2s, s2t = _character_maps()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, marshal.dumps((t2s, s2t)))
    except (OSError, ReaderError):
        pass  # a cache only
    return _derived(t2s, s2t)


def _derived(t2s: dict[int, str], s2t: dict[int, str]):
    traditional_only = {code: None for code in t2s if code not in s2t}
    simplified_only = {code: None for code in s2t if code not in t2s}
    return t2s, {code: None for code in t2s}, traditional_only, simplified_only, s2t


def _character_maps() -> tuple[dict[int, str], dict[int, str]]:
    chars = [chr(code) for low, high in _RANGES for code in range(low, high)]
    source = "\n".join(chars)
    simplified = _converter("t2s").convert(source).split("\n")
    traditional = _converter("s2t").convert(source).split("\n")
    if len(simplified) != len(chars) or len(traditional) != len(chars):  # pragma: no cover
        raise ReaderError("OpenCC's character tables changed shape: cannot build the script tables")
    t2s = {ord(c): s for c, s in zip(chars, simplified) if s != c and len(s) == 1}
    s2t = {ord(c): t for c, t in zip(chars, traditional) if t != c and len(t) == 1}
    return t2s, s2t


def char_table() -> dict[int, str]:
    """OpenCC's traditional-to-simplified character table, for `str.translate`."""
    return _tables()[0]


def script_counts(text: str) -> tuple[int, int]:
    """(traditional-only characters, simplified-only characters) in the text."""
    _, _, traditional_only, simplified_only, _ = _tables()
    return (len(text) - len(text.translate(traditional_only)),
            len(text) - len(text.translate(simplified_only)))


def detect(text: str) -> str:
    """"traditional", "simplified" or "unknown", from the characters that differ between
    the two scripts (发/發, 军/軍...): one script's must outnumber the other's at least
    two to one. A text with none of them (no Chinese, or only characters both scripts
    share: 日本, 安全) is "unknown"."""
    traditional, simplified = script_counts(text)
    if traditional > 2 * simplified:
        return "traditional"
    if simplified > 2 * traditional:
        return "simplified"
    return "unknown"


def convert(text: str, target: str) -> str:
    """The text in `target`'s script: "simplified" (OpenCC t2s), "traditional" (s2t) or
    "as-is". Whole phrases are converted (頭髮 -> 头发, 头发 -> 頭髮, 乾隆 stays), and the
    length is kept as `to_simplified` keeps it, so that an importer's offsets into the
    converted text are offsets into the text as it was (and its verbatim source)."""
    if target == "as-is":
        return text
    if target == "simplified":
        return to_simplified(text) if len(text) <= 4096 else _view(text)
    if target == "traditional":
        if not text or text.isascii():
            return text
        return _same_length(text, _converter("s2t").convert(text), _tables()[4])
    raise ReaderError(f"unknown Chinese script {target!r} (choose one of {', '.join(TARGETS)})")


def to_simplified(text: str) -> str:
    """The simplified view of a text: the same length, character for character, so a
    span of the view is a span of the text (see the module's docstring)."""
    if len(text) > 4096:
        return _view(text)
    return _cached_view(text)


@lru_cache(maxsize=16384)
def _cached_view(text: str) -> str:
    return _view(text)


def _view(text: str) -> str:
    if len(text.translate(_tables()[1])) == len(text):
        return text  # no character t2s would change: a simplified text (or not Chinese)
    return _same_length(text, _converter("t2s").convert(text), char_table())


def _same_length(text: str, converted: str, table: dict[int, str]) -> str:
    """OpenCC's conversion, where a stretch of it changed length taken character by
    character with `table` instead."""
    if len(converted) == len(text):
        return converted
    parts = []
    matcher = difflib.SequenceMatcher(None, text, converted, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            parts.append(converted[b0:b1])
        else:  # a stretch whose length changed: character by character
            parts.append(text[a0:a1].translate(table))
    view = "".join(parts)
    if len(view) != len(text):  # pragma: no cover - every branch above keeps the length
        return text.translate(table)
    return view
