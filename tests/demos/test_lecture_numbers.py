"""The numbers the lecture demos print and draw, checked against backward(), finite
differences, the update rule W − η·∂C/∂W and the init sweep's orders of magnitude."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import Value
from demos.gradient_flow import Profile, build_model, profile, sweep
from demos.lecture_net import (
    NAMES,
    START,
    X,
    Y,
    bottom,
    cost,
    descend,
    forward_difference,
    gradient,
    largest_curvature,
    per_sample_gradients,
)
from nn import MLP, SGD, mse
from nn.datasets import moons
from nn.lecture import lecture_network

# --- vanishing and exploding gradients ------------------------------------------------------


def test_backward_factor_is_the_sum_of_w_times_phi_prime() -> None:
    """The demo's equation ∂C/∂a⁽ˡ⁻¹⁾ⱼ = Σₖ w⁽ˡ⁾ₖ,ⱼ · φ′(z⁽ˡ⁾ₖ) · ∂C/∂a⁽ˡ⁾ₖ holds for every
    unit of every sample, φ′ read from the op table."""
    model = MLP(2, [4, 4, 4, 1], activation="tanh", seed=3)
    X_, y_ = moons(n=6, seed=1)
    acts = [model.activations(x) for x in X_]
    mse([a[-1][0] for a in acts], y_).backward()
    checked = 0
    for sample in acts:
        for l in (2, 3):
            layer = model.layers[l - 1]
            for j, below in enumerate(sample[l - 1]):
                expected = sum(
                    neuron.w[j].data * a.local_derivatives()[0] * a.grad
                    for neuron, a in zip(layer.neurons, sample[l])
                )
                assert below.grad == pytest.approx(expected, rel=1e-12, abs=1e-15)
                checked += 1
    assert checked == 6 * 2 * 4


@pytest.mark.parametrize(
    ("ratio", "words"),
    [
        (2.5e-5, "vanishes"),
        (0.0243, "shrinks 41×"),  # ReLU, biases +2: a 41× drop was once called "flat-ish"
        (0.17, "within 10×"),
        (1.7, "within 10×"),
        (43.0, "grows 43×"),
        (300.0, "explodes"),
    ],
)
def test_the_vanishing_table_says_each_ratio_honestly(ratio: float, words: str) -> None:
    p = Profile("relu", "uniform", 1.0, 2.0, [ratio, 1.0], [1.0, 1.0], [], [], [0.0], True)
    assert p.ratio == ratio and p.verdict() == words
    assert f"({words})" in p.describe()


@pytest.mark.parametrize(
    ("activation", "flat", "words"),
    [
        ("relu", [0.5, 0.84], "in the worst layer, units are dead (φ′ = 0) on 84% of "
         "(unit, sample) pairs"),
        ("tanh", [0.62, 0.1], "in the worst layer, units are saturated (|φ′| < 0.01) on 62% "
         "of (unit, sample) pairs"),
        ("sigmoid", [0.0, 0.0], "no unit saturates on any sample"),
        ("relu", [0.0, 0.0], "no unit dies on any sample"),
    ],
)  # fmt: skip
def test_the_vanishing_table_says_how_many_units_are_flat_in_a_sentence(
    activation: str, flat: list[float], words: str
) -> None:
    # it said "flat units 84% max"
    p = Profile(activation, "uniform", 1.0, 0.0, [0.5, 1.0], [1.0, 1.0], [], [], flat, True)
    assert p.describe().endswith(f"(within 10×); {words}")
    assert "flat" not in p.describe()


def test_relu_slopes_are_0_or_1_and_dead_units_pass_exactly_zero() -> None:
    model = build_model("relu", depth=6, width=6)
    X_, y_ = moons(n=8, seed=0)
    acts = [model.activations(x) for x in X_]
    mse([a[-1][0] for a in acts], y_).backward()
    slopes = [a.local_derivatives()[0] for sample in acts for layer in sample[1:-1] for a in layer]
    assert set(slopes) == {0.0, 1.0}  # the slide's "0 or 1"
    dead = [a for sample in acts for layer in sample[1:-1] for a in layer if a.data == 0.0]
    assert dead and all(a.parents[0].grad == 0.0 for a in dead)
    assert profile("relu", depth=6, width=6, n=8).dead_grads_exactly_zero


def test_a_vanished_gradient_is_real_finite_differences_agree() -> None:
    """Saturated sigmoid net: layer 1's ∂C/∂w is ~10⁻⁹, and a central difference agrees."""
    model = build_model("sigmoid", bias=2.0)
    X_, y_ = moons(n=8, seed=0)

    def C() -> Value:
        out = [model(x) for x in X_]
        return mse([o for o in out if isinstance(o, Value)], y_)

    C().backward()
    w = model.layers[0].neurons[0].w[0]
    w0, h = w.data, 1e-4
    w.data = w0 + h
    up = C().data
    w.data = w0 - h
    down = C().data
    w.data = w0
    assert abs(w.grad) < 1e-7
    assert (up - down) / (2 * h) == pytest.approx(w.grad, rel=1e-3)


