"""The library index (reader.core.library_index) and the concordance over it
(reader.core.concord): built on first use, updated when a text changes, rebuilt when
damaged, and counts that equal the occurrences in the texts themselves."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from _support import BUNDLED_ID, ROOT

from reader.core import concord
from reader.core.matching import TermMatcher
from reader.core.library_index import SCHEMA_VERSION, LibraryIndex, han_tokens, pair_units
from reader.core.model import Pair, Text, TextMeta
from reader.core.store import Library


@pytest.fixture
def library(tmp_path) -> Library:
    root = tmp_path / "library"
    shutil.copytree(ROOT / "alignments", root / "alignments")
    shutil.copytree(ROOT / "texts", root / "texts")
    return Library(root)


@pytest.fixture
def index(library, tmp_path):
    built = LibraryIndex(library, cache_dir=tmp_path / "cache")
    built.sync()
    yield built
    built.close()


def _pairs(library):
    return [(text.id, pair) for text in library.texts() for pair in text.pairs]


WORDS = ["security", "NATO", "Japan", "cooperation", "security cooperation", "the", "Indo-Pacific",
         "安全", "日本", "欧", "北约", "安全合作", "2022"]


@pytest.mark.parametrize("word", WORDS)
def test_word_counts_equal_the_occurrences_in_the_pairs(index, library, word):
    if re.search(r"[\u4e00-\u9fff]", word):
        expected = sum(pair.zh.count(word) for _, pair in _pairs(library))
    else:
        pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
        expected = sum(len(pattern.findall(pair.en)) for _, pair in _pairs(library))
    assert expected > 0
    assert len(concord.find(index, word)) == expected


REGEXES = [(r"secur\w+", "en"), (r"[Cc]o-?operat\w*", "en"), (r"\d{4}", "en"), (r"安全\w", "zh"),
           (r"[日欧]本?", "zh"), (r"国家.", "zh"), (r"\d+", "zh")]


@pytest.mark.parametrize("pattern, lang", REGEXES)
def test_regex_counts_equal_the_occurrences_in_the_pairs(index, library, pattern, lang):
    compiled = re.compile(pattern)
    expected = sum(len([m for m in compiled.finditer(pair.side(lang)) if m.group()]) for _, pair in _pairs(library))
    assert expected > 0
    hits = concord.find(index, pattern, regex=True, lang=lang)
    assert len(hits) == expected
    assert all(compiled.fullmatch(hit.hit) for hit in hits)


def test_hits_point_into_the_pair(index, library):
    pairs = {(text_id, pair.id): pair for text_id, pair in _pairs(library)}
    for hit in concord.find(index, "安全") + concord.find(index, "security"):
        start, end = hit.pair_span()
        assert pairs[hit.text, hit.pair].side(hit.lang)[start:end] == hit.hit


def test_one_text_only(index):
    everywhere = concord.find(index, "security")
    only = concord.find(index, "security", text=BUNDLED_ID)
    assert 0 < len(only) < len(everywhere)
    assert {hit.text for hit in only} == {BUNDLED_ID}


def test_every_sentence_is_in_one_unit(library):
    for _, pair in _pairs(library):
        units = pair_units(pair)
        for lang in ("en", "zh"):
            spans = pair.sentences_en if lang == "en" else pair.sentences_zh
            if not pair.links:
                assert [u[0 if lang == "en" else 1] for u in units] == [pair.side(lang)]
                continue
            for start, end in spans:
                holding = [u for u in units if u[2 if lang == "en" else 3] <= start
                           and pair.side(lang)[start:end] in u[0 if lang == "en" else 1]]
                assert holding, (pair.id, lang, start)


def test_han_characters_are_tokens_of_their_own():
    assert han_tokens("日本与NATO") == "日 本 与 N A T O"


def _save(library, text_id, pairs):
    library.save(Text(TextMeta(id=text_id, title={"en": text_id}), pairs), None, replace=library.exists(text_id))


def test_update_when_a_text_is_added_edited_and_removed(library, index):
    assert concord.find(index, "zyzzyva") == []
    _save(library, "extra", [Pair("p1", "body", "A zyzzyva is a weevil.", "象鼻虫是一种甲虫。")])
    assert index.sync() == {"indexed": 1, "removed": 0}
    assert [hit.text for hit in concord.find(index, "zyzzyva")] == ["extra"]
    assert len(concord.find(index, "象鼻虫")) == 1
    _save(library, "extra", [Pair("p1", "body", "Another weevil.", "另一种甲虫。")])
    assert index.sync() == {"indexed": 1, "removed": 0}
    assert concord.find(index, "zyzzyva") == [] and concord.find(index, "象鼻虫") == []
    assert len(concord.find(index, "weevil")) == 1
    library.alignment_path("extra").unlink()
    assert index.sync() == {"indexed": 0, "removed": 1}
    assert concord.find(index, "weevil") == []


def test_a_touched_file_with_the_same_bytes_is_not_indexed_again(library, index):
    path = library.alignment_path(BUNDLED_ID)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert index.sync() == {"indexed": 0, "removed": 0}
    assert len(concord.find(index, "安全")) > 0


def test_a_second_reader_sees_the_same_index(library, index, tmp_path):
    other = LibraryIndex(library, cache_dir=tmp_path / "cache")
    assert other.path == index.path
    assert other.sync() == {"indexed": 0, "removed": 0}
    assert other.unit_count() == index.unit_count()
    other.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old schema", "dropped table"])
def test_a_damaged_index_is_rebuilt_not_a_crash(library, index, tmp_path, damage):
    expected = len(concord.find(index, "安全"))
    units = index.unit_count()
    path = index.path
    index.close()
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 300)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 3])
    else:
        db = sqlite3.connect(path)
        if damage == "old schema":
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
        else:
            db.execute("DROP TABLE units")
        db.commit()
        db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    again = LibraryIndex(library, cache_dir=tmp_path / "cache")
    again.sync()
    assert again.unit_count() == units
    assert len(concord.find(again, "安全")) == expected
    again.close()


def test_a_damaged_alignment_file_is_skipped(library, tmp_path):
    library.alignment_path("broken").write_text('{"schema": "reader-alignment", "version": 1, "text": "broken"}\n{oops\n')
    built = LibraryIndex(library, cache_dir=tmp_path / "cache")
    assert built.sync()["indexed"] == 2
    assert any("broken" in str(error) for error in library.damaged)
    assert "broken" not in built.text_ids()
    built.close()


def test_empty_sided_units(index, library):
    expected = sum(1 for _, pair in _pairs(library) for u in pair_units(pair)
                   if bool(u[0].strip()) != bool(u[1].strip()))
    assert len(concord.empty_units(index)) == expected > 0


def test_term_renderings_agree_with_the_glossary(index, library):
    """The renderings table of each glossary term of the bundled article (no dictionary:
    only what the glossary attests) holds the term's renderings, each as many times as
    a Chinese hit's aligned English holds it."""
    entries = [e for e in library.glossary(BUNDLED_ID) if e.attested_pair and e.attested_pair[0] == BUNDLED_ID]
    assert len(entries) >= 5
    for entry in entries:
        chosen, hits = concord.find_term(index, [entry], entry.zh, BUNDLED_ID)
        concord.add_counterparts(hits, None, chosen)
        table = dict(concord.renderings(hits).get("zh", []))
        allowed = {r.casefold() for r in entry.renderings}
        assert all(_inflected(r, allowed) for r in table if r), (entry.zh, table)
        assert any(count for r, count in table.items() if r), (entry.zh, table)
        zh_hits = [hit for hit in hits if hit.lang == "zh"]
        matcher = TermMatcher([entry])
        rendered = sum(1 for hit in zh_hits if matcher.find(hit.aligned, "en", overlapping=True))
        assert sum(count for r, count in table.items() if r) == rendered
        assert set(table) - {""} <= {hit.counterpart_text.casefold() for hit in zh_hits}
        attested = [hit for hit in zh_hits if hit.pair == entry.attested_pair[1]]
        assert attested and any(hit.counterpart_text for hit in attested), entry.zh


