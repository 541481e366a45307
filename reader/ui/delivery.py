"""Files a served reader hands to its user's browser as downloads (an export, the practice
deck): under `reader serve` the reader's file system is the server's, not the user's, so
nothing is written there. Several files (moses: BASE.en and BASE.zh) go as one zip, as a
browser would ask before letting a page download a second file."""

from __future__ import annotations

import io
import mimetypes
import zipfile
from pathlib import Path

MIME_TYPES = {  # what mimetypes does not know, or guesses differently on each system
    ".tmx": "application/x-tmx+xml",
    ".tsv": "text/tab-separated-values",
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".jsonl": "application/jsonl",
    ".apkg": "application/octet-stream",
}


def download(files: dict[Path, bytes], zip_name: str) -> tuple[str, bytes, str]:
    """(the file name the browser saves, its bytes, its MIME type) for the files of an
    export: one file as it is, several in a zip named `zip_name`."""
    if len(files) == 1:
        (path, data), = files.items()
        return path.name, data, mime_type(path.name)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path, data in files.items():
            bundle.writestr(path.name, data)
    return zip_name, archive.getvalue(), "application/zip"


def mime_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def deliver(app, files: dict[Path, bytes], zip_name: str) -> None:
    """Send an export's files to the browser of a served `app` (on the app's thread), and
    say so."""
    name, data, mime = download(files, zip_name)
    app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=mime, name=name)
    size = f"{len(data) / 1024:,.0f} kB" if len(data) >= 1024 else f"{len(data)} bytes"
    app.notify(f"Downloading {name} ({size}): your browser saves it", timeout=8)
