"""The colour arithmetic behind the reader's legibility filter: WCAG 2's contrast ratio,
and the nearest colour of the same hue that reaches it."""

from __future__ import annotations

import colorsys
import random

import pytest

from reader.ui.contrast import MINIMUM, blend, contrast_ratio, readable


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ((0, 0, 0), (255, 255, 255), 21.0),
        ((255, 255, 255), (0, 0, 0), 21.0),
        ((119, 119, 119), (255, 255, 255), 4.48),  # #777 on white: just under AA
        ((118, 118, 118), (255, 255, 255), 4.54),  # #767676: the lightest grey that passes
        ((255, 0, 0), (255, 255, 255), 4.0),
        ((95, 135, 175), (95, 95, 0), 1.78),  # the xterm colour 67 on 58: "about 1.8:1"
        ((40, 40, 40), (40, 40, 40), 1.0),
    ],
)
def test_contrast_ratio(first, second, expected):
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.02)


def test_blend():
    assert blend((0, 0, 0), (200, 100, 50), 0.5) == (100, 50, 25)
    assert blend((10, 10, 10), (200, 200, 200), 1.0) == (200, 200, 200)


@pytest.mark.parametrize(
    "foreground, background",
    [
        ((95, 135, 175), (95, 95, 0)),  # Chinese on the cursor pair, stacked (issue 9)
        ((200, 200, 200), (255, 166, 43)),  # light grey on orange (a search hit)
        ((255, 166, 43), (255, 255, 255)),  # orange on white
        ((128, 128, 128), (118, 118, 118)),  # grey on a grey that allows either way
        ((0, 0, 0), (0, 0, 0)),
        ((255, 255, 255), (255, 255, 255)),
    ],
)
def test_readable_reaches_the_minimum(foreground, background):
    result = readable(foreground, background)
    assert contrast_ratio(result, background) >= MINIMUM


def test_readable_leaves_a_legible_colour_alone():
    assert readable((224, 224, 224), (18, 18, 18)) == (224, 224, 224)


def test_readable_keeps_the_hue_and_changes_no_more_than_it_must():
    generator = random.Random(9)
    for _ in range(300):
        foreground = tuple(generator.randrange(256) for _ in range(3))
        background = tuple(generator.randrange(256) for _ in range(3))
        result = readable(foreground, background)
        assert contrast_ratio(result, background) >= MINIMUM
        if result == foreground or result in ((0, 0, 0), (255, 255, 255)):
            continue
        hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in foreground))
        new_hue, new_lightness, new_saturation = colorsys.rgb_to_hls(*(c / 255 for c in result))
        if saturation > 0.1 and 0.05 < new_lightness < 0.95:
            assert abs(new_hue - hue) < 0.03 or abs(abs(new_hue - hue) - 1) < 0.03
        # a step back towards the original would no longer be enough
        step = 0.02 if new_lightness > lightness else -0.02
        back = tuple(round(c * 255) for c in colorsys.hls_to_rgb(new_hue, new_lightness - step, new_saturation))
        assert contrast_ratio(back, background) < MINIMUM + 0.35
