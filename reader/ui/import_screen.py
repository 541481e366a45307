"""The import screen (key `i`): two files (an English text and its Chinese translation, in
either order) or one bilingual file, chosen in a file tree or typed; an optional id; the
import in a worker thread with a progress bar (chapters done, time left), Escape to cancel
it; then the import report, and Enter opens the text.

The import is `import_sources` (reader.formats.book_import.import_files); it is saved
through the library (`Library.save`, all or nothing) only when it was neither cancelled
nor failed, so a bad file or a cancelled import leaves the library as it was. Whatever
comes from a file (names, titles, the report) is shown as Text objects through `visible`,
never as markup.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, ProgressBar, Static

from ..core.bookalign import Cancelled
from ..core.errors import ReaderError
from ..core.store import ID_PATTERN, Library
from ..core.visible import visible
from .dialogs import TextInput

Progress = Callable[[int, int, str], None]


def import_sources(paths: list[Path], text_id: str | None, progress: Progress | None, cancel):
    """The import the screen runs: (ImportReport, verbatim sources by file name)."""
    from ..formats.book_import import import_files

    return import_files(paths, text_id, None, "as-is", progress, cancel)


class ImportScreen(ModalScreen[str | None]):
    """Returns the id of the text imported when it is to be opened, else None."""

    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    #import-body { width: 100; max-width: 96%; height: 90%; border: round $accent;
                   background: $panel; padding: 0 1; }
    #import-title { max-height: 2; text-style: bold; }
    #import-tree { height: 1fr; min-height: 4; }
    #import-fields { height: auto; }
    #import-fields Input { width: 1fr; }
    #import-id { max-width: 30; }
    #import-progress { height: 1; }
    #import-status { height: auto; max-height: 2; }
    #import-report { height: 1fr; display: none; }
    #import-hint { color: $text-muted; max-height: 2; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel the import, or close"),
        Binding("enter", "open", "Open the imported text", show=False),
    ]

    def __init__(self, library: Library, start: Path | None = None, importer=import_sources) -> None:
        """`start`: the folder the file tree shows first (the working folder by default);
        `importer(paths, text_id, progress, cancel)`: the import to run."""
        super().__init__()
        self._library = library
        self._start = Path(start) if start is not None else Path.cwd()
        self._importer = importer
        self._import_cancel = threading.Event()
        self._import_running = False
        self._imported: str | None = None  # the id of the text saved
        self._import_started = 0.0
        self.worker = None  # the running (or last) import's worker
        self.status = ""  # the status line, as shown
        self.report = ""  # the import report, as shown

    def compose(self) -> ComposeResult:
        with Vertical(id="import-body"):
            yield Static(Text("Import: an English file and its Chinese translation (either order), "
                              "or one bilingual file"), id="import-title")
            yield DirectoryTree(str(self._start), id="import-tree")
            with Horizontal(id="import-fields"):
                yield TextInput(placeholder="first file (or one bilingual file)", id="import-first")
                yield TextInput(placeholder="second file (optional)", id="import-second")
                yield TextInput(placeholder="id (optional)", id="import-id")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static("", id="import-status")
            with VerticalScroll(id="import-report"):
                yield Static("", id="import-report-text")
            yield Static(Text("Choose a file in the tree (it fills the next field) or type its path · "
                              "Enter in a field: import · Esc: cancel or close"), id="import-hint")

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-first", Input).focus()

    # -- choosing files ----------------------------------------------------------------------

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        first, second = self.query_one("#import-first", Input), self.query_one("#import-second", Input)
        target = first if not first.value.strip() else second
        target.value = visible(str(event.path))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._imported is not None:
            self.action_open()
        else:
            self.start_import()

    def chosen(self) -> tuple[list[Path], str | None]:
        """The files and the id asked for; a ReaderError when they will not do."""
        values = [self.query_one(f"#import-{name}", Input).value.strip() for name in ("first", "second")]
        paths = [Path(value).expanduser() for value in values if value]
        if not paths:
            raise ReaderError("choose a file to import (or two: an English and a Chinese one)")
        for path in paths:
            if not path.is_file():
                raise ReaderError("no such file" if not path.exists() else "not a file", path)
        if len(paths) == 2 and paths[0].resolve() == paths[1].resolve():
            raise ReaderError("the same file twice: choose an English and a Chinese file", paths[0])
        text_id = self.query_one("#import-id", Input).value.strip() or None
        if text_id is not None and not ID_PATTERN.match(text_id):
            raise ReaderError(f"id {text_id!r}: use lower-case letters, digits and hyphens (at most 64)")
        return paths, text_id

    # -- importing -----------------------------------------------------------------------------

    def start_import(self) -> None:
        if self._import_running or self._imported is not None:
            return
        try:
            paths, text_id = self.chosen()
        except ReaderError as exc:
            self._say(str(exc), error=True)
            return
        self._import_running = True
        self._import_cancel.clear()
        self._import_started = time.monotonic()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._say(visible(f"importing {', '.join(path.name for path in paths)}…"))
        self.worker = self._work(paths, text_id)

    @work(thread=True, exclusive=True, group="import")
    def _work(self, paths: list[Path], text_id: str | None) -> None:
        app = self.app
        try:
            report, sources = self._importer(paths, text_id, self._progress_from_worker, self._import_cancel)
            if self._import_cancel.is_set():
                raise Cancelled("cancelled")
            text = report.text
            english = sources[text.meta.source_file]
            others = {name: data for name, data in sources.items() if name != text.meta.source_file}
            self._library.save(text, english, others=others)
        except Cancelled:
            app.call_from_thread(self._ended, "import cancelled: nothing was written to the library", True)
        except ReaderError as exc:
            app.call_from_thread(self._ended, str(exc), True)
        except (OSError, ValueError, KeyError) as exc:  # a reader's slip: one line, not a crash
            app.call_from_thread(self._ended, f"import failed: {exc}", True)
        else:
            app.call_from_thread(self._finished, report)

    def _progress_from_worker(self, done: int, total: int, label: str) -> None:
        self.app.call_from_thread(self._progress, done, total, label)

    def _progress(self, done: int, total: int, label: str) -> None:
        if not self._import_running:
            return
        self.query_one("#import-progress", ProgressBar).update(total=max(total, 1), progress=done)
        elapsed = time.monotonic() - self._import_started
        left = elapsed / done * (total - done) if done else None
        when = f", {_duration(left)} left" if left is not None else ""
        self._say(visible(f"{done}/{total} chapters{when}  {' '.join(label.split())[:40]}"))

    def _ended(self, message: str, error: bool) -> None:
        self._import_running = False
        self.query_one("#import-progress").display = False
        self._say(message, error=error)

    def _finished(self, report) -> None:
        self._import_running = False
        self._imported = report.text.id
        self.query_one("#import-progress").display = False
        self.query_one("#import-tree").display = False
        self.query_one("#import-fields").display = False
        self._say(visible(f"imported as {report.text.id!r} · Enter: open it · Esc: close"))
        self.report = "\n".join(visible(line) for line in report.lines())
        self.query_one("#import-report-text", Static).update(Text(self.report))
        scroll = self.query_one("#import-report", VerticalScroll)
        scroll.display = True
        scroll.focus()

    def _say(self, message: str, error: bool = False) -> None:
        line = self.status = " ".join(visible(message).split())
        self.query_one("#import-status", Static).update(Text(line, style="bold red" if error else ""))

    # -- leaving -------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self._import_running:
            self._import_cancel.set()
            self._say("cancelling…")
            return
        self.dismiss(None)

    def action_open(self) -> None:
        if self._imported is not None:
            self.dismiss(self._imported)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"
