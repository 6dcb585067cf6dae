"""The one palette: readable as text on white, apart for colour-blind readers (simulated with
Machado, Oliveira & Fernandes 2009, severity 1), no red/green pair, and the only place a demo
or a drawing takes a colour from."""

from __future__ import annotations

import colorsys
import itertools
import math
import re
from pathlib import Path

import pytest

from autograd.show import palette

ROOT = Path(__file__).resolve().parents[2]

# Machado et al. (2009), severity 1.0, on linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}  # fmt: skip


def _linear(hex_color: str) -> list[float]:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _seen(hex_color: str, deficiency: str | None) -> tuple[float, float, float]:
    rgb = _linear(hex_color)
    if deficiency is not None:
        m = CVD[deficiency]
        rgb = [min(1.0, max(0.0, sum(m[i][j] * rgb[j] for j in range(3)))) for i in range(3)]
    return _lab(rgb)


def closest_pair(colors: list[str]) -> float:
    """The smallest colour difference (CIE76 ΔE) between two of ``colors``, for a reader with
    normal vision or any of the three dichromacies."""
    return min(
        math.dist(_seen(a, d), _seen(b, d))
        for d in (None, *CVD)
        for a, b in itertools.combinations(colors, 2)
    )


def _contrast(hex_color: str) -> float:
    rgb = _linear(hex_color)
    luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    return 1.05 / (luminance + 0.05)


def _red_green(a: str, b: str) -> bool:
    """A saturated red beside a saturated green: hue within 20° of red and 75°–150° (green)."""
    hues = []
    for c in (a, b):
        h, _, s = colorsys.rgb_to_hls(*(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)))
        hues.append((h * 360, s))
    red = [s > 0.3 and (h < 20 or h > 340) for h, s in hues]
    green = [s > 0.3 and 75 <= h <= 150 for h, s in hues]
    return (red[0] and green[1]) or (red[1] and green[0])


def test_series_colours_read_as_text_on_white() -> None:
    for c in (*palette.SERIES, palette.INK, palette.GREY, palette.GRADIENT, palette.STEP_TEXT):
        assert _contrast(c) >= 3.0, c  # WCAG's large text, as every slide's text is
    # with a margin: a projector washes colours out, and Okabe–Ito's reddish purple (3.06:1,
    # the 4th factor of ∂C₀/∂W₁) read faint from the back of the room
    assert min(_contrast(c) for c in palette.SERIES) >= 3.4
    assert _contrast(palette.OKABE_ITO["reddish_purple"]) < 3.4  # the check sees the old one


def test_the_first_colours_stay_apart_for_colour_blind_readers() -> None:
    assert closest_pair(list(palette.SERIES[: palette.DISTINCT])) >= 15
    # the step's text and the gradient's are told apart too (protanopes see vermillion dark)
    assert closest_pair([palette.STEP_TEXT, palette.GRADIENT, palette.INK]) >= 15
    # the check can fail: the old slides' dark orange beside vermillion is one colour to protanopes
    assert closest_pair(["#a86800", palette.GRADIENT]) < 5
    # written as text (∂C/∂· beside a step's), darkened: still apart; the explorer's old brown
    # for ∂C/∂· (#8a3b00) was the step's colour to a protanope
    assert closest_pair([palette.STEP_TEXT, palette.GRADIENT_TEXT, palette.INK]) >= 8
    assert closest_pair([palette.STEP_TEXT, "#8a3b00"]) < 3


def test_no_red_green_pair() -> None:
    colors = [*palette.SERIES, *palette.CLASSES, palette.GRADIENT, palette.STEP]
    assert not [(a, b) for a, b in itertools.combinations(colors, 2) if _red_green(a, b)]
    assert _red_green("#c0392b", "#27ae60")  # what 07c and 09 paired: the check sees it


def test_css_variables_name_every_role() -> None:
    css = palette.css_variables()
    assert css.startswith(":root {") and f"--gradient: {palette.GRADIENT};" in css
    assert f"--series-1: {palette.SERIES[0]};" in css and "--vermillion: #d55e00;" in css


HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "demos").glob("*.py"), *(ROOT / "autograd" / "show").glob("*.py")]),
    ids=lambda p: p.name,
)
def test_colours_come_from_the_palette(path: Path) -> None:
    """No demo and no drawing writes a colour of its own: one palette, read by role."""
    if path.name == "palette.py":
        return
    assert HEX.findall(path.read_text(encoding="utf-8")) == [], path.name


PAGE_ASSETS = sorted(
    p for p in (ROOT / "autograd" / "show" / "explorer").iterdir() if p.suffix in (".js", ".css")
)
COLOUR_FUNCTION = re.compile(r"\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(", re.I)
SHORT_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{8})\b")
# a CSS colour keyword as a value of a colour property (CSS), or as a whole string (a script);
# `transparent`, `none` and `currentColor` carry no colour of their own, var(--grey) is the palette
NAMES = (
    r"(white|black|red|green|blue|gr[ae]y|silver|orange|yellow|purple|navy|maroon|teal|brown|"
    r"pink|gold|crimson|tomato|steelblue|darkred|darkgreen|lightgr[ae]y)"
)
NAMED = re.compile(
    r"(?:(?:color|fill|stroke|background|border[-\w]*|outline|box-shadow)\s*:\s*[^;}]*?"
    rf"(?<![-\w]){NAMES}(?![-\w]))|[\"']{NAMES}[\"']",
    re.I,
)


def _page_colours(text: str) -> list[str]:
    """Every colour a page's script or stylesheet writes itself: #rgb, #rrggbb, #rrggbbaa,
    rgb()/rgba()/hsl()…, and colour keywords given to a colour property — in code, not in
    comments (which may name a colour to say why)."""
    code = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "", text, flags=re.S)
    return (
        HEX.findall(code)
        + SHORT_HEX.findall(code)
        + COLOUR_FUNCTION.findall(code)
        + [m.group(1) or m.group(2) for m in NAMED.finditer(code)]
    )


def test_the_colour_finder_sees_a_colour_written_in_an_asset() -> None:
    for written in ("a { color: #222; }", "fill: #c0392b", "box-shadow: 0 2px rgba(0,0,0,.2)",
                    'svgEl("line", { stroke: "#999" })', "border: 1px solid white",
                    'e.setAttribute("fill", "red")', "background: hsl(0 0% 50%)"):  # fmt: skip
        assert _page_colours(written), written
    for clean in ("a { color: var(--ink); }", "// blue > 0, vermillion < 0", "fill: none",
                  '"blue where y′ > 0"', "stroke: var(--light-grey)",
                  "/* #c0392b was the old red */", 'stroke: "transparent"'):  # fmt: skip
        assert _page_colours(clean) == [], clean


@pytest.mark.parametrize("path", PAGE_ASSETS, ids=lambda p: p.name)
def test_the_page_assets_write_no_colour_of_their_own(path: Path) -> None:
    """The pages' stylesheet and scripts take every colour from the palette: the CSS variables
    `page` writes into each page (`palette.css_variables`), or the colours in the page's data."""
    assert _page_colours(path.read_text("utf-8")) == [], path.name


def _variables() -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+): ([^;]+);", palette.css_variables()))


LOCAL_VARIABLES = {"c", "ct", "natural"}  # set per element: a path's colours, a graph's width


def test_every_variable_a_page_reads_is_the_palettes() -> None:
    """A misspelt var(--gradient-txt) draws nothing and says nothing: each name must exist."""
    defined = _variables()
    text = "".join(p.read_text("utf-8") for p in PAGE_ASSETS)
    used = {n for n in re.findall(r"var\(--([\w-]+)", text) if not n.endswith("-")}
    used |= {f"{kind}-{k}" for kind in ("series", "series-text") for k in (1, len(palette.SERIES))}
    assert used - LOCAL_VARIABLES - set(defined) == set()


def test_every_page_carries_the_palette() -> None:
    from autograd.show.page import page

    html = page("t", "<p>x</p>", {}, ["pages.js"])
    css = html[html.index("<style>") : html.index("</style>")]
    assert palette.css_variables() in css  # before the sheet that reads it
    assert css.index(":root {") < css.index("body {")


