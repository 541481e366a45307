"""The term index (reader.core.term_index): a text's glossary terms pair by pair and entry
by entry, kept in the user cache, the same as scanning the text, and rebuilt when the
text, its edit journal or a glossary changes, or the index is damaged."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from _support import BUNDLED_ID, ROOT

from reader.core.concordance import (
    Concordance,
    check_consistency,
    check_indexed,
    indexed_occurrence_count,
    indexed_occurrences,
    indexed_word_occurrences,
    word_occurrences,
)
from reader.core.dictionary import Dictionary
from reader.core.glossaries import every_entry
from reader.core.matching import TermMatcher
from reader.core.names import Names, names_of
from reader.core.segment import words
from reader.core.store import Library
from reader.core.term_index import TermIndex

NEW_TERM = "持续推进"  # in the bundled article's title, in no glossary
TEXTS = ("japan-europe-2022", "japan-europe-2025")


@pytest.fixture
def library_copy(tmp_path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(ROOT / "texts", root / "texts")
    shutil.copytree(ROOT / "alignments", root / "alignments")
    return root


def _matchers(library: Library, text_id: str) -> dict[str, TermMatcher]:
    """The two glossaries the commands index with: the text's (the check) and every
    glossary's every entry (the look-up)."""
    return {"text's": TermMatcher(library.glossary(text_id)),
            "every": TermMatcher([entry for _, entry in reversed(every_entry(library, text_id))])}


def _occurrences(found) -> list:
    return [(o.text_id, o.pair_index, o.pair, o.en_spans, o.zh_spans) for o in found]


@pytest.mark.parametrize("text_id", TEXTS)
@pytest.mark.parametrize("cached", [False, True], ids=["built", "read from the cache"])
def test_the_index_answers_as_scanning_the_text_does(library_copy, tmp_path, text_id, cached):
    """Every entry's occurrences, the consistency check, and dictionary words'
    occurrences: from the index (built now, or read back from its file, pairs read one
    by one from the alignment file) exactly as from scanning the whole text."""
    library = Library(library_copy)
    text = library.load(text_id)
    dictionary = Dictionary.load()
    for name, matcher in _matchers(library, text_id).items():
        cache = tmp_path / f"cache-{name}"
        index = TermIndex.for_text(library, text_id, matcher, cache_dir=cache)
        assert index.built
        if cached:
            index = TermIndex.for_text(library, text_id, matcher, cache_dir=cache)
            assert not index.built
        assert index.ids == [pair.id for pair in text.pairs]
        scanned = Concordance(matcher, [text])
        for entry in range(len(matcher.entries)):
            every = _occurrences(scanned.occurrences(entry))
            assert _occurrences(indexed_occurrences([index], entry)) == every, matcher.entries[entry].zh
            # how many, without decoding them; the first few, decoding no more
            assert indexed_occurrence_count([index], entry) == len(every), matcher.entries[entry].zh
            for limit in (0, 1, 2):
                assert _occurrences(indexed_occurrences([index], entry, limit)) == every[:limit]
        assert check_indexed(index, matcher) == check_consistency(text, matcher)
        own = matcher.entries[::3]
        assert check_indexed(index, matcher, own=own) == check_consistency(text, matcher, own=own)

        names = names_of(text.pairs, dictionary)

        def segment(zh, text_id):
            return words(zh, [(hit.start, hit.end) for hit in matcher.find(zh, "zh")], dictionary, names)

        def segment_stretch(index, zh, terms, start, stop):
            return words(zh, terms, dictionary, names, start, stop)

        # words inside terms, beside them, names, single characters, traditional forms
        for word in ("反击", "能力", "日本", "安全", "合作", "欧洲", "北约", "日", "的", "国际", "防卫", "战略", "岩屋"):
            assert _occurrences(indexed_word_occurrences([index], word, segment_stretch)[0]) == \
                   _occurrences(word_occurrences([text], word, segment)), word
        index.close()


def test_the_index_pairs_are_the_texts(library_copy, tmp_path):
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=tmp_path / "cache")
    index = TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=tmp_path / "cache")
    assert not index.built
    assert [index.pair(n) for n in range(index.count)] == text.pairs  # each read alone
    shown = [index.shown_pair(n) for n in range(index.count)]
    assert shown == text.pairs and text.pairs == shown
    for view, pair in zip(shown, text.pairs):  # the view's own fields, then the rest read
        assert (view.id, view.kind, view.en, view.zh, view.side("en"), view.side("zh")) == \
               (pair.id, pair.kind, pair.en, pair.zh, pair.en, pair.zh)
        assert (view.links, view.sentences_en, view.sentences_zh, view.status) == \
               (pair.links, pair.sentences_en, pair.sentences_zh, pair.status)
    assert list(index.all_pairs()) == text.pairs
    index.close()