def test_bad_regex_is_a_reader_error(index):
    from reader.core.errors import ReaderError

    with pytest.raises(ReaderError, match="bad regular expression"):
        concord.find(index, "(", regex=True)


def _inflected(found: str, renderings: set[str]) -> bool:
    """A rendering as the text words it: the glossary's words, perhaps with endings and
    other punctuation about them (as the glossary's matcher finds them)."""
    words = re.findall(r"\w+", found)
    return any(len(words) == len(theirs := re.findall(r"\w+", r))
               and all(w.startswith(t[:max(1, len(t) - 2)]) and len(w) - len(t) <= 3 for w, t in zip(words, theirs))
               for r in renderings)


def test_readers_do_not_wait_for_a_writer_and_a_busy_index_is_not_damage(library, index, tmp_path):
    from reader.core.errors import ReaderError

    reader = LibraryIndex(library, cache_dir=tmp_path / "cache")
    units = reader.unit_count()
    writer = sqlite3.connect(index.path, timeout=0.1, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM units")
    assert reader.unit_count() == units  # WAL: the reader sees the last commit, at once
    assert len(concord.find(reader, "安全")) > 0
    _save(library, "extra", [Pair("p1", "body", "A weevil.", "象鼻虫。")])
    reader._db.execute("PRAGMA busy_timeout=100")
    with pytest.raises(ReaderError, match="busy"):
        reader.sync()  # it cannot write now: an error, and the index is kept
    writer.execute("ROLLBACK")
    writer.close()
    assert reader.sync()["indexed"] == 1 and reader.unit_count() > units
    reader.close()


@pytest.mark.parametrize("query, regex", [(word, False) for word in WORDS] + [(p, True) for p, _ in REGEXES]
                         + [("北约", True), ("NATO", True)])
@pytest.mark.parametrize("size", [1, 7])
def test_summaries_count_what_find_finds_and_sample_it_evenly(index, query, regex, size):
    """The counts made without a Hit per hit (by SQLite for a literal) are those of the
    hits themselves, and the sample is the hits at even steps through them."""
    hits = concord.find(index, query, regex=regex)
    summary = concord.summarize(index, query, regex=regex, sample=size)
    assert summary.total == len(hits) > 0
    assert summary.texts == concord.per_text(hits)
    first = list({hit.unit.id: hit for hit in reversed(hits)}.values())[::-1]  # the first hit of each unit
    expected = first if len(first) <= size else [first[(2 * n + 1) * len(first) // (2 * size)] for n in range(size)]
    assert [(h.unit.id, h.start, h.end) for h in summary.sample] == [(h.unit.id, h.start, h.end) for h in expected]
    one = concord.summarize(index, query, regex=regex, text=BUNDLED_ID, sample=size)
    assert one.total == len([hit for hit in hits if hit.text == BUNDLED_ID])


TRICKY = [(r"NATO|Japan", "en"), (r"(?:Japan|Europe)(?:ese)?", "en"), (r"\bsecur", "en"), (r"ity\b", "en"),
          (r"^The", "en"), (r"(?m)^The", "en"), (r"\.$", "en"), (r"[Cc]o-?operat", "en"), (r"(?i)nato", "en"),
          (r"(?i:JAPAN) and", "en"), (r"[Ss]ecurity (?:and|or) defen[cs]e", "en"), (r"Indo-Pacific", "en"),
          (r"(?:x)?NATO", "en"), (r"x*NATO", "en"), (r"(NATO){1,}", "en"), (r"Tanak\w+", "en"),
          (r"\bcounter\w+", "en"), (r"café", "en"), (r"foo_bar", "en"), (r"_bar\b", "en"), (r"\bbar", "en"),
          (r"\d{4}", "en"), (r"wee\w*l", "en"), (r"A zyzz", "en"), (r"(?:security|zyzzyva)\b", "en"),
          (r"安全|防务", "zh"), (r"北约?", "zh"), (r"(北约|欧盟)成员", "zh"), (r"^日本", "zh"), (r"。$", "zh"),
          (r"(?i)nato", "zh"), (r"象鼻\w", "zh"), (r"N[A-Z]TO", "zh"), (r"\x00象", "zh"), (r"安全(?=合作)", "zh"),
          ("北约", "zh"), ("象成员", "zh"), ("NATO", "en"), ("bar", "en"), (r"\ue000bar", "en")]


@pytest.fixture
def tricky(library, tmp_path):
    """The library and a text of edge cases: letters an ASCII word runs into, an
    underscore, a private-use character, a NUL, a regex run cut by punctuation."""
    _save(library, "tricky", [
        Pair("p1", "body", "A zyzzyva is a weevil. The café's foo_bar, _bar and \ue000bar; TANAKAé counterparts.",
             "象鼻虫是一种甲虫。北约\x00象成员，NATO成员。"),
        Pair("p2", "body", "the Security and defence of NATONATO; Tanakas' cooperation.\nThe end.",
             "日本与北约、欧盟成员的安全合作。"),
    ])
    built = LibraryIndex(library, cache_dir=tmp_path / "cache-tricky")
    built.sync()
    yield built
    built.close()


@pytest.mark.parametrize("pattern, lang", TRICKY)
def test_the_regex_prefilter_loses_no_hit(tricky, pattern, lang):
    """What the index narrows a regex to holds every match: the counts equal those of
    `re` over every unit, whatever the regex is made of."""
    compiled = re.compile(pattern)
    expected = [(unit.id, m.start()) for unit in tricky.scan(lang)
                for m in compiled.finditer(unit.side(lang)) if m.end() > m.start()]
    hits = concord.find(tricky, pattern, regex=True, lang=lang)
    assert [(hit.unit.id, hit.start) for hit in hits] == expected
    assert concord.summarize(tricky, pattern, regex=True, lang=lang).total == len(expected)


def test_the_regex_prefilter_narrows(tricky):
    """The prefilter is used: words, prefixes, the terms holding a part of a word."""
    assert concord.regex_expression(tricky, r"\bcounter\w+", "en") == 'en : ("counter"*)'
    assert concord.regex_expression(tricky, r"[Ss]ecurity (?:and|or) defen[cs]e", "en") == \
        'en : (("cybersecurity" OR "security") AND (("and"*) OR ("or"*)) AND "defen"*)'
    assert concord.regex_expression(tricky, r"\bTanaka\b", "en") == 'en : ("Tanaka")'
    assert "zyzzyva" in concord.regex_expression(tricky, r"yzzyv", "en")
    assert concord.regex_expression(tricky, r"(?i)nato", "en") is None
    assert concord.regex_expression(tricky, r"(北约|欧盟)成员", "zh") == 'zh : ((("北 约") OR ("欧 盟")) AND "成 员")'


@pytest.mark.parametrize("word", ["bar", "nato", "the", "The", "café", "a", "weevil", "象", "北约", "成员", "员"])
def test_words_the_index_counts_are_counted_exactly(tricky, word):
    """A word the index counts itself (an ASCII word; Han characters) has the counts of
    re over every unit: units holding it more than once, and English the index may
    tokenize otherwise than re (an underscore, a letter beyond ASCII), are read."""
    lang = concord.language(word)
    pattern = concord.word_pattern(word, lang)
    expected: dict[str, list[int]] = {}
    for unit in tricky.scan(lang):
        found = len([m for m in pattern.finditer(unit.side(lang)) if m.group()])
        if found:
            slot = expected.setdefault(unit.text, [0, 0])
            slot[0] += found
            slot[1] += 1
    summary = concord.summarize(tricky, word)
    assert sorted(summary.texts) == sorted((text, hits, units) for text, (hits, units) in expected.items())
    assert summary.total == len(concord.find(tricky, word)) > 0


def test_texts_read_by_worker_processes_are_indexed_as_by_one(library, tmp_path, monkeypatch):
    """Many texts to index are read by worker processes: the same index, a damaged text
    skipped and named all the same."""
    import multiprocessing

    import reader.core.library_index as library_index
    from reader.core import workers

    # whatever threads earlier tests left running in this process (Dask's IO loop): forked here
    monkeypatch.setattr(workers, "can_fork", lambda: "fork" in multiprocessing.get_all_start_methods())

    for n in range(3):
        _save(library, f"extra-{n}", [Pair("p1", "body", f"Weevil number {n}, a weevil.", f"第{n}只象鼻虫。")])
    library.alignment_path("broken").write_text('{"schema": "reader-alignment", "version": 1, "text": "broken"}\n{oops\n')
    serial = LibraryIndex(library, cache_dir=tmp_path / "serial")
    assert serial.sync()["indexed"] == 5
    monkeypatch.setattr(library_index, "_PARALLEL_FROM", 2)
    library.damaged.clear()
    parallel = LibraryIndex(library, cache_dir=tmp_path / "parallel")
    assert parallel.sync()["indexed"] == 5
    assert any("broken" in str(error) for error in library.damaged)
    for query in ("weevil", "象鼻虫", "安全", "security"):
        assert concord.summarize(parallel, query) == concord.summarize(serial, query)
        assert [(h.unit.id, h.start) for h in concord.find(parallel, query)] == \
            [(h.unit.id, h.start) for h in concord.find(serial, query)]
    assert parallel.unit_count() == serial.unit_count()
    serial.close()
    parallel.close()


@pytest.mark.parametrize("pattern", [r"[Ss]ecurity (?:cooperation|dialogue)", r"\d{4}年", r"(北约|欧盟)", r"\w+ity\b"])
def test_a_regex_scan_shared_by_processes_answers_as_one_does(library, index, monkeypatch, pattern):
    """A regex over many units is read by worker processes, a run of texts each: the
    same counts, per text, and the same sample as one process makes."""
    for n in range(3):
        _save(library, f"extra-{n}", [Pair("p1", "body", f"In 200{n}, security cooperation and a dialogue.",
                                           f"200{n}年,北约与欧盟的安全合作。")])
    index.sync()
    alone = concord.summarize(index, pattern, regex=True, sample=7)
    monkeypatch.setattr(concord, "_SHARED_FROM", 1)
    monkeypatch.setattr(concord, "_cores", lambda: 3)
    assert len(index.parts(3)) == 3
    import multiprocessing

    from reader.core import workers

    # whatever threads earlier tests left running in this process (Dask's IO loop): forked here
    monkeypatch.setattr(workers, "can_fork", lambda: "fork" in multiprocessing.get_all_start_methods())
    pools = []
    real_pool = workers.forked_pool
    monkeypatch.setattr(workers, "forked_pool", lambda processes: pools.append(processes) or real_pool(processes))
    shared = concord.summarize(index, pattern, regex=True, sample=7)
    assert shared == alone and shared.total > 0
    assert pools == [3]  # it was read by three worker processes


def test_no_worker_is_forked_while_another_thread_runs():
    import threading

    from reader.core import workers

    if threading.active_count() == 1:
        assert workers.can_fork()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not workers.can_fork()
    finally:
        release.set()
        other.join()


def test_index_parts_are_runs_of_whole_texts_covering_every_unit(library, index):
    texts = {text_id: index._range(text_id) for text_id in index.text_ids()}
    for count in (1, 2, 3, 10):
        parts = index.parts(count)
        assert len(parts) == min(count, len(texts))
        covered = [text_id for text_id, (first, last) in texts.items()
                   for start, end in parts if start <= first and last <= end]
        assert sorted(covered) == sorted(texts)  # each text in one part, wholly


def test_a_query_does_not_import_multiprocessing(library, tmp_path):
    """Only a build of many texts forks readers: indexing a few texts and querying them
    leaves `multiprocessing` unimported (its import is ~10 ms of every command)."""
    import subprocess
    import sys

    script = ("import sys; from pathlib import Path; from reader.core.store import Library; "
              "from reader.core.library_index import LibraryIndex; from reader.core import concord; "
              f"index = LibraryIndex(Library(Path({str(library.root)!r})), cache_dir=Path({str(tmp_path)!r})); "
              "index.sync(); concord.summarize(index, 'security'); concord.find(index, '安全', limit=5); "
              "print('multiprocessing' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert found.stdout.strip() == "False"


def test_tallies_are_the_counts_of_re(library):
    """Each text's tallies (a Han character, two different ones, an ASCII word in the
    English not marked odd) are what `re` counts over its units: random texts too."""
    import random

    from reader.core.library_index import odd
    from reader.core.tallies import plain_words, tallies, tally_term

    rng = random.Random(5)
    zh_alphabet = "安全合作日本北约象 ，。ABa1\ud800\U00020000"
    en_words = ["Japan", "japan", "NATO", "the", "a1", "x", "--", "·"]
    texts = [[pair_units(pair) for pair in text.pairs] for text in library.texts()]
    texts.append([[("".join(rng.choice(en_words) + rng.choice(" ,.;-") for _ in range(rng.randrange(12))),
                    "".join(rng.choice(zh_alphabet) for _ in range(rng.randrange(30))), 0, 0)]
                  for _ in range(200)])
    for units in texts:
        units = [unit for pair in units for unit in pair]
        zh = [unit[1] for unit in units if unit[1]]
        plain = [unit[0] for unit in units if unit[0] and not odd(unit[0])]
        counted = {term: (hits, held) for term, hits, held in tallies(zh, [plain_words(en) for en in plain])}
        terms = set(counted) | {c for side in zh for c in side} | {a + b for side in zh for a, b in zip(side, side[1:])}
        for term in terms:
            lang = concord.language(term)
            if tally_term(lang, term) != term:
                assert term not in counted
                continue
            pattern = concord.word_pattern(term, lang)
            sides = zh if lang == "zh" else plain
            found = [len(pattern.findall(side)) for side in sides]
            assert counted.get(term, (0, 0)) == (sum(found), sum(1 for n in found if n)), term
    assert tally_term("zh", "象象") is None and tally_term("en", "café") is None
    assert tally_term("en", "NATO") == "nato"


def test_summaries_follow_an_edit_and_a_removal(library, index):
    """The tallies of a text edited or removed go with it."""
    before = concord.summarize(index, "安全").total
    _save(library, "extra", [Pair("p1", "body", "Japan, japan: JAPAN.", "安全，安全。")])
    index.sync()
    assert concord.summarize(index, "安全").total == before + 2
    assert concord.summarize(index, "japan", text="extra").texts == [("extra", 3, 1)]
    _save(library, "extra", [Pair("p1", "body", "No country here.", "安全。")])
    index.sync()
    assert concord.summarize(index, "安全").total == before + 1
    assert concord.summarize(index, "japan", text="extra").texts == []
    library.alignment_path("extra").unlink()
    index.sync()
    assert concord.summarize(index, "安全").total == before


@pytest.mark.parametrize("query", ["NATO", "nato", "counterattack capabilities", "U.S.", "-ism", "self-defense",
                                   "a", "x_y", "9/11"])
@pytest.mark.parametrize("side", [
    "NATO, nato and Nato; xNATO NATOx NATO_ _NATO NATO's (NATO) NATO-led anti-NATO",
    "Counterattack  capabilities and COUNTERATTACK\ncapabilities, counterattack-capabilities",
    "the U.S. and U.S.A. and US; a U.S.-led plan; x_y and x_yz and _x_y",
    "an -ism and isms -isms; self-defense, SELF-DEFENSE and selfdefense; 9/11 and 19/11",
    "A a, a1 1a _a a_ (a) A.",
])
def test_the_ascii_fast_pattern_finds_what_the_word_pattern_finds(query, side):
    slow, fast = concord.word_pattern(query, "en"), concord.ascii_pattern(query)
    assert [m.span() for m in fast.finditer(side.lower())] == [m.span() for m in slow.finditer(side)]
