"""The English word cursor: `x` takes the word cursor across to the English column (and
back), where `w` / `b` move it over the English words of the pair and `W` / `B` widen it
to a phrase. The Chinese the text's word links give for it is lit in the other column;
the dictionary panel shows the English, the Chinese the text chose and CC-CEDICT's
entries for that Chinese; `+` opens the add-term form with both.

Its state is the app's (`app.__dict__`), kept apart from the Chinese word cursor
(`app.word`): at most one of them is on. The app hooks in with one line per key.
"""

from __future__ import annotations

from rich.text import Text as RichText

from ..core.visible import visible
from ..core.english import english_tokens
from . import wordlinks_view

_STATE = "_english_word"  # (pair index, (start, end)) of the English word cursor


def span(app) -> tuple[int, int] | None:
    """The English word cursor's span in the cursor pair's English, or None when it is off."""
    state = app.__dict__.get(_STATE)
    if state is None or state[0] != app.view.cursor:
        return None
    return state[1]


def active(app) -> bool:
    return span(app) is not None


def _words(app) -> list[tuple[int, int]]:
    pair = app.text.pairs[app.view.cursor]
    return [(a, b) for _key, a, b in english_tokens(pair.en)]


def _set(app, word: tuple[int, int] | None) -> None:
    app.__dict__[_STATE] = None if word is None else (app.view.cursor, word)
    app.view.refresh_marks()
    if word is not None:
        app.view.reveal_text("en", word[0])  # the word may be deep in a tall pair
        if not app.panel.display:
            app.panel.display = True
    app._update_panel()


def clear(app) -> bool:
    """Put the English word cursor away; True if it was on."""
    if app.__dict__.get(_STATE) is None:
        return False
    app.__dict__[_STATE] = None
    app.view.refresh_marks()  # the pair it was on too, if the cursor has left it
    app._update_panel()
    return True


def cross(app) -> None:
    """`x`: the word cursor to the other column, onto the counterpart of its word when
    the word links have one (else the word nearest the same place)."""
    if not app.text.pairs:
        return
    pair = app.text.pairs[app.view.cursor]
    app._want_dictionary()  # the word links and the panel need CC-CEDICT
    found = wordlinks_view.model(app)
    english = span(app)
    if english is None:  # Chinese (or no cursor) -> English
        if app.view.hidden == "en" and app.view.cursor not in app.view.revealed:
            app.say("The English is hidden (study): Space reveals the pair")
            return
        words = _words(app)
        if not words:
            app.say("No English words in this pair")
            return
        target = None
        if app.word is not None:
            if found is not None:
                linked = found.english_spans(pair, app.word)
                target = next((w for w in words if linked and w[0] <= linked[0][0] < w[1]), None)
            if target is None:
                target = _nearest(words, app.word[0] / max(len(pair.zh), 1), len(pair.en))
            app.word = None
        else:
            target = words[0]
        _set(app, target)
        app.say("English word cursor: w / b move, W / B widen, + adds to the glossary, x back to the Chinese")
        return
    # English -> Chinese
    chinese = app.terms.words(app.view.cursor, app.dictionary)
    if not chinese:
        clear(app)
        app.say("No Chinese words in this pair")
        return
    counterpart = found.chinese_span(pair, english) if found is not None else None
    if counterpart is not None:
        target = next((w for w in chinese if w[0] <= counterpart[0] < w[1]), None)
    else:
        target = None
    if target is None:
        target = _nearest(chinese, english[0] / max(len(pair.en), 1), len(pair.zh))
    app.__dict__[_STATE] = None
    app.word = None
    app.say("")
    # the Chinese word cursor takes over, as w / b would set it
    app.word = target
    app.view.refresh_marks()
    app.view.reveal_text("zh", target[0])
    app._update_panel()


def _nearest(words, where: float, length: int) -> tuple[int, int]:
    return min(words, key=lambda w: abs(w[0] / max(length, 1) - where))


def move(app, step: int) -> bool:
    """`w` / `b` while the English word cursor is on; False (the key is the Chinese
    cursor's) when it is off."""
    current = span(app)
    if current is None:
        return False
    words = _words(app)
    if step > 0:
        target = next((w for w in words if w[0] >= current[1]), None)
    else:
        target = next((w for w in reversed(words) if w[1] <= current[0]), None)
    if target is None:  # at the end: stay on the last (first) word, a phrase as one word
        target = next((w for w in reversed(words) if w[1] <= current[1]), current) if step > 0 else \
            next((w for w in words if w[0] >= current[0]), current)
    _set(app, target)
    return True


