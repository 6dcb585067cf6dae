"""A sheet of numbers worked out by hand — z and a, or the factors of the chain rule and their
product — each checked on its own: which one is wrong, what it should be (symbol = formula =
value, as the slides write it), what the wrong number probably was, and that the others are
right."""

from __future__ import annotations

import math
import numbers as numeric
from collections.abc import Sequence
from dataclasses import dataclass, field

from autograd import Value
from autograd.notation.numbers import number
from autograd.show.text import product_text
from autograd.traps import is_number_text
from exercises.student import Answers
from exercises.verdict import Verdict, Wrong, close, count, numbers, passed

__all__ = ["Item", "Product", "check_sheet", "given"]


@dataclass(frozen=True)
class Item:
    """One answer: the student's variable ``name``, the lecture's ``symbol`` for it, the right
    number ``want`` with its ``formula``, and ``slips`` — (a wrong number a student is likely
    to give, what it means)."""

    name: str
    symbol: str
    want: float
    formula: str = ""
    slips: Sequence[tuple[float, str]] = field(default=())

    def right(self) -> str:
        """``∂a₁/∂z₁ = σ(z₁)·(1−σ(z₁)) = 0.235``, the formula left out where it is the number."""
        value = number(self.want)
        formula = [self.formula] if self.formula not in ("", value) else []
        return " = ".join([self.symbol, *formula, value])


@dataclass(frozen=True)
class Product:
    """The chain rule's product: ``name`` (the student's variable) is ``symbol`` = the product
    of the items ``factors`` (their names, in the slide's order)."""

    name: str
    symbol: str
    factors: Sequence[str]

    def right(self, items: Sequence[Item]) -> str:
        """``∂C₀/∂W₁ = ∂z₁/∂W₁ · … = 0.5 × 0.235 × … = 0.0409``."""
        by_name = {i.name: i for i in items}
        factors = [by_name[n] for n in self.factors]
        symbols = " · ".join(f.symbol for f in factors)
        return f"{self.symbol} = {symbols} = {product_text([f.want for f in factors])}"


def _number(answers: Answers, name: str) -> float:
    """The student's answer ``name`` as a float; a `Verdict`-ready message if it is no number."""
    value = answers.namespace[name]
    if isinstance(value, Value):
        raise _NotANumber(f"{name} is a Value; give its number, {name}.data")
    if isinstance(value, bool) or not isinstance(value, numeric.Real):
        said = f"{name} should be a number, not {type(value).__name__} ({value!r:.40})"
        if isinstance(value, str) and is_number_text(value):  # "0.378": a number typed in quotes
            said += f": without the quotes, {name} = {value.strip()}"
        raise _NotANumber(said)
    return float(value)


class _NotANumber(Exception):
    pass


def _real(x: object) -> bool:
    return isinstance(x, numeric.Real) and not isinstance(x, bool)


def given(answers: Answers, name: str) -> list[float]:
    """The numbers the exercise file gives as ``name`` (one, or a list), as floats; `Wrong` if
    they were removed or replaced by something else."""
    value = answers.namespace.get(name)
    values = value if isinstance(value, list) else [value]
    if not values or not all(_real(v) for v in values):
        raise Wrong(f"keep the given {name} as it was: the exercise's numbers")
    return [float(v) for v in values]


def _slip(item: Item, got: float) -> str | None:
    for value, meaning in item.slips:
        if not close(value, item.want) and close(got, value):
            return meaning
    return _rounded(got, item.want)


def _rounded(got: float, want: float) -> str | None:
    """What to say when ``got`` is ``want`` rounded to one or two significant digits (0.38 for
    0.378): the number is right, only cut too short for the three digits the check wants."""
    for digits in (1, 2):
        short = float(f"{want:.{digits}g}")
        if short != 0 and not close(short, want) and math.isclose(got, short, rel_tol=1e-9):
            return (
                f"that is {number(want)} rounded to {count(digits, 'significant digit')}: "
                f"keep three, {number(want)}."
            )
    return None


