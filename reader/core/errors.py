"""The one exception type the core raises for bad input; the CLI prints it as one line."""

from __future__ import annotations

from pathlib import Path


class ReaderError(Exception):
    """A problem with user input or data, worded for the user.

    `where` names the file and, when known, the place in it (`file:line`).
    """

    def __init__(self, problem: str, where: str | Path | None = None, line: int | None = None):
        self.problem = problem
        self.where = str(where) if where is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.where is None:
            return self.problem
        place = self.where if self.line is None else f"{self.where}:{self.line}"
        return f"{place}: {self.problem}"