def widen(app, step: int) -> bool:
    """`W` / `B`: the English phrase widened by the next / previous word."""
    current = span(app)
    if current is None:
        return False
    words = _words(app)
    start, end = current
    if step > 0:
        more = next((w for w in words if w[0] >= end), None)
        widened = (start, more[1]) if more else None
    else:
        more = next((w for w in reversed(words) if w[1] <= start), None)
        widened = (more[0], end) if more else None
    if widened is None:
        app.say("The selection reaches the " + ("end" if step > 0 else "start") + " of the pair")
        return True
    _set(app, widened)
    phrase = app.text.pairs[app.view.cursor].en[widened[0]:widened[1]]
    app.say(visible(f"Selected “{' '.join(phrase.split())}” (+ adds it to the glossary; w / b: one word again)"))
    return True


def counterpart(app) -> tuple[int, int] | None:
    """The Chinese the text chose for the English under the cursor (a span), if known."""
    english = span(app)
    found = wordlinks_view.model(app) if english is not None else None
    if found is None:
        return None
    return found.chinese_span(app.text.pairs[app.view.cursor], english)


def marks(app, index: int) -> dict[str, list[tuple[int, int, str]]]:
    """The English word cursor and its Chinese counterparts, as marks of pair `index`."""
    english = span(app)
    if english is None or index != app.view.cursor:
        return {}
    found = wordlinks_view.model(app)
    pair = app.text.pairs[index]
    lit = found.chinese_for(pair, english) if found is not None else []
    return {"en": [(*english, "word")], "zh": [(a, b, "wordlink") for a, b in lit]}


def panel_text(app) -> RichText | None:
    """What the dictionary panel shows for the English word cursor (None when it is off):
    the English, the Chinese the text chose and that Chinese's glossary or CC-CEDICT entry."""
    from .glossary_panel import dictionary_text, entry_text

    english = span(app)
    if english is None:
        return None
    pair = app.text.pairs[app.view.cursor]
    phrase = visible(" ".join(pair.en[english[0]:english[1]].split()))
    shown = RichText()
    shown.append(phrase, style="bold")
    if app.dictionary is None:
        return shown.append("\nloading CC-CEDICT…", style="dim")
    if wordlinks_view.model(app) is None:
        return shown.append("\nlearning the word links of this text…", style="dim")
    chinese = counterpart(app)
    if chinese is None:
        return shown.append("\nno Chinese linked to it in this pair", style="dim")
    zh = pair.zh[chinese[0]:chinese[1]]
    shown.append("\nin this text: ", style="dim").append(visible(zh))
    entry = app.terms.glossary_entry(zh)
    if entry is not None:
        return shown.append("\n\n").append(entry_text(entry))
    found = app.dictionary.lookup(zh)
    shown.append("\n\n")
    if not found:
        return shown.append(dictionary_text(zh, [])).append("\nnot in CC-CEDICT", style="dim")
    return shown.append(dictionary_text(zh, found))


def add_term(app) -> bool:
    """`+` on the English word cursor: the add-term form with the Chinese the text chose
    and the English phrase (a Chinese the glossary has opens its entry). False when the
    English cursor is off."""
    from ..core.glossary import GlossaryEntry
    from . import glossary_editing

    english = span(app)
    if english is None:
        return False
    if app.library is None:
        app.say("This text is not in a library: there is no glossary to add to")
        return True
    pair = app.text.pairs[app.view.cursor]
    phrase = " ".join(pair.en[english[0]:english[1]].split())
    chinese = counterpart(app)
    zh = pair.zh[chinese[0]:chinese[1]] if chinese is not None else ""
    existing = app.terms.glossary_entry(zh) if zh else None
    if existing is not None:
        glossary_editing.edit_entry(app, existing)
        return True
    category = glossary_editing.guess_category(app, zh) if zh else "term"
    if zh:
        hint = "Chinese: from the word links of this pair"
    elif wordlinks_view.model(app) is None:
        hint = "Chinese: the word links are still being learnt; type the term, or close and press + again"
    else:
        hint = "Chinese: no word link for this English; type the term"
    glossary_editing.open_form(app, "Add to the glossary", GlossaryEntry(zh=zh, en=phrase, category=category),
                               found=hint, pair=pair)
    return True
