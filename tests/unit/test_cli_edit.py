"""`reader edit` on a copy of the bundled article: each action, the file valid after each
step, one-line errors for impossible edits, undo and redo across runs, and real kills
(SIGKILL) during edits, which leave the text as it was before or after, never broken."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _support import BUNDLED_ID, ROOT, assert_one_line_error

from reader.core.store import Library, bundled_library


@pytest.fixture
def library(tmp_path) -> Path:
    root = tmp_path / "library"
    for sub in ("texts", "alignments"):
        shutil.copytree(bundled_library() / sub, root / sub)
    return root


def edit(cli, library, *args):
    return cli("--library", library, "edit", BUNDLED_ID, *args)


def pairs(library: Path):
    return Library(library).load(BUNDLED_ID).pairs  # validates the whole file


def test_merge_split_shift_confirm_undo_redo(cli, library):
    path = library / "alignments" / f"{BUNDLED_ID}.jsonl"
    original = path.read_bytes()
    steps = [
        (("merge", "p3"), "merge p3 + p4 (11 → 10 pairs)"),
        (("split", "p7", "--at", "3"), "split p7 into p7 + p7a (10 → 11 pairs)"),
        (("shift", "p5", "--side", "zh", "--up"), "move 1 Chinese sentence of p5 up into p3"),
        (("shift", "p8", "--side", "en", "--down", "--count", "2"), "move 2 English sentences of p8 down into p9"),
        (("move", "p10", "--side", "zh", "--up"), "move the Chinese of p10 up into p9"),
        (("split-link", "p5", "--link", "2"), "split link 2 of p5"),
        (("confirm", "p6"), "confirm p6 (and 2 pairs above)"),
        (("confirm", "p7", "--link", "1"), "confirm link 1 of p7"),
        (("realign", "--pairs", "3-4"), "realign p3-p5"),
    ]
    seen = []
    for args, said in steps:
        result = edit(cli, library, *args)
        assert result.code == 0, result.err
        assert result.out == f"{said}; written to {path}\n"
        seen.append(pairs(library))
    history = edit(cli, library, "history").out.splitlines()
    assert len(history) == len(steps) and history[0].endswith("realign p3-p5")
    for number in range(len(steps) - 1, -1, -1):
        result = edit(cli, library, "undo")
        assert result.code == 0 and result.out.startswith("undo "), result.err
        assert pairs(library) == (seen[number - 1] if number else Library(bundled_library()).load(BUNDLED_ID).pairs)
    assert path.read_bytes() == original
    assert "(undone)" in edit(cli, library, "history").out
    assert edit(cli, library, "redo").out.startswith("merge p3 + p4")
    assert pairs(library) == seen[0]


@pytest.mark.parametrize("args, names", [
    (("merge", "p11"), ["p11 is the last pair: nothing to merge it with"]),
    (("split", "p7", "--at", "9"), ["p7 has 4 sentence link(s): there is no link 9"]),
    (("split", "p4", "--en", "5"), ["p4 has 2 English sentence(s): cannot cut after sentence 5"]),
    (("shift", "p1", "--side", "en", "--up"), ["p1 is the first pair"]),
    (("shift", "p3", "--up"), ["shift: give --side en or --side zh"]),
    (("move", "p3", "--side", "zh"), ["move: give --up or --down"]),
    (("merge", "p99"), ["no pair 'p99'"]),
    (("merge",), ["give the PAIR to edit"]),
    (("frob", "p3"), ["unknown edit action 'frob'"]),
    (("undo",), [f"nothing to undo in {BUNDLED_ID}"]),
    (("merge-link", "p1", "--link", "1"), ["p1 has 0 sentence link(s): there is no link 1"]),
])
def test_impossible_edits_are_one_line_errors(cli, library, args, names):
    before = (library / "alignments" / f"{BUNDLED_ID}.jsonl").read_bytes()
    assert_one_line_error(edit(cli, library, *args), *names)
    assert (library / "alignments" / f"{BUNDLED_ID}.jsonl").read_bytes() == before


def test_an_impossible_edit_names_the_file(cli, library):
    line = assert_one_line_error(edit(cli, library, "merge", "p11"))
    assert f"alignments/{BUNDLED_ID}.jsonl: p11 is the last pair" in line


def test_the_edited_text_is_what_every_command_sees(cli, library):
    assert edit(cli, library, "merge", "p3").code == 0
    shown = cli("--library", library, "export", BUNDLED_ID, "--format", "tsv").out.splitlines()
    assert len(shown) == 11 and shown[3].startswith("p3\t") and not any(line.startswith("p4\t") for line in shown)
    check = cli("--library", library, "glossary", "check", BUNDLED_ID, "--json")
    assert check.code == 0 and '"p4"' not in check.out


def test_no_text_to_edit(cli, library):
    assert_one_line_error(cli("--library", library, "edit", "nope", "merge", "p1"), "no text 'nope'")


# -- real kills -------------------------------------------------------------------------------


WORKER = """
import sys
from reader.cli import main
from reader.core.store import Library
if len(Library(sys.argv[1]).load(sys.argv[2]).pairs) != 11:  # the last worker was killed after its merge
    main(["--library", sys.argv[1], "edit", sys.argv[2], "undo"])
print("\\nready", flush=True)
for _ in range(1000):
    main(["--library", sys.argv[1], "edit", sys.argv[2], "merge", "p3"])
    main(["--library", sys.argv[1], "edit", sys.argv[2], "undo"])
"""


def test_real_kills_during_edits_leave_the_text_before_or_after(library, tmp_path):
    """SIGKILL a process merging and undoing in a loop, at random instants: each time, the
    next reader finds the text before the merge or after it, and can edit on."""
    rng = random.Random(12)
    before = pairs(library)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "READER_DATA_DIR": str(tmp_path / "data")}
    found = {"before": 0, "after": 0}
    for _ in range(10):
        worker = subprocess.Popen([sys.executable, "-c", WORKER, str(library), BUNDLED_ID],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        try:
            while worker.stdout.readline() != b"ready\n":
                pass
            time.sleep(rng.uniform(0.05, 0.6))
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            worker.stdout.close()
            worker.stderr.close()
        now = pairs(library)
        if now == before:
            found["before"] += 1
        else:
            assert len(now) == len(before) - 1 and now[2].en == before[2].en + " " + before[3].en
            found["after"] += 1
    assert sum(found.values()) == 10
    # and the journal goes on from where the kills left it
    text = Library(library).load(BUNDLED_ID)
    from reader.core.editing import Editor

    editor = Editor.open(Library(library), text)
    while editor.journal.done:
        editor.undo()
    assert pairs(library) == before
