"""Growing the glossary from the reader: a word of the text added (`+`), an entry of the
panel edited or deleted, a term candidate accepted. Each goes through the entry form
(`term_form`) and is saved to its glossary file line by line (`core.glossary_file`);
the reader then reads its glossary again, so highlights, the panel and the look-up
follow at once (and `reader glossary check`, which reads the files)."""

from __future__ import annotations

from dataclasses import replace

from ..core.counterpart import counterpart
from ..core.errors import ReaderError
from ..core.glossaries import library_glossary, source_of, text_glossary
from ..core.glossary import GlossaryEntry, fill_pinyin
from ..core.glossary_file import GlossaryFile, edit_glossary
from ..core.matching import TermMatcher
from .term_form import ConfirmScreen, Draft, TermForm
from .terms import Terms

FOUND = {
    "word links": "English: from the word links of this pair",
    "text": "English: as the aligned English sentence has it",
    "cc-cedict": "English: CC-CEDICT's sense (this pair's English has none of it)",
    "": "English: nothing found; type the rendering",
}
_PLACE_WORDS = ("country", "city", "province", "island", "river", "county", "capital of", "region of", "prefecture")


def word_links(app):
    """The text's word links, when the word aligner has made them: a function from a
    pair and a span of its Chinese to a span of its English (`core.counterpart.WordLinks`).
    None until a text has them; the counterpart is then found through CC-CEDICT."""
    from . import wordlinks_view

    return wordlinks_view.links(app)


def add_term(app) -> None:
    """`+`: the word under the word cursor (or the selection W / B widened it to) into
    the glossary, through the entry form; a term the glossary has already is edited."""
    if app.library is None:
        app.say("This text is not in a library: there is no glossary to add to")
        return
    if app.word is None or not app.text.pairs:
        app.say("Put the word cursor on a Chinese word first (w / b, W / B to widen it), then +")
        return
    pair = app.text.pairs[app.view.cursor]
    start, end = app.word
    zh = pair.zh[start:end]
    existing = app.terms.glossary_entry(zh)
    if existing is not None:
        edit_entry(app, existing)
        return
    found = counterpart(pair, (start, end), app.dictionary, word_links(app))
    entry = GlossaryEntry(zh=zh, en=found.english, category=guess_category(app, zh))
    hint = FOUND[found.found_by]
    if app.dictionary is None and found.found_by != "word links":
        app._want_dictionary()
        hint = "English: CC-CEDICT is still loading; type the rendering, or close and press + again"
    open_form(app, "Add to the glossary", entry, found=hint, pair=pair)


def open_form(app, title: str, entry: GlossaryEntry, *, found: str = "", pair=None, on_saved=None) -> None:
    """The entry form for a new entry, to the text's glossary or the library's."""
    text_file, library_file = text_glossary(app.library, app.text.id), library_glossary(app.library)
    targets = [(text_file.label, "text"), (library_file.label, "library")]

    def save(draft: Draft) -> str | None:
        path = (text_file if draft.target == "text" else library_file).path
        new = draft.entry
        if not new.attested and pair is not None and _attested(new, pair):
            new = GlossaryEntry(**{**_fields(new), "attested": f"{app.text.id}:{pair.id}"})
        return _write(app, path, new, None, "Added", on_saved)

    app.push_screen(TermForm(title, entry, targets, save=save, pinyin_for=lambda zh, kind: pinyin_for(app, zh, kind),
                             found=found))


