"""Pages and labels on odd or hostile input: a lone surrogate in a label, a failure half-way
through a save, a symbolic link, a 1 MB label. A page is written whole or not at all, always
as valid UTF-8; a label is shown with at most MAX_LABEL characters everywhere (drawings, pages,
explain()), cut by one function."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograd import Value, explain
from autograd.notation.labels import MAX_LABEL, shorten
from autograd.notation.names import node_name
from autograd.show.explore import explore, explore_training
from autograd.show.page import Page
from nn import MLP, fit
from nn.datasets import moons
from tests.autograd.lecture import lecture_network


def _graph(label: str) -> tuple[Value, Value]:
    w = Value(0.5, label=label)
    C = (w * Value(2.0, label="x")).tanh()
    C.label = "C"
    C.backward()
    return C, w


# --- lone surrogates and atomic saves ------------------------------------------------------------


def test_a_lone_surrogate_in_a_label_or_title_saves_as_valid_utf8(tmp_path: Path) -> None:
    C, _ = _graph("w\udcff")
    page = explore(C, title="grads of \ud800 C")
    target = tmp_path / "page.html"
    target.write_text("the page from before", encoding="utf-8")
    page.save(target)
    saved = target.read_bytes().decode("utf-8")  # strict: raises on anything not UTF-8
    assert "w\ufffd" in saved  # the label as every output shows it (labels.shorten)
    assert "\\ud800" in saved  # the title's surrogate, escaped where no label function ran
    page._repr_html_().encode("utf-8")  # what Jupyter stores in the notebook
    page.html.encode("utf-8")


def test_a_save_that_fails_half_way_leaves_the_old_page_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "page.html"
    old = explore(lecture_network().C0)
    old.save(target)
    before = target.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # fails after the bytes went to a file
    with pytest.raises(OSError, match="No space left"):
        Page(html="<!doctype html>new page" * 1000).save(target)
    assert target.read_bytes() == before  # not 0 bytes, not half a page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # no temp file left


def test_save_keeps_a_symbolic_link_and_refuses_a_loop(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    link = tmp_path / "link.html"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real)
    Page(html="<p>new</p>").save(link)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "<p>new</p>"
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(OSError, match="symbolic link that never reaches a file"):
        Page(html="<p>x</p>").save(a)
    assert a.is_symlink() and b.is_symlink()  # the loop is left as it was


def test_save_takes_any_name_the_file_system_takes(tmp_path: Path) -> None:
    name = "p" * 250 + ".html"  # 255 bytes: the longest name most file systems allow
    out = Page(html="<p>ok</p>").save(tmp_path / name)
    assert out.read_text(encoding="utf-8") == "<p>ok</p>"


# --- one cap for every label ---------------------------------------------------------------------


def test_shorten_cuts_at_the_cap_and_replaces_lone_surrogates() -> None:
    assert shorten("w₁") == "w₁"
    long = shorten("w" * 1000)
    assert len(long) == MAX_LABEL == 200 and long == "w" * 199 + "…"
    assert shorten("a\udcffb") == "a\ufffdb"
    assert shorten("w" * MAX_LABEL) == "w" * MAX_LABEL  # at the cap: left alone


def test_a_huge_label_is_cut_alike_in_names_pages_explain_and_drawings() -> None:
    C, w = _graph("w" * 1_000_000)
    cut = "w" * (MAX_LABEL - 1) + "…"
    assert node_name(w) == cut
    page = explore(C)
    assert len(page.html) < 100_000  # was 57 MB: the label in every place it is named
    assert cut in page.html and "w" * MAX_LABEL not in page.html
    text = explain(C, w)
    assert cut in text and "w" * MAX_LABEL not in text and len(text) < 10_000
    from autograd.show.viz import draw_paths

    source = draw_paths(C, w).source
    assert cut in source and "w" * MAX_LABEL not in source


def test_a_training_replay_cuts_long_parameter_names() -> None:
    model = MLP(2, [2, 1], seed=0)
    X, y = moons(n=8, seed=0, labels="pm1")
    history = fit(model, X, y, loss="hinge", epochs=2, record=True, progress=False)
    history.names[0] = "w" + "x" * 5000  # a label nn would not give, shown in the name list
    page = explore_training(history)
    assert all(len(name) <= MAX_LABEL for name in page.data["names"])
    assert "x" * MAX_LABEL not in page.html
