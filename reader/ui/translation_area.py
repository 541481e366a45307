"""The translation editor: a multi-line TextArea that never draws a control character
(what is typed, pasted or loaded goes through `visible`, line breaks kept)."""

from __future__ import annotations

from textual.widgets import TextArea

from ..core.visible import visible


class TranslationArea(TextArea):
    def edit(self, edit):
        edit.text = visible(edit.text, lines=True)
        return super().edit(edit)

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(visible(text, lines=True), language)
