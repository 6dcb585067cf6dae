"""What a student sees in a plain REPL (``python -i``): every object autograd hands back shows as
something to read — an explorer page, a drawing and a backward step as one line saying what it
is and what to do with it, ``explain()`` as its text — while Jupyter keeps showing pages and
drawings inline; and `backward_steps` can be listed as often as one likes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from autograd import backward_steps, explain
from autograd.backward import backward_step, seed, topological_order
from autograd.show.explain import Explanation
from autograd.show.explore import explore, explore_training
from autograd.show.render import find_renderer
from autograd.show.text import number
from autograd.show.viz import draw_graph, draw_layers, draw_paths, draw_step, step_frames
from nn import MLP, fit
from nn.datasets import moons
from tests.autograd.lecture import lecture_network

ROOT = Path(__file__).resolve().parents[2]
ONE_LINE = 240  # characters: a long line in a terminal, but one line, not 50 kB of HTML


def _one_line(text: str) -> None:
    assert "\n" not in text and len(text) <= ONE_LINE, text[:300]


# --- pages -------------------------------------------------------------------------------------


def test_an_explorer_shows_as_one_line_saying_what_it_is_and_how_to_open_it() -> None:
    n = lecture_network()
    page = explore(n.C0)
    text = repr(page)
    _one_line(text)
    assert text.startswith("<Explorer: ") and "C₀" in text
    assert f"{len(page.view.nodes)} nodes" in text
    assert '.save("explorer.html")' in text and "browser" in text
    assert str(page) == text  # print(page) too
    inline = page._repr_html_()  # Jupyter still shows the page itself
    assert inline.startswith("<iframe") and "srcdoc=" in inline and len(inline) > 10_000


def test_a_training_replay_shows_as_one_line() -> None:
    X, y = moons(n=8, seed=0, labels="pm1")
    history = fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=3, record=True,
                  progress=False)  # fmt: skip
    page = explore_training(history)
    text = repr(page)
    _one_line(text)
    epochs = len(history.snapshots)
    assert text.startswith("<TrainingExplorer: ") and f"{epochs} recorded epochs" in text
    assert f"{len(history.names)} parameters" in text and '.save("training.html")' in text
    assert page._repr_html_().startswith("<iframe")


# --- drawings ----------------------------------------------------------------------------------


def test_each_drawing_shows_as_one_line_saying_what_it_draws() -> None:
    n = lecture_network()
    n.C0.backward()
    steps = backward_steps(lecture_network().C0)
    layers = [[n.x], [n.a1], [n.a2]]
    shown = {
        "graph": repr(draw_graph(n.C0)),
        "paths": repr(draw_paths(n.C0, n.W1)),
        "layers": repr(draw_layers(layers, [[[n.W1]], [[n.W2]]])),
        "step": repr(draw_step(steps[3])),
    }
    for text in shown.values():
        _one_line(text)
        assert text.startswith("<Drawing: ") and "_drawing_class" not in text
        assert "render(drawing, 'fig.svg')" in text and "Jupyter" in text
    assert "the graph of C₀, 14 nodes" in shown["graph"]
    assert "the 1 path from W₁ to C₀, 6 nodes" in shown["paths"]
    assert "the layers of a 1-1-1 network" in shown["layers"] and "3 nodes" in shown["layers"]
    assert "backward step 4 of 5 on C₀'s graph" in shown["step"]
    _, frame = step_frames(lecture_network().C0)[0]
    assert "step 0 (the seed)" in repr(frame)


def test_a_drawing_names_render_by_its_public_module() -> None:
    # The one line a student sees points at render(); the module it names must be the one the
    # README lists for render(), and importing render from there must work.
    import importlib
    import re

    text = repr(draw_graph(lecture_network().C0))
    found = re.search(r"\(from ([\w.]+)\)", text)
    assert found, text
    module = found.group(1)
    assert callable(importlib.import_module(module).render)
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f'`render(graph, "fig.svg")` (with or without system Graphviz) | `{module}` |' in readme


def test_a_drawing_still_shows_inline_in_jupyter() -> None:
    if find_renderer() is None:
        pytest.skip("no Graphviz renderer (system dot or graphviz-pure) to draw with")
    n = lecture_network()
    bundle = draw_paths(n.C0, n.W1)._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"]


# --- backward steps ----------------------------------------------------------------------------


def test_a_backward_step_prints_as_one_readable_line() -> None:
    n = lecture_network()
    steps = backward_steps(n.C0)
    a2 = next(s for s in steps if s.node is n.a2)
    text = str(a2)
    _one_line(text)
    assert text == (
        f"step 2 of 5: at a₂, ∂C₀/∂a₂ = {number(n.a2.grad)} flows to z₂, "
        "times the edge's local derivative"
    )
    assert repr(a2) == f"<BackwardStep {text.removeprefix('step ')}>"
    last = steps[-1]
    assert str(last) == (
        f"step 5 of 5: at z₁, ∂C₀/∂z₁ = {number(n.z1.grad)} flows to W₁, x, b₁, "
        "times each edge's local derivative; final: W₁, b₁; x is data: not updated"
    )
    _one_line(repr(a2.contributions[0]))
    _one_line(repr(steps))
    assert repr(steps).startswith("<BackwardSteps: 5 steps of backward() from C₀")


def test_what_a_user_reads_names_the_public_modules() -> None:
    # The README's public name is autograd.viz: repr(steps) and the missing-graphviz message
    # once sent the user to autograd.show.viz, where the code happens to live.
    import re

    import autograd.viz
    from autograd.show.render import DRAWINGS

    n = lecture_network()
    for said in (repr(backward_steps(n.C0)), DRAWINGS):
        assert "autograd.show" not in said, said
        for name in re.findall(r"autograd\.viz\.(\w+)", said):
            assert hasattr(autograd.viz, name), name
    assert "autograd.viz.draw_step" in repr(backward_steps(n.C0))
    listed = DRAWINGS.split("autograd.viz: ")[1].rstrip(")").split(", ")
    assert all(hasattr(autograd.viz, name) for name in listed), listed


def test_backward_steps_can_be_listed_twice_indexed_and_counted() -> None:
    n = lecture_network()
    steps = backward_steps(n.C0)
    first, second = list(steps), list(steps)
    assert len(first) == 5 and [s.node for s in first] == [s.node for s in second]
    assert len(steps) == 5 and steps[0].node is n.C0 and steps[-1] is first[-1]
    assert [s.index for s in steps[2:5]] == [2, 3, 4]
    # the pass ran once: the grads are backward()'s, not doubled by listing twice
    m = lecture_network()
    m.C0.backward()
    assert n.W1.grad == m.W1.grad and n.b2.grad == m.b2.grad


def test_step_grads_are_every_grad_right_after_that_step() -> None:
    """``step.grads`` (replayed from the recorded += of the steps so far) holds exactly the
    floats of a pass walked by hand with the engine's own step, stopped after that step."""
    n = lecture_network()
    steps = backward_steps(n.C0)
    m = lecture_network()  # the same graph again, walked by hand
    order = topological_order(m.C0)
    seed(order, m.C0)
    same = dict(zip(topological_order(n.C0), order))  # n's node → the same node of m
    assert len(order) == len(steps[0].order) == len(set(steps[0].order))
    for k, step in enumerate(steps):
        for v in step.nodes:  # the step's node, then the unnamed ones processed with it
            backward_step(same[v])
        assert step.grads == {u: w.grad for u, w in same.items()}, k
    assert steps[-1].grads[n.W1] == n.W1.grad == m.W1.grad