def test_measured_ratios_layer_1_over_layer_10() -> None:
    """The orders of magnitude the figure's headlines say (and the issue measured)."""
    ratio = {
        (act, case): profile(act, **kwargs).ratio
        for act in ("sigmoid", "tanh", "relu")
        for case, kwargs in {
            "default": {},
            "saturated": {"bias": 2.0},
            "good": {"init": "he" if act == "relu" else "xavier"},
        }.items()
    }
    assert ratio["sigmoid", "default"] < 1e-3
    assert 1e-8 < ratio["sigmoid", "saturated"] < 1e-7  # the 6.6e-8
    assert ratio["sigmoid", "good"] < 1e-4  # Xavier does not rescue σ: σ′ ≤ ¼
    assert 1e-4 < ratio["tanh", "saturated"] < 1e-3  # the 3.4e-4
    for case in ("default", "good"):
        assert 0.1 < ratio["tanh", case] < 10
        assert 0.1 < ratio["relu", case] < 10


def test_saturation_is_what_changes_for_tanh() -> None:
    default, saturated = profile("tanh"), profile("tanh", bias=2.0)
    assert max(saturated.flat) > 0.5 > max(default.flat)
    assert sum(saturated.phi_prime) < 0.5 * sum(default.phi_prime)


def test_init_sweep_orders_of_magnitude() -> None:
    scales = [0.25, 1.0, 3.0]
    relu = sweep("relu", scales, init="he", seeds=[0], n=8)
    sigmoid = sweep("sigmoid", scales, init="xavier", seeds=[0], n=8)
    tanh = sweep("tanh", scales, init="xavier", seeds=[0], n=8)
    assert relu[2].first > 1e6 * relu[1].first  # ReLU explodes with scale …
    assert relu[2].last > 1e6 * relu[1].last  # … in every layer at once …
    assert all(0.1 < p.ratio < 10 for p in relu)  # … so its ratio hardly moves
    assert all(p.ratio < 1e-2 for p in sigmoid)  # σ vanishes at every scale
    assert relu[0].first < 1e-5 and tanh[0].first < 1e-5  # tiny weights: tiny gradients


# --- the lecture network: update, learning rate, nudge --------------------------------------


def test_gradient_vector_is_the_average_and_matches_finite_differences() -> None:
    C, grads = gradient(START)
    samples = per_sample_gradients(START)
    assert C == pytest.approx(sum(c for c, _ in samples) / len(samples), rel=1e-15)
    for k in NAMES:
        assert grads[k] == pytest.approx(sum(g[k] for _, g in samples) / len(samples), rel=1e-12)
        h = 1e-6
        fd = (cost({**START, k: START[k] + h}) - cost({**START, k: START[k] - h})) / (2 * h)
        assert grads[k] == pytest.approx(fd, rel=1e-6, abs=1e-10)
    # sample 0 is the slides' own: the chain-rule figures' C₀ = 0.372 and ∂C₀/∂W₁ = 0.0409
    assert (X[0], Y[0]) == (0.5, 1.0)
    assert round(samples[0][0], 3) == 0.372 and round(samples[0][1]["W1"], 4) == 0.0409


