"""Reviewing an alignment: confirming pairs and links, finding the next thing to check,
and counting what has been checked.

Statuses (`reader.core.model.STATUSES`): `auto` (from an aligner or an importer),
`confirmed` (a person checked it), `edited` (a person changed it). Confirming a pair
confirms its links, and, as InterText's auto-update does for a reader who checks a text
from the top, every pair above it still `auto` with its `auto` links: an `edited` pair
above stays `edited` until it is confirmed itself.
"""

from __future__ import annotations

from ..errors import ReaderError
from ..model import Pair, Text
from ..pairlinks import DOUBTFUL
from .change import Change, review_of, reviewed
from .ops import _pair


def link_statuses(pair: Pair) -> tuple[str, ...]:
    return pair.link_status or ("auto",) * len(pair.links)


def confirm(text: Text, index: int, link: int | None = None) -> Change:
    """Confirm a pair (with its links, and the `auto` pairs above), or one link of it (and
    its `auto` links above it)."""
    pair = _pair(text, index)
    if link is not None:
        if not 0 <= link < len(pair.links):
            raise ReaderError(f"{pair.id} has {len(pair.links)} sentence link(s): there is no link {link + 1}")
        statuses = list(link_statuses(pair))
        if statuses[link] == "confirmed":
            raise ReaderError(f"link {link + 1} of {pair.id} is confirmed already")
        statuses[link] = "confirmed"
        statuses[:link] = ["confirmed" if s == "auto" else s for s in statuses[:link]]
        code = review_of(_with_links(pair, statuses))
        return Change(f"confirm link {link + 1} of {pair.id}", reviews=((index, index, review_of(pair), code),),
                      cursor=index)
    if pair.status == "confirmed" and all(s == "confirmed" for s in link_statuses(pair)):
        raise ReaderError(f"{pair.id} is confirmed already")
    reviews = _confirming_above(text.pairs, index)
    _add(reviews, index, review_of(pair), review_of(_confirmed(pair, only_auto=False)))
    above = sum(last - first + 1 for first, last, _, _ in reviews) - 1
    summary = f"confirm {pair.id}" + (f" (and {above:,} pair{'s' if above > 1 else ''} above)" if above else "")
    return Change(summary, reviews=tuple(reviews), cursor=index)


def _confirming_above(pairs, index: int) -> list:
    """The runs (first, last, before, after) that confirm the `auto` pairs above `index`."""
    runs = []
    first = before = after = None
    for number in range(index):
        other = pairs[number]
        if other.status != "auto":
            code, new = None, None
        elif not other.link_status:  # the common case, without making a pair
            code, new = "a", ("c:c*" if other.links else "c")
        else:
            code, new = review_of(other), review_of(_confirmed(other, only_auto=True))
        if code != before or new != after:
            if before is not None:
                runs.append((first, number - 1, before, after))
            first, before, after = number, code, new
    if before is not None:
        runs.append((first, index - 1, before, after))
    return runs


def _add(runs: list, index: int, before: str, after: str) -> None:
    """A status change of pair `index`, into the runs (first, last, before, after)."""
    if runs and runs[-1][1] == index - 1 and runs[-1][2] == before and runs[-1][3] == after:
        runs[-1] = (runs[-1][0], index, before, after)
    else:
        runs.append((index, index, before, after))


def _confirmed(pair: Pair, only_auto: bool) -> Pair:
    statuses = ["confirmed" if not only_auto or s == "auto" else s for s in link_statuses(pair)]
    return _with_links(pair, statuses, "confirmed")


def _with_links(pair: Pair, statuses, status: str | None = None) -> Pair:
    from dataclasses import replace

    link_status = tuple(statuses) if any(s != "auto" for s in statuses) else ()
    return replace(pair, status=status or pair.status, link_status=link_status)


# -- what to check next ---------------------------------------------------------------------


def is_doubtful(pair: Pair, link: int) -> bool:
    """A link the aligner doubted and nobody has checked or made."""
    return pair.links[link][2] < DOUBTFUL and link_statuses(pair)[link] == "auto"


def is_one_to_one(pair: Pair) -> bool:
    """A pair of one paragraph on each side (one source paragraph each, neither empty)."""
    return bool(pair.en) and bool(pair.zh) and len(pair.src_en) <= 1 and len(pair.src_zh) <= 1


def next_doubtful(text: Text, index: int, link: int | None) -> tuple[int, int] | None:
    """The next doubtful link after link `link` of pair `index` (None: from its first)."""
    start = -1 if link is None else link
    for at in range(index, len(text.pairs)):
        pair = text.pairs[at]
        for number in range(start + 1 if at == index else 0, len(pair.links)):
            if is_doubtful(pair, number):
                return at, number
    return None


def next_not_one_to_one(text: Text, index: int, link: int | None) -> tuple[int, int | None] | None:
    """The next pair that is not 1-1 (an empty side, several source paragraphs), or the
    next sentence link that is not 1-1 (a link of a pair that is), after the place given."""
    pairs = text.pairs
    for at in range(index, len(pairs)):
        pair = pairs[at]
        if at > index and not is_one_to_one(pair):
            return at, None
        first = (link + 1 if link is not None else 0) if at == index else 0
        for number in range(first, len(pair.links)):
            en, zh, _ = pair.links[number]
            if len(en) != 1 or len(zh) != 1:
                return at, number
    return None


def next_unconfirmed(text: Text, index: int) -> int | None:
    """The next pair after `index` that is not confirmed (or has a link that is not)."""
    for at in range(index + 1, len(text.pairs)):
        pair = text.pairs[at]
        if pair.status != "confirmed" or any(s != "confirmed" for s in link_statuses(pair)):
            return at
    return None


def confirmed_count(pairs) -> int:
    return sum(1 for pair in pairs if pair.status == "confirmed")


def status_of(pair: Pair) -> str:
    return pair.status


__all__ = ["confirm", "next_doubtful", "next_not_one_to_one", "next_unconfirmed", "confirmed_count",
           "is_doubtful", "link_statuses", "reviewed"]
