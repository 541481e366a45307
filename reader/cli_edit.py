"""`reader edit TEXT ACTION ...`: the alignment editor from the command line, for scripts
and for fixing a corpus in bulk. Each action is one edit (reader.core.editing), committed
to the text's edit journal and written to its alignment file before the command ends;
`undo`, `redo` and `history` step through the journal, which the reader's edit mode
shares."""

from __future__ import annotations

import sys
import time

from .core.errors import ReaderError
from .core.visible import visible

ACTIONS = {
    "merge": "join PAIR with the next pair",
    "split": "cut PAIR in two: before link --at N (or sentence N of each side; default: its last link), "
             "or after --en K and --zh M sentences",
    "shift": "move sentences of one side (--side) between neighbouring pairs: --up the first into the pair "
             "above, --down the last into the pair below (--count N of them)",
    "move": "move a whole side (--side) of PAIR --up or --down into the neighbouring pair",
    "open-gap": "give PAIR an empty counterpart: its --side and those below move down a pair, into the next gap",
    "close-gap": "close the gap where PAIR has no text on --side: the pairs below move that side up a pair",
    "merge-link": "join sentence link --link N of PAIR with the next",
    "split-link": "cut link --link N of PAIR in two (after --en K and --zh M sentences)",
    "shift-link": "move a sentence of link --link N (--side) into the link above (--up) or below (--down)",
    "confirm": "confirm PAIR (and the unchecked pairs above), or one link of it (--link N)",
    "realign": "run the sentence aligner again on PAIR or on --pairs 3-9",
    "undo": "undo the last edit",
    "redo": "redo the last edit undone",
    "history": "list the edits, the last first (those undone marked)",
}


def add_parser(commands, common) -> None:
    edit = commands.add_parser(
        "edit", parents=[common], help="edit the alignment of a text (merge, split, shift, confirm, undo, ...)",
        description="Edit the alignment of a text of the library. Actions: "
        + "; ".join(f"{name}: {what}" for name, what in ACTIONS.items()) + ".",
    )
    edit.add_argument("text", metavar="TEXT", help="text id")
    edit.add_argument("action", metavar="ACTION", help="one of " + ", ".join(ACTIONS))
    edit.add_argument("pair", nargs="?", metavar="PAIR", help="a pair id (p3), or its number")
    edit.add_argument("--side", metavar="LANG", help="en or zh")
    direction = edit.add_mutually_exclusive_group()
    direction.add_argument("--up", action="store_true", help="towards the start of the text")
    direction.add_argument("--down", action="store_true", help="towards the end")
    edit.add_argument("--at", type=int, metavar="N", help="split: the new pair starts at link N (from 1)")
    edit.add_argument("--en", type=int, metavar="K", help="split: English sentences that stay")
    edit.add_argument("--zh", type=int, metavar="M", help="split: Chinese sentences that stay")
    edit.add_argument("--link", type=int, metavar="N", help="a sentence link of PAIR, from 1")
    edit.add_argument("--count", type=int, default=1, metavar="N", help="shift: how many sentences (default 1)")
    edit.add_argument("--pairs", metavar="RANGE", help="realign: pairs 3-9 (counted from 1)")


def cmd_edit(library, args) -> int:
    from .core import transaction
    from .core.editing import Editor
    from .core.userstate import UserState

    if args.action not in ACTIONS:
        raise ReaderError(f"unknown edit action {args.action!r} (choose from {', '.join(ACTIONS)})")
    with transaction.locked(library.root, exclusive=True):  # no other writer between reading and writing
        text = library.load(args.text)
        state, warning = UserState.open()
        try:
            if warning:
                for line in warning.splitlines():
                    print(f"reader: warning: {visible(line)}", file=sys.stderr)
            editor = Editor.open(library, text, state=state)
            if editor.warning:
                print(f"reader: warning: {visible(editor.warning)}", file=sys.stderr)
            count = len(text.pairs)
            if args.action == "history":
                _history(editor)
                return 0
            if args.action == "undo":
                change = editor.undo()
            elif args.action == "redo":
                change = editor.redo()
            else:
                try:
                    change = editor.do(_change(editor, text, args))
                except ReaderError as exc:  # an impossible edit: name the file it is about
                    if exc.where is None:
                        raise ReaderError(exc.problem, library.alignment_path(text.id)) from None
                    raise
            if editor.warning and "follow" in editor.warning:
                print(f"reader: warning: {visible(editor.warning)}", file=sys.stderr)
        finally:
            state.close()
    pairs = len(text.pairs)
    counted = f" ({count:,} → {pairs:,} pairs)" if pairs != count else ""
    print(visible(f"{change.summary}{counted}; written to {library.alignment_path(text.id)}"))
    return 0


