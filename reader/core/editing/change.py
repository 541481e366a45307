"""What an edit did to a text, as data: applied to the text it was made on it gives the
new text, inverted it gives the old one back exactly, and it is written to the edit
journal as one JSON record.

A change is a splice (pairs `start` to `start + len(before)` replaced by `after`), status
changes of pairs it does not otherwise touch (a confirmation reaches every pair above),
the footnotes whose marks moved (before and after), and the pairs that are gone with the
pair their text went to (`moved`: the reading state follows). Applying checks that the
text still holds what the change expects, so an edit is never undone over a text that was
changed in between by other means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import ReaderError
from ..model import STATUSES, Footnote, Pair, Text

# A pair's status and its links' as a short code: the status's letter ("a", "c", "e"),
# then, unless every link is auto, ":" and a letter per link, or one letter and "*" when
# all links share it ("c:c*": the pair and all its links confirmed, however many).
Review = str


@dataclass(frozen=True, slots=True)
class Change:
    summary: str
    start: int = 0
    before: tuple[Pair, ...] = ()
    after: tuple[Pair, ...] = ()
    # Status changes, as runs of pairs with the same codes before and after:
    # (first, last, before, after), both ends included (a confirmation of the 50,000 pairs
    # above is one run, not 50,000 items).
    reviews: tuple[tuple[int, int, Review, Review], ...] = ()
    footnotes_before: tuple[Footnote, ...] = ()
    footnotes_after: tuple[Footnote, ...] = ()
    moved: dict[str, str] = field(default_factory=dict)  # gone pair id -> the pair its text went to
    cursor: int | None = None  # the pair to show after the change

    def inverse(self) -> "Change":
        return Change(
            f"undo {self.summary}", self.start, self.after, self.before,
            tuple((first, last, after, before) for first, last, before, after in self.reviews),
            self.footnotes_after, self.footnotes_before, {},
            min(self.start, max(self.start + len(self.before) - 1, 0)) if self.before or self.after else self.cursor,
        )

    @property
    def changed_pairs(self) -> int:
        return max(len(self.before), len(self.after)) + sum(last - first + 1 for first, last, _, _ in self.reviews)


_LETTERS = {status[0]: status for status in STATUSES}


def review_of(pair: Pair) -> Review:
    """The pair's review code (see Review)."""
    letter = pair.status[0]
    links = pair.link_status
    if not links:
        return letter
    if len(set(links)) == 1:
        return f"{letter}:{links[0][0]}*"
    return f"{letter}:" + "".join(item[0] for item in links)


def reviewed(pair: Pair, code: Review) -> Pair:
    """The pair with the statuses of a review code."""
    status, every, links = _decoded(code)
    if every is not None:
        links = (every,) * len(pair.links) if every != "auto" else ()
    # (positionally: a confirmation may restate 100,000 pairs, and replace() is slow)
    return Pair(pair.id, pair.kind, pair.en, pair.zh, pair.src_en, pair.src_zh, pair.level, pair.sentences_en,
                pair.sentences_zh, pair.links, status, links)


def restate(pairs: list[Pair], code: Review) -> None:
    """Give pairs the statuses of a review code, in place. (A confirmation may restate
    100,000 pairs; making each anew would touch every field of each, and take 100 ms.
    The objects an edit's record holds are the very ones in the text, so undoing in
    turn gives each its old statuses back; a file rewrite takes its statuses from a
    snapshot of the codes, see `record`.)"""
    status, every, links = _decoded(code)
    if every is None or every == "auto":
        links = links if every is None else ()
        for pair in pairs:
            pair.status = status
            pair.link_status = links
    else:
        for pair in pairs:
            pair.status = status
            pair.link_status = (every,) * len(pair.links)


def record(pair: Pair, code: Review) -> dict:
    """The pair's JSON record with the statuses of `code` (what they were when a
    snapshot of the text was taken, whatever they are now)."""
    from ..store import pair_record

    status, every, links = _decoded(code)
    if every is not None:
        links = (every,) * len(pair.links) if every != "auto" else ()
    out = pair_record(pair)
    out.pop("status", None)
    out.pop("link_status", None)
    if status != "auto":
        out["status"] = status
    if links:
        out["link_status"] = list(links)
    return out


@lru_cache(maxsize=256)
def _decoded(code: Review) -> tuple[str, str | None, tuple[str, ...]]:
    """(status, the status of every link or None, the links' statuses when listed)."""
    status, _, links = code.partition(":")
    if links.endswith("*"):
        return _LETTERS[status], _LETTERS[links[0]], ()
    link_status = tuple(_LETTERS[letter] for letter in links)
    if all(item == "auto" for item in link_status):
        link_status = ()
    return _LETTERS[status], None, link_status


def valid_code(code) -> bool:
    if not isinstance(code, str) or not code or code[0] not in _LETTERS:
        return False
    status, colon, links = code.partition(":")
    if len(status) != 1 or (colon and not links):
        return False
    if links.endswith("*"):
        return len(links) == 2 and links[0] in _LETTERS
    return all(letter in _LETTERS for letter in links)


