"""One palette for every figure and page: Okabe and Ito's eight colours, which stay apart for
readers with the common colour-vision deficiencies (and in greyscale print, with line styles).

Every drawing (`autograd.show.draw`), every demo slide (matplotlib, `demos.context`) and every
explorer page reads its colours here, by role: what a colour *means* (the gradient, the step
being processed, data that is not updated, one path of the chain rule) is decided once. No
figure pairs red with green: where two curves are compared they also differ in line style and
carry a direct label (`LINESTYLES`).
"""

from __future__ import annotations

__all__ = [
    "BACKGROUND",
    "CLASSES",
    "CLASS_TINTS",
    "DISTINCT",
    "FILLS",
    "GRADIENT",
    "GRADIENT_TEXT",
    "GREY",
    "INK",
    "LIGHT_GREY",
    "LINE",
    "LINESTYLES",
    "MUTED",
    "OKABE_ITO",
    "PLANES",
    "SELECTED",
    "SERIES",
    "SERIES_TEXT",
    "SHADES",
    "SHADOW",
    "STEP",
    "STEP_TEXT",
    "SURFACE",
    "TEXT_CONTRAST",
    "contrast",
    "css_variables",
    "text_shade",
]

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#e69f00",
    "sky_blue": "#56b4e9",
    "bluish_green": "#009e73",
    "yellow": "#f0e442",
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "reddish_purple": "#cc79a7",
}
"""Okabe & Ito (2008), "Color Universal Design": colour name → hex."""

SHADES: dict[str, str] = {
    "orange": "#704800",
    "sky_blue": "#2b83c0",
    "yellow": "#8f8500",
    "reddish_purple": "#ad5a8c",
}
"""Darker shades of the light Okabe–Ito colours, for text: on white each has a contrast of at
least 4:1 (orange 2.3:1, sky blue 2.3:1 and yellow 1.3:1 are too faint for writing; reddish
purple, 3.1:1, read faint on a projector: ∂a₂/∂z₂ in 05_chain_rule_W1, η = 60 in 07c). The
orange is taken deep enough (a brown) that protanopes still tell it from vermillion; the purple
stays as far from the other factors' colours for every colour-vision deficiency."""

INK = "#222222"  # text and lines that carry no meaning by colour
GREY = "#767676"  # what is not part of the story now: data (x, y) is not updated, not reached yet
LIGHT_GREY = "#bbbbbb"  # frames, context edges
LINE = "#555555"  # an edge that carries no meaning by colour
GRADIENT = OKABE_ITO["vermillion"]  # ∂C/∂· travelling backward (CS231n writes it in red)
STEP = OKABE_ITO["orange"]  # the node a backward step is at: its outline, its edges
STEP_TEXT = SHADES["orange"]  # … and the text written in that colour
SELECTED = OKABE_ITO["vermillion"]  # the weight w whose ∂C/∂w a figure is about

# The pages' neutral planes and the text written on them (explorer.css reads them as CSS
# variables, `css_variables`): every text colour there has TEXT_CONTRAST on each plane and fill.
BACKGROUND = "#ffffff"  # the page
SURFACE = "#fafafa"  # the header, the panel, a tooltip: a plane a shade off the page
MUTED = "#666666"  # secondary text (hints, captions, "not reached"): 4.5:1 on every fill too
SHADOW = "rgba(0, 0, 0, 0.2)"  # under an overlay: black, a fifth opaque
TEXT_CONTRAST = 4.5  # WCAG's minimum for body text against its background
PLANES = (BACKGROUND, SURFACE)

SERIES: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    SHADES["reddish_purple"],
    SHADES["orange"],
    SHADES["sky_blue"],
    SHADES["yellow"],
    OKABE_ITO["black"],
)
"""Paths of the chain rule, factors of a product, curves of a plot — in this order, each
readable as text on white (contrast ≥ 3.4:1). The first `DISTINCT` stay apart for every common
colour-vision deficiency; the first three are Okabe–Ito's as they are."""
DISTINCT = 5  # the five factors of ∂C₀/∂W₁: each its own colour, for every reader

LINESTYLES: tuple[str, ...] = ("-", "--", ":", "-.")
"""Line styles for curves that are compared, in `SERIES` order: colour is never the only cue."""

FILLS: dict[str, str] = {
    "param": "#d5eaf7",  # a tint of sky blue: what gradient descent changes
    "input": "#eeeeee",  # grey: data
    "op": "#ffffff",
    "cost": "#fbe3b8",  # a tint of orange: where backward() starts
}
"""Node fills by kind (`autograd.show.view.KINDS`), for the drawings and the explorer alike."""

CLASSES: tuple[str, str] = (OKABE_ITO["vermillion"], OKABE_ITO["blue"])
"""The two classes of a classifier's data (label −1 or 0, label +1), as points."""
CLASS_TINTS: tuple[str, str] = ("#f7dca6", "#b9d9ee")
"""… and as the regions a decision boundary shades."""


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(text: str, background: str = BACKGROUND) -> float:
    """WCAG's contrast ratio (L₁ + 0.05)/(L₂ + 0.05) of two ``#rrggbb`` colours, 1 … 21."""
    a, b = sorted((_luminance(text), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_shade(colour: str, on: tuple[str, ...] = PLANES, ratio: float = TEXT_CONTRAST) -> str:
    """``colour`` as text on the backgrounds ``on``: itself when it has ``ratio`` against each,
    else darker in steps of 1 % (each channel scaled alike, so the hue stays) until it has."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    for percent in range(100, -1, -1):
        shade = "#" + "".join(f"{round(c * percent / 100):02x}" for c in rgb)
        if all(contrast(shade, b) >= ratio for b in on):
            return shade
    return "#000000"  # only for a background too dark for any text: black is the darkest


SERIES_TEXT: tuple[str, ...] = tuple(text_shade(c) for c in SERIES)
"""Each `SERIES` colour as the pages write text in it (a path's route, its factors on the
graph's edges): as dark as 4.5:1 on the page and its panels needs, no darker."""
GRADIENT_TEXT = text_shade(GRADIENT, on=(*PLANES, *FILLS.values()))
"""∂C/∂· written in the pages, inside the nodes too: vermillion, darkened for every fill."""


def css_variables() -> str:
    """The palette as CSS custom properties (``--ink``, ``--gradient``, ``--series-1`` …), for
    a page's stylesheet: ``:root { … }``."""
    roles = {
        "ink": INK,
        "grey": GREY,
        "light-grey": LIGHT_GREY,
        "line": LINE,
        "gradient": GRADIENT,
        "step": STEP,
        "step-text": STEP_TEXT,
        "selected": SELECTED,
        "gradient-text": GRADIENT_TEXT,
        "background": BACKGROUND,
        "surface": SURFACE,
        "muted": MUTED,
        "shadow": SHADOW,
        **{f"fill-{kind}": fill for kind, fill in FILLS.items()},
        **{f"series-{i}": c for i, c in enumerate(SERIES, start=1)},
        **{f"series-text-{i}": c for i, c in enumerate(SERIES_TEXT, start=1)},
        **{name.replace("_", "-"): c for name, c in OKABE_ITO.items()},
    }
    return ":root { " + " ".join(f"--{k}: {v};" for k, v in roles.items()) + " }"
