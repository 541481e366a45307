"""Where `-o` writes, and with what mode: files a user exports respect the umask (0644 with
umask 022), private state stays 0600; a device or FIFO is written directly, a symlink is
followed, a read-only file is replaced only with --force. For every command with -o."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from _support import BUNDLED_ID, ROOT, assert_one_line_error

from reader.core.files import write_files_atomically, write_outputs
from reader.core.store import Library


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def align_inputs(tmp_path) -> tuple[Path, Path]:
    en, zh = tmp_path / "a.en.txt", tmp_path / "a.zh.txt"
    en.write_text("The cat sleeps.\nThe dog eats fish.\n", "utf-8")
    zh.write_text("猫在睡觉。\n狗吃鱼。\n", "utf-8")
    return en, zh


# (the command's arguments before -o, given a tmp_path) for every command that takes -o
COMMANDS = {
    "export": lambda tmp: ["export", BUNDLED_ID, "--format", "json", "--library", ROOT],
    "glossary export": lambda tmp: ["glossary", "export", "--format", "tsv", "--library", ROOT],
    "align": lambda tmp: ["align", *align_inputs(tmp), "--presplit"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_an_output_file_respects_the_umask(cli, tmp_path, umask_022, command):
    target = tmp_path / "out.txt"
    result = cli(*COMMANDS[command](tmp_path), "-o", target)
    assert result.code == 0, result.err
    assert mode(target) == 0o644


def test_export_formats_and_the_practice_deck_respect_the_umask(cli, tmp_path, umask_022):
    for fmt, name in (("anki", "deck.apkg"), ("html", "page.html"), ("moses", "corpus")):
        result = cli("export", BUNDLED_ID, "--format", fmt, "-o", tmp_path / name, "--library", ROOT)
        assert result.code == 0, result.err
    written = sorted(p for p in tmp_path.iterdir())
    assert [p.name for p in written] == ["corpus.en", "corpus.zh", "deck.apkg", "page.html"]
    assert {mode(p) for p in written} == {0o644}


def test_library_files_respect_the_umask_and_private_state_does_not(cli, tmp_path, umask_022, seed_path):
    library = tmp_path / "lib"
    assert cli("import", seed_path, "--id", "seed", "--library", library).code == 0
    files = [p for p in library.rglob("*") if p.is_file()]
    assert len(files) == 3 and {mode(p) for p in files} == {0o644}
    state = tmp_path / "data" / "state.json"
    write_files_atomically({state: b"{}"})  # the default: private, as state, attempts, caches
    assert mode(state) == 0o600


def test_replacing_a_file_keeps_its_permissions(tmp_path, umask_022):
    target = tmp_path / "private.html"
    target.write_text("old")
    target.chmod(0o600)
    write_outputs({target: b"new"})
    assert target.read_bytes() == b"new" and mode(target) == 0o600


def device(tmp_path, name: str, minor: int) -> Path:
    """A character device to write to: as root, a node of our own beside the test (so that
    a regression cannot replace the system's /dev/null, as root could); else /dev/NAME,
    which nobody but root can replace."""
    if os.geteuid() != 0:
        if not Path(f"/dev/{name}").exists():
            pytest.skip(f"needs /dev/{name}")
        return Path(f"/dev/{name}")
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except OSError:
        pytest.skip("cannot make a device node here")
    return node


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_is_written_never_replaced(cli, tmp_path, command):
    null = device(tmp_path, "null", 3)
    before = os.stat(null)
    result = cli(*COMMANDS[command](tmp_path), "-o", null)
    assert result.code == 0, result.err
    after = os.stat(null)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert not list(null.parent.glob(".null.*.tmp"))


def test_a_full_device_is_a_one_line_error(cli, tmp_path):
    full = device(tmp_path, "full", 7)
    line = assert_one_line_error(cli("export", BUNDLED_ID, "--format", "json", "-o", full, "--library", ROOT),
                                 str(full))
    assert "No space left on device" in line
    assert stat.S_ISCHR(os.stat(full).st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_is_written_directly(cli, tmp_path, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli(*COMMANDS[command](tmp_path), "-o", fifo)
    reader.join(timeout=10)
    assert result.code == 0, result.err
    assert received and received[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_symlink_is_followed_to_its_target(cli, tmp_path, command):
    target = tmp_path / "real" / "out.txt"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = cli(*COMMANDS[command](tmp_path), "-o", link)
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text("utf-8") != "old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.txt"]  # no temporary left


def test_a_dangling_symlink_creates_its_target_and_one_into_nowhere_is_refused(tmp_path):
    target = tmp_path / "new.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_outputs({link: b"data"})
    assert link.is_symlink() and target.read_bytes() == b"data"
    nowhere = tmp_path / "nowhere.txt"
    nowhere.symlink_to(tmp_path / "missing" / "x.txt")
    from reader.core.errors import ReaderError

    with pytest.raises(ReaderError, match="symlink"):
        write_outputs({nowhere: b"data"})


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_file_is_replaced_only_with_force(cli, tmp_path, command):
    target = tmp_path / "kept.txt"
    target.write_text("precious")
    target.chmod(0o444)
    line = assert_one_line_error(cli(*COMMANDS[command](tmp_path), "-o", target), str(target))
    assert "read-only" in line and "--force" in line
    assert target.read_text() == "precious"
    result = cli(*COMMANDS[command](tmp_path), "-o", target, "--force")
    assert result.code == 0, result.err
    assert target.read_text("utf-8") != "precious" and mode(target) == 0o444


def test_moses_writes_both_files_or_neither(cli, tmp_path):
    base = tmp_path / "corpus"
    (tmp_path / "corpus.zh").write_text("old")
    (tmp_path / "corpus.zh").chmod(0o444)
    assert_one_line_error(cli("export", BUNDLED_ID, "--format", "moses", "-o", base, "--library", ROOT), "read-only")
    assert not (tmp_path / "corpus.en").exists() and (tmp_path / "corpus.zh").read_text() == "old"


def test_the_reader_export_dialog_path_refuses_a_read_only_file(tmp_path):
    from reader.core.errors import ReaderError
    from reader.formats.export import export_text

    target = tmp_path / "out.tsv"
    target.write_text("mine")
    target.chmod(0o444)
    text = Library(ROOT).load(BUNDLED_ID)
    with pytest.raises(ReaderError, match="read-only"):
        export_text(text, "tsv", str(target))
    assert export_text(text, "tsv", str(target), force=True)[1] == [target]
