"""Moses export: two plain-text files with one side per line, line n of each being pair n.

Statistical and neural MT toolkits (Moses, fairseq, OpenNMT, Marian) read a parallel
corpus this way. A line break inside a side would shift every later line, so each is
replaced by a space; an empty side is an empty line, which keeps the files aligned.
"""

from __future__ import annotations

import re

from ..core.model import Pair, Text

# Everything str.splitlines() breaks on: a reader splitting on any of them must still
# see one line per pair.
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(side: str) -> str:
    return _LINE_BREAK.sub(" ", side)


def export_moses(text: Text, pairs: list[Pair], annotations: dict | None = None) -> dict[str, str]:
    """The two files, keyed by the suffix added to the output name."""
    return {f".{lang}": "".join(one_line(p.side(lang)) + "\n" for p in pairs) for lang in ("en", "zh")}
