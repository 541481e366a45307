"""Headless Chromium (the installed one: nothing is downloaded) driven over the Chrome
DevTools Protocol, through a websocket of aiohttp (which textual-serve needs anyway).

Just what the served-reader test needs: pages (targets) with their network requests,
JavaScript evaluated in them, keys typed, screenshots, downloads. Every wait is on a
condition, with a generous deadline, never a fixed sleep."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import time
from pathlib import Path

import aiohttp

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--remote-debugging-port=0")

# The xterm.js Terminal that textual.js makes is a local of its page script; this catches
# it as textual.js stores it (`this.terminal = new Terminal(...)`), then removes the trap.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.unicode) {
      window.__terminal = value;
      delete Object.prototype.terminal;
    }
  },
});
"""

# The terminal's screen, row by row: the text, and each cell as [x, characters, width].
READ_SCREEN = """
(() => {
  const terminal = window.__terminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, rows = [], cells = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
    const row = [];
    for (let x = 0; line && x < terminal.cols; x++) {
      const cell = line.getCell(x);
      row.push([x, cell.getChars(), cell.getWidth()]);
    }
    cells.push(row);
  }
  return {rows, cells, cols: terminal.cols, fontSize: terminal.options.fontSize,
          fontFamily: terminal.options.fontFamily};
})()
"""

KEYS = {  # key -> (key, code, virtual key code, text)
    "enter": ("Enter", "Enter", 13, "\r"),
    "escape": ("Escape", "Escape", 27, ""),
    "down": ("ArrowDown", "ArrowDown", 40, ""),
}


def find_chromium() -> str | None:
    for name in CHROMIUM:
        path = shutil.which(name)
        if path:
            return path
    return None


class CDPError(RuntimeError):
    pass


class Browser:
    """One Chromium process and its DevTools websocket (`async with Browser(...) as b`)."""

    def __init__(self, executable: str, profile: Path, *, size=(1280, 800)) -> None:
        self.executable = executable
        self.profile = profile
        self.size = size
        self.process: subprocess.Popen | None = None
        self._http: aiohttp.ClientSession | None = None
        self._socket = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self._listeners: list = []
        self._reader: asyncio.Task | None = None

    async def __aenter__(self) -> "Browser":
        self.profile.mkdir(parents=True, exist_ok=True)
        port_file = self.profile / "DevToolsActivePort"
        port_file.unlink(missing_ok=True)  # an earlier run's
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile}",
             f"--window-size={self.size[0]},{self.size[1]}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            lines = await until(lambda: _lines(port_file), 60, "Chromium's DevTools port",
                                lambda: self.process.poll() is None)
            self._http = aiohttp.ClientSession()
            self._socket = await self._http.ws_connect(f"ws://127.0.0.1:{lines[0]}{lines[1]}", max_msg_size=0)
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc) -> None:
        try:
            if self._socket is not None and not self._socket.closed:
                try:
                    await asyncio.wait_for(self.send("Browser.close"), 10)
                except (asyncio.TimeoutError, CDPError, ConnectionError):
                    pass
                await self._socket.close()
            if self._reader is not None:
                self._reader.cancel()
            if self._http is not None:
                await self._http.close()
        finally:
            if self.process is not None:
                if self._socket is None:  # never connected: nothing asked it to close
                    self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()

    async def _read(self) -> None:
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(CDPError(f"{data['error']}"))
                    else:
                        future.set_result(data.get("result", {}))
            else:
                for listener in list(self._listeners):
                    listener(data)
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(ConnectionError("the browser closed its DevTools connection"))

    async def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        number = next(self._ids)
        message = {"id": number, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._socket.send_str(json.dumps(message))
        return await future

    def listen(self, listener) -> None:
        self._listeners.append(listener)

    async def new_page(self) -> "Page":
        target = (await self.send("Target.createTarget", {"url": "about:blank"}))["targetId"]
        session = (await self.send("Target.attachToTarget", {"targetId": target, "flatten": True}))["sessionId"]
        page = Page(self, target, session)
        self.listen(page._event)
        for domain in ("Page", "Network", "Runtime"):
            await page.send(f"{domain}.enable")
        await page.send("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        return page


class Page:
    """A tab: what it requested, and what it shows."""

    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser = browser
        self.target = target
        self.session = session
        self.requests: list[str] = []  # every URL the page asked for (websockets too)
        self.console: list[str] = []

    def _event(self, data: dict) -> None:
        if data.get("sessionId") != self.session:
            return
        params = data.get("params", {})
        if data["method"] == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif data["method"] == "Network.webSocketCreated":
            self.requests.append(params["url"])
        elif data["method"] in ("Runtime.exceptionThrown",):
            self.console.append(json.dumps(params.get("exceptionDetails", {}))[:500])

    async def send(self, method: str, params: dict | None = None) -> dict:
        return await self.browser.send(method, params, self.session)

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", {"url": url})

    async def evaluate(self, expression: str):
        result = await self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                      "awaitPromise": True})
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def screen(self) -> dict | None:
        """The terminal's rows and cells, or None before textual.js has made it."""
        return await self.evaluate(READ_SCREEN)

    async def text(self) -> str:
        screen = await self.screen()
        return "\n".join(screen["rows"]) if screen else ""

    async def wait_for_text(self, predicate, what: str, timeout: float = 90) -> str:
        """The screen's text once `predicate(text)` holds (polled; fails after `timeout`)."""
        last = [""]

        async def check():
            last[0] = await self.text()
            return last[0] if predicate(last[0]) else None

        try:
            return await until(check, timeout, what)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the screen showed:\n{last[0]}") from None

    async def press(self, key: str) -> None:
        """Type one key as a person would (keyDown, which also sends its character, and keyUp)."""
        await self.evaluate("window.__terminal && window.__terminal.focus()")
        if key in KEYS:
            name, code, vk, text = KEYS[key]
        else:
            name, text = key, key
            code = f"Key{key.upper()}" if key.isalpha() else ""
            vk = ord(key.upper())
        down = {"type": "keyDown", "key": name, "code": code, "windowsVirtualKeyCode": vk}
        if text:
            down["text"] = text
        await self.send("Input.dispatchKeyEvent", down)
        await self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": name, "code": code,
                                                   "windowsVirtualKeyCode": vk})

    async def screenshot(self, path: Path) -> Path:
        data = (await self.send("Page.captureScreenshot", {"format": "png"}))["data"]
        path.write_bytes(base64.b64decode(data))
        return path


async def until(condition, timeout: float, what: str, alive=lambda: True):
    """Poll `condition` (a function, or a coroutine function) until it gives a true value,
    and return that value; an AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if not alive():
            raise AssertionError(f"gave up waiting for {what}: the process ended")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {timeout:.0f} s")
        await asyncio.sleep(0.1)


def _lines(path: Path) -> list[str] | None:
    try:
        lines = path.read_text().split()
    except FileNotFoundError:
        return None
    return lines if len(lines) >= 2 else None
