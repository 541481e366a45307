"""Edits of the sentence links inside one pair (merge, split, shift a sentence between
neighbouring links) and running the aligner again on pairs. Pure functions from a text to
a `Change`, as in `ops`; the pair's text never changes, only how its sentences pair."""

from __future__ import annotations

from dataclasses import replace

from ..errors import ReaderError
from ..model import Pair, Text
from ..pairlinks import link_sentences
from .change import Change
from .ops import LANGUAGE_NAMES, _check_lang, _pair
from .sides import Side, beads_of, rebuilt, side_index


def _linked(text: Text, index: int, link: int) -> tuple[Pair, list]:
    pair = _pair(text, index)
    if not pair.links:
        raise ReaderError(f"{pair.id} has no sentence links (realign it to link its sentences)")
    if not 0 <= link < len(pair.links):
        raise ReaderError(f"{pair.id} has {len(pair.links)} sentence link(s): there is no link {link + 1}")
    return pair, beads_of(pair)


def _relinked(text: Text, index: int, pair: Pair, beads: list, summary: str) -> Change:
    new = rebuilt(pair, en=Side.of(pair, "en"), zh=Side.of(pair, "zh"), beads=beads, keep_sentences=True)
    return Change(summary, index, (pair,), (new,), cursor=index)


def merge_links(text: Text, index: int, link: int) -> Change:
    """Join a link with the next one in its pair."""
    pair, beads = _linked(text, index, link)
    if link + 1 >= len(beads):
        raise ReaderError(f"link {link + 1} is the last of {pair.id}: nothing to merge it with")
    first, second = beads[link], beads[link + 1]
    beads[link:link + 2] = [[first[0] + second[0], first[1] + second[1], min(first[2], second[2]), "edited"]]
    return _relinked(text, index, pair, beads, f"merge links {link + 1} + {link + 2} of {pair.id}")


def split_link(text: Text, index: int, link: int, en_at: int | None = None, zh_at: int | None = None) -> Change:
    """Cut a link in two: its first `en_at` English and `zh_at` Chinese sentences stay.
    By default each side with several sentences gives its last to the new link; a 1-1
    link comes apart into its English and its Chinese sentence."""
    pair, beads = _linked(text, index, link)
    en, zh, score, _ = beads[link]
    if en_at is None and zh_at is None:
        if len(en) <= 1 and len(zh) <= 1:
            en_at, zh_at = len(en), 0
        else:
            en_at = len(en) - 1 if len(en) > 1 else len(en)
            zh_at = len(zh) - 1 if len(zh) > 1 else len(zh)
    en_at = len(en) if en_at is None else en_at
    zh_at = len(zh) if zh_at is None else zh_at
    if not (0 <= en_at <= len(en) and 0 <= zh_at <= len(zh)):
        raise ReaderError(f"link {link + 1} of {pair.id} is {len(en)}-{len(zh)}: cannot cut it after "
                          f"{en_at} English and {zh_at} Chinese sentence(s)")
    head = [en[:en_at], zh[:zh_at], score, "edited"]
    tail = [en[en_at:], zh[zh_at:], score, "edited"]
    if not (head[0] or head[1]) or not (tail[0] or tail[1]):
        raise ReaderError(f"link {link + 1} of {pair.id} has one sentence: nothing to split")
    beads[link:link + 1] = [head, tail]
    return _relinked(text, index, pair, beads, f"split link {link + 1} of {pair.id}")


def shift_link(text: Text, index: int, link: int, lang: str, upward: bool) -> Change:
    """Move the first sentence of a side of a link into the link before it (upward), or
    its last into the link after it; a link left with no sentence goes."""
    _check_lang(lang)
    pair, beads = _linked(text, index, link)
    k = side_index(lang)
    sentences = beads[link][k]
    if not sentences:
        raise ReaderError(f"link {link + 1} of {pair.id} has no {LANGUAGE_NAMES[lang]} sentence to move")
    target = link - 1 if upward else link + 1
    if not 0 <= target < len(beads):
        raise ReaderError(f"link {link + 1} is the {'first' if upward else 'last'} of {pair.id}: "
                          f"no link {'above' if upward else 'below'} to move a sentence into")
    if upward:
        moving, beads[link][k] = sentences[0], sentences[1:]
        beads[target][k] = beads[target][k] + [moving]
    else:
        moving, beads[link][k] = sentences[-1], sentences[:-1]
        beads[target][k] = [moving] + beads[target][k]
    beads[link][3] = beads[target][3] = "edited"
    direction = "up" if upward else "down"
    return _relinked(text, index, pair, beads,
                     f"move a {LANGUAGE_NAMES[lang]} sentence of link {link + 1} of {pair.id} {direction}")


def realign(text: Text, start: int, stop: int, aligner=None) -> Change:
    """Run the sentence aligner again on pairs `start` to `stop` (exclusive): their links
    are the aligner's, `auto`; the pairs keep their status. A pair with an empty side, or
    whose links come out as they were, is left as it is."""
    if not 0 <= start < stop <= len(text.pairs):
        raise ReaderError(f"pairs {start + 1}-{stop}: out of range, the text has {len(text.pairs)} pairs")
    before = text.pairs[start:stop]
    after = []
    for pair in before:
        if not pair.en.strip() or not pair.zh.strip():
            after.append(pair)
            continue
        linked = replace(link_sentences(pair, aligner), link_status=())
        after.append(pair if linked == pair else linked)
    first, last = before[0].id, before[-1].id
    what = first if first == last else f"{first}-{last}"
    lo = next((n for n, (b, a) in enumerate(zip(before, after)) if b is not a), None)
    if lo is None:
        return Change(f"realign {what}", cursor=start)
    hi = max(n for n, (b, a) in enumerate(zip(before, after)) if b is not a) + 1
    return Change(f"realign {what}", start + lo, tuple(before[lo:hi]), tuple(after[lo:hi]), cursor=start)
