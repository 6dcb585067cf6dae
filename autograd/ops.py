"""The op table: every primitive operation, declared once, as data.

The lecture's chain rule multiplies *local* derivatives ∂out/∂in along a path. This module is the
only place where those local derivatives are written down: `backward()` multiplies them by the
upstream gradient, `compile` writes the same rules out as code, the drawings and `explain()` show
their formulas, and the tests are parametrized over `OPS` — so an op added here is
differentiated, compiled, drawn, explained and tested the day it is added.

What a rule may use (the header PyTorch's ``derivatives.yaml`` has, in our terms):

* ``forward(*inputs) -> out`` sees the parents' numbers in order, then the op's constant ``c``
  when it has one (``x * 2.0`` is op ``mul_c`` with c = 2.0).
* ``partials(*inputs, out) -> (∂out/∂in₀, ∂out/∂in₁, …)``: one local derivative per *parent*.
* ``backward(upstream, *inputs, out) -> (contribution₀, …)``, optional: what backward() adds to
  each parent's ``.grad`` where PyTorch float64 computes local × upstream another way — in
  another order, or masked (autograd/numerics/pytorch.py says where and why). Without it,
  backward() adds ``local × upstream``: the lecture's rule, literally.
* ``formulas``: display templates, one per parent (``{0}``, ``{1}`` the parents, ``{c}`` the
  constant, ``{cm1}`` c − 1). They are for people; numbers come only from the rules.
* ``finite_partials``: every local derivative is finite wherever the output is (0, ±1, c, an
  input, a function of a finite output) — so a zero upstream adds only ±0 and can be skipped.
* Rules use plain arithmetic and `autograd.numerics` (IEEE ``div``, correctly rounded ``exp``,
  ``log`` …), so that no rule ever raises where PyTorch gives inf or nan.

Why ``-``, ``/`` and unary ``-`` are primitives (not ``a + (-1)·b`` or ``a · b⁻¹``): the student
should see the node they wrote; ``C₀ = (a₂ − y)²`` is two nodes, with local derivatives ``1`` and
``2(a₂ − y)``, as on the slide. A number operand is folded into its node as the constant ``c``
instead of becoming a node of its own: fewer nodes to draw, half the memory per op.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from autograd.numerics import crfast, pytorch
from autograd.numerics.ieee import div, left_sum, log, one_minus_square, pow_, sign, sqrt

__all__ = ["OPS", "Domain", "Op", "register"]


@dataclass(frozen=True)
class Domain:
    """Where an input may be sampled to test a rule: (lo, hi), kept away from the ``kinks``
    (points where the op is not differentiable, or has a pole)."""

    lo: float = -3.0
    hi: float = 3.0
    kinks: tuple[float, ...] = ()


Rule = Callable[..., float]
Rules = Callable[..., Sequence[float]]


@dataclass(frozen=True, kw_only=True)
class Op:
    """One primitive. ``arity`` counts parents (None: any number, as the weighted sum; tests use
    ``example_arity``). An n-ary op gives ``formula_for(k, arity)`` and ``describe_with(names)``
    instead of ``formulas`` and ``symbol``. ``const`` says the op carries a number c
    (sampled from ``const_domain`` in tests). ``notes``: where the op is not differentiable and
    which convention it follows there."""

    name: str
    symbol: str
    arity: int | None
    forward: Rule
    partials: Rules
    formulas: tuple[str, ...] = ()
    backward: Rules | None = None
    finite_partials: bool = False
    domain: tuple[Domain, ...] = ()
    const: bool = False
    const_domain: Domain = field(default_factory=Domain)
    default_const: float | None = None
    formula_for: Callable[[int, int], str] | None = None
    describe_with: Callable[[Sequence[str]], str] | None = None
    example_arity: int = 0
    notes: str = ""

    def template(self, k: int, arity: int = 0) -> str:
        """The display template of ∂out/∂parent_k (``{0}`` for parent 0; `autograd.notation`
        fills it with names)."""
        return self.formula_for(k, arity) if self.formula_for else self.formulas[k]

    def input_domain(self, k: int) -> Domain:
        """The sampling domain of parent k (n-ary ops repeat their last pattern)."""
        if not self.domain:
            return Domain()
        return self.domain[min(k, len(self.domain) - 1)]


OPS: dict[str, Op] = {}


def register(op: Op) -> Op:
    """Add an op to the table (the one thing a new op needs); returns it."""
    if op.name in OPS:
        raise ValueError(f"op {op.name!r} is already in the table")
    OPS[op.name] = op
    return op


ANY = Domain()
NONZERO = Domain(-3.0, 3.0, kinks=(0.0,))
POSITIVE = Domain(0.1, 3.0)

# Each entry: the rules (forward, then ∂out/∂parent for each parent), how to show it, where to
# test it. The table is laid out by hand, one op to a paragraph.
# fmt: off

# --- two Values -------------------------------------------------------------------------------


def _add(x: float, y: float) -> float:
    return x + y


def _add_partials(x: float, y: float, out: float) -> tuple[float, float]:
    return (1.0, 1.0)


register(Op(name="add", symbol="{0} + {1}", arity=2, domain=(ANY, ANY), finite_partials=True,
            forward=_add, partials=_add_partials, formulas=("1", "1")))


def _sub(x: float, y: float) -> float:
    return x - y


def _sub_partials(x: float, y: float, out: float) -> tuple[float, float]:
    return (1.0, -1.0)


register(Op(name="sub", symbol="{0} − {1}", arity=2, domain=(ANY, ANY), finite_partials=True,
            forward=_sub, partials=_sub_partials, formulas=("1", "−1")))


def _mul(x: float, y: float) -> float:
    return x * y


def _mul_partials(x: float, y: float, out: float) -> tuple[float, float]:
    return (y, x)


register(Op(name="mul", symbol="{0}·{1}", arity=2, domain=(ANY, ANY), finite_partials=True,
            forward=_mul, partials=_mul_partials, formulas=("{1}", "{0}")))


def _div_partials(x: float, y: float, out: float) -> tuple[float, float]:
    return (div(1.0, y), -div(out, y))  # −x/y² as −(x/y)/y, so it overflows where PyTorch's does


register(Op(name="div", symbol="{0} / {1}", arity=2, domain=(ANY, NONZERO),
            forward=div, partials=_div_partials, formulas=("1/{1}", "−{0}/{1}²"),
            backward=pytorch.divide_upstream_by_y,
            notes="backward divides, upstream / y, as PyTorch does (1e-20 / 1e-310 is 1e290)."))

register(Op(name="pow", symbol="{0}^{1}", arity=2, domain=(POSITIVE, Domain(-2.0, 2.0)),
            forward=pow_, partials=pytorch.pow_partials,
            formulas=("{1}·{0}^({1}−1)", "{0}^{1}·ln({0})"), backward=pytorch.pow_backward,
            notes="PyTorch's conventions: ∂/∂x = 0 where y = 0 (masked), ∂/∂y = 0 where x = 0"
                  " and y ≥ 0 (not masked, as in PyTorch)."))

# --- a Value and a number c: x + 2, 1 − x, 3 / x, 2 ** x, x ** 2 --------------------------------

C_ANY = Domain(-3.0, 3.0)


def _add_c(x: float, c: float) -> float:
    return x + c


def _sub_c(x: float, c: float) -> float:
    return x - c


def _rsub_c(x: float, c: float) -> float:
    return c - x


def _one(x: float, c: float, out: float) -> tuple[float]:
    return (1.0,)


def _minus_one(x: float, c: float, out: float) -> tuple[float]:
    return (-1.0,)


register(Op(name="add_c", symbol="{0} + {c}", arity=1, domain=(ANY,), finite_partials=True,
            forward=_add_c, partials=_one, formulas=("1",), const=True, const_domain=C_ANY))
register(Op(name="sub_c", symbol="{0} − {c}", arity=1, domain=(ANY,), finite_partials=True,
            forward=_sub_c, partials=_one, formulas=("1",), const=True, const_domain=C_ANY))
register(Op(name="rsub_c", symbol="{c} − {0}", arity=1, domain=(ANY,), finite_partials=True,
            forward=_rsub_c, partials=_minus_one, formulas=("−1",), const=True,
            const_domain=C_ANY))


def _mul_c(x: float, c: float) -> float:
    return x * c


def _mul_c_partials(x: float, c: float, out: float) -> tuple[float]:
    return (c,)


register(Op(name="mul_c", symbol="{c}·{0}", arity=1, domain=(ANY,), finite_partials=True,
            forward=_mul_c, partials=_mul_c_partials, formulas=("{c}",), const=True,
            const_domain=C_ANY))


def _div_c_partials(x: float, c: float, out: float) -> tuple[float]:
    return (div(1.0, c),)


register(Op(name="div_c", symbol="{0} / {c}", arity=1, domain=(ANY,),
            forward=div, partials=_div_c_partials, formulas=("1/{c}",), const=True,
            const_domain=NONZERO, backward=pytorch.divide_upstream_by_c,
            notes="backward is upstream / c, as PyTorch's."))

register(Op(name="rdiv_c", symbol="{c} / {0}", arity=1, domain=(NONZERO,),
            forward=pytorch.rdiv_c, partials=pytorch.rdiv_c_partials, formulas=("−{c}/{0}²",),
            const=True, const_domain=C_ANY, backward=pytorch.rdiv_c_backward,
            notes="c / x is one correctly rounded division (PyTorch's is two roundings, so it"
                  " can be an ulp off, or inf/nan where c/x is finite); the backward follows"
                  " PyTorch's order, −(upstream·c)·(1/x)²."))

register(Op(name="pow_c", symbol="{0}^{c}", arity=1, domain=(POSITIVE,),
            forward=pytorch.pow_c, partials=pytorch.pow_c_partials, formulas=("{c}·{0}^{cm1}",),
            const=True, const_domain=Domain(-3.0, 3.0), backward=pytorch.pow_c_backward,
            notes="x⁰ = 1 has gradient exactly 0, even for an infinite upstream (PyTorch masks"
                  " it); x², x³, x⁻², x^±0.5, x⁻¹ are computed as PyTorch float64 does."))


def _rpow_c(x: float, c: float) -> float:
    return pow_(c, x)


register(Op(name="rpow_c", symbol="{c}^{0}", arity=1, domain=(ANY,),
            forward=_rpow_c, partials=pytorch.rpow_c_partials, formulas=("{c}^{0}·ln({c})",),
            const=True, const_domain=POSITIVE))


def _leaky_relu(x: float, c: float) -> float:
    return x if x > 0.0 else x * c


def _leaky_relu_partials(x: float, c: float, out: float) -> tuple[float]:
    return (1.0 if x > 0.0 else c,)


register(Op(name="leaky_relu", symbol="leaky_relu({0})", arity=1, domain=(NONZERO,),
            finite_partials=True, forward=_leaky_relu, partials=_leaky_relu_partials,
            formulas=("1 if {0}>0 else {c}",), const=True, const_domain=Domain(0.001, 0.5),
            default_const=0.01))

# --- one Value: exp, ln, the lecture's activations, and friends --------------------------------
# exp, ln, tanh, σ and softplus are correctly rounded (numerics/crfast.py, crmath.py) in the values
# and wherever a rule recomputes one: the float nearest the exact value.


def _neg(x: float) -> float:
    return -x


def _neg_partials(x: float, out: float) -> tuple[float]:
    return (-1.0,)


register(Op(name="neg", symbol="−{0}", arity=1, domain=(ANY,), finite_partials=True,
            forward=_neg, partials=_neg_partials, formulas=("−1",)))


def _exp_partials(x: float, out: float) -> tuple[float]:
    return (out,)


register(Op(name="exp", symbol="exp({0})", arity=1, domain=(ANY,), finite_partials=True,
            forward=crfast.exp, partials=_exp_partials, formulas=("e^{0}",),
            notes="eˣ correctly rounded (crmath), where the C library's and PyTorch's SLEEF exp"
                  " are at times an ulp off."))


def _log_partials(x: float, out: float) -> tuple[float]:
    return (div(1.0, x),)


register(Op(name="log", symbol="ln {0}", arity=1, domain=(POSITIVE,),
            forward=crfast.log, partials=_log_partials, formulas=("1/{0}",),
            backward=pytorch.divide_upstream_by_x,
            notes="ln x correctly rounded (crmath); backward is upstream / x, as PyTorch's."))

register(Op(name="tanh", symbol="tanh({0})", arity=1, domain=(ANY,), finite_partials=True,
            forward=crfast.tanh, partials=pytorch.tanh_partials, formulas=("1−tanh²({0})",),
            notes="tanh x correctly rounded (crmath; PyTorch's SLEEF tanh is up to 1 ulp off);"
                  " tanh′ = 1 − y² rounded once, as PyTorch's fused multiply-add gives it."))


def _one_minus_square_partials(y: float, out: float) -> tuple[float]:
    return (-2.0 * y,)


register(Op(name="one_minus_square", symbol="1−{0}²", arity=1, domain=(ANY,),
            forward=one_minus_square, partials=_one_minus_square_partials, formulas=("−2·{0}",),
            notes="1 − y² rounded once: tanh′ as one node of a derivative's own graph"
                  " (grad(create_graph=True)), the number backward() and PyTorch compute."))


def _sigmoid_partials(x: float, out: float) -> tuple[float]:
    return (out * (1.0 - out),)


register(Op(name="sigmoid", symbol="σ({0})", arity=1, domain=(ANY,), finite_partials=True,
            forward=crfast.sigmoid, partials=_sigmoid_partials, formulas=("σ({0})·(1−σ({0}))",),
            backward=pytorch.sigmoid_backward,
            notes="σ(x) correctly rounded (crmath: σ(−1e308) = 0); backward in PyTorch's"
                  " order, (upstream · (1 − σ)) · σ."))

register(Op(name="relu", symbol="ReLU({0})", arity=1, domain=(NONZERO,), finite_partials=True,
            forward=pytorch.relu, partials=pytorch.relu_partials, backward=pytorch.relu_backward,
            formulas=("0 if {0}≤0 else 1",),  # the lecture's "0 for x ≤ 0, 1 for x > 0"
            notes="Not differentiable at 0: ReLU′(0) = 0, as in the lecture and PyTorch, and"
                  " ReLU″ = 0 everywhere. ReLU(−0.0) = −0.0, ReLU(nan) = nan. Backward is masked:"
                  " exactly 0 where x ≤ 0, even for an inf or nan upstream, as PyTorch's."))


def _sqrt_partials(x: float, out: float) -> tuple[float]:
    return (div(1.0, 2.0 * out),)


register(Op(name="sqrt", symbol="√{0}", arity=1, domain=(POSITIVE,),
            forward=sqrt, partials=_sqrt_partials, formulas=("1/(2·√{0})",),
            backward=pytorch.sqrt_backward,
            notes="Not differentiable at 0: √′(0) = +inf and √″(0) = −inf, as in PyTorch"
                  " float64; √x is IEEE's correctly rounded root."))


def _abs(x: float) -> float:
    return abs(x)


def _abs_partials(x: float, out: float) -> tuple[float]:
    return (sign(x),)


register(Op(name="abs", symbol="|{0}|", arity=1, domain=(NONZERO,), finite_partials=True,
            forward=_abs, partials=_abs_partials, formulas=("sign({0})",),
            notes="Not differentiable at 0: |x|′(0) = sgn(0) = 0 and |x|″ = 0, as in PyTorch"
                  " float64."))

register(Op(name="softplus", symbol="softplus({0})", arity=1, domain=(ANY,),
            finite_partials=True, forward=crfast.softplus, partials=pytorch.softplus_partials,
            formulas=("σ({0})",), backward=pytorch.softplus_backward,
            notes="ln(1 + eˣ) correctly rounded (crmath); x itself above 20 (PyTorch's"
                  " threshold); backward in PyTorch's order, (upstream · eˣ)/(eˣ + 1)."))

# --- many Values: the neuron's z = b + Σ w·a, and the cost averaged over the data set ---------


def _wsum(*inputs: float) -> float:
    # parents (w₁, a₁, w₂, a₂, …, wₙ, aₙ, b): z = b, then z += wₖ·aₖ in order
    z = inputs[-1]
    for k in range(0, len(inputs) - 1, 2):
        z += inputs[k] * inputs[k + 1]
    return z


def _wsum_partials(*inputs_and_out: float) -> list[float]:
    # ∂z/∂wₖ = aₖ, ∂z/∂aₖ = wₖ, ∂z/∂b = 1: swap each (w, a) pair, then 1 for b.
    local = list(inputs_and_out[:-2])
    local[0::2], local[1::2] = local[1::2], local[0::2]
    local.append(1.0)
    return local


def _wsum_describe(names: Sequence[str]) -> str:
    return " + ".join([*(f"{names[i]}·{names[i + 1]}" for i in range(0, len(names) - 1, 2)),
                       names[-1]])


def _wsum_formula(k: int, arity: int) -> str:
    return "1" if k == arity - 1 else f"{{{k ^ 1}}}"  # the partner in its (w, a) pair; b: 1


register(Op(name="wsum", symbol="Σ w·a + b", arity=None, domain=(ANY,), finite_partials=True,
            forward=_wsum, partials=_wsum_partials, formula_for=_wsum_formula,
            describe_with=_wsum_describe, example_arity=5))


def _sum(*inputs: float) -> float:
    return left_sum(inputs)  # left to right on every Python; math.fsum would raise on overflow


def _sum_partials(*inputs_and_out: float) -> list[float]:
    return [1.0] * (len(inputs_and_out) - 1)


def _sum_formula(k: int, arity: int) -> str:
    return "1"


def _sum_describe(names: Sequence[str]) -> str:
    return " + ".join(names)


register(Op(name="sum", symbol="Σ", arity=None, domain=(ANY,), finite_partials=True,
            forward=_sum, partials=_sum_partials, formula_for=_sum_formula,
            describe_with=_sum_describe, example_arity=4))


def _mean(*inputs: float) -> float:
    return _sum(*inputs) / len(inputs)


def _mean_partials(*inputs_and_out: float) -> list[float]:
    n = len(inputs_and_out) - 1
    return [1.0 / n] * n


def _mean_formula(k: int, arity: int) -> str:
    return f"1/{arity}" if arity else "1/n"


def _mean_describe(names: Sequence[str]) -> str:
    return f"1/{len(names)}·({' + '.join(names)})"


register(Op(name="mean", symbol="1/n Σ", arity=None, domain=(ANY,), finite_partials=True,
            forward=_mean, partials=_mean_partials, formula_for=_mean_formula,
            describe_with=_mean_describe, example_arity=4, backward=pytorch.mean_backward,
            notes="backward is upstream / n, as PyTorch's mean (not upstream · (1/n))."))
# fmt: on

__all__ += ["log"]  # for a new op's rules: `from autograd.ops import log` keeps working