def _pair_index(text, ref: str | None) -> int:
    if ref is None:
        raise ReaderError("give the PAIR to edit (its id, p3, or its number)")
    for index, pair in enumerate(text.pairs):
        if pair.id == ref:
            return index
    if ref.isdigit() and 1 <= int(ref) <= len(text.pairs):
        return int(ref) - 1
    raise ReaderError(f"no pair {ref!r} in {text.id} (its pairs are {text.pairs[0].id} to {text.pairs[-1].id}, "
                      f"or 1 to {len(text.pairs)})")


def _side(args) -> str:
    if args.side not in ("en", "zh"):
        raise ReaderError(f"{args.action}: give --side en or --side zh")
    return args.side


def _upward(args) -> bool:
    if not args.up and not args.down:
        raise ReaderError(f"{args.action}: give --up or --down")
    return args.up


def _link(args, pair) -> int:
    if args.link is None:
        raise ReaderError(f"{args.action}: give the sentence link, --link N (from 1)")
    if not 1 <= args.link <= len(pair.links):
        raise ReaderError(f"{pair.id} has {len(pair.links)} sentence link(s): there is no link {args.link}")
    return args.link - 1


def _change(editor, text, args):
    from .core.editing import links, ops, review
    from .formats.export import pair_range

    action = args.action
    if action == "realign":
        if args.pairs is not None:
            start, stop = pair_range(args.pairs, len(text.pairs))
        else:
            start = _pair_index(text, args.pair)
            stop = start + 1
        return links.realign(text, start, stop)
    index = _pair_index(text, args.pair)
    pair = text.pairs[index]
    if action == "merge":
        return ops.merge(text, index)
    if action == "split":
        if args.en is not None or args.zh is not None:
            if args.at is not None:
                raise ReaderError("split: give --at N, or --en K and --zh M, not both")
            en = args.en if args.en is not None else 0
            zh = args.zh if args.zh is not None else 0
        else:
            if args.at is not None and args.at < 1:
                raise ReaderError(f"split --at {args.at}: links are counted from 1")
            en, zh = ops.cut_points(pair, args.at - 1 if args.at is not None else None)
        return ops.split(text, index, en, zh, editor.used_ids)
    if action == "shift":
        if args.count < 1:
            raise ReaderError(f"--count {args.count}: at least 1")
        if _upward(args):
            return ops.shift_up(text, index, _side(args), args.count)
        return ops.pop_down(text, index, _side(args), args.count)
    if action == "move":
        return ops.move_side(text, index, _side(args), _upward(args))
    if action == "open-gap":
        return ops.open_gap(text, index, _side(args), editor.used_ids)
    if action == "close-gap":
        return ops.close_gap(text, index, _side(args))
    if action == "merge-link":
        return links.merge_links(text, index, _link(args, pair))
    if action == "split-link":
        return links.split_link(text, index, _link(args, pair), args.en, args.zh)
    if action == "shift-link":
        return links.shift_link(text, index, _link(args, pair), _side(args), _upward(args))
    if action == "confirm":
        return review.confirm(text, index, _link(args, pair) if args.link is not None else None)
    raise AssertionError(action)


def _history(editor) -> None:
    entries = editor.history()
    if not entries:
        print(visible(f"no edits of {editor.text.id} yet"))
        return
    for number, (entry, done) in reversed(list(enumerate(entries, start=1))):
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.time)) if entry.time else ""
        mark = "" if done else "  (undone)"
        print(visible(f"{number:>4}  {when}  {entry.change.summary}{mark}"))