def apply(text: Text, change: Change) -> None:
    """Make the change on `text`, in place (its lists are shared with whoever shows it);
    a one-line error, and the text untouched, if it does not hold what the change expects."""
    pairs = text.pairs
    stop = change.start + len(change.before)
    if stop > len(pairs) or pairs[change.start:stop] != list(change.before):
        where = change.before[0].id if change.before else f"pair {change.start + 1}"
        raise ReaderError(f"cannot {change.summary}: {where} is not as the edit left it "
                          "(the alignment was changed by other means)")
    for first, last, before, _ in change.reviews:
        if last >= len(pairs):
            raise ReaderError(f"cannot {change.summary}: there is no pair {last + 1}")
        codes = list(map(review_of, pairs[first:last + 1]))
        if codes.count(before) != len(codes):
            index = first + next(n for n, code in enumerate(codes) if code != before)
            raise ReaderError(f"cannot {change.summary}: the status of pair {index + 1} changed meanwhile")
    by_number = {footnote.n: number for number, footnote in enumerate(text.footnotes)}
    for footnote in change.footnotes_before:
        number = by_number.get(footnote.n)
        if number is None or text.footnotes[number] != footnote:
            raise ReaderError(f"cannot {change.summary}: footnote {footnote.n} is not where the edit left it")
    pairs[change.start:stop] = change.after
    for first, last, _, after in change.reviews:
        restate(pairs[first:last + 1], after)
    for footnote in change.footnotes_after:
        text.footnotes[by_number[footnote.n]] = footnote


# -- as JSON ---------------------------------------------------------------------------------


def encode(change: Change) -> dict:
    """The change as the journal's JSON object."""
    from ..store import footnote_record, pair_record

    record: dict = {"summary": change.summary}
    if change.before or change.after:
        record["splice"] = [change.start, [pair_record(p) for p in change.before],
                            [pair_record(p) for p in change.after]]
    if change.reviews:
        record["reviews"] = [list(run) for run in change.reviews]
    if change.footnotes_before or change.footnotes_after:
        record["footnotes"] = [[footnote_record(f) for f in change.footnotes_before],
                               [footnote_record(f) for f in change.footnotes_after]]
    if change.moved:
        record["moved"] = dict(change.moved)
    if change.cursor is not None:
        record["cursor"] = change.cursor
    return record


def decode(record: dict, path, number: int) -> Change:
    """A change from the journal, validated (a one-line error naming the line)."""
    from ..store import _footnote_from_record, _pair_from_record

    def fail(problem: str):
        raise ReaderError(f"edit journal: {problem}", path, number)

    summary = record.get("summary")
    if not isinstance(summary, str):
        fail("an edit without a summary")
    start, before, after = 0, (), ()
    if "splice" in record:
        splice = record["splice"]
        if (not isinstance(splice, list) or len(splice) != 3 or type(splice[0]) is not int or splice[0] < 0
                or not all(isinstance(part, list) and all(isinstance(p, dict) for p in part) for part in splice[1:])):
            fail("'splice' must be [start, [pairs before], [pairs after]]")
        start = splice[0]
        before = tuple(_pair_from_record(p, path, number) for p in splice[1])
        after = tuple(_pair_from_record(p, path, number) for p in splice[2])
    reviews = _review_runs(record.get("reviews", []), fail)
    footnotes_before, footnotes_after = (), ()
    if "footnotes" in record:
        notes = record["footnotes"]
        if not isinstance(notes, list) or len(notes) != 2 or not all(isinstance(part, list) for part in notes):
            fail("'footnotes' must be [[before], [after]]")
        # A moved mark stands in a pair the change replaces, before and after.
        footnotes_before = tuple(_footnote_from_record(f, {p.id: p for p in before}, path, number) for f in notes[0])
        footnotes_after = tuple(_footnote_from_record(f, {p.id: p for p in after}, path, number) for f in notes[1])
    moved = record.get("moved", {})
    if not isinstance(moved, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in moved.items()):
        fail("'moved' must map pair ids to pair ids")
    cursor = record.get("cursor")
    if cursor is not None and (type(cursor) is not int or cursor < 0):
        fail("'cursor' must be a pair index")
    return Change(summary, start, before, after, reviews, footnotes_before, footnotes_after, dict(moved), cursor)


def _review_runs(runs, fail) -> tuple:
    if not isinstance(runs, list):
        fail("'reviews' must be a list of [first, last, before, after]")
    reviews = []
    for run in runs:
        if (not isinstance(run, list) or len(run) != 4 or type(run[0]) is not int or type(run[1]) is not int
                or not 0 <= run[0] <= run[1]):
            fail("'reviews' must be a list of [first, last, before, after]")
        before, after = run[2], run[3]
        if not valid_code(before) or not valid_code(after):
            fail(f"bad review code in {run!r}")
        reviews.append((run[0], run[1], before, after))
    return tuple(reviews)
