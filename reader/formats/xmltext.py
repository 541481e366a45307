"""Text that XML can hold: XML 1.0 forbids most control characters, even as references."""

from __future__ import annotations

import re

from ..core.errors import ReaderError

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str, where: str) -> str:
    """`value` unchanged, or a one-line error naming `where` (a pair, a glossary entry)
    and the first character an XML file cannot contain."""
    bad = _NOT_XML.search(value)
    if bad:
        raise ReaderError(f"{where}: character U+{ord(bad.group()):04X} cannot be written to XML")
    return value