def _text_colours() -> list[tuple[str, str, list[str]]]:
    """(selector, property, palette variables) for every text colour the stylesheet sets: a
    `color`, or the `fill` of SVG text."""
    css = re.sub(
        r"/\*.*?\*/",
        "",
        (ROOT / "autograd/show/explorer/explorer.css").read_text("utf-8"),
        flags=re.S,
    )
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for prop, value in re.findall(r"(?:^|;)\s*([-\w]+)\s*:\s*([^;]+)", body):
            last = " ".join(selectors.split()).split(",")[-1].split(" ")[-1]
            text = re.search(r"text|label|title|unit|layer-f", last) is not None
            if prop == "color" or (prop == "fill" and text):
                found.append(
                    (" ".join(selectors.split()), prop, re.findall(r"var\(--([\w-]+)", value))
                )
    return found


def test_the_pages_text_reads_on_its_background() -> None:
    """Every text colour of the pages has 4.5:1 (WCAG's body text) on the page and its panels,
    and the colours written inside a node's box on every node fill too."""
    colours = _variables()
    texts = _text_colours()
    assert len(texts) > 20  # the check reads the stylesheet
    for selector, prop, names in texts:
        assert names, (selector, prop)  # a palette variable, nothing else
        if "ct" in names:  # a path's text colour: one of the series' text shades
            names = [n for n in names if n != "ct"] + [
                f"series-text-{k}" for k in range(1, len(palette.SERIES) + 1)
            ]
        for name in names:
            for plane in palette.PLANES:
                assert palette.contrast(colours[name], plane) >= 4.5, (selector, name, plane)
    for role in (palette.INK, palette.MUTED, palette.GRADIENT_TEXT):  # inside the node boxes
        assert min(palette.contrast(role, fill) for fill in palette.FILLS.values()) >= 4.5, role
    # the check can fail: the vermillion itself, and the grey the explorer wrote "not reached" in
    assert palette.contrast(palette.GRADIENT) < 4.5
    assert palette.contrast(palette.GREY, palette.FILLS["param"]) < 4.5
    assert palette.contrast("#777777", palette.SURFACE) < 4.5  # the old hints on the header


def test_the_text_shades_keep_their_colours_apart() -> None:
    """Darkened for text, the series' first colours still differ for every reader, and each is
    the darkest it needs to be, no darker."""
    assert closest_pair(list(palette.SERIES_TEXT[: palette.DISTINCT])) >= 10
    assert palette.SERIES_TEXT[0] == palette.SERIES[0]  # Okabe–Ito's blue reads as it is
    for colour, shade in zip(palette.SERIES, palette.SERIES_TEXT):
        lighter = palette.text_shade(colour, ratio=1.0)
        assert lighter == colour and palette.contrast(shade) >= 4.5


def test_the_pages_pair_no_red_with_green() -> None:
    """The explorer's pages are read on a projector by colour-blind students too: no saturated
    red beside a saturated green among the colours they use (✓ equal / ✗ differs, the replay's
    paths and classes) — the palette's variables, and anything an asset writes itself."""
    written = [c for p in PAGE_ASSETS for c in _page_colours(p.read_text("utf-8"))]
    colors = sorted({c.lower() for c in [*_variables().values(), *written] if HEX.fullmatch(c)})
    assert len(colors) > 10  # the check reads something
    assert not [(a, b) for a, b in itertools.combinations(colors, 2) if _red_green(a, b)]


def test_the_training_replay_takes_its_colours_from_the_palette() -> None:
    """The replay, like the live page, colours its classes, weights and paths from the palette
    it is given (`PATH_COLORS`): its script writes no colour of its own but greys."""
    from autograd.show.replay import explore_training
    from autograd.show.view import PATH_COLORS
    from nn import MLP, fit, hinge
    from nn.datasets import moons

    script = (ROOT / "autograd" / "show" / "explorer" / "training.js").read_text("utf-8")
    assert _page_colours(script) == []
    X, y = moons(n=8, noise=0.1, seed=3, labels="pm1")
    model = MLP(2, [3, 1], seed=2)
    history = fit(model, X, y, epochs=2, progress=False, record=True)
    page = explore_training(history, model, X, y, loss=hinge, grid=4, max_frames=2, path_frames=1)
    assert page.data["colors"] == list(PATH_COLORS)
    assert page.data["colors"][:2] == [palette.OKABE_ITO["blue"], palette.OKABE_ITO["vermillion"]]
