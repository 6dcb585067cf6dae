"""The op table: every primitive operation, declared once, as data.

The lecture's chain rule multiplies *local* derivatives ∂out/∂in along a path. This module is the
only place in the project where those local derivatives are written down. `backward()` multiplies
them by the upstream gradient, the renderer writes them on edges, `explain()` prints their formulas
and the tests are parametrized over `OPS` — so an op added here is differentiated, drawn, explained
and tested the day it is added.

What a rule may use (the header PyTorch's ``derivatives.yaml`` has, in our terms):

* ``forward(*inputs) -> out`` sees the parents' ``.data`` in order, then the op's constant ``c``
  when the op has one (``x * 2.0`` is op ``mul_c`` with ``c = 2.0``).
* ``partials(*inputs, out) -> (∂out/∂in₀, ∂out/∂in₁, …)`` sees the same inputs and the output,
  and returns one local derivative per *parent* (never one for the constant).
* ``backward(upstream, *inputs, out) -> (contribution₀, …)`` is optional: how `backward()` applies
  the chain rule at this op, i.e. what it adds to each parent's ``.grad``. Without it the engine
  adds ``local × upstream`` for each partial — the lecture's rule, literally. An op gives its own
  only where PyTorch float64 computes the same number another way (``upstream / y`` rather than
  ``upstream · (1/y)``, a structurally zero local derivative masking an infinite upstream) or
  where a specialised rule is faster; the tests check every such rule against ``partials``.
* Rules use plain arithmetic and the helpers of `autograd.numerics.ieee` (``div``, ``log``, ``exp``,
  ``pow_``, ``sqrt``), which follow IEEE-754 / PyTorch float64 semantics on floats (``1/0 → inf``,
  ``log(0) → −inf``, no ``math range error``) so that a rule never raises.
* ``formulas`` are display templates: ``{0}``, ``{1}`` … name the parents, ``{c}`` the constant,
  ``{cm1}`` the constant minus one, ``{out}`` the output; ``Op.formula(k, names)`` fills them
  in with the nodes' labels (the names are inserted literally, never reformatted).
* Records are built with keywords only (``Op(name="exp", symbol="exp({0})", arity=1, …)``), so
  the entry a student adds reads as what it is.

Why ``-``, ``/`` and unary ``-`` are primitives (not ``a + (-1)·b`` or ``a · b⁻¹``): the student
should see the node they wrote. ``C₀ = (a₂ − y)²`` is then two nodes, with local derivatives
``1`` and ``2(a₂ − y)``, exactly as on the slide — not four nodes with a hidden ``−1`` factor.
A number operand is folded into the node as its constant ``c`` instead of becoming a node of its
own: fewer nodes to draw and half the memory per op.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import overload

from autograd.numerics import crmath
from autograd.numerics.ieee import Scalar, div, exp, log, one_minus_square, pow_, sign, sqrt

__all__ = [
    "OPS",
    "Domain",
    "Op",
    "div",
    "exp",
    "format_number",
    "log",
    "operand_number",
    "pow_",
    "register",
    "sqrt",
]


# --- the table's record types ----------------------------------------------------------------


@dataclass(frozen=True)
class Domain:
    """Where an input may be sampled to test a rule: (lo, hi), kept away from the ``kinks``
    (points where the op is not differentiable, or has a pole)."""

    lo: float = -3.0
    hi: float = 3.0
    kinks: tuple[float, ...] = ()


Forward = Callable[..., float]
Partials = Callable[..., Sequence[float]]
Backward = Callable[..., Sequence[float]]


@dataclass(frozen=True, kw_only=True)
class Op:
    """One primitive: its name, display symbol, arity, forward, local partials and domain.

    ``arity`` counts parents (``None`` = any number, as in the weighted sum). ``formulas`` has one
    template per parent; an n-ary op gives a ``formula_for`` function of the parent index instead.
    ``const`` says the op carries a number constant ``c`` (``x * 2.0``); ``const_domain`` is where
    tests sample it. ``example_arity`` is the arity tests use for an n-ary op. ``symbol`` is a
    template like ``formulas``; an n-ary op gives ``describe_with``, a function of the parents'
    names, instead. ``backward`` is optional (see the module docstring); ``notes`` says, for a
    reader, where the op is not differentiable and which convention it follows there.
    ``finite_partials`` promises that every local derivative is finite wherever the output is
    finite; then a zero upstream contributes exactly ±0, and `backward()` skips the node.
    """

    name: str
    symbol: str
    arity: int | None
    forward: Forward
    partials: Partials
    formulas: tuple[str, ...] = ()
    domain: tuple[Domain, ...] = ()
    const: bool = False
    const_domain: Domain = field(default_factory=Domain)
    default_const: float | None = None
    formula_for: Callable[[int, int], str] | None = None
    example_arity: int = 0
    describe_with: Callable[[Sequence[str]], str] | None = None
    backward: Backward | None = None
    notes: str = ""
    finite_partials: bool = False

    def formula(
        self, k: int, names: Sequence[str] = (), c: float | None = None, arity: int = 0
    ) -> str:
        """The display formula of ∂out/∂parent_k, with the parents' names filled in (or the
        raw template, ``{0}`` for parent 0, when no names are given)."""
        if self.formula_for is not None:
            template = self.formula_for(k, len(names) or arity)
        else:
            template = self.formulas[k]
        if not names:
            return template
        cm1 = "(c−1)" if c is None else _fmt(c - 1.0)
        text = _fill(template, names, c=_fmt(c), cm1=cm1, out="out")
        # a formula that is only a negative constant (∂(c·x)/∂x = c) needs no parentheses
        lone = re.fullmatch(r"\((−[0-9.e−]+)\)", text)
        return lone.group(1) if lone else text

    def input_domain(self, k: int) -> Domain:
        """The sampling domain of parent k (n-ary ops repeat their last pattern)."""
        if not self.domain:
            return Domain()
        return self.domain[min(k, len(self.domain) - 1)]

    def describe(self, names: Sequence[str] = (), c: float | None = None) -> str:
        """How the output is computed, e.g. ``z₁·2`` or ``σ(z₁)``, for drawings and explain()."""
        if self.describe_with is not None:
            return self.describe_with(names)
        return _fill(self.symbol, names, c=_fmt(c))


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _powers(text: str) -> str:
    """x^2 → x², x^-1 and x^(−1) → x⁻¹ (small integer powers only; x^0.5 stays as it is)."""
    return re.sub(
        r"\^(?:\((?:−|-)(\d{1,2})\)|(-?\d{1,2}))(?![0-9.])",
        lambda m: ("-" + m.group(1) if m.group(1) else m.group(2)).translate(_SUPERSCRIPT),
        text,
    )


def _fill(template: str, names: Sequence[str], **consts: str) -> str:
    """Fill a display template: constants first, then powers written as superscripts
    (``x^2`` → ``x²``, ``x^1`` → ``x``), and only then the names — inserted as they are, so a
    label such as ``w^1`` is never rewritten."""
    marks = [f"\x00{k}\x00" for k in range(len(names))]
    text = template.format(*marks, **consts)
    text = _powers(re.sub(r"\^1(?![0-9.])", "", text))
    for mark, name in zip(marks, names):
        text = text.replace(mark, name)
    return text


def format_number(x: float) -> str:
    """A number for display: ``2`` for 2.0, else 4 significant digits; a negative one with a
    true minus sign, ``−3`` (as every value on a slide is written), never ``-3``."""
    text = str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:.4g}"
    return text.replace("-", "−")  # also the exponent's sign: 1e−05


def operand_number(x: float) -> str:
    """`format_number` for a number written inside a formula: a negative one in parentheses,
    so ``2·(−3)`` and ``z + (−0.5)`` never read ``2·-3`` or ``z + -0.5``."""
    text = format_number(x)
    return f"({text})" if text.startswith("−") else text


def _fmt(c: float | None) -> str:
    return "c" if c is None else operand_number(c)


OPS: dict[str, Op] = {}


def register(op: Op) -> Op:
    """Add an op to the table (the one thing a new op needs); returns it."""
    if op.name in OPS:
        raise ValueError(f"op {op.name!r} is already in the table")
    OPS[op.name] = op
    return op


# --- binary ops on two Values -------------------------------------------------------------------

_ANY = Domain()
_NONZERO = Domain(-3.0, 3.0, kinks=(0.0,))
_POSITIVE = Domain(0.1, 3.0)


def _add(x: float, y: float) -> float:
    return x + y


def _add_partials(x: float, y: float, out: float) -> tuple[float, float]:
    return (1.0, 1.0)


def _add_backward(upstream: float, x: float, y: float, out: float) -> tuple[float, float]:
    # Fast rule: 1 × upstream is upstream, bit for bit.
    return (upstream, upstream)


def _sub(x: float, y: float) -> float:
    return x - y


def _sub_partials(x: float, y: float, out: float) -> tuple[float, float]:
    return (1.0, -1.0)


def _mul(x: float, y: float) -> float:
    return x * y


def _mul_partials(x: float, y: float, out: float) -> tuple[float, float]:
    return (y, x)


def _mul_backward(upstream: float, x: float, y: float, out: float) -> tuple[float, float]:
    return (y * upstream, x * upstream)


def _div_partials(x: float, y: float, out: float) -> tuple[float, float]:
    # ∂(x/y)/∂y = −x/y², written −(x/y)/y as PyTorch does, so it overflows where PyTorch's does.
    return (div(1.0, y), -div(out, y))


def _div_backward(upstream: float, x: float, y: float, out: float) -> tuple[float, float]:
    # upstream / y, not upstream · (1/y): 1/1e−310 overflows, 1e−20/1e−310 does not.
    return (div(upstream, y), -upstream * div(out, y))


def _pow_partials(x: float, y: float, out: float) -> tuple[float, float]:
    # PyTorch's conventions: ∂/∂x is 0 when y = 0, ∂/∂y is 0 when x = 0 and y ≥ 0.
    dx = 0.0 if y == 0.0 else y * pow_(x, y - 1.0)
    dy = 0.0 if (x == 0.0 and y >= 0.0) else out * log(x)
    return (dx, dy)


def _pow_backward(upstream: float, x: float, y: float, out: float) -> tuple[float, float]:
    # PyTorch masks ∂/∂x where y = 0 (exactly 0, even for an infinite upstream); ∂/∂y it does not.
    dx, dy = _pow_partials(x, y, out)
    return (0.0 if y == 0.0 else upstream * dx, upstream * dy)


register(
    Op(
        name="add",
        symbol="{0} + {1}",
        arity=2,
        forward=_add,
        partials=_add_partials,
        backward=_add_backward,
        formulas=("1", "1"),
        domain=(_ANY, _ANY),
    )
)
register(
    Op(
        name="sub",
        symbol="{0} − {1}",
        arity=2,
        forward=_sub,
        partials=_sub_partials,
        formulas=("1", "−1"),
        domain=(_ANY, _ANY),
    )
)
register(
    Op(
        name="mul",
        symbol="{0}·{1}",
        arity=2,
        forward=_mul,
        partials=_mul_partials,
        backward=_mul_backward,
        formulas=("{1}", "{0}"),
        domain=(_ANY, _ANY),
    )
)
register(
    Op(
        name="div",
        symbol="{0} / {1}",
        arity=2,
        forward=div,
        partials=_div_partials,
        formulas=("1/{1}", "−{0}/{1}²"),
        domain=(_ANY, _NONZERO),
        backward=_div_backward,
        notes=(
            "backward divides, upstream / y, as PyTorch does (upstream · (1/y) overflows where"
            " 1/y does: 1e-20 / 1e-310 is 1e290, 1e-20 · (1/1e-310) is inf)."
        ),
    )
)
register(
    Op(
        name="pow",
        symbol="{0}^{1}",
        arity=2,
        forward=pow_,
        partials=_pow_partials,
        formulas=("{1}·{0}^({1}−1)", "{0}^{1}·ln({0})"),
        domain=(_POSITIVE, Domain(-2.0, 2.0)),
        backward=_pow_backward,
        notes=(
            "PyTorch's conventions: ∂/∂x = 0 where y = 0 (masked: exactly 0 even for an"
            " infinite upstream), ∂/∂y = 0 where x = 0 and y ≥ 0 (not masked, as in PyTorch)."
        ),
    )
)


# --- ops with a number constant c (x + 2, 1 - x, 3 / x, 2 ** x, x ** 2, leaky_relu) ---------


def _add_c(x: float, c: float) -> float:
    return x + c


def _one(x: float, c: float, out: float) -> tuple[float]:
    return (1.0,)


def _pass_upstream(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    # Fast rule for x + c and x − c: 1 × upstream is upstream, bit for bit.
    return (upstream,)


def _sub_c(x: float, c: float) -> float:
    return x - c


def _rsub_c(x: float, c: float) -> float:
    return c - x


def _minus_one(x: float, c: float, out: float) -> tuple[float]:
    return (-1.0,)


def _negate_upstream(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    return (-upstream,)


def _mul_c(x: float, c: float) -> float:
    return x * c


def _mul_c_partials(x: float, c: float, out: float) -> tuple[float]:
    return (c,)


def _mul_c_backward(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    return (c * upstream,)


def _div_c_partials(x: float, c: float, out: float) -> tuple[float]:
    return (div(1.0, c),)


def _div_c_backward(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    return (div(upstream, c),)  # as PyTorch: upstream / c, which 1/c could overflow


def _rdiv_c(x: float, c: float) -> float:
    # One correctly rounded division. PyTorch's ``c / x`` is ``x.reciprocal() * c``: two
    # roundings, and 0/5e−324 = inf·0 = nan there (see the op's notes).
    return div(c, x)


def _rdiv_c_partials(x: float, c: float, out: float) -> tuple[float]:
    # −c/x² computed as −c·(1/x)², PyTorch's order (so 0/x at tiny x gives nan, as there).
    r = div(1.0, x)
    return (-c * (r * r),)


def _rdiv_c_backward(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    # PyTorch's chain through r = 1/x: (upstream·c) first, then −(…)·r².
    r = div(1.0, x)
    return (-(upstream * c) * (r * r),)


@overload
def _pow_c(x: float, c: float) -> float: ...
@overload
def _pow_c(x: Scalar, c: float) -> Scalar: ...
def _pow_c(x: Scalar, c: float) -> Scalar:
    # PyTorch float64 computes these exponents by products and roots, not by pow(): x³ is
    # x·x·x and x⁻² is 1/(x·x) (so 1e155⁻² underflows to 0), (−inf)^0.5 = √(−inf) is nan.
    if not isinstance(x, float):
        return x**c
    special = _POW_C_SPECIAL.get(c)
    return pow_(x, c) if special is None else special(x)


def _x0(x: float) -> float:
    return 1.0  # even nan⁰ = 1


def _x1(x: float) -> float:
    return x


def _x2(x: float) -> float:
    return x * x


def _x3(x: float) -> float:
    return x * x * x


def _x_minus1(x: float) -> float:
    return div(1.0, x)


def _x_minus2(x: float) -> float:
    return div(1.0, x * x)


def _x_minus_half(x: float) -> float:
    return div(1.0, sqrt(x))


_POW_C_SPECIAL: dict[float, Callable[[float], float]] = {
    0.0: _x0,
    1.0: _x1,
    2.0: _x2,
    3.0: _x3,
    -1.0: _x_minus1,
    -2.0: _x_minus2,
    0.5: sqrt,
    -0.5: _x_minus_half,
}


def _pow_c_partials(x: float, c: float, out: float) -> tuple[float]:
    return (0.0 if c == 0.0 else c * _pow_c(x, c - 1.0),)


def _pow_c_backward(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    # x⁰ is constant: PyTorch's contribution is exactly 0, even for an infinite upstream.
    return (0.0 if c == 0.0 else upstream * (c * _pow_c(x, c - 1.0)),)


def _rpow_c(x: float, c: float) -> float:
    return pow_(c, x)


def _rpow_c_partials(x: float, c: float, out: float) -> tuple[float]:
    return (0.0 if (c == 0.0 and x >= 0.0) else out * log(c),)


def _leaky_relu(x: float, c: float) -> float:
    return x if x > 0.0 else x * c


def _leaky_relu_partials(x: float, c: float, out: float) -> tuple[float]:
    return (1.0 if x > 0.0 else c,)


_C_ANY = Domain(-3.0, 3.0)
register(
    Op(
        name="add_c",
        symbol="{0} + {c}",
        arity=1,
        forward=_add_c,
        partials=_one,
        backward=_pass_upstream,
        formulas=("1",),
        domain=(_ANY,),
        const=True,
        const_domain=_C_ANY,
    )
)
register(
    Op(
        name="sub_c",
        symbol="{0} − {c}",
        arity=1,
        forward=_sub_c,
        partials=_one,
        backward=_pass_upstream,
        formulas=("1",),
        domain=(_ANY,),
        const=True,
        const_domain=_C_ANY,
    )
)
register(
    Op(
        name="rsub_c",
        symbol="{c} − {0}",
        arity=1,
        forward=_rsub_c,
        partials=_minus_one,
        backward=_negate_upstream,
        formulas=("−1",),
        domain=(_ANY,),
        const=True,
        const_domain=_C_ANY,
    )
)
register(
    Op(
        name="mul_c",
        symbol="{c}·{0}",
        arity=1,
        forward=_mul_c,
        partials=_mul_c_partials,
        backward=_mul_c_backward,
        formulas=("{c}",),
        domain=(_ANY,),
        const=True,
        const_domain=_C_ANY,
    )
)
register(
    Op(
        name="div_c",
        symbol="{0} / {c}",
        arity=1,
        forward=div,
        partials=_div_c_partials,
        backward=_div_c_backward,
        formulas=("1/{c}",),
        domain=(_ANY,),
        const=True,
        const_domain=_NONZERO,
        notes="backward is upstream / c, as PyTorch's.",
    )
)
register(
    Op(
        name="rdiv_c",
        symbol="{c} / {0}",
        arity=1,
        forward=_rdiv_c,
        partials=_rdiv_c_partials,
        backward=_rdiv_c_backward,
        formulas=("−{c}/{0}²",),
        domain=(_NONZERO,),
        const=True,
        const_domain=_C_ANY,
        notes=(
            "c / x is one correctly rounded division. PyTorch's c / x is x.reciprocal() * c, two"
            " roundings: it can differ by an ulp, gives inf where 1/x overflows although c/x is"
            " finite (1e-10 / 1e-310 = 1e300, PyTorch inf) and nan for 0 / 5e-324 (exactly 0)."
            " The backward follows PyTorch's order, −(upstream·c)·(1/x)²."
        ),
    )
)
register(
    Op(
        name="pow_c",
        symbol="{0}^{c}",
        arity=1,
        forward=_pow_c,
        partials=_pow_c_partials,
        backward=_pow_c_backward,
        formulas=("{c}·{0}^{cm1}",),
        domain=(_POSITIVE,),
        const=True,
        const_domain=Domain(-3.0, 3.0),
        notes=(
            "x⁰ = 1 has gradient exactly 0, even for an infinite upstream (PyTorch masks it)."
            " x², x³, x⁻², x^±0.5, x⁻¹ are computed as PyTorch float64 computes them (x·x,"
            " x·x·x, 1/(x·x), √x, 1/√x, 1/x), so (1e155)⁻² underflows to 0 as there."
        ),
    )
)
register(
    Op(
        name="rpow_c",
        symbol="{c}^{0}",
        arity=1,
        forward=_rpow_c,
        partials=_rpow_c_partials,
        formulas=("{c}^{0}·ln({c})",),
        domain=(_ANY,),
        const=True,
        const_domain=_POSITIVE,
    )
)
register(
    Op(
        name="leaky_relu",
        symbol="leaky_relu({0})",
        arity=1,
        forward=_leaky_relu,
        partials=_leaky_relu_partials,
        formulas=("1 if {0}>0 else {c}",),
        domain=(_NONZERO,),
        const=True,
        const_domain=Domain(0.001, 0.5),
        default_const=0.01,
    )
)


# --- unary functions: exp, log, the lecture's activations, and friends -------------------------


def _neg(x: float) -> float:
    return -x


def _neg_partials(x: float, out: float) -> tuple[float]:
    return (-1.0,)


def _exp_partials(x: float, out: float) -> tuple[float]:
    return (out,)


def _log_partials(x: float, out: float) -> tuple[float]:
    return (div(1.0, x),)


def _log_backward(upstream: float, x: float, out: float) -> tuple[float]:
    return (div(upstream, x),)  # upstream / x: 1e−10/1e−310 = 1e300, while 1/1e−310 = inf


# exp, ln, tanh, σ and softplus are correctly rounded (numerics.crmath), in the forward values
# and wherever a partial or backward rule recomputes one (ieee.exp/log): the float nearest the
# exact value, where the C library's may be up to 2 ulps off (tanh) and PyTorch's SLEEF routines
# up to 1. Not the slide's (e²ˣ−1)/(e²ˣ+1) for tanh either: that is inf/inf = nan for x ≳ 355.
_tanh = crmath.tanh


def _tanh_partials(x: float, out: float) -> tuple[float]:
    # 1 − y² rounded once, as PyTorch's fused multiply-add computes it (see one_minus_square).
    return (one_minus_square(out),)


_sigmoid = crmath.sigmoid  # 1/(1+e⁻ˣ) as on the slide, correctly rounded: σ(−1e308) = 0


def _sigmoid_partials(x: float, out: float) -> tuple[float]:
    return (out * (1.0 - out),)


def _sigmoid_backward(upstream: float, x: float, out: float) -> tuple[float]:
    return (upstream * (1.0 - out) * out,)  # PyTorch's order: (upstream·(1−σ))·σ


def _relu(x: float) -> float:
    # max(x, 0) as PyTorch computes it: nan stays nan, and −0.0 stays −0.0 (1/ReLU(−0.0) = −inf).
    return 0.0 if x < 0.0 else x


def _relu_partials(x: float, out: float) -> tuple[float]:
    # The lecture's convention, and PyTorch's: ReLU′(0) = 0 (and, as in PyTorch, ReLU′(nan) = 1).
    return (0.0 if x <= 0.0 else 1.0,)


def _relu_backward(upstream: float, x: float, out: float) -> tuple[float]:
    # Masked, not multiplied: where ReLU′ = 0 the contribution is exactly 0, even for an inf or
    # nan upstream (0·inf would be nan) — PyTorch's threshold_backward.
    return (0.0 if x <= 0.0 else upstream,)


def _sqrt_partials(x: float, out: float) -> tuple[float]:
    return (div(1.0, 2.0 * out),)


def _sqrt_backward(upstream: float, x: float, out: float) -> tuple[float]:
    return (div(upstream, 2.0 * out),)  # PyTorch's upstream / (2√x)


def _abs(x: float) -> float:
    return abs(x)


def _abs_partials(x: float, out: float) -> tuple[float]:
    return (sign(x),)


_SOFTPLUS_THRESHOLD = crmath.SOFTPLUS_THRESHOLD  # PyTorch's default: above it softplus(x) = x
_softplus = crmath.softplus  # ln(1 + eˣ), correctly rounded up to the threshold


def _softplus_partials(x: float, out: float) -> tuple[float]:
    if x > _SOFTPLUS_THRESHOLD:
        return (1.0,)
    e = exp(x)
    return (e / (e + 1.0),)


def _softplus_backward(upstream: float, x: float, out: float) -> tuple[float]:
    # PyTorch's (upstream·eˣ)/(eˣ+1): it overflows to inf for a huge upstream, as there.
    if x > _SOFTPLUS_THRESHOLD:
        return (upstream,)
    e = exp(x)
    return (upstream * e / (e + 1.0),)


register(
    Op(
        name="neg",
        symbol="−{0}",
        arity=1,
        forward=_neg,
        partials=_neg_partials,
        formulas=("−1",),
        domain=(_ANY,),
    )
)
register(
    Op(
        name="exp",
        symbol="exp({0})",
        arity=1,
        forward=crmath.exp,
        partials=_exp_partials,
        formulas=("e^{0}",),
        domain=(_ANY,),
        notes=(
            "eˣ is correctly rounded (numerics.crmath), where the C library's exp (CPython's"
            " math) is very rarely an ulp off and PyTorch's SLEEF vector exp more often."
        ),
    )
)
register(
    Op(
        name="log",
        symbol="ln {0}",
        arity=1,
        forward=crmath.log,
        partials=_log_partials,
        backward=_log_backward,
        formulas=("1/{0}",),
        domain=(_POSITIVE,),
        notes=(
            "ln x is correctly rounded (autograd.numerics.crmath). backward is upstream / x, as"
            " PyTorch's (log(1e-310) backward(1e-10) is 1e300)."
        ),
    )
)
register(
    Op(
        name="tanh",
        symbol="tanh({0})",
        arity=1,
        forward=_tanh,
        partials=_tanh_partials,
        formulas=("1−tanh²({0})",),
        domain=(_ANY,),
        notes=(
            "tanh x is correctly rounded (numerics.crmath): the float nearest the exact value."
            " math.tanh (the C library's) is up to about 2 ulps off and PyTorch's SLEEF tanh up"
            " to 1, so where PyTorch's value differs, ours is the nearer to the exact one."
            " tanh′ = 1 − y² is rounded once, as PyTorch's fused multiply-add gives it."
        ),
    )
)


def _one_minus_square_partials(y: float, out: float) -> tuple[float]:
    return (-2.0 * y,)


register(
    Op(
        name="one_minus_square",
        symbol="1−{0}²",
        arity=1,
        forward=one_minus_square,
        partials=_one_minus_square_partials,
        formulas=("−2·{0}",),
        domain=(_ANY,),
        notes=(
            "1 − y² rounded once, as a fused multiply-add gives it: tanh′ = 1 − tanh²x as a node"
            " of a derivative's own graph (grad(..., create_graph=True)), so that node's value is"
            " the number backward() computes, as PyTorch's tanh_backward is."
        ),
    )
)
register(
    Op(
        name="sigmoid",
        symbol="σ({0})",
        arity=1,
        forward=_sigmoid,
        partials=_sigmoid_partials,
        backward=_sigmoid_backward,
        formulas=("σ({0})·(1−σ({0}))",),
        domain=(_ANY,),
        notes=(
            "σ(x) is correctly rounded (autograd.numerics.crmath). backward in PyTorch's order,"
            " (upstream · (1 − σ)) · σ."
        ),
    )
)
register(
    Op(
        name="relu",
        symbol="ReLU({0})",
        arity=1,
        forward=_relu,
        partials=_relu_partials,
        backward=_relu_backward,
        formulas=("0 if {0}≤0 else 1",),  # the lecture's "0 for x ≤ 0, 1 for x > 0"
        domain=(_NONZERO,),
        notes=(
            "Not differentiable at 0; ReLU′(0) = 0 as in the lecture and PyTorch float64. The "
            "second derivative is 0 everywhere (ReLU′ is a constant on each side), also at 0, as "
            "PyTorch's threshold_backward gives."
            " ReLU(−0.0) = −0.0 and ReLU(nan) = nan, as PyTorch. Backward is masked: exactly 0"
            " where x ≤ 0, even for an inf or nan upstream; the upstream itself where x > 0 or nan."
        ),
    )
)
register(
    Op(
        name="sqrt",
        symbol="√{0}",
        arity=1,
        forward=sqrt,
        partials=_sqrt_partials,
        backward=_sqrt_backward,
        formulas=("1/(2·√{0})",),
        domain=(_POSITIVE,),
        notes=(
            "Not differentiable at 0: √x′(0) = 1/(2·0) = +inf, as in PyTorch float64, and the "
            "second derivative there is −inf, as PyTorch's double backward gives."
            " √x is IEEE's correctly rounded square root; PyTorch float64 on CPU is off by an"
            " ulp for some x (√1e-20 = 1e-10 here, 9.999999999999999e-11 there)."
        ),
    )
)
register(
    Op(
        name="abs",
        symbol="|{0}|",
        arity=1,
        forward=_abs,
        partials=_abs_partials,
        formulas=("sign({0})",),
        domain=(_NONZERO,),
        notes=(
            "Not differentiable at 0; |x|′(0) = sgn(0) = 0 as in PyTorch float64, and the "
            "second derivative is 0 everywhere, also at 0, as there."
        ),
    )
)
register(
    Op(
        name="softplus",
        symbol="softplus({0})",
        arity=1,
        forward=_softplus,
        partials=_softplus_partials,
        backward=_softplus_backward,
        formulas=("σ({0})",),
        domain=(_ANY,),
        notes=(
            "ln(1 + eˣ) correctly rounded (autograd.numerics.crmath); x itself above 20 (PyTorch's"
            " threshold). Backward in PyTorch's order,"
            " (upstream · eˣ)/(eˣ + 1), which overflows for an upstream near 1e308 as there."
        ),
    )
)


# --- the neuron's weighted sum as one node ------------------------------------------------------


def _wsum(*inputs: float) -> float:
    # parents are (w₁, a₁, w₂, a₂, …, wₙ, aₙ, b): z = Σₖ wₖ·aₖ + b
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


def _wsum_backward(upstream: float, *inputs_and_out: float) -> list[float]:
    # Fast rule: each (w, a) pair's products with upstream, swapped; upstream itself for b.
    added = [x * upstream for x in inputs_and_out[:-2]]
    added[0::2], added[1::2] = added[1::2], added[0::2]
    added.append(upstream)
    return added


def _wsum_describe(names: Sequence[str]) -> str:
    pairs = [f"{names[i]}·{names[i + 1]}" for i in range(0, len(names) - 1, 2)]
    return " + ".join([*pairs, names[-1]])


def _wsum_formula(k: int, arity: int) -> str:
    # Parent k's partner in its (w, a) pair is k ^ 1; the bias b (the last parent) is alone.
    return "1" if k == arity - 1 else f"{{{k ^ 1}}}"


register(
    Op(
        name="wsum",
        symbol="Σ w·a + b",
        arity=None,
        forward=_wsum,
        partials=_wsum_partials,
        backward=_wsum_backward,
        formulas=(),
        domain=(_ANY,),
        formula_for=_wsum_formula,
        example_arity=5,
        describe_with=_wsum_describe,
    )
)


# --- n-ary sums: the cost averaged over the data set, C = 1/n Σᵢ Cᵢ, as one node -------------


def _sum(*inputs: float) -> float:
    # Plain left-to-right addition: math.fsum is more exact but raises on overflow.
    return sum(inputs, 0.0)


def _sum_partials(*inputs_and_out: float) -> list[float]:
    return [1.0] * (len(inputs_and_out) - 1)


def _sum_describe(names: Sequence[str]) -> str:
    return " + ".join(names)


def _sum_formula(k: int, arity: int) -> str:
    return "1"


def _mean(*inputs: float) -> float:
    return _sum(*inputs) / len(inputs)


def _mean_partials(*inputs_and_out: float) -> list[float]:
    n = len(inputs_and_out) - 1
    return [1.0 / n] * n


def _mean_backward(upstream: float, *inputs_and_out: float) -> list[float]:
    n = len(inputs_and_out) - 1
    return [upstream / n] * n  # upstream / n, as PyTorch's mean, not upstream · (1/n)


def _mean_describe(names: Sequence[str]) -> str:
    return f"1/{len(names)}·({' + '.join(names)})"


def _mean_formula(k: int, arity: int) -> str:
    return f"1/{arity}" if arity else "1/n"


register(
    Op(
        name="sum",
        symbol="Σ",
        arity=None,
        forward=_sum,
        partials=_sum_partials,
        formulas=(),
        domain=(_ANY,),
        formula_for=_sum_formula,
        example_arity=4,
        describe_with=_sum_describe,
    )
)
register(
    Op(
        name="mean",
        symbol="1/n Σ",
        arity=None,
        forward=_mean,
        partials=_mean_partials,
        backward=_mean_backward,
        formulas=(),
        domain=(_ANY,),
        formula_for=_mean_formula,
        example_arity=4,
        describe_with=_mean_describe,
        notes="backward is upstream / n, as PyTorch's mean (not upstream · (1/n)).",
    )
)


# --- where a zero upstream gradient may be skipped -------------------------------------------
# For these ops every local derivative is finite wherever the output is finite (it is 0, ±1, c,
# 1/n, an input, or a function of a finite output), so behind a ReLU that is off — upstream
# exactly 0 — each contribution is ±0 and adding it changes no gradient: `backward()` skips such
# nodes. Not here: sqrt, log, div, rdiv_c, div_c, pow, pow_c, rpow_c, whose local derivative can
# be infinite while the output is finite (√0 has 1/(2·0)), so 0·∞ = nan must still be computed.
# tests/autograd/test_fast_rules.py checks the promise on extreme inputs.
FINITE_PARTIALS = (
    "add", "sub", "mul", "add_c", "sub_c", "rsub_c", "mul_c", "leaky_relu", "neg", "exp",
    "tanh", "sigmoid", "relu", "abs", "softplus", "wsum", "sum", "mean",
)  # fmt: skip
for _name in FINITE_PARTIALS:
    OPS[_name] = dataclasses.replace(OPS[_name], finite_partials=True)