def _wrong_text(item: Item, value: float) -> str:
    gave, want = numbers(value, item.want)
    formula = f" = {item.formula}" if item.formula and item.formula != want else ""
    return f"your {item.symbol} is wrong (you gave {gave}, it is {want}{formula})"


def _others(right: list[Item], what: str) -> str:
    if len(right) == 1:
        return f"the other {what.rstrip('s')}, {right[0].symbol}, is right"
    return f"the other {count(len(right))} {what} are right"


def check_sheet(
    answers: Answers, items: Sequence[Item], what: str, products: Sequence[Product] = ()
) -> Verdict:
    """Check every item (and each product of items) on its own. ``what``: the items in words,
    plural ("factors", "numbers"). Answers still ``...`` are listed as TODO; the others are
    checked: the products once every factor is right."""
    todo = answers.blanks([i.name for i in items] + [p.name for p in products])
    got: dict[str, float] = {}
    for item in items:
        if item.name not in todo:
            try:
                got[item.name] = _number(answers, item.name)
            except _NotANumber as e:
                return Verdict("wrong", str(e))
    wrong = [(i, got[i.name]) for i in items if i.name in got and not close(got[i.name], i.want)]
    right = [i for i in items if i.name in got and close(got[i.name], i.want)]
    summary, details = "", []
    if len(wrong) == 1:
        item, value = wrong[0]
        summary = _wrong_text(item, value) + (f"; {_others(right, what)}" if right else "")
        details += [s for s in [_slip(item, value)] if s]
    elif wrong:
        names = ", ".join(i.symbol for i, _ in wrong)
        summary = f"{count(len(wrong))} {what} are wrong: {names}" + (
            f"; {_others(right, what)}" if right else ""
        )
        for item, value in wrong:
            details.append(_wrong_text(item, value))
            details += [f"    {s}" for s in [_slip(item, value)] if s]
    else:
        for product in products:
            problem = None if product.name in todo else _check_product(answers, items, product)
            if problem:
                summary, details = problem[0], problem[1:]
                break
    if todo:
        lines = [line for line in todo.values() if line]
        still = f"still TODO: {', '.join(todo)}" + (f" (line {min(lines)})" if lines else "")
        if not summary:
            done = f"the {count(len(right))} you gave {'are' if len(right) > 1 else 'is'} right; "
            return Verdict("not done", (done if right else "") + still)
        details.append(still)
    if summary:
        return Verdict("wrong", summary + ".", tuple(details))
    both = {0: "", 1: " and their product"}.get(len(products), " and their products")
    shown = [i.right() for i in items] + [p.right(items) for p in products]
    return passed(f"all {count(len(items))} {what}{both} are right.", *shown)


def _check_product(answers: Answers, items: Sequence[Item], product: Product) -> list[str] | None:
    """None if the product is right; else what is wrong with it, and why (a missing factor,
    factors added instead of multiplied)."""
    try:
        value = _number(answers, product.name)
    except _NotANumber as e:
        return [str(e)]
    by_name = {i.name: i for i in items}
    factors = [by_name[n] for n in product.factors]
    want = math.prod(f.want for f in factors)
    if close(value, want):
        return None
    gave, right = numbers(value, want)
    head = (
        f"your {product.symbol} is wrong (you gave {gave}, it is {right}, the product of the "
        f"{count(len(factors))} factors)"
    )
    for k, f in enumerate(factors):
        without = math.prod(g.want for j, g in enumerate(factors) if j != k)
        if close(value, without):
            return [
                head,
                f"{f.symbol} is missing from your product: the chain rule multiplies all "
                f"{count(len(factors))}.",
            ]
    rounded = _rounded(value, want)
    if rounded:
        return [head, rounded]
    if close(value, sum(f.want for f in factors)):
        return [head, "you added the factors: the chain rule multiplies them."]
    if close(value, -want):
        return [head, "the sign is wrong: count the negative factors."]
    return [head, "multiply the factors you found: " + " · ".join(f.symbol for f in factors) + "."]