def test_a_saved_text_or_another_glossary_rebuilds_it(library_copy, tmp_path):
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    cache = tmp_path / "cache"
    matcher = TermMatcher(library.glossary(BUNDLED_ID))

    def index(matcher=matcher):
        return TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache)

    assert index().built
    assert not index().built
    library.save(text, None, replace=True)  # the alignment file replaced
    assert index().built
    fewer = TermMatcher(library.glossary(BUNDLED_ID)[1:])
    assert index(fewer).built
    assert not index().built  # both kept


def test_a_realigned_text_is_seen_by_the_next_check(library_copy, tmp_path):
    """A text saved with other pairs: the index built again holds them, not the old ones."""
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    cache = tmp_path / "cache"
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    before = check_indexed(TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache), matcher)
    text.pairs = text.pairs[:3]
    library.save(text, None, replace=True)
    after = TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache)
    assert after.built and after.count == 3
    assert check_indexed(after, matcher) == check_consistency(library.load(BUNDLED_ID), matcher) != before


def test_a_pair_laid_out_otherwise_is_read_whole(library_copy, tmp_path):
    """A line whose fields are in another order (written by hand, or by another version)
    is read whole: the same pair."""
    path = library_copy / "alignments" / f"{BUNDLED_ID}.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[2])
    lines[2] = json.dumps(dict(reversed(list(record.items()))), ensure_ascii=False)
    lines.insert(3, "")  # and a blank line between two pairs
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=tmp_path / "cache")
    index = TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=tmp_path / "cache")
    assert not index.built
    assert [index.shown_pair(n) for n in range(index.count)] == text.pairs == list(index.all_pairs())


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "another key", "bad counts"])
def test_a_damaged_index_is_rebuilt(library_copy, tmp_path, damage):
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    cache = tmp_path / "cache"
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    first = TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache)
    (file,) = (cache / "term-index").iterdir()
    data = file.read_bytes()
    if damage == "garbage":
        file.write_bytes(b"\x00garbage")
    elif damage == "truncated":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        file.write_bytes(b"")
    elif damage == "another key":  # the header of another file
        file.write_bytes(data.replace(data[60:80], b"0" * 20, 1))
    elif damage == "bad counts":  # the counts in the header no longer those of the sections
        file.write_bytes(data[:-8])
    again = TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache)
    assert again.built
    assert check_indexed(again, matcher) == check_indexed(first, matcher) == check_consistency(text, matcher)
    assert not TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache).built  # and written again


def _answers(index: TermIndex, matcher: TermMatcher, segment) -> list:
    """Everything a look-up and a check read of an index: every entry's occurrences, the
    check, dictionary words' occurrences (free Chinese, the Chinese, term edges), pairs."""
    return [[_occurrences(indexed_occurrences([index], entry)) for entry in range(len(matcher.entries))],
            check_indexed(index, matcher),
            [_occurrences(indexed_word_occurrences([index], word, segment)[0]) for word in ("反击", "日本", "的")],
            [index.shown_pair(n) for n in range(index.count)]]


@pytest.mark.parametrize("section", ["post", "items", "zhterm", "zh", "free", "free_grams", "lines", "ids", "runs"])
def test_a_section_found_damaged_as_it_is_read_is_rebuilt(library_copy, tmp_path, section):
    """Bytes changed inside a section, its layout intact. A section's blocks are checked
    when first read: damage found then builds the index again (on open for the ones read
    then), and the answers are the undamaged index's; the file is mended."""
    import marshal

    from reader.core import term_index

    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    dictionary = Dictionary.load()
    names = names_of(text.pairs, dictionary)

    def segment(index, zh, terms, start, stop):
        return words(zh, terms, dictionary, names, start, stop)

    cache = tmp_path / "cache"
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    expected = _answers(TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache), matcher, segment)
    (file,) = (cache / "term-index").iterdir()
    data = file.read_bytes()
    at = len(term_index.MAGIC)
    (length,) = term_index._LENGTH.unpack(data[at:at + 8])
    start, size, _ = marshal.loads(data[at + 8:at + 8 + length])[3][section]
    damaged = bytearray(data)
    damaged[start + size // 2] ^= 0x5A
    file.write_bytes(bytes(damaged))
    again = TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache)
    assert again.built == (section in ("ids", "runs"))  # read whole on open; the others when asked
    assert _answers(again, matcher, segment) == expected
    assert again.built  # built again when it was
    assert file.read_bytes() == data
    assert not TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache).built


