"""The alignment editor's core: each edit of pairs and links, their errors, statuses and
review, the journal (undo and redo across runs, a kill between journal and file), and a
property test: any sequence of edits then as many undos gives the file back byte for
byte, and no edit loses or duplicates a character of either side."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.editing import Editor, apply
from reader.core.editing import links, ops, review
from reader.core.editing.journal import journal_path, pending
from reader.core.errors import ReaderError
from reader.core.store import Library, bundled_library, read_alignment
from reader.core.userstate import UserState

TEXT = "japan-europe-2025"


def copy_library(root: Path) -> Library:
    for sub in ("texts", "alignments"):
        shutil.copytree(bundled_library() / sub, root / sub, dirs_exist_ok=True)
    return Library(root)


@pytest.fixture
def library(tmp_path) -> Library:
    return copy_library(tmp_path / "library")


def characters(text, lang: str) -> str:
    """Every character of one language of a text but white space, in order."""
    return "".join("".join(pair.side(lang).split()) for pair in text.pairs)


def ids(text) -> list[str]:
    return [pair.id for pair in text.pairs]


def made(text, change):
    apply(text, change)
    return text


# -- the operations, one by one ------------------------------------------------------------


def test_merge_joins_both_sides_keeps_the_first_id_and_carries_links_and_footnotes(library):
    text = library.load(TEXT)
    p3, p4 = text.pairs[2], text.pairs[3]
    change = ops.merge(text, 2)
    assert change.moved == {"p4": "p3"} and change.summary == "merge p3 + p4"
    made(text, change)
    merged = text.pairs[2]
    assert merged.id == "p3" and "p4" not in ids(text)
    assert merged.en == p3.en + " " + p4.en and merged.zh == p3.zh + p4.zh
    assert len(merged.links) == len(p3.links) + len(p4.links) and merged.status == "edited"
    assert merged.src_en == p3.src_en + p4.src_en
    for en, zh, _ in merged.links:  # every link still names sentences the pair has
        assert all(i < len(merged.sentences_en) for i in en) and all(j < len(merged.sentences_zh) for j in zh)


@pytest.mark.parametrize("index, message", [
    (10, "p11 is the last pair: nothing to merge it with"),
    (0, "p1 is a title pair and p2 a byline one: only pairs of one kind merge"),
    (11, "pair 12 is not in the text (it has 11 pairs)"),
])
def test_impossible_merges_say_why(library, index, message):
    with pytest.raises(ReaderError) as caught:
        ops.merge(library.load(TEXT), index)
    assert str(caught.value) == message


def test_split_at_a_link_gives_a_new_id_and_keeps_the_links_on_each_side(library):
    text = library.load(TEXT)
    p7 = text.pairs[6]
    en_at, zh_at = ops.cut_points(p7, 2)  # the new pair starts with link 3
    made(text, ops.split(text, 6, en_at, zh_at, {p.id for p in text.pairs}))
    head, tail = text.pairs[6], text.pairs[7]
    assert (head.id, tail.id) == ("p7", "p7a")
    assert head.links == p7.links[:2] and len(tail.links) == len(p7.links) - 2
    assert head.en + " " + tail.en == p7.en and head.zh + tail.zh == p7.zh
    assert head.status == tail.status == "edited"


def test_a_new_id_is_never_one_the_text_had(library):
    assert ops.fresh_id("p7", {"p7", "p7a"}) == "p7b"
    assert ops.fresh_id("p7a", {"p7", "p7a"}) == "p7b"
    assert ops.fresh_id("intro", {"intro"}) == "intro-a"
    assert ops.fresh_id("p1", {f"p1{chr(c)}" for c in range(ord("a"), ord("z") + 1)}) == "p1aa"


@pytest.mark.parametrize("index, link, message", [
    (6, 0, "link 1 is the first of p7: the new pair starts at a later link"),
    (6, 9, "p7 has 4 sentence link(s): there is no link 10"),
])
def test_impossible_splits_say_why(library, index, link, message):
    with pytest.raises(ReaderError) as caught:
        ops.cut_points(library.load(TEXT).pairs[index], link)
    assert str(caught.value) == message


def test_split_at_a_sentence_that_is_not_there(library):
    text = library.load(TEXT)
    with pytest.raises(ReaderError, match=r"p4 has 2 English sentence\(s\): cannot cut after sentence 5"):
        ops.split(text, 3, 5, 0, set(ids(text)))
    with pytest.raises(ReaderError, match="leaves one of its halves empty"):
        ops.split(text, 3, 0, 0, set(ids(text)))


def test_shift_up_moves_the_first_sentence_into_the_previous_pairs_last_link(library):
    text = library.load(TEXT)
    p6, p7 = text.pairs[5], text.pairs[6]
    first = p7.zh[slice(*p7.sentences_zh[0])]
    made(text, ops.shift_up(text, 6, "zh"))
    assert text.pairs[5].zh.endswith(first) and not text.pairs[6].zh.startswith(first)
    assert text.pairs[5].en == p6.en and text.pairs[6].en == p7.en
    last = text.pairs[5].links[-1]
    assert len(text.pairs[5].sentences_zh) - 1 in last[1]
    assert text.pairs[5].link_status[-1] == "edited"


def test_pop_down_and_moving_a_whole_side(library):
    text = library.load(TEXT)
    p9, p10 = text.pairs[8], text.pairs[9]
    last = p9.en[slice(*p9.sentences_en[-1])]
    made(text, ops.pop_down(text, 8, "en"))
    assert text.pairs[9].en.startswith(last) and not text.pairs[8].en.endswith(last)
    made(text, ops.move_side(text, 9, "zh", upward=True))
    assert text.pairs[9].zh == "" and text.pairs[8].zh == p9.zh + p10.zh


def test_moving_the_only_side_of_a_pair_removes_it_and_names_where_its_text_went(library):
    text = library.load(TEXT)
    made(text, ops.move_side(text, 3, "zh", upward=True))  # p4 keeps only its English
    change = ops.move_side(text, 3, "en", upward=False)
    assert change.moved == {"p4": "p5"}
    made(text, change)
    assert "p4" not in ids(text) and text.pairs[3].id == "p5"


@pytest.mark.parametrize("edit, message", [
    (lambda t: ops.shift_up(t, 0, "en"), "p1 is the first pair: there is no pair above to move its text into"),
    (lambda t: ops.pop_down(t, 10, "zh"), "p11 is the last pair: there is no pair below to move its text into"),
    (lambda t: ops.shift_up(t, 3, "fr"), "side 'fr': choose en or zh"),
    (lambda t: ops.close_gap(t, 3, "en"), "p4 has English text: there is no gap to close"),
])
def test_impossible_moves_say_why(library, edit, message):
    with pytest.raises(ReaderError) as caught:
        edit(library.load(TEXT))
    assert str(caught.value) == message


def test_opening_a_gap_moves_the_column_down_into_the_next_gap_and_closing_it_moves_it_back(library):
    text = library.load(TEXT)
    before = [p.zh for p in text.pairs]
    used = set(ids(text))
    made(text, ops.open_gap(text, 7, "zh", used))  # p8's Chinese and those below go down a pair
    assert text.pairs[7].zh == "" and [p.zh for p in text.pairs[8:11]] == before[7:10]
    assert text.pairs[-1].id == "p11a" and text.pairs[-1].zh == before[10] and text.pairs[-1].en == ""
    assert not text.pairs[8].links  # its sides now pair with other text
    made(text, ops.close_gap(text, 7, "zh"))
    assert [p.zh for p in text.pairs] == before
    assert ids(text) == [f"p{n}" for n in range(1, 12)]  # the spare pair, empty, is gone


def test_link_edits_inside_a_pair(library):
    text = library.load(TEXT)
    p7 = text.pairs[6]
    made(text, links.merge_links(text, 6, 0))
    assert text.pairs[6].links[0][0] == p7.links[0][0] + p7.links[1][0]
    made(text, links.split_link(text, 6, 0))
    assert [link[:2] for link in text.pairs[6].links] == [link[:2] for link in p7.links]
    made(text, links.shift_link(text, 6, 1, "en", upward=True))
    assert text.pairs[6].links[0][0] == (*p7.links[0][0], *p7.links[1][0])
    assert text.pairs[6].en == p7.en and text.pairs[6].zh == p7.zh  # the text never changes
    with pytest.raises(ReaderError, match="link 1 is the first of p7"):
        links.shift_link(text, 6, 0, "zh", upward=True)
    with pytest.raises(ReaderError, match="p1 has no sentence links"):
        links.merge_links(text, 0, 0)


def test_a_one_to_one_link_splits_into_its_two_sentences(library):
    text = library.load(TEXT)
    made(text, links.split_link(text, 5, 0))
    assert [link[:2] for link in text.pairs[5].links] == [((0,), ()), ((), (0,))]


def test_realign_gives_the_aligners_links_back(library):
    text = library.load(TEXT)
    original = text.pairs[6]
    made(text, links.merge_links(text, 6, 0))
    made(text, links.realign(text, 6, 7))
    assert text.pairs[6].links == original.links and not text.pairs[6].link_status


def test_footnote_marks_follow_their_text(library):
    text = library.load("japan-europe-2022")
    note = text.footnotes[0]
    index = next(i for i, p in enumerate(text.pairs) if p.id == note.pair)
    pair = text.pairs[index]
    before_mark = pair.en[:note.offset]
    made(text, ops.merge(text, index - 1) if text.pairs[index - 1].kind == pair.kind else ops.shift_up(text, index, "en"))
    moved = text.footnotes[0]
    host = next(p for p in text.pairs if p.id == moved.pair)
    assert host.en[:moved.offset].endswith(before_mark[-20:])


# -- review -----------------------------------------------------------------------------------


def test_confirming_a_pair_confirms_the_auto_pairs_above_but_not_the_edited_ones(library):
    text = library.load(TEXT)
    made(text, ops.merge(text, 2))  # p3 edited
    change = review.confirm(text, 6)
    assert change.summary == "confirm p8 (and 5 pairs above)"
    made(text, change)
    assert [p.status for p in text.pairs[:7]] == ["confirmed"] * 2 + ["edited"] + ["confirmed"] * 4
    assert review.link_statuses(text.pairs[6]) == ("confirmed",) * len(text.pairs[6].links)
    assert text.pairs[2].link_status == ()  # an edited pair's links stay as they were
    assert review.confirmed_count(text.pairs) == 6
    with pytest.raises(ReaderError, match="p8 is confirmed already"):
        review.confirm(text, 6)


def test_a_rewrite_writes_the_statuses_of_its_snapshot_and_copies_only_unchanged_lines(library):
    # A confirmation restates pairs in place: the rewrite in the background must write
    # the statuses as they were when it took its snapshot, and must not copy the line of
    # a pair whose status changed since the file was written.
    from reader.core.editing.change import review_of
    from reader.core.editing.journal import Journal, write_alignment

    path = library.alignment_path(TEXT)
    original = path.read_bytes()
    text = library.load(TEXT)
    on_disk = (list(text.pairs), [review_of(p) for p in text.pairs])
    codes = [review_of(p) for p in text.pairs]  # the snapshot
    made(text, review.confirm(text, 6))  # meanwhile, in place
    journal = Journal.new(journal_path(library, TEXT), TEXT)
    write_alignment(library, text, journal, 0, 0, codes, on_disk)
    assert path.read_bytes() == original
    write_alignment(library, text, journal, 0, 0, None, on_disk)
    written = read_alignment(path)[1]
    assert [p.status for p in written[:7]] == ["confirmed"] * 7 and written == text.pairs


def test_confirming_one_link(library):
    text = library.load(TEXT)
    made(text, review.confirm(text, 6, link=2))
    assert text.pairs[6].link_status == ("confirmed", "confirmed", "confirmed", "auto")
    assert text.pairs[6].status == "auto"


def test_what_to_check_next(library):
    text = library.load(TEXT)
    doubtful = [(i, n) for i, p in enumerate(text.pairs) for n in range(len(p.links)) if review.is_doubtful(p, n)]
    assert review.next_doubtful(text, 0, None) == (doubtful[0] if doubtful else None)
    assert review.next_unconfirmed(text, 0) == 1
    made(text, review.confirm(text, 4))
    assert review.next_unconfirmed(text, 0) == 5
    found = review.next_not_one_to_one(text, 0, None)
    pair = text.pairs[found[0]]
    assert found[1] is None or pair.links[found[1]][:2] not in (((0,), (0,)),) and (
        len(pair.links[found[1]][0]) != 1 or len(pair.links[found[1]][1]) != 1)


# -- statuses in the file --------------------------------------------------------------------


def test_statuses_are_written_only_when_not_auto_and_read_back(library, tmp_path):
    text = library.load(TEXT)
    made(text, review.confirm(text, 6, link=1))
    made(text, review.confirm(text, 3))
    library.save(text, None, replace=True)
    lines = library.alignment_path(TEXT).read_text(encoding="utf-8").splitlines()
    assert '"status": "confirmed"' in lines[4] and '"link_status": ["confirmed", "confirmed", "auto", "auto"]' in lines[7]
    assert "status" not in lines[5]
    assert read_alignment(library.alignment_path(TEXT))[1] == text.pairs


@pytest.mark.parametrize("field, message", [
    ('"status": "checked"', "status must be one of auto, confirmed, edited, not 'checked'"),
    ('"link_status": ["confirmed"]', "link_status must list one status (auto, confirmed, edited) per link (2)"),
])
def test_a_bad_status_is_a_one_line_error_naming_the_line(library, field, message):
    path = library.alignment_path(TEXT)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3][:-1] + ", " + field + "}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        library.load(TEXT)
    assert str(caught.value) == f"{path}:4: pair 'p3': {message}"


# -- the journal: undo and redo across runs -----------------------------------------------------


def test_undo_and_redo_across_runs(library):
    path = library.alignment_path(TEXT)
    original = path.read_bytes()
    text = library.load(TEXT)
    editor = Editor.open(library, text)
    editor.do(ops.merge(text, 2))
    editor.do(review.confirm(text, 5))
    merged, edited = path.read_bytes(), list(text.pairs)
    assert library.load(TEXT).pairs == edited and b'"edits": {"journal"' in merged.split(b"\n")[0]

    again = library.load(TEXT)  # another run
    editor = Editor.open(library, again)
    assert [(e.change.summary, done) for e, done in editor.history()] == [
        ("merge p3 + p4", True), ("confirm p7 (and 4 pairs above)", True)]
    assert editor.undo().summary == "undo confirm p7 (and 4 pairs above)"
    editor.undo()
    assert path.read_bytes() == original
    with pytest.raises(ReaderError, match="nothing to undo"):
        editor.undo()
    editor = Editor.open(library, library.load(TEXT))
    editor.redo()
    editor.redo()
    assert path.read_bytes().split(b"\n")[1:] == merged.split(b"\n")[1:]
    assert library.load(TEXT).pairs == edited
    with pytest.raises(ReaderError, match="nothing to redo"):
        editor.redo()


def test_a_new_edit_after_undo_drops_the_redo(library):
    text = library.load(TEXT)
    editor = Editor.open(library, text)
    editor.do(ops.merge(text, 2))
    editor.undo()
    editor.do(ops.merge(text, 4))
    with pytest.raises(ReaderError, match="nothing to redo"):
        editor.redo()
    assert Editor.open(library, library.load(TEXT)).journal.done == [1]


def test_an_edit_journalled_but_not_written_is_replayed_by_the_next_reader(library, monkeypatch):
    """A kill between the journal's commit and the file's rewrite."""
    import reader.core.editing.session as session

    original = library.alignment_path(TEXT).read_bytes()
    text = library.load(TEXT)
    editor = Editor.open(library, text)
    monkeypatch.setattr(session, "write_alignment", lambda *args: None)  # killed before writing
    editor.do(ops.merge(text, 2))
    assert library.alignment_path(TEXT).read_bytes() == original and pending(library, TEXT)
    monkeypatch.undo()
    loaded = Library(library.root).load(TEXT)
    assert loaded.pairs == text.pairs and not pending(library, TEXT)  # written by the reader


def test_a_record_cut_short_is_not_part_of_the_journal(library):
    text = library.load(TEXT)
    editor = Editor.open(library, text)
    editor.do(ops.merge(text, 2))
    with open(journal_path(library, TEXT), "ab") as handle:
        handle.write(b'{"edit": {"summary": "merge p5 + p6", "spl')  # the kill came mid-append
    editor = Editor.open(library, library.load(TEXT))
    assert len(editor.journal.entries) == 1
    editor.undo()  # and the next append replaces the torn tail
    assert Editor.open(library, library.load(TEXT)).journal.done == []


def test_a_journal_that_no_longer_fits_is_set_aside(library):
    text = library.load(TEXT)
    Editor.open(library, text).do(ops.merge(text, 2))
    fresh = Library(bundled_library()).load(TEXT)
    path = library.alignment_path(TEXT)
    from reader.core.store import dump_alignment

    path.write_bytes(dump_alignment(TEXT, fresh.pairs, fresh.footnotes) .replace(b"p5", b"p5") + b"")
    lines = path.read_bytes().split(b"\n")
    lines[0] = lines[0][:-1] + b', "edits": {"journal": "0000", "at": 9}}'  # a hand-made field
    path.write_bytes(b"\n".join(lines))
    editor = Editor.open(library, library.load(TEXT))
    assert "no longer fits" in editor.warning and editor.journal.entries == []
    assert (library.texts_dir / TEXT / "edits.stale-1.jsonl").exists()


def test_reimporting_a_text_removes_its_journal(library):
    text = library.load(TEXT)
    Editor.open(library, text).do(ops.merge(text, 2))
    library.save(Library(bundled_library()).load(TEXT), None, replace=True)
    assert not journal_path(library, TEXT).exists()


def test_another_editor_meanwhile_is_refused(library):
    first_text, second_text = library.load(TEXT), library.load(TEXT)
    first, second = Editor.open(library, first_text), Editor.open(library, second_text)
    first.do(ops.merge(first_text, 2))
    with pytest.raises(ReaderError, match="edited elsewhere meanwhile"):
        second.do(ops.merge(second_text, 4))
    assert library.load(TEXT).pairs == first_text.pairs


# -- the reading state follows -------------------------------------------------------------------


def test_bookmarks_notes_attempts_and_position_follow_the_text_and_come_back_on_undo(library, tmp_path):
    state, _ = UserState.open(tmp_path / "data")
    state.set_bookmark(TEXT, "p4", True)
    state.set_note(TEXT, "p3", "on p3")
    state.set_note(TEXT, "p4", "on p4")
    state.set_position(TEXT, "p4")
    state.add_attempt({"text_id": TEXT, "pair_id": "p4", "target": "zh", "translation": "x", "score": 10.0,
                       "used": [], "missed": [], "when": 1.0})
    text = library.load(TEXT)
    editor = Editor.open(library, text, state=state)
    editor.do(ops.merge(text, 2))
    assert state.bookmarks[TEXT] == ("p3",) and state.notes[TEXT] == {"p3": "on p3\non p4"}
    assert state.positions[TEXT] == "p3" and [a["pair_id"] for a in state.attempts(TEXT)] == ["p3"]
    editor.undo()
    assert state.bookmarks[TEXT] == ("p4",) and state.notes[TEXT] == {"p3": "on p3", "p4": "on p4"}
    assert [a["pair_id"] for a in state.attempts(TEXT)] == ["p4"]
    editor.redo()
    assert state.notes[TEXT] == {"p3": "on p3\non p4"}
    state.close()


# -- any sequence of edits -------------------------------------------------------------------------


def _random_edit(text, used, choice: int, where: float, lang: str, link: float):
    index = min(int(where * len(text.pairs)), len(text.pairs) - 1)
    pair = text.pairs[index]
    number = min(int(link * max(len(pair.links), 1)), max(len(pair.links) - 1, 0))
    edits = [
        lambda: ops.merge(text, index),
        lambda: ops.split(text, index, *ops.cut_points(pair, number or None), used),
        lambda: ops.shift_up(text, index, lang),
        lambda: ops.pop_down(text, index, lang),
        lambda: ops.move_side(text, index, lang, upward=True),
        lambda: ops.move_side(text, index, lang, upward=False),
        lambda: ops.open_gap(text, index, lang, used),
        lambda: ops.close_gap(text, index, lang),
        lambda: links.merge_links(text, index, number),
        lambda: links.split_link(text, index, number),
        lambda: links.shift_link(text, index, number, lang, upward=True),
        lambda: links.shift_link(text, index, number, lang, upward=False),
        lambda: review.confirm(text, index),
        lambda: review.confirm(text, index, link=number),
    ]
    return edits[choice % len(edits)]()


EDIT = st.tuples(st.integers(0, 13), st.floats(0, 0.999), st.sampled_from(["en", "zh"]), st.floats(0, 0.999))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text_id=st.sampled_from([TEXT, "japan-europe-2022"]), steps=st.lists(EDIT, min_size=1, max_size=8))
def test_any_edits_then_as_many_undos_give_the_file_back_byte_for_byte(tmp_path_factory, text_id, steps):
    """(The 2022 article has one language and 55 footnote marks, which move with the text.)"""
    library = copy_library(tmp_path_factory.mktemp("library"))
    path = library.alignment_path(text_id)
    original = path.read_bytes()
    text = library.load(text_id)
    characters_before = {lang: characters(text, lang) for lang in ("en", "zh")}
    footnotes = len(text.footnotes)
    editor = Editor.open(library, text)
    done = 0
    for step in steps:
        try:
            change = _random_edit(text, editor.used_ids, *step)
        except ReaderError:
            continue
        editor.do(change)
        done += 1
        for lang in ("en", "zh"):
            assert characters(text, lang) == characters_before[lang], change.summary
        assert len(text.footnotes) == footnotes
        reread = library.load(text_id)  # the file is valid (footnote offsets too) and is the text
        assert reread.pairs == text.pairs and reread.footnotes == text.footnotes
        assert len(set(ids(text))) == len(text.pairs)
    for _ in range(done):
        editor.undo()
    assert path.read_bytes() == original
