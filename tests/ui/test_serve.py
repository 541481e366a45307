"""`reader serve` in a real browser: the server in a subprocess, headless Chromium (the
installed one, driven over CDP by tests/ui/_browser.py), two tabs on one library.

What a user sees: the bundled article's first pair on the page, keys that work (`j`, `s`,
`g`, `m`), Chinese two cells wide so that the columns line up, `?fontsize=`, a bookmark set
in one tab shown in the other and both kept, an export that arrives as a download (and
nothing written on the server), no request outside the server, and Ctrl+C stopping the
server and every tab's reader. Chromium is required (CI installs it): missing, it is a
failure, not a skip."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from _browser import Browser, find_chromium, until

ROOT = Path(__file__).resolve().parents[2]
TEXT_ID = "japan-europe-2025"
TITLE = "What is Japan's intentions behind strengthening"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uff60]")
DIVIDER = "│"


@pytest.fixture
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.fail("Chromium is not installed, and the served reader is checked in it: "
                    "apt-get install -y chromium (Debian)", pytrace=False)
    return path


class Served:
    """`reader serve --port 0` in a subprocess, its output in files."""

    def __init__(self, folder: Path, data: Path) -> None:
        self.folder = folder
        self.out = folder / "serve.out"
        self.err = folder / "serve.err"
        env = dict(os.environ, READER_DATA_DIR=str(data))
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "reader", "serve", "--port", "0", "--library", str(ROOT)],
                stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=folder, env=env,
            )
        self.url = ""

    async def started(self) -> str:
        def found():
            match = re.search(r"Serving the reader on (http://\S+)", self.out.read_text())
            return match.group(1) if match else None

        self.url = await until(found, 60, "the server's address", lambda: self.process.poll() is None)
        return self.url

    def readers(self) -> list[int]:
        """The processes the server runs for its tabs (its descendants)."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                children.setdefault(int(fields[1]), []).append(int(entry.name))
        found, todo = [], [self.process.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        return found

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def rows(text: str) -> list[str]:
    return text.split("\n")


def row_with(text: str, needle: str) -> str:
    return next((row for row in rows(text) if needle in row), "")


async def test_reader_served_to_a_browser(chromium, tmp_path):
    data = tmp_path / "data"
    served = Served(tmp_path, data)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    try:
        url = await served.started()
        origin = url.rstrip("/")
        async with Browser(chromium, tmp_path / "profile", size=(1280, 800)) as browser:
            finished: dict[str, dict] = {}
            browser.listen(lambda event: finished.setdefault(event["params"]["guid"], event["params"])
                           if event.get("method") == "Browser.downloadProgress"
                           and event["params"]["state"] != "inProgress" else None)
            await browser.send("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True})

            # -- one tab: the first pair, then j, s, g ----------------------------------------
            first = await browser.new_page()
            await first.goto(url)
            shown = await first.wait_for_text(lambda t: TITLE in t and "pair 1 / 11" in t, "the first pair")
            assert "By Sun Wenzhu" in shown and "孙文竹" in shown
            assert row_with(shown, "By Sun Wenzhu").index("By Sun") < row_with(shown, "By Sun Wenzhu").index("孙文竹")

            await first.press("j")
            await first.wait_for_text(lambda t: "pair 2 / 11" in t, "pair 2 after j")

            await first.press("s")  # Chinese on the left
            swapped = await first.wait_for_text(
                lambda t: row_with(t, "By Sun Wenzhu").find("孙文竹") in range(0, row_with(t, "By Sun").find("By Sun")),
                "the columns swapped after s")
            screen = await first.screen()
            assert screen["cols"] >= 100, "wide enough for the columns side by side"
            assert_columns_line_up(screen, swapped)

            await first.press("g")
            panel = await first.wait_for_text(lambda t: "Glossary · pair p2" in t, "the glossary panel after g")
            assert "Sūn Wénzhú" in panel and "person" in panel

            shot = await first.screenshot(tmp_path / "served-reader.png")
            print(f"\nscreenshot of the served reader: {shot}")
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

            # -- a second tab, with a larger font: the same state, its own reader ---------------
            second = await browser.new_page()
            await second.goto(url + "?fontsize=20")
            opened = await second.wait_for_text(lambda t: "pair 2 / 11" in t, "the second tab, where the first is")
            screen_two = await second.screen()
            assert int(screen_two["fontSize"]) == 20 and int(screen["fontSize"]) == 16
            assert screen_two["cols"] < screen["cols"]
            assert row_with(opened, "By Sun Wenzhu").find("By Sun") < row_with(opened, "By Sun Wenzhu").find("孙文竹"), \
                "a tab's swap is its own"

            # A bookmark set in one tab shows in the other (within a second or so) ...
            await first.press("m")
            await first.wait_for_text(lambda t: row_with(t, "By Sun Wenzhu").startswith("*"), "the bookmark on p2")
            await second.wait_for_text(lambda t: row_with(t, "By Sun Wenzhu").startswith("*"),
                                       "tab 1's bookmark in tab 2")
            # ... and the other's in the first, neither overwriting the other.
            await second.press("j")
            await second.wait_for_text(lambda t: "pair 3 / 11" in t, "pair 3 in tab 2")
            await second.press("m")
            await second.wait_for_text(lambda t: row_with(t, "The strategic partnership").startswith("*"),
                                       "tab 2's bookmark on p3")
            await first.wait_for_text(lambda t: row_with(t, "今年1月1日").startswith("*")
                                      and row_with(t, "By Sun Wenzhu").startswith("*"), "both bookmarks in tab 1")

            # -- export: a download in the browser, nothing written on the server ----------------
            await first.press("e")
            await first.wait_for_text(lambda t: f"Export {TEXT_ID}" in t, "the export dialog")
            await first.press("enter")  # html, the first format
            await first.wait_for_text(lambda t: f"Downloading {TEXT_ID}.html" in t, "the download's toast")
            done = await until(lambda: next(iter(finished.values()), None), 90, "the export's download")
            assert done["state"] == "completed", done
            saved = downloads / f"{TEXT_ID}.html"
            assert saved.is_file(), sorted(p.name for p in downloads.iterdir())
            exported = subprocess.run([sys.executable, "-m", "reader", "export", TEXT_ID, "--format", "html",
                                       "--library", str(ROOT)], capture_output=True, check=True)
            assert saved.read_bytes() == exported.stdout, "the same page as `reader export --format html`"
            assert not list(tmp_path.glob(f"{TEXT_ID}*")), "nothing written where the server runs"

            # -- nothing asked of any other server ------------------------------------------------
            for page in (first, second):
                assert page.requests, "the network events were seen"
                outside = [u for u in page.requests
                           if not (u.startswith(origin + "/") or u.startswith("ws" + origin[4:] + "/")
                                   or u.startswith("data:"))]
                assert not outside, outside
                assert any(u.endswith("/static/js/textual.js") for u in page.requests)
                assert not page.console, page.console

            # -- Ctrl+C: the server stops, and every tab's reader with it ---------------------------
            readers = served.readers()
            assert len([pid for pid in readers if _is_reader(pid)]) == 2, readers
            served.process.send_signal(signal.SIGINT)
            code = await until(lambda: served.process.poll() is not None, 60, "the server to stop") \
                and served.process.returncode
            assert code == 0, served.err.read_text()[-2000:]
            assert "stopped" in served.out.read_text()
            assert not [pid for pid in readers if _alive(pid)], "no reader left running"
            await until(lambda: first.evaluate("document.body.classList.contains('-closed')"), 30,
                        "the page to say its reader ended")
    finally:
        served.kill()

    # Both tabs' bookmarks were kept (the state is SQLite, each change its own transaction).
    state = subprocess.run([sys.executable, "-m", "reader", "export", TEXT_ID, "--format", "json",
                            "--library", str(ROOT)], capture_output=True, check=True,
                           env=dict(os.environ, READER_DATA_DIR=str(data)))
    assert json.loads(state.stdout)["annotations"]["bookmarks"] == ["p2", "p3"]


def assert_columns_line_up(screen: dict, text: str) -> None:
    """Every Chinese character takes two cells in xterm.js (as Rich counts it), so the
    divider stands in one column on every row, however much Chinese the row holds."""
    wide = 0
    for row in screen["cells"]:
        for (x, chars, width), after in zip(row, row[1:] + [[None, "", 0]]):
            if CJK.match(chars):
                assert width == 2 and after[2] == 0, (x, chars, width, after)
                wide += 1
    assert wide > 100, "the screen shows Chinese"
    places = {x for row in screen["cells"] for x, chars, _ in row if chars == DIVIDER}
    assert len(places) == 1, (places, text)
    body = [row for row in rows(text) if DIVIDER in row]
    assert len(body) > 20 and sum(bool(CJK.search(row.split(DIVIDER)[0])) for row in body) > 10


def _is_reader(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"reader" in command and b"read" in command


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
