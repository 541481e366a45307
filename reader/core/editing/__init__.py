"""The alignment editor's core: edits of pairs and sentence links as pure functions
(`ops`, `links`, `review`) that return a `Change`; the edit journal that commits them and
lets them be undone and redone across runs (`journal`); and the session that applies,
journals, writes and lets the reading state follow (`session`). No terminal code."""

from .change import Change, apply
from .session import Editor, settle

__all__ = ["Change", "Editor", "apply", "settle"]