def test_each_step_is_w_minus_eta_grad_and_the_cost_falls() -> None:
    eta = 10.0
    path = descend(START, eta, 40)
    for (before, C), (after, _) in itertools.pairwise(path):
        C_check, grads = gradient(before)
        assert C == C_check
        for k in NAMES:
            assert after[k] == before[k] - eta * grads[k]
    costs = [c for _, c in path]
    assert all(b < a for a, b in itertools.pairwise(costs))
    assert costs[-1] < 0.06 * costs[0]
    params = [Value(START[k]) for k in NAMES]
    for p, k in zip(params, NAMES):
        p.grad = gradient(START)[1][k]
    SGD(params, lr=eta).step()
    assert [p.data for p in params] == [path[1][0][k] for k in NAMES]


def test_the_data_set_has_a_bottom_at_finite_weights() -> None:
    """The learning-rate figures hold the other parameters at the bottom of C: it must be one —
    finite weights, a gradient of nearly 0, a cost well below the start's."""
    b = bottom()
    assert all(abs(v) < 10 for v in b.values())
    assert max(abs(g) for g in gradient(b)[1].values()) < 1e-4
    assert cost(b) < 0.05 * cost(START)


def test_learning_rates_on_the_1d_curve_too_small_right_and_too_large() -> None:
    """07c: C(W₁) with b₁, W₂, b₂ at the bottom, from the slides' W₁ = 0.8, 12 steps: η = 3
    hardly moves, η = 20 reaches the valley floor, η = 60 jumps over it and lands higher on
    the far side (W₁ past the bottom, C far above it)."""
    held = bottom()

    def run(eta: float) -> list[tuple[dict[str, float], float]]:
        return descend({**held, "W1": START["W1"]}, eta, 12, names=("W1",))

    floor = cost(held)
    small, right, large = run(3.0), run(20.0), run(60.0)
    assert small[-1][0]["W1"] - START["W1"] < 0.2 and small[-1][1] > 0.95 * small[0][1]
    assert right[-1][1] == pytest.approx(floor, rel=1e-3)
    jump = next(p["W1"] for p, _ in large if p["W1"] > held["W1"])
    assert jump > held["W1"] + 2 and large[-1][1] > 10 * floor
    assert all(p["b1"] == held["b1"] and p["W2"] == held["W2"] for p, _ in large)


def test_learning_rates_over_w1_w2_too_small_good_and_too_large() -> None:
    held = bottom()
    start = {**held, "W1": START["W1"], "W2": START["W2"]}
    runs = {eta: descend(start, eta, 40, names=("W1", "W2")) for eta in (3.0, 30.0, 300.0)}
    final = {eta: path[-1][1] for eta, path in runs.items()}
    assert final[30.0] < 1.01 * cost(held) < 0.1 * final[3.0] and final[300.0] > final[3.0]
    limit = 2 / largest_curvature(held)  # at the bottom of the drawn slice, the ✕
    assert 30.0 < limit < 300.0  # good is below the limit, too large above it


