from __future__ import annotations

import pytest

from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library, bundled_library


@pytest.fixture
def article() -> Text:
    return Library(bundled_library()).load("japan-europe-2025")


@pytest.fixture
def make_text():
    """Build a small in-memory text from (en, zh) tuples."""

    def make(pairs: list[tuple[str, str]], kind: str = "body") -> Text:
        meta = TextMeta(id="sample", title={"en": "Sample", "zh": "样本"})
        return Text(meta, [Pair(f"p{i}", kind, en, zh) for i, (en, zh) in enumerate(pairs, start=1)])

    return make