# --- explain -----------------------------------------------------------------------------------


def test_explain_shows_its_text_in_a_plain_repl_and_stays_a_str() -> None:
    n = lecture_network()
    n.C0.backward()
    text = explain(n.C0, n.W1)
    assert isinstance(text, str) and isinstance(text, Explanation)
    assert repr(text) == str(text) and "\n" in repr(text) and "\\n" not in repr(text)
    assert text.startswith("∂C₀/∂W₁: 1 path") and str(text) + "" == text

    class Pretty:  # what IPython's pretty printer hands to _repr_pretty_
        out = ""

        def text(self, s: str) -> None:
            self.out += s

    p: Any = Pretty()
    text._repr_pretty_(p, False)
    assert p.out == str(text)


# --- all of it, in a real REPL -----------------------------------------------------------------

SESSION = """\
from autograd import backward_steps, explain
from autograd.show.explore import explore
from autograd.show.viz import draw_paths
from nn.lecture import lecture_network
net = lecture_network()
explore(net.C0)
draw_paths(net.C0, net.W1)
steps = backward_steps(net.C0)
steps
steps[3]
len(list(steps)), len(list(steps))
explain(net.C0, net.W1)
"""


def test_a_plain_python_repl_shows_readable_lines() -> None:
    """``python -i`` fed a session, as a student types it: the lines it prints."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-i", "-q"],
        input=SESSION,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    out = result.stdout
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = out.splitlines()
    assert all(len(line) <= ONE_LINE for line in lines), max(lines, key=len)[:300]
    assert "<!doctype" not in out and "_drawing_class" not in out and "generator" not in out
    assert "<Explorer: the chain-rule explorer of C₀" in out
    assert "<Drawing: the 1 path from W₁ to C₀" in out
    assert "<BackwardSteps: 5 steps" in out and "<BackwardStep 4 of 5: at a₁" in out
    assert "(5, 5)" in out
    assert "\n    ∂z₁/∂W₁ = x" in out and "\\n" not in out  # explain(): its text, line by line


def test_looking_for_mlp_inside_autograd_says_where_it_is() -> None:
    # `from autograd import MLP`: the same answer as for nn, by the same means (autograd/MLP.py)
    import autograd

    with pytest.raises(ImportError) as raised:
        exec("from autograd import MLP", {})
    assert not isinstance(raised.value, ModuleNotFoundError)
    assert "MLP is in nn" in str(raised.value) and "`from nn import MLP`" in str(raised.value)
    assert not hasattr(autograd, "MLP") and "autograd.MLP" not in sys.modules


@pytest.mark.parametrize(
    "guess", ["from autograd import nn", "import autograd.nn", "from autograd.nn import MLP"]
)
def test_looking_for_nn_inside_autograd_says_where_it_is(guess: str) -> None:
    # A student's natural guess; Python's own answer was a bare "cannot import name 'nn'".
    import autograd

    with pytest.raises(ImportError) as raised:
        exec(guess, {})
    assert not isinstance(raised.value, ModuleNotFoundError)  # `from …` must not swallow it
    assert "nn is a package of its own" in str(raised.value)
    assert "`import nn`" in str(raised.value) and "`from nn import MLP, fit`" in str(raised.value)
    # and autograd has no attribute nn, asked without an exception (hasattr), before and after
    assert not hasattr(autograd, "nn") and "autograd.nn" not in sys.modules
    import nn

    assert nn.MLP.__module__ == "nn.layers"
