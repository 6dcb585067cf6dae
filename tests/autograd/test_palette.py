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
RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")


def _page_colours(text: str) -> list[str]:
    """Every colour a page's script or stylesheet writes: #rrggbb and rgb()/rgba()."""
    rgb = [f"#{int(r):02x}{int(g):02x}{int(b):02x}" for r, g, b in RGB.findall(text)]
    return HEX.findall(text) + rgb


def test_the_pages_pair_no_red_with_green() -> None:
    """The explorer's pages (scripts and stylesheet) are read on a projector by colour-blind
    students too: no saturated red beside a saturated green (✓ equal / ✗ differs, the replay's
    paths and classes)."""
    colors = sorted({c.lower() for p in PAGE_ASSETS for c in _page_colours(p.read_text("utf-8"))})
    assert colors  # the check reads something
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