def test_learning_rate_marks_and_prints_the_held_bottom_not_where_eta_30_stops(
    printed: tuple[str, Path],
) -> None:
    """07c's "bottom" (the ✕ and the print) is the held 4-parameter bottom: C there is no
    higher than where the η = 30 run stops, and λₘₐₓ is taken there (2/λₘₐₓ ≈ 43)."""
    stdout, _ = printed
    held = bottom()
    shown = r"bottom \(W₁, W₂\) = \(([+−][\d.]+), ([+−][\d.]+)\), C = ([\d.e−+]+)"
    w1, w2, c = _numbers(shown, stdout)
    assert (w1, w2) == pytest.approx((held["W1"], held["W2"]), abs=1e-3)
    assert c == pytest.approx(cost(held), rel=1e-2)
    start = {**held, "W1": START["W1"], "W2": START["W2"]}
    for steps in (15, 40):  # --quick and the full run
        stop = descend(start, 30.0, steps, names=("W1", "W2"))[-1][1]
        assert cost(held) <= stop
    (lam,) = _numbers(r"largest curvature λₘₐₓ = ([\d.]+)", stdout)
    assert lam == pytest.approx(largest_curvature(held), rel=1e-3)
    assert "grow instead of shrinking for η > 2/λₘₐₓ" in stdout


def test_an_eta_past_two_over_lambda_max_diverges_near_the_bottom() -> None:
    """The advanced figure's fourth run: η = 2·2/λₘₐₓ from beside the bottom makes C grow,
    step after step, while η = 0.9·2/λₘₐₓ from the same point makes it fall."""
    low = bottom()  # the ✕ the figure's fourth run starts beside
    limit = 2 / largest_curvature(low)
    near = {**low, "W1": low["W1"] + 0.05, "W2": low["W2"] - 0.05}
    grows = [c for _, c in descend(near, 2 * limit, 4, names=("W1", "W2"))]
    falls = [c for _, c in descend(near, 0.9 * limit, 6, names=("W1", "W2"))]
    assert all(b > a for a, b in itertools.pairwise(grows))  # each overshoot lands higher
    assert grows[4] > 10 * grows[0]
    assert falls[-1] < falls[0] and all(c <= falls[0] * 1.0001 for c in falls)


def test_nudge_converges_then_rounding_wins() -> None:
    net = lecture_network()
    net.C0.backward()
    slope = net.W1.grad
    err = {k: abs(forward_difference(0.8, 10.0**-k) - slope) for k in range(0, 18)}
    for k in range(1, 6):  # error ∝ h while the curve's bend dominates
        assert 5 < err[k] / err[k + 1] < 20
    assert err[7] < 1e-8
    assert err[12] > 100 * err[7]  # rounding: error grows again as h shrinks
    assert forward_difference(0.8, 1e-16) == 0.0  # C₀(W₁ + h) == C₀(W₁)
    central = (
        lecture_network(W1=0.8 + 1e-6).C0.data - lecture_network(W1=0.8 - 1e-6).C0.data
    ) / 2e-6
    assert central == pytest.approx(slope, rel=1e-8)


# --- why non-linearity ----------------------------------------------------------------------


def _input_gradient(model: MLP, point: list[float]) -> tuple[float, float]:
    xs = [Value(point[0]), Value(point[1])]
    out = model(xs)
    assert isinstance(out, Value)
    out.backward()
    return xs[0].grad, xs[1].grad


def test_identity_mlp_is_a_line_and_relu_mlp_is_not() -> None:
    points = [[-1.0, -1.0], [0.0, 0.5], [1.2, 0.3], [2.0, -1.5]]
    linear = MLP(2, [8, 8, 1], activation="linear", seed=0)
    relu = MLP(2, [8, 8, 1], activation="relu", seed=0)
    g = [_input_gradient(linear, p) for p in points]
    assert all(gi == pytest.approx(g[0], rel=1e-12) for gi in g)
    out = [linear(p) for p in points]
    w1, w2 = g[0]
    b = out[0].data - w1 * points[0][0] - w2 * points[0][1]  # type: ignore[union-attr]
    for p, o in zip(points, out):
        assert o.data == pytest.approx(w1 * p[0] + w2 * p[1] + b, rel=1e-12)  # type: ignore[union-attr]
    assert len({_input_gradient(relu, p) for p in points}) > 1