@pytest.mark.parametrize("text_id", TEXTS)
def test_a_build_split_among_processes_is_the_build_in_one(library_copy, text_id, monkeypatch):
    """A long text's index is built in stretches by forked processes and joined: the
    same sections as one scan (here forced on the bundled texts, cut in 2 to 4)."""
    import multiprocessing

    from reader.core import term_index, workers

    # whatever threads earlier tests left running in this process (Dask's IO loop): forked here
    monkeypatch.setattr(workers, "can_fork", lambda: "fork" in multiprocessing.get_all_start_methods())

    library = Library(library_copy)
    pairs = library.load(text_id).pairs
    lines = list(range(0, 100 * len(pairs), 100))
    for matcher in _matchers(library, text_id).values():
        whole = term_index._build(pairs, matcher, lines)
        for workers in (2, 3, 4):
            cuts = [len(pairs) * n // workers for n in range(workers + 1)]
            parts = [term_index._build_stretch(pairs[a:b], matcher, None) for a, b in zip(cuts, cuts[1:])]
            joined = term_index._joined(parts, cuts, pairs, len(matcher.entries), lines)
            assert joined == whole, workers
        assert term_index._build(pairs, matcher, lines, parallel_from=2) == whole  # forked where it can


def test_a_command_is_told_before_an_index_is_built(library_copy, tmp_path):
    """`building` hears the alignment file's size when the index must be built (a
    command says what it waits for), and nothing when the index is read."""
    library = Library(library_copy)
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    told: list[int] = []
    TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=tmp_path / "cache", building=told.append)
    assert told == [library.alignment_path(BUNDLED_ID).stat().st_size]
    TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=tmp_path / "cache", building=told.append)
    assert len(told) == 1


def test_an_unwritable_cache_only_costs_time(library_copy, tmp_path):
    library = Library(library_copy)
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    index = TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=blocked)
    assert index.built and check_indexed(index, matcher) == check_consistency(library.load(BUNDLED_ID), matcher)


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


def test_edit_the_text_and_the_next_lookup_and_check_see_it(library_copy, cli):
    """The alignment file rewritten (as an edit or a realignment writes it): the warm
    index is not used, the look-up and the check see the new text."""
    args = ("--library", library_copy)
    assert cli("glossary", "check", BUNDLED_ID, "--json", *args).code == 0  # builds the index
    assert cli("lookup", "--text", BUNDLED_ID, "--json", "反击能力", *args).code == 0
    path = library_copy / "alignments" / f"{BUNDLED_ID}.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    header, records = lines[0], [json.loads(line) for line in lines[1:]]
    changed = next(r for r in records if "反击能力" in r["zh"])
    changed["zh"] = changed["zh"].replace("反击能力", "防卫能力")  # the same length: spans stay valid
    stat = path.stat()
    path.write_text("\n".join([header, *(json.dumps(r, ensure_ascii=False) for r in records)]) + "\n",
                    encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    found = json.loads(cli("lookup", "--text", BUNDLED_ID, "--json", "反击能力", *args).out)
    entry = next(e for e in found["entries"] if e["source"] == "glossary")
    (there,) = [o for o in entry["occurrences"] if o["pair"] == changed["id"]]
    assert there["zh_spans"] == [] and there["en_spans"]  # the English rendering only, now
    check = json.loads(cli("glossary", "check", BUNDLED_ID, "--json", *args).out)[0]
    assert {"pair": changed["id"], "zh": "反击能力", "en": "counterattack capabilities", "found_in": "en"} \
        in check["misses"]


def test_a_texts_names_are_learnt_once_and_kept_beside_its_index(library_copy, tmp_path, monkeypatch):
    """The look-up's word cursor needs the names of the whole text: learnt on first need,
    then read back (the same), learnt again when the file is damaged or the text saved."""
    library = Library(library_copy)
    text = library.load(BUNDLED_ID)
    dictionary = Dictionary.load()
    cache = tmp_path / "cache"
    matcher = TermMatcher(library.glossary(BUNDLED_ID))
    expected = names_of(text.pairs, dictionary).learnt()
    assert expected[0]  # the text has name candidates to count

    def names():
        index = TermIndex.for_text(library, BUNDLED_ID, matcher, cache_dir=cache)
        learnt = index.names(dictionary).learnt()
        index.close()
        return learnt

    assert names() == expected
    (file,) = (cache / "term-index").glob("*-names-*")
    TermIndex.for_text(library, BUNDLED_ID, TermMatcher(library.glossary(BUNDLED_ID)[2:]), cache_dir=cache)
    assert file.exists()  # another index written beside it leaves it be
    with monkeypatch.context() as patch:
        patch.setattr(Names, "learn", lambda *args: pytest.fail("learnt again"))
        assert names() == expected  # read back
    file.write_bytes(b"\x00damaged")
    assert names() == expected
    assert file.read_bytes() != b"\x00damaged"  # written again
    text.pairs = text.pairs[:2]
    library.save(text, None, replace=True)
    assert names() == names_of(text.pairs, dictionary).learnt() != expected
