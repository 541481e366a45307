"""Legible colours in every theme: each character the reader draws reaches WCAG 2's
contrast ratio of 4.5:1 against the background it is drawn on.

Textual's themes are made for Textual's widgets; the reader lays colours over each other
(a glossary term on the cursor background, a search hit in a lit sentence), and some
themes' muted and secondary colours are too faint even on their own. Rather than tune
colours theme by theme, `ContrastFilter` sees every segment of every widget as it is
drawn (a Textual line filter, after alpha has been blended) and moves the lightness of a
foreground that is too faint until it reaches the ratio, keeping its hue and saturation,
so that each term keeps its colour. `dim` text is resolved to the colour Textual would
blend it to, so the terminal's own idea of dim cannot make it fainter. Themes that use
the terminal's ANSI palette get the ANSI colour that reads best instead, judged by the
palette Textual assumes for them.

Blank cells carry no foreground, and the thumb of a scrollbar is not text; both are left
as they are.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorType
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.cache import LRUCache
from textual.color import Color
from textual.constants import DIM_FACTOR
from textual.filter import LineFilter

MINIMUM = 4.5  # WCAG 2, success criterion 1.4.3 (AA), for text
SCROLLBAR_GLYPHS = frozenset("▁▂▃▄▅▆▇█")  # the partial cells at the ends of a scrollbar's thumb

RGB = tuple[int, int, int]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG's relative luminance of an sRGB colour."""
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(background: RGB, colour: RGB, factor: float) -> RGB:
    """`colour` drawn at `factor` opacity over `background` (how Textual dims)."""
    return tuple(int(b + (c - b) * factor) for b, c in zip(background, colour))  # type: ignore[return-value]


@lru_cache(maxsize=4096)
def readable(foreground: RGB, background: RGB, minimum: float = MINIMUM) -> RGB:
    """`foreground`, or the nearest colour of the same hue and saturation (lighter or
    darker) that reaches `minimum` contrast against `background`: lighter if it is
    lighter than the background and white would reach it, else darker (or the other way
    round)."""
    if contrast_ratio(foreground, background) >= minimum:
        return foreground
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in foreground))

    def at(level: float) -> RGB:
        return tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, level, saturation))  # type: ignore[return-value]

    # Luminance only grows with HLS lightness, and contrast with the distance of the
    # luminances, so each direction is a bisection for a luminance threshold.
    back = luminance(background)
    lighter_needs = minimum * (back + 0.05) - 0.05
    darker_needs = (back + 0.05) / minimum - 0.05
    can_lighten, can_darken = lighter_needs <= 1.0, darker_needs >= 0.0
    lighten = can_lighten if luminance(foreground) >= back else not can_darken
    if lighten:  # the least lightness that is light enough
        low, high = lightness, 1.0
        for _ in range(24):
            middle = (low + high) / 2
            low, high = (low, middle) if luminance(at(middle)) >= lighter_needs else (middle, high)
    else:  # the most lightness that is dark enough
        low, high = 0.0, lightness
        for _ in range(24):
            middle = (low + high) / 2
            low, high = (middle, high) if luminance(at(middle)) <= darker_needs else (low, middle)
    result = at(high if lighten else low)
    if contrast_ratio(result, background) < minimum:  # rounding at the edge: go to the end
        result = (255, 255, 255) if lighten else (0, 0, 0)
    return result


def _twin(colour: RichColor) -> list[RichColor]:
    """The bright (or normal) form of a standard ANSI colour."""
    if colour.type is ColorType.STANDARD and colour.number is not None:
        number = colour.number
        return [RichColor.from_ansi(number + 8 if number < 8 else number - 8)]
    return []


_ANSI_FALLBACKS = (RichColor.default(), *(RichColor.from_ansi(n) for n in (0, 15, 7, 8)))


class ContrastFilter(LineFilter):
    """Lifts every foreground that is too faint for its background to `minimum`."""

    def __init__(self, palette: TerminalTheme, native_ansi: bool = False, minimum: float = MINIMUM) -> None:
        """`palette`: what ANSI and default colours look like (Textual's ANSI theme);
        `native_ansi`: the theme draws in the terminal's ANSI colours, keep to them."""
        super().__init__()
        self.palette = palette
        self.native_ansi = native_ansi
        self.minimum = minimum
        self._styles: LRUCache[tuple[Style, Color], Style] = LRUCache(4096)

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        fixed = []
        for segment in segments:
            text, style, control = segment
            if style is None or control or not text.strip() or SCROLLBAR_GLYPHS.issuperset(text):
                fixed.append(segment)
                continue
            key = (style, background)
            new = self._styles.get(key)
            if new is None:
                new = self._style(style, background)
                self._styles[key] = new
            fixed.append(segment if new is style else Segment(text, new, control))
        return fixed

    def _rgb(self, colour: RichColor, foreground: bool) -> RGB:
        return tuple(colour.get_truecolor(self.palette, foreground=foreground))  # type: ignore[return-value]

    def _style(self, style: Style, background: Color) -> Style:
        """The style as drawn, with its foreground made legible (the same object if it is)."""
        fg_colour = style.color or RichColor.default()
        bg_colour = style.bgcolor or background.rich_color
        swapped = bool(style.reverse)  # the terminal swaps them
        if swapped:
            fg_colour, bg_colour = bg_colour, fg_colour
        # A default colour is the terminal's foreground in the colour slot, its background
        # in the background slot, whichever of them ends up drawn as the foreground.
        fg, bg = self._rgb(fg_colour, not swapped), self._rgb(bg_colour, swapped)
        dimmed = bool(style.dim)
        if dimmed:
            fg = blend(bg, fg, DIM_FACTOR)
        if contrast_ratio(fg, bg) >= self.minimum and not (dimmed and not self.native_ansi):
            return style
        if self.native_ansi:
            choices = [fg_colour, *_twin(fg_colour), *_ANSI_FALLBACKS]
            new_colour = next((c for c in choices if contrast_ratio(self._rgb(c, not swapped), bg) >= self.minimum),
                              max(choices, key=lambda c: contrast_ratio(self._rgb(c, not swapped), bg)))
            if new_colour == fg_colour and not dimmed:
                return style
        else:
            new_colour = RichColor.from_rgb(*readable(fg, bg, self.minimum))
        change = Style(bgcolor=new_colour) if swapped else Style(color=new_colour)
        return style + change + Style(dim=False)
