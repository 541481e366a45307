"""Edits of the paragraph alignment: pure functions from a text to a `Change`.

Each takes the text and the pair's index (and a side, where it works on one), and
returns what changes, or raises a `ReaderError` worded for the user when the edit is
impossible. None changes the text itself (`change.apply` does). A pair that survives
keeps its id; a new pair gets an id never used in the text (`fresh_id`); a pair left with
nothing on either side is removed, and the pair its text went to is named in `moved`.
Footnote marks move with the characters they follow; sentence links are carried over
(a link cut by the edit is split, a sentence moved into a pair joins its nearest link);
every pair an edit touches is `edited`.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..errors import ReaderError
from ..model import LANGUAGES, Footnote, Pair, Text
from .change import Change
from .sides import (Side, beads_of, joined_spans, rebuilt, shifted, side_index, stores_sentences)

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


def fresh_id(base: str, used: Collection[str]) -> str:
    """A readable id for a pair split off `base`: p12 -> p12a, p12b, ... (p12a -> p12b),
    never one in `used`."""
    stem = re.sub(r"(?<=\d)[a-z]+$", "", base)
    stem = stem if stem[-1:].isdigit() else stem + "-"
    number = 0
    while True:
        number += 1
        suffix, n = "", number
        while n:
            n, digit = divmod(n - 1, 26)
            suffix = chr(ord("a") + digit) + suffix
        candidate = stem + suffix
        if candidate not in used:
            return candidate


def _pair(text: Text, index: int) -> Pair:
    if not 0 <= index < len(text.pairs):
        raise ReaderError(f"pair {index + 1} is not in the text (it has {len(text.pairs)} pairs)")
    return text.pairs[index]


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ReaderError(f"side {lang!r}: choose en or zh")


def _footnotes_of(text: Text, *pairs: Pair) -> list[Footnote]:
    ids = {pair.id for pair in pairs}
    return [footnote for footnote in text.footnotes if footnote.pair in ids]


def _moved_notes(before: list[Footnote], after: list[Footnote]) -> tuple[tuple, tuple]:
    """Only the footnotes that changed, before and after."""
    changed = [(b, a) for b, a in zip(before, after) if b != a]
    return tuple(b for b, _ in changed), tuple(a for _, a in changed)


def _change(summary: str, text: Text, start: int, before: list[Pair], after: list[Pair],
            notes_before: list[Footnote], notes_after: list[Footnote], cursor: int,
            moved: dict[str, str] | None = None) -> Change:
    footnotes_before, footnotes_after = _moved_notes(notes_before, notes_after)
    return Change(summary, start, tuple(before), tuple(after), (), footnotes_before, footnotes_after,
                  moved or {}, max(0, min(cursor, len(text.pairs) - len(before) + len(after) - 1)))


def _relocated(footnote: Footnote, pair_id: str, offset: int) -> Footnote:
    return Footnote(footnote.n, footnote.text, pair_id, offset, footnote.lang)


# -- merge and split ---------------------------------------------------------------------


def merge(text: Text, index: int) -> Change:
    """Join the pair with the next one, both sides."""
    first = _pair(text, index)
    if index + 1 >= len(text.pairs):
        raise ReaderError(f"{first.id} is the last pair: nothing to merge it with")
    second = text.pairs[index + 1]
    if first.kind != second.kind:
        raise ReaderError(f"{first.id} is a {first.kind} pair and {second.id} a {second.kind} one: "
                          "only pairs of one kind merge")
    sides, starts = {}, {}
    for lang in LANGUAGES:
        sides[lang], starts[lang] = Side.of(first, lang).join(Side.of(second, lang), lang)
    beads = None
    if first.links or second.links:
        a, b = beads_of(first), beads_of(second)
        beads = a + shifted(b, Side.of(first, "en").count, Side.of(first, "zh").count)
    merged = rebuilt(first, en=sides["en"], zh=sides["zh"], beads=beads,
                     keep_sentences=stores_sentences(first, second),
                     src_en=joined_spans(first.src_en, second.src_en),
                     src_zh=joined_spans(first.src_zh, second.src_zh))
    notes = _footnotes_of(text, first, second)
    moved_notes = [_relocated(f, first.id, f.offset + starts[f.lang]) if f.pair == second.id else f for f in notes]
    return _change(f"merge {first.id} + {second.id}", text, index, [first, second], [merged], notes, moved_notes,
                   index, {second.id: first.id})


def split(text: Text, index: int, en_at: int, zh_at: int, used: Collection[str]) -> Change:
    """Cut the pair in two: its first `en_at` English and `zh_at` Chinese sentences stay,
    the others go to a new pair after it. A link the cut goes through is split in two."""
    pair = _pair(text, index)
    en, zh = Side.of(pair, "en"), Side.of(pair, "zh")
    for lang, side, at in (("en", en, en_at), ("zh", zh, zh_at)):
        if not 0 <= at <= side.count:
            raise ReaderError(f"{pair.id} has {side.count} {LANGUAGE_NAMES[lang]} sentence(s): "
                              f"cannot cut after sentence {at}")
    en1, en2, en_map = en.cut(en_at)
    zh1, zh2, zh_map = zh.cut(zh_at)
    if not (en1.text or zh1.text) or not (en2.text.strip() or zh2.text.strip()):
        raise ReaderError(f"cutting {pair.id} there leaves one of its halves empty: "
                          "cut between two sentences")
    first_beads = second_beads = None
    if pair.links:
        first_beads, second_beads = [], []
        for e, z, score, status in beads_of(pair, en, zh):
            e1, e2 = [i for i in e if i < en_at], [i - en_at for i in e if i >= en_at]
            z1, z2 = [j for j in z if j < zh_at], [j - zh_at for j in z if j >= zh_at]
            crossing = (e1 or z1) and (e2 or z2)
            if e1 or z1:
                first_beads.append([e1, z1, score, "edited" if crossing else status])
            if e2 or z2:
                second_beads.append([e2, z2, score, "edited" if crossing else status])
    new_id = fresh_id(pair.id, used)
    keep = True  # the cut was made at sentences: keep them
    head = rebuilt(pair, en=en1, zh=zh1, beads=first_beads, keep_sentences=keep)
    tail = rebuilt(pair, en=en2, zh=zh2, beads=second_beads, keep_sentences=keep, pair_id=new_id)
    notes = _footnotes_of(text, pair)
    moved_notes = []
    for footnote in notes:
        piece, offset = (en_map if footnote.lang == "en" else zh_map)(footnote.offset)
        moved_notes.append(_relocated(footnote, new_id if piece else pair.id, offset))
    return _change(f"split {pair.id} into {pair.id} + {new_id}", text, index, [pair], [head, tail],
                   notes, moved_notes, index)


def cut_points(pair: Pair, link: int | None) -> tuple[int, int]:
    """Where `split` cuts a pair so that its link `link` (0-based) starts the new pair;
    with None, before its last link (or its last sentence on each side)."""
    if pair.links:
        if link is None:
            link = len(pair.links) - 1
        if not 0 <= link < len(pair.links):
            raise ReaderError(f"{pair.id} has {len(pair.links)} sentence link(s): there is no link {link + 1}")
        if link == 0:
            raise ReaderError(f"link 1 is the first of {pair.id}: the new pair starts at a later link")
        before = pair.links[:link]
        en = max((i for e, _, _ in before for i in e), default=-1) + 1
        zh = max((j for _, z, _ in before for j in z), default=-1) + 1
        return en, zh
    counts = [Side.of(pair, lang).count for lang in LANGUAGES]
    if link is not None:
        return tuple(min(link, count) for count in counts)  # sentence `link` of each side starts the new pair
    return tuple(count - 1 if count > 1 else count for count in counts)


# -- moving sentences and sides between neighbouring pairs ------------------------------


def shift_up(text: Text, index: int, lang: str, count: int = 1) -> Change:
    """Move the first `count` sentences of one side up to the end of the previous pair
    (all of them: the whole side, InterText's "move text up" of one pair)."""
    _check_lang(lang)
    pair = _pair(text, index)
    if index == 0:
        raise ReaderError(f"{pair.id} is the first pair: there is no pair above to move its text into")
    source = Side.of(pair, lang)
    if not source.count:
        raise ReaderError(f"{pair.id} has no {LANGUAGE_NAMES[lang]} text to move up")
    count = min(count, source.count)
    above = text.pairs[index - 1]
    return _move(text, index - 1, above, pair, lang, source, count, upward=True)


def pop_down(text: Text, index: int, lang: str, count: int = 1) -> Change:
    """Move the last `count` sentences of one side down to the start of the next pair."""
    _check_lang(lang)
    pair = _pair(text, index)
    if index + 1 >= len(text.pairs):
        raise ReaderError(f"{pair.id} is the last pair: there is no pair below to move its text into")
    source = Side.of(pair, lang)
    if not source.count:
        raise ReaderError(f"{pair.id} has no {LANGUAGE_NAMES[lang]} text to move down")
    count = min(count, source.count)
    below = text.pairs[index + 1]
    return _move(text, index, pair, below, lang, source, count, upward=False)


def move_side(text: Text, index: int, lang: str, upward: bool) -> Change:
    """Move a whole side to the neighbouring pair, leaving this side empty."""
    pair = _pair(text, index)
    count = Side.of(pair, lang).count if lang in LANGUAGES else 0
    return (shift_up if upward else pop_down)(text, index, lang, max(count, 1))


def _move(text: Text, start: int, upper: Pair, lower: Pair, lang: str, source_side: Side, count: int,
          upward: bool) -> Change:
    """Sentences of `lang` move from `lower` up into `upper` (upward) or the other way."""
    other = "zh" if lang == "en" else "en"
    k = side_index(lang)
    giver = lower if upward else upper
    taker = upper if upward else lower
    cut_at = count if upward else source_side.count - count
    first, second, offsets = source_side.cut(cut_at)
    moving, staying = (first, second) if upward else (second, first)
    taker_side = Side.of(taker, lang)
    if upward:
        taken, moving_at = taker_side.join(moving, lang)
    else:
        taken, _ = moving.join(taker_side, lang)
        moving_at = 0
    # Links: the moving sentences leave their links in the giver and join the taker's
    # nearest link (its last when moving up, its first when moving down).
    giver_beads = taker_beads = None
    if giver.links:
        giver_beads = []
        for bead in beads_of(giver):
            indices = bead[k]
            if upward:
                kept = [i - count for i in indices if i >= count]
            else:
                kept = [i for i in indices if i < cut_at]
            bead = list(bead)
            if kept != indices:
                bead[3] = "edited"
            bead[k] = kept
            giver_beads.append(bead)
    if taker.links:  # (a pair without links stays without: the moved sentences lost theirs)
        taker_beads = beads_of(taker)
        if upward:
            taker_beads[-1][k] = taker_beads[-1][k] + [taker_side.count + i for i in range(count)]
            taker_beads[-1][3] = "edited"
        else:
            for bead in taker_beads:
                bead[k] = [i + count for i in bead[k]]
            taker_beads[0][k] = list(range(count)) + taker_beads[0][k]
            taker_beads[0][3] = "edited"
    keep = True  # sentences were counted: keep them
    src_giver = giver.src_en if lang == "en" else giver.src_zh
    src_taker = taker.src_en if lang == "en" else taker.src_zh
    taker_src = joined_spans(src_taker, src_giver) if upward else joined_spans(src_giver, src_taker)
    sides_giver = {lang: staying, other: Side.of(giver, other)}
    sides_taker = {lang: taken, other: Side.of(taker, other)}
    new_giver = rebuilt(giver, en=sides_giver["en"], zh=sides_giver["zh"], beads=giver_beads, keep_sentences=keep)
    new_taker = rebuilt(taker, en=sides_taker["en"], zh=sides_taker["zh"], beads=taker_beads, keep_sentences=keep,
                        **({"src_en": taker_src} if lang == "en" else {"src_zh": taker_src}))
    notes = _footnotes_of(text, upper, lower)
    moved_notes = []
    taker_shift = len(moving.text) + (len(" ") if lang == "en" and moving.text and taker_side.text else 0)
    for footnote in notes:
        if footnote.pair == giver.id and footnote.lang == lang:
            piece, offset = offsets(footnote.offset)
            moves = piece == 0 if upward else piece == 1
            if moves:
                moved_notes.append(_relocated(footnote, taker.id, offset + moving_at))
            else:
                moved_notes.append(_relocated(footnote, giver.id, offset))
        elif footnote.pair == taker.id and footnote.lang == lang and not upward:
            moved_notes.append(_relocated(footnote, taker.id, footnote.offset + taker_shift))
        else:
            moved_notes.append(footnote)
    gone = not new_giver.en and not new_giver.zh
    what = "the " + LANGUAGE_NAMES[lang] if not staying.text else (
        f"{count} {LANGUAGE_NAMES[lang]} sentence{'s' if count > 1 else ''}")
    summary = f"move {what} of {giver.id} {'up into' if upward else 'down into'} {taker.id}"
    if upward:
        after = [new_taker] if gone else [new_taker, new_giver]
        cursor = start if gone else start + 1
    else:
        after = [new_taker] if gone else [new_giver, new_taker]
        cursor = start
    moved = {giver.id: taker.id} if gone else {}
    if gone:  # its marks (at offset 0 of an empty side) go with the text
        moved_notes = [_relocated(f, taker.id, 0) if f.pair == giver.id else f for f in moved_notes]
    return _change(summary, text, start, [upper, lower], after, notes, moved_notes, cursor, moved)


# -- a side's column: opening and closing a gap ---------------------------------------------


def open_gap(text: Text, index: int, lang: str, used: Collection[str]) -> Change:
    """Give the pair an empty counterpart on one side: that side of this pair and of the
    pairs below moves down by one pair, as far as the next pair where that side is empty
    (or into a new pair at the end). The pairs it changes lose their sentence links
    (their sides now pair with other text: `realign` links them again)."""
    _check_lang(lang)
    pair = _pair(text, index)
    if not pair.side(lang):
        raise ReaderError(f"{pair.id} has no {LANGUAGE_NAMES[lang]} text: its counterpart is empty already")
    pairs = text.pairs
    stop = index + 1
    while stop < len(pairs) and pairs[stop].side(lang):
        stop += 1
    changed = pairs[index:stop + 1]  # the last one receives (or the new pair at the end)
    columns = [_column_piece(p, lang) for p in changed]
    after = []
    for offset, target in enumerate(changed):
        incoming = columns[offset - 1] if offset else _column_piece(None, lang)
        after.append(_with_side(target, lang, incoming))
    if stop >= len(pairs):
        spare = Pair(fresh_id(pairs[-1].id, used), pairs[-1].kind, "", "")
        after.append(_with_side(spare, lang, columns[-1]))
    ids = [p.id for p in after]  # the changed pairs, then the spare one at the end
    after = [p for p in after if p.en or p.zh]
    notes = _footnotes_of(text, *changed)
    position = {p.id: n for n, p in enumerate(changed)}
    moved_notes = [_relocated(f, ids[position[f.pair] + 1], f.offset)
                   if f.lang == lang and position[f.pair] + 1 < len(ids) else f for f in notes]
    gone = {p.id for p in changed} - {p.id for p in after}
    moved = {pid: ids[position[pid] + 1] for pid in gone}
    moved_notes = [_relocated(f, moved[f.pair], 0) if f.pair in moved else f for f in moved_notes]
    last = changed[-1].id if stop < len(pairs) else after[-1].id
    summary = f"open a gap in the {LANGUAGE_NAMES[lang]} at {pair.id} (down to {last})"
    return _change(summary, text, index, list(changed), after, notes, moved_notes, index, moved)


def close_gap(text: Text, index: int, lang: str) -> Change:
    """Close the gap where a pair has no text on one side: that side of the pairs below
    moves up by one pair, as far as the next pair where it is empty (or the end). A pair
    left with no text is removed; the pairs it changes lose their sentence links."""
    _check_lang(lang)
    pair = _pair(text, index)
    if pair.side(lang):
        raise ReaderError(f"{pair.id} has {LANGUAGE_NAMES[lang]} text: there is no gap to close")
    pairs = text.pairs
    stop = index + 1
    while stop < len(pairs) and pairs[stop].side(lang):
        stop += 1
    if stop == index + 1:
        raise ReaderError(f"the {LANGUAGE_NAMES[lang]} of the pair after {pair.id} is empty too: "
                          "nothing below to move up")
    changed = pairs[index:stop]
    columns = [_column_piece(p, lang) for p in changed]
    after = []
    for offset, target in enumerate(changed):
        incoming = columns[offset + 1] if offset + 1 < len(changed) else _column_piece(None, lang)
        after.append(_with_side(target, lang, incoming))
    kept = [p for p in after if p.en or p.zh]
    ids = [p.id for p in changed]
    position = {pid: n for n, pid in enumerate(ids)}
    notes = _footnotes_of(text, *changed)
    moved_notes = [_relocated(f, ids[position[f.pair] - 1], f.offset)
                   if f.lang == lang and position[f.pair] > 0 else f for f in notes]
    gone = {p.id for p in after} - {p.id for p in kept}
    moved = {pid: ids[position[pid] - 1] for pid in gone}
    moved_notes = [_relocated(f, moved[f.pair], 0) if f.pair in moved else f for f in moved_notes]
    summary = f"close the gap in the {LANGUAGE_NAMES[lang]} at {pair.id} (up from {changed[-1].id})"
    return _change(summary, text, index, list(changed), kept, notes, moved_notes, index, moved)


def _column_piece(pair: Pair | None, lang: str):
    if pair is None:
        return Side("", ()), ()
    return Side.of(pair, lang), (pair.src_en if lang == "en" else pair.src_zh)


def _with_side(pair: Pair, lang: str, piece) -> Pair:
    side, src = piece
    other = "zh" if lang == "en" else "en"
    sides = {lang: side, other: Side.of(pair, other)}
    return rebuilt(pair, en=sides["en"], zh=sides["zh"], beads=None, keep_sentences=stores_sentences(pair),
                   **({"src_en": src} if lang == "en" else {"src_zh": src}))