# --- what the demos print (one quick run of the printed-number demos) ------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("figs")
    result = subprocess.run(
        [sys.executable, "-m", "demos", "forward", "activations", "average", "nonlinear", "update",
         "nudge", "learning_rate", "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, out


def test_update_demo_prints_the_four_updates_correctly(printed: tuple[str, Path]) -> None:
    stdout, out = printed
    # negative numbers with the true minus of the rule itself: "− 10·(−0.01498)", not "(-0.01498)"
    lines = re.findall(
        r"^(W₁|b₁|W₂|b₂) = \1 − η·∂C/∂\1 = "
        r"([+−][\d.]+) − ([\d.]+)·\(([+−][\d.]+)\) = ([+−][\d.]+)$",
        stdout,
        flags=re.MULTILINE,
    )
    assert [name for name, *_ in lines] == ["W₁", "b₁", "W₂", "b₂"]

    def num(text: str) -> float:
        return float(text.replace("−", "-"))

    _, grads = gradient(START)
    for (_, before, eta, grad, after), k in zip(lines, NAMES):
        assert num(before) == pytest.approx(START[k], abs=5e-5)
        assert num(grad) == pytest.approx(grads[k], abs=5e-6)
        assert num(after) == pytest.approx(START[k] - float(eta) * grads[k], abs=5e-5)
    sgd_line = stdout.split("nn.SGD gives")[1].splitlines()[0]
    sgd = dict(re.findall(r"(W₁|b₁|W₂|b₂) = ([+−][\d.]+)", sgd_line))
    assert [num(sgd[name]) for name, *_ in lines] == [num(after) for *_, after in lines]
    assert "-" not in "".join(line for line in stdout.splitlines() if "η·∂C/∂" in line)
    assert (out / "07b_update.png").read_bytes()[:4] == b"\x89PNG"
    costs = [float(c) for c in re.findall(r"after +\d+ updates?: +C = ([\d.]+)", stdout)]
    assert costs == sorted(costs, reverse=True) and len(costs) >= 4
    assert "after  1 update:  C" in stdout and "1 updates" not in stdout


def test_nudge_table_holds_the_rows_its_summary_names(printed: tuple[str, Path]) -> None:
    # "best h = 1e-07" must be a row of the table above it, not a value between two rows.
    stdout, _ = printed
    rows = dict(re.findall(r"^ +(\de[+−]\d\d) +[+−][\d.]+ +([\d.e+−]+)", stdout, re.M))
    best, error, lost = re.findall(r"best h = (\S+): error (\S+); from h = (\S+) on", stdout)[0]
    assert rows[best] == error and _num(error) == min(_num(e) for e in rows.values())
    assert re.search(rf"^ +{best} .*← best$", stdout, re.M)
    assert re.search(rf"^ +{lost} +\+0\.0+ .*← lost$", stdout, re.M)
    earlier = [h for h in rows if _num(h) > _num(lost)]
    assert all(not re.search(rf"^ +{h} +\+0\.0+ ", stdout, re.M) for h in earlier)


def test_learning_rate_prints_each_final_cost_not_a_rounded_zero(
    printed: tuple[str, Path],
) -> None:
    # η = 30 reaches C ≈ 5e-3: printed as a slide writes it, never as a rounded 0.00000
    stdout, _ = printed
    runs = re.findall(r"^η = +(\d+) \(.*\): C (\S+) → (\S+) after (\d+) steps, \(", stdout, re.M)
    assert [eta for eta, *_ in runs] == ["3", "30", "300"]
    held = bottom()
    start = {**held, "W1": START["W1"], "W2": START["W2"]}
    for eta, first, end, steps in runs:
        costs = [c for _, c in descend(start, float(eta), int(steps), names=("W1", "W2"))]
        assert _num(first) == pytest.approx(costs[0], rel=5e-3)
        assert _num(end) == pytest.approx(costs[-1], rel=5e-3) and _num(end) > 0


def test_learning_rate_prints_the_start_its_figure_shows(printed: tuple[str, Path]) -> None:
    # 07c holds b₁, W₂, b₂ at the bottom, so its curve starts at C = 0.175, not the slides'
    # 0.162: the demo prints both and says which the figure shows, with what it holds, written
    # as the slides write the names (b₁, not b1)
    stdout, _ = printed
    held = bottom()
    (slides,) = _numbers(r"the mean over all four, C = ([\d.]+)", stdout)
    (shown,) = _numbers(r"the figure's start: .* held at the bottom, C = ([\d.]+)", stdout)
    assert slides == pytest.approx(cost(START), rel=5e-3)
    assert shown == pytest.approx(cost({**held, "W1": START["W1"]}), rel=5e-3) != slides
    line = next(s for s in stdout.splitlines() if s.startswith("held at the bottom: "))
    values = dict(re.findall(r"(b₁|W₂|b₂) = ([+−]?[\d.]+)", line))
    assert {k: _num(v) for k, v in values.items()} == pytest.approx(
        {"b₁": held["b1"], "W₂": held["W2"], "b₂": held["b2"]}, abs=0.01
    )
    assert not re.search(r"\b(b1|W2|b2) =", stdout)


def _num(text: str) -> float:
    """A printed number, written with the slides' minus "−" (also in an exponent: 1e−07)."""
    return float(text.replace("−", "-"))


def _numbers(pattern: str, text: str) -> list[float]:
    """The groups of the first match of ``pattern`` in ``text``, as floats."""
    match = re.search(pattern, text)
    assert match is not None, pattern
    return [_num(g) for g in match.groups()]


def test_forward_demo_arithmetic_re_derives_from_the_shown_operands(
    printed: tuple[str, Path],
) -> None:
    """Each "w·a + b = z" the forward demo prints comes out as shown when a student computes it
    from the shown (rounded) operands, to the shown result's 3 significant digits."""
    stdout, _ = printed
    lines = re.findall(r"= (\(?−?[\d.]+\)?)·(\(?−?[\d.]+\)?) \+ (−?[\d.]+) = (−?[\d.]+)", stdout)
    assert len(lines) >= 2, stdout[:2000]
    for w, a, b, z in lines:
        derived = _num(w.strip("()")) * _num(a.strip("()")) + _num(b)
        assert f"{derived:.3g}" == f"{_num(z):.3g}", (w, a, b, z)


@pytest.fixture(scope="module")
def drawn_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The words of each chain-rule drawing (05_*, 06, the step frames 10_*), one SVG text
    after another, as a student reads them across a row of cells."""
    import html

    out = tmp_path_factory.mktemp("drawn")
    result = subprocess.run(
        [sys.executable, "-m", "demos", "chain_rule", "many_paths", "backward_steps", "--quick",
         "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return {
        svg.stem: " ".join(
            html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text())
        )
        for svg in sorted(out.glob("*.svg"))
    }


_OPERAND = r"\(?−?\d+(?:\.\d+)?(?:e−?\d+)?\)?"


def test_drawn_products_and_sums_re_derive_from_the_shown_operands(
    drawn_texts: dict[str, str],
) -> None:
    """Every product or sum of numbers a chain-rule drawing writes out ("0.6225 × (−0.2902) =
    −0.181", "(−1.2) × (−0.290) + 0.9 × 0.285 = 0.605", "0.940 + (−1.5) × 0.940 = −0.47") comes
    out as shown when a student computes it from the shown operands, to the result's 3
    significant digits (0.622 × (−0.29) = −0.180, not the −0.181 once shown)."""
    from autograd.notation.numbers import number

    expression = re.compile(rf"(?<![\w.])({_OPERAND}(?: [×+] {_OPERAND})+) = (−?[\d.]+(?:e−?\d+)?)")
    seen = set()
    for name, text in drawn_texts.items():
        for written, result in expression.findall(text):
            value = eval(written.replace("×", "*").replace("−", "-"))  # numbers, × and + only
            assert number(value) == result, (name, written, result)
            seen.add(name[:5])
    assert seen >= {"05_ch", "06_ma", "10_st", "10_to"}, seen
    assert "0.6225 × (−0.2902) = −0.181" in drawn_texts["10_step_03"]
    assert "(−1.2) × (−0.290) + 0.9 × 0.285" in drawn_texts["06_many_paths"]


def test_average_demo_mean_equals_backward_and_the_step_is_w_minus_eta_grad(
    printed: tuple[str, Path],
) -> None:
    stdout, _ = printed
    per_sample = [_num(g) for g in re.findall(r"∂C[₀-₉]/∂W₁ = \S+  \(([+−][\d.]+)\)", stdout)]
    (mean,) = _numbers(r"1/n Σᵢ ∂Cᵢ/∂W₁ = ([+−][\d.]+)", stdout)
    (by_backward,) = _numbers(r"from backward\(\) on C = 1/n Σ Cᵢ: ([+−][\d.]+)", stdout)
    assert len(per_sample) == len(X) and per_sample[0] == pytest.approx(0.04092, abs=1e-5)
    assert mean == pytest.approx(sum(per_sample) / len(X), abs=1e-5) and mean == by_backward
    w, eta, g, after = _numbers(
        r"W₁ ← W₁ − η·∂C/∂W₁:  ([\d.]+) − ([\d.]+)·\(([+−][\d.]+)\) = ([\d.]+)", stdout
    )
    assert g == by_backward and after == pytest.approx(w - eta * g, abs=eta * 1e-5)
    before, later = _numbers(r"cost before ([\d.]+), after one step ([\d.]+)", stdout)
    assert later < before


def test_activations_demo_slopes_from_backward(printed: tuple[str, Path]) -> None:
    stdout, _ = printed
    largest = dict(re.findall(r"^(sigmoid|tanh|relu) .*largest derivative ([\d.]+)$", stdout, re.M))
    assert largest == {"sigmoid": "0.250", "tanh": "1.000", "relu": "1.000"}


def test_nonlinear_demo_identity_network_has_one_gradient_everywhere(
    printed: tuple[str, Path],
) -> None:
    stdout, _ = printed
    line = re.search(r"φ = identity  ∂y′/∂x at three points: (.*)$", stdout, re.M)
    assert line is not None
    pairs = re.findall(r"\(([+−][\d.]+), ([+−][\d.]+)\)", line[1])
    assert len(pairs) == 3 and len(set(pairs)) == 1
    relu = re.search(r"φ = ReLU      ∂y′/∂x at three points: (.*)$", stdout, re.M)
    assert relu is not None and len(set(re.findall(r"\([^)]*\)", relu[1]))) > 1


def test_learning_rate_writes_lambda_max_with_a_subscript(printed: tuple[str, Path]) -> None:
    # the slides' λₘₐₓ, not code's λ_max (the 07c title reads the same f-string's text)
    stdout, _ = printed
    assert "2/λₘₐₓ = " in stdout and "λ_max" not in stdout
    source = Path(__file__).parents[2] / "demos" / "learning_rate.py"
    assert "λ_max" not in source.read_text(encoding="utf-8")


def test_the_backward_steps_go_layer_by_layer_as_the_readme_says() -> None:
    # README: five steps from the last layer to the first, W₂ and b₂ final at z₂'s step —
    # the explorer, the PNG series and the README count the same steps (`backward_steps`)
    from autograd import backward_steps

    n = lecture_network()
    steps = backward_steps(n.C0)
    assert [s.node.label for s in steps] == ["C₀", "a₂", "z₂", "a₁", "z₁"]
    assert [s.node.label for s in steps if n.W2 in s.finalised] == ["z₂"]
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "in 5 steps from the last layer to the first: C₀, a₂, z₂ (W₂ and b₂ final)" in readme
