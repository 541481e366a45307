"""Word links in the reader: the counterparts of the word under the word cursor lit in
the other column, and the text's own rendering for the add-term form.

The model (reader.core.wordlinks) is learnt once per text, or read from the cache, in a
background thread started on first need (a large text in a child process, so that its
learning never holds the reader's GIL): until it is there nothing is lit, and the first
frame never waits for it.
"""

from __future__ import annotations

import hashlib
import threading

_STATE = "_wordlinks_state"


def _text_bytes(pairs) -> bytes:
    """The text's alignment as the model sees it (ids, both sides, sentence links)."""
    digest = hashlib.sha256()
    for pair in pairs:
        digest.update(repr((pair.id, pair.en, pair.zh, pair.sentences_en, pair.sentences_zh, pair.links)).encode())
    return digest.digest()


def model(app):
    """The text's word-link model, or None while it is being learnt (or with no dictionary)."""
    state = app.__dict__.setdefault(_STATE, {}) if hasattr(app, "__dict__") else {}
    key = getattr(app.text, "id", "")
    if state.get("text") == key and state.get("model") is not None:
        return state["model"]
    if app.dictionary is None or state.get("running") == key:
        return None
    state.update(text=key, running=key, model=None)
    pairs = list(app.text.pairs)
    glossary = list(getattr(app.terms, "entries", ()) or ())
    dictionary = app.dictionary

    def run() -> None:
        from ..core import wordlinks  # here, in the thread: numpy is ~50 ms the first frame need not wait for

        try:
            found = wordlinks.learned(key, _text_bytes(pairs), pairs, dictionary, glossary)
        except Exception:  # noqa: BLE001 - word links are a help; the reader goes on without them
            found = wordlinks.WordLinkModel()
        state.update(model=found, running=None)
        try:
            app.call_from_thread(_arrived, app)
        except Exception:  # noqa: BLE001 - the app closed meanwhile
            pass

    threading.Thread(target=run, daemon=True, name="wordlinks").start()
    return None


def marks(app, index: int, word) -> dict[str, list[tuple[int, int, str]]]:
    """The counterparts of the Chinese word `word` (a span) of pair `index`, as marks."""
    if word is None:
        return {}
    found = model(app)
    if found is None:
        return {}
    pair = app.pairs[index]
    return {"en": [(a, b, "wordlink") for a, b in found.english_spans(pair, word)]}


def links(app):
    """`counterpart.WordLinks` for the add-term form, or None while there is no model."""
    found = model(app)
    return None if found is None else found.english_for


def _arrived(app) -> None:
    app.view.refresh_marks()
    update = getattr(app, "_update_panel", None)
    if update is not None:
        update()


def chosen(app) -> str | None:
    """The English the text chose for the word under the word cursor, in its pair."""
    from ..core.visible import visible

    if app.word is None or not app.text.pairs:
        return None
    found = model(app)
    if found is None:
        return None
    pair = app.text.pairs[app.view.cursor]
    span = found.english_for(pair, app.word)  # as the add-term form offers it
    if span is None:
        return None
    return visible(" ".join(pair.en[span[0]:span[1]].split()))