def edit_entry(app, entry: GlossaryEntry) -> None:
    """The entry form on an entry, saved where it is (or to the text's own glossary,
    where it then overrides the other)."""
    if app.library is None:
        app.say("This text is not in a library: its glossary cannot be changed here")
        return
    source = source_of(app.library, entry.origin)
    own = text_glossary(app.library, app.text.id)
    targets = [(source.label, "own")]
    if source.path != own.path:
        targets.append((f"{own.label}, over the {source.label}", "text"))
    try:  # the pinyin as the file has it: generated pinyin stays generated, not written in
        original = GlossaryFile.load(source.path).entry(entry.zh)
    except ReaderError:
        original = None
    if original is not None:
        entry = replace(entry, pinyin=original.pinyin)

    def save(draft: Draft) -> str | None:
        if draft.target == "own":
            return _write(app, source.path, draft.entry, entry.zh, "Saved", None)
        return _write(app, own.path, draft.entry, None, "Saved", None)

    app.push_screen(TermForm(f"Edit the glossary entry (line {entry.origin.rpartition(':')[2]} of "
                             f"{source.relative(app.library.root)})", entry, targets, save=save,
                             pinyin_for=lambda zh, kind: pinyin_for(app, zh, kind), replacing=entry.zh))


def delete_entry(app, entry: GlossaryEntry) -> None:
    if app.library is None:
        app.say("This text is not in a library: its glossary cannot be changed here")
        return
    source = source_of(app.library, entry.origin)

    def answered(yes: bool | None) -> None:
        if not yes:
            app.say("Nothing deleted")
            return
        try:
            edit_glossary(source.path, lambda glossary: glossary.remove(entry.zh), library_root=app.library.root)
        except ReaderError as exc:
            app.notify(str(exc), severity="error")
            return
        reload_glossary(app)
        still = app.terms.glossary_entry(entry.zh)
        after = f"; the {source_of(app.library, still.origin).label}'s entry applies now" if still else ""
        app.say(f"Deleted {entry.zh} from the {source.label}{after}")

    app.push_screen(ConfirmScreen(f"Delete {entry.zh} “{entry.en}” from the {source.label} "
                                  f"({source.relative(app.library.root)})?"), answered)


def _write(app, path, entry: GlossaryEntry, replacing: str | None, done: str, on_saved) -> str | None:
    try:
        line = edit_glossary(path, lambda glossary: glossary.put(entry, replacing=replacing),
                             library_root=app.library.root, comment="A glossary made in the reader; edit it as you like.")
    except ReaderError as exc:
        return str(exc)
    reload_glossary(app)
    source = source_of(app.library, path)
    app.say(f"{done} {entry.zh} “{entry.en}” in the {source.label} (line {line})")
    if on_saved is not None:
        on_saved(entry)
    return None


def reload_glossary(app) -> None:
    """Read the text's glossary again: highlights, the panel and the look-up follow."""
    entries = app.library.glossary(app.text.id)
    app.terms = Terms(entries, app.pairs)
    app.view.refresh_marks()
    app._update_panel()
    if any(not entry.pinyin for entry in entries):
        app._fill_pinyin()


def pinyin_for(app, zh: str, category: str) -> str:
    """The pinyin the glossary generates for a term left without one."""
    probe = GlossaryEntry(zh=zh, en="-", category=category)
    dictionary = app.dictionary
    try:
        fill_pinyin([probe], (lambda: dictionary) if dictionary is not None else None)
    except ReaderError:
        return ""
    return probe.pinyin


def guess_category(app, zh: str) -> str:
    """A first guess the form offers: a name of the text is a person, a CC-CEDICT proper
    noun of a place a place, anything else a term."""
    dictionary = app.dictionary
    if dictionary is None:
        return "term"
    if app.terms.names(dictionary).is_name(zh):
        return "person"
    entries = dictionary.lookup(zh)
    if entries and all(entry.pinyin_numbers[:1].isupper() for entry in entries):
        senses = " ".join(d.lower() for entry in entries for d in entry.definitions)
        if any(word in senses for word in _PLACE_WORDS):
            return "place"
    return "term"


def _attested(entry: GlossaryEntry, pair) -> bool:
    """Whether a pair holds both the term and one of its renderings."""
    matcher = TermMatcher([entry])
    return bool(matcher.present(pair.zh, "zh")) and bool(matcher.present(pair.en, "en"))


def _fields(entry: GlossaryEntry) -> dict:
    return {name: getattr(entry, name) for name in ("zh", "en", "variants", "pinyin", "category", "note", "attested",
                                                    "exclude")}

