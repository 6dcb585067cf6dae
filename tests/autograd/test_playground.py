"""The live training page without a browser: it embeds the very graph `nn.fit` differentiates
(`nn.batch_cost`), and that graph, run by the page's engine under Node.js with fit's update
W ← W − η·∂C/∂W, reaches fit's weights — its cost there is batch_cost's bit for bit (ReLU, the
hinge and the L2 penalty are IEEE arithmetic); the page is self-contained; wrong input is
refused, saying why."""

from __future__ import annotations

import json
import re

import pytest

from autograd import Value
from autograd.show.live import script
from autograd.show.playground import playground
from nn import MLP, batch_cost, fit, hinge, mse
from nn.datasets import moons
from tests.autograd.jsrun import asset, needs_node, run


def _page(n: int = 20, eta: float = 0.3):  # type: ignore[no-untyped-def]
    X, y = moons(n=n, noise=0.1, seed=3, labels="pm1")
    model = MLP(2, [8, 8, 1], seed=4)
    cost = batch_cost(model, X, y, loss="hinge", alpha=1e-4)
    return playground(model, X, y, loss=hinge, cost=cost, lr=eta, grid=6), X, y


def _embedded(html: str) -> dict:  # type: ignore[type-arg]
    m = re.search(
        r'<script type="application/json" class="explorer-data">(.*?)</script>', html, re.S
    )
    assert m is not None
    return json.loads(m.group(1))


_TRAIN = """
%s
%s
var G = new Chainrule.Graph(INPUT.cost.program, OPS), pc = INPUT.cost.params, costs = [];
G.forward(); G.backward(); costs.push(G.value[G.root]);
for (var e = 0; e < INPUT.epochs; e++) {
  pc.forEach(function (i) { if (i >= 0) G.value[i] = G.value[i] - INPUT.eta * G.grad[i]; });
  G.forward(); G.backward(); costs.push(G.value[G.root]);
}
console.log(JSON.stringify(costs.map(bits)));
"""


@needs_node
def test_the_embedded_graph_trains_as_fit_does_bit_for_bit() -> None:
    from tests.autograd.jsrun import unbits

    page, X, y = _page()
    data = _embedded(page.html)
    code = page.html.split("<script>", 1)[1].split("var Chainrule", 1)[0]  # the generated rules
    data.update(epochs=15, eta=0.3)
    got = [unbits(b) for b in run(_TRAIN % (code, asset("engine.js")), data)]
    model = MLP(2, [8, 8, 1], seed=4)
    history = fit(model, X, y, loss="hinge", alpha=1e-4, lr=0.3, epochs=15, progress=False)
    # fit reports C·n/n (its running sum over batches), within an ulp of C: to 1e-15 here,
    assert got[:15] == pytest.approx(history.loss, rel=1e-15)
    # and the cost of the graph at the weights fit reached is the page's, bit for bit
    assert got[15] == batch_cost(model, X, y, loss="hinge", alpha=1e-4).data
    assert got[-1] < got[0]


def test_the_page_holds_fits_graph_and_nothing_from_outside() -> None:
    page, X, y = _page()
    data = _embedded(page.html)
    model = MLP(2, [8, 8, 1], seed=4)
    C = batch_cost(model, X, y, loss="hinge", alpha=1e-4)
    assert data["cost"]["program"]["value"][data["cost"]["program"]["root"]] == C.data
    assert data["cost"]["penalty"] is True  # the L2 term is in it
    assert len(data["cost"]["params"]) == len(model.parameters()) == len(data["names"])
    assert all(i >= 0 for i in data["cost"]["params"])
    assert [L["f"] for L in data["layers"]] == ["ReLU", "ReLU", ""]
    assert data["points"] == [[float(a), float(b)] for a, b in X]
    for pattern in (r"\ssrc=", r"\shref=", r"fetch\(", r"XMLHttp"):
        assert re.search(pattern, page.html) is None
    assert repr(page).startswith("<Playground: live training on 20 samples, 105 parameters")


def test_the_cost_defaults_to_the_loss_over_all_samples() -> None:
    X, y = moons(n=10, seed=1, labels="pm1")
    model = MLP(2, [3, 1], seed=2)
    page = playground(model, X, y, loss=hinge)
    data = _embedded(page.html)
    C = hinge([model(x) for x in X], [float(t) for t in y])
    assert data["cost"]["program"]["value"][data["cost"]["program"]["root"]] == C.data
    assert data["cost"]["penalty"] is False


def test_wrong_input_is_refused_saying_why() -> None:
    X, y = moons(n=10, seed=1, labels="pm1")
    model = MLP(2, [3, 1], seed=2)
    with pytest.raises(ValueError, match="equally long"):
        playground(model, X, y[:3], loss=hinge)
    with pytest.raises(TypeError, match="cost must be a Value"):
        playground(model, X, y, loss=hinge, cost=1.0)  # type: ignore[arg-type]
    two = MLP(2, [3, 2], seed=2)
    with pytest.raises(ValueError, match="one output"):
        playground(two, X, y, loss=mse)


def test_script_refuses_nothing_the_mlp_uses() -> None:
    # every op an MLP and the losses use has its rules written out (no NotTranslatable)
    model = MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=2)
    x = [Value(0.5, label="x₁"), Value(-1.0, label="x₂")]
    from autograd.show.live import program

    assert "var OPS" in script([program(mse([model(x)], [1.0]))])
