"""Demo 9 says one thing in its table and its figures: "vanishes", "explodes", "shrinks 41×"
and "within 10×" start at the same ratios everywhere (`demos.gradient_flow.VANISH`, `WITHIN`).
A lecturer once read "shrinks 41×" in the table beside a figure whose "shrinks" band began at
100×. The demo runs in quick mode, in-process, with `save_figure` keeping each figure."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

from autograd.notation.numbers import number
from demos.gradient_flow import Profile, ratio_words


def test_the_vanishing_table_and_figures_say_the_same(
    kept_figures: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    import matplotlib

    figures = kept_figures
    with matplotlib.rc_context():
        ns = runpy.run_module("demos.vanishing", run_name="__main__")
    table = capsys.readouterr().out
    cases: dict[str, dict[str, Profile]] = ns["cases"]
    # the table: each case's ratio in ratio_words' words
    for by_case in cases.values():
        for p in by_case.values():
            assert f"({ratio_words(p.ratio)}); " in p.describe() and p.describe() in table

    # 09_vanishing: each curve's label and the title say what the table says of it
    fig = figures["09_vanishing"]
    (ax,) = fig.get_axes()
    labels = {t.get_text().split(": ")[0]: t.get_text() for t in ax.texts}
    for act, name in (("sigmoid", "σ"), ("relu", "ReLU")):
        vanishes = cases[act]["default"].verdict() == "vanishes"
        assert labels[name] == f"{name}: {'vanishes' if vanishes else 'does not vanish'}"
    title = ax.get_title()
    assert cases["relu"]["default"].verdict() in title
    # σ's word is the table's too ("vanishes", never "shrinks 40349×"), and the title says
    # which two layers its words compare
    sigma = cases["sigmoid"]["default"].verdict()
    assert f"σ's {sigma}" in title and ("shrinks" in title) == ("shrinks" in sigma), title
    assert "layer 1 against layer 10" in title.split("\n")[0], title

    # 09_vanishing_all: a panel says "vanishes" of the cases the table says it of, and a
    # 10–100× drop with the table's word and number
    for panel, (act, by_case) in zip(figures["09_vanishing_all"].get_axes(), cases.items()):
        title = panel.get_title()
        assert title.startswith(f"{'ReLU' if act == 'relu' else act}: ")
        words = [p.verdict() for p in by_case.values()]
        assert ("vanishes" in title) == ("vanishes" in words), (title, words)
        shrinks = [w for w in words if w.startswith("shrinks ")]
        if shrinks and "vanishes" not in words:
            most = max(shrinks, key=lambda w: int(w.split()[1].rstrip("×")))
            assert most.replace("shrinks ", "shrinks ≤ ") in title, (title, words)
        assert "drops" not in title

    # 09_init_sweep: the shaded bands begin where the table's words change, and are named
    # with those words
    right = figures["09_init_sweep"].get_axes()[1]
    bands = sorted((r.get_y(), r.get_y() + r.get_height()) for r in right.patches)
    (_, low_top), (high_bottom, _) = bands
    assert ratio_words(low_top * 0.999) == "vanishes" != ratio_words(low_top * 1.001)
    assert ratio_words(high_bottom * 1.001) == "explodes" != ratio_words(high_bottom * 0.999)
    said = sorted(t.get_text() for t in right.texts)
    assert [s.split(":")[0] for s in said] == ["explodes", "vanishes"], said
    for points in ns["sweeps"].values():
        for pt in points:
            assert (pt.ratio < low_top) == (ratio_words(pt.ratio) == "vanishes")
    # its title's bound for σ is the largest ratio itself: reached, so "at most"
    sig_max = max(pt.ratio for pt in ns["sweeps"]["sigmoid"])
    suptitle = figures["09_init_sweep"].get_suptitle()
    assert f"sigmoid's ratio is at most {number(sig_max)} " in suptitle, suptitle


def test_the_readme_says_the_sweep_in_the_figures_words() -> None:
    """The README once called ReLU at 3× He "exploding" while 09_init_sweep's bands (from
    `ratio_words`) put its ratio, 0.86–1.3, in neither band: the README's range for ReLU must be
    said with the word `ratio_words` gives both its ends, and no other."""
    import re

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    (paragraph,) = [p for p in readme.split("\n\n") if "Scaling the weights" in p]
    paragraph = " ".join(paragraph.split())
    m = re.search(r"ReLU's ratio stays (.+?) at every scale \(([\d.]+)–([\d.]+)", paragraph)
    assert m, paragraph
    said, low, high = m.group(1), float(m.group(2)), float(m.group(3))
    assert ratio_words(low) == ratio_words(high) == said, (said, low, high)
    if said not in ("explodes", "vanishes"):
        relu = paragraph.split("ReLU's ratio")[1].split("tanh with large")[0]
        assert "explod" not in relu.replace("nor explodes", ""), relu
