"""The term index (reader.core.term_index): a text's glossary terms pair by pair, kept in
the user cache, the same as scanning, and rebuilt when the text or a glossary changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _support import BUNDLED_ID, ROOT

from reader.core.concordance import Concordance, check_consistency
from reader.core.matching import TermMatcher
from reader.core.store import Library
from reader.core.term_index import TermIndex

NEW_TERM = "持续推进"  # in the bundled article's title, in no glossary


@pytest.fixture
def library_copy(tmp_path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(ROOT / "texts", root / "texts")
    shutil.copytree(ROOT / "alignments", root / "alignments")
    return root


def test_the_index_holds_what_the_matcher_finds(library_copy, tmp_path):
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    index = TermIndex.for_text(text, matcher, library.alignment_path(BUNDLED_ID), cache_dir=tmp_path / "cache")
    assert index.built
    for pair, terms in zip(text.pairs, index.pairs, strict=True):
        for lang in ("en", "zh"):
            side = pair.side(lang)
            assert terms.occurring(lang) == matcher.occurring(side, lang)
            assert terms.present(lang) == matcher.present(side, lang)
    again = TermIndex.for_text(text, matcher, library.alignment_path(BUNDLED_ID), cache_dir=tmp_path / "cache")
    assert not again.built  # read from the cache
    assert list(again.pairs) == list(index.pairs)
    scanned, indexed = Concordance(matcher, [text]), Concordance(matcher, [text], {text.id: again})
    for entry in range(len(matcher.entries)):
        assert [(o.pair_index, o.en_spans, o.zh_spans) for o in indexed.occurrences(entry)] == \
               [(o.pair_index, o.en_spans, o.zh_spans) for o in scanned.occurrences(entry)]
    assert check_consistency(text, matcher, term_index=again) == check_consistency(text, matcher)


def test_a_saved_text_or_another_glossary_rebuilds_it(library_copy, tmp_path):
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    cache = tmp_path / "cache"
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    path = library.alignment_path(BUNDLED_ID)
    assert TermIndex.for_text(text, matcher, path, cache_dir=cache).built
    assert not TermIndex.for_text(text, matcher, path, cache_dir=cache).built
    library.save(text, None, replace=True)  # the alignment file replaced
    assert TermIndex.for_text(text, matcher, path, cache_dir=cache).built
    fewer = TermMatcher(library.glossary(BUNDLED_ID)[1:])
    assert TermIndex.for_text(text, fewer, path, cache_dir=cache).built
    assert not TermIndex.for_text(text, matcher, path, cache_dir=cache).built  # both kept


def test_a_damaged_index_is_rebuilt(library_copy, tmp_path):
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    cache = tmp_path / "cache"
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    first = TermIndex.for_text(text, matcher, library.alignment_path(BUNDLED_ID), cache_dir=cache)
    for file in (cache / "term-index").iterdir():
        file.write_bytes(b"\x00garbage")
    again = TermIndex.for_text(text, matcher, library.alignment_path(BUNDLED_ID), cache_dir=cache)
    assert again.built and list(again.pairs) == list(first.pairs)


def _add_entry(glossary: Path, zh: str, en: str) -> None:
    text = glossary.read_text(encoding="utf-8")
    columns = text.split("\n", 1)[0].split("\t")
    row = [{"zh": zh, "en": en, "category": "term"}.get(column, "") for column in columns]
    glossary.write_text(text.rstrip("\n") + "\n" + "\t".join(row) + "\n", encoding="utf-8")


def test_edit_a_glossary_and_the_next_lookup_and_check_see_it(library_copy, cli):
    args = ("--library", library_copy)
    before = cli("lookup", "--text", BUNDLED_ID, "--json", "反击能力", *args)  # builds the index
    assert before.code == 0, before.err
    check = json.loads(cli("glossary", "check", BUNDLED_ID, "--json", *args).out)[0]
    assert NEW_TERM not in {item["zh"] for item in check["matches"] + check["misses"]}

    _add_entry(library_copy / "texts" / BUNDLED_ID / "glossary.tsv", NEW_TERM, "continue to advance")

    found = cli("lookup", "--text", BUNDLED_ID, "--json", NEW_TERM, *args)
    assert found.code == 0, found.err
    entry = next(e for e in json.loads(found.out)["entries"] if e["source"] == "glossary")
    assert entry["zh"] == NEW_TERM
    assert [o["pair"] for o in entry["occurrences"]][:1] == ["p1"]
    check = json.loads(cli("glossary", "check", BUNDLED_ID, "--json", *args).out)[0]
    assert {"pair": "p1", "zh": NEW_TERM, "en": "continue to advance", "found_in": "zh"} in check["misses"]

    # and the library-wide glossary too
    _add_entry(library_copy / "texts" / "glossary.tsv", "有何意图", "what are the intentions")
    found = cli("lookup", "--text", BUNDLED_ID, "--json", "有何意图", *args)
    entry = next(e for e in json.loads(found.out)["entries"] if e["source"] == "glossary")
    assert [o["pair"] for o in entry["occurrences"]][:1] == ["p1"]
