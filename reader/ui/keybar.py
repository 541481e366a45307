"""The key bar at the bottom: the keys of the moment, as many as fit in one line.

When they do not all fit, the least useful go first (the ranking is the app's), and a
key is shown whole or not at all: never cut, never half of a wide character. The keys
that stay keep their order. A click on a key presses it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

SEPARATOR = "  "


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, ranking: Sequence[str], order: Sequence[str] = (), *, id: str | None = None) -> None:
        """`ranking`: actions, the most useful first (the command palette is
        "command_palette"); unranked keys are dropped first. `order`: the order they are shown
        in (others after them, in the order of their bindings)."""
        super().__init__(id=id)
        self.ranking = list(ranking)
        self.order = list(order)
        self._spots: list[tuple[int, int, str]] = []  # (first cell, end cell, key) of each key shown

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        self.refresh()

    def keys(self) -> list[tuple[str, str, str, str]]:
        """(key, key as shown, description, action) of every key to offer, in order."""
        offered = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if binding.show and active.enabled and binding.description:
                offered.append((key, self.app.get_key_display(binding), binding.description, binding.action))
        seen = set()
        unique = []
        for item in offered:  # one entry per action (down and j are one key)
            if item[3] not in seen:
                seen.add(item[3])
                unique.append(item)
        if self.app.ENABLE_COMMAND_PALETTE:
            palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None and "command_palette" not in seen:
                unique.append((palette.binding.key, self.app.get_key_display(palette.binding),
                               "Palette", "command_palette"))

        def place(item) -> int:
            action = item[3].rpartition(".")[2]
            return self.order.index(action) if action in self.order else len(self.order)

        return sorted(unique, key=place)  # a stable sort: the others keep their order

    def shown(self, width: int) -> list[tuple[str, str, str, str]]:
        """The keys that fit in `width` cells: by rank, each whole, in their own order."""
        offered = self.keys()

        def rank(item) -> int:
            action = item[3].rpartition(".")[2]
            return self.ranking.index(action) if action in self.ranking else len(self.ranking)

        chosen: set[int] = set()
        used = 1  # the leading space
        for number in sorted(range(len(offered)), key=lambda n: (rank(offered[n]), n)):
            _, display, description, _ = offered[number]
            needed = cell_len(display) + 1 + cell_len(description) + (len(SEPARATOR) if chosen else 0)
            if used + needed <= width:
                chosen.add(number)
                used += needed
        return [item for number, item in enumerate(offered) if number in chosen]

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line = Text(" ", no_wrap=True, overflow="crop", end="")
        self._spots = []
        for number, (key, display, description, _) in enumerate(self.shown(self.size.width)):
            if number:
                line.append(SEPARATOR)
            start = line.cell_len
            line.append(display, key_style)
            line.append(" " + description, description_style)
            self._spots.append((start, line.cell_len, key))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spots:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
