"""An op's rule written once per shape of its arguments, for `autograd.codegen` (skip on first
reading): the rule inlined, run on symbols or called (`autograd.emit`) with placeholders for
the names, as a `str.format` pattern; each node of that shape then fills the names in, which
on a graph of a million nodes costs a fraction of writing the rule out node by node."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from autograd import codegen_skip as skip
from autograd import emit

__all__ = ["Template", "make", "written"]


def written(
    rule: Callable[..., Any],
    args: list[ast.expr],
    n: int,
    ns: emit.Namespace,
    temps: Iterator[int | str],
) -> tuple[list[str], list[ast.expr]]:
    """The ``n`` results of a rule as expressions (``n`` = 0: a forward rule's one number):
    inlined or run on symbols where it can be, else one call — whose tuple is kept in a
    temporary (the lines to run first, then the results)."""
    exprs = emit.rule_exprs(rule, args, ns)
    if exprs is not None and len(exprs) == max(n, 1):
        return [], exprs
    call = emit.rule_call(rule, args, ns)
    if n == 0:
        return [], [call]
    tmp = f"_t{next(temps)}"
    return [f"{tmp} = {ast.unparse(call)}"], [
        ast.Subscript(emit.name(tmp), ast.Constant(k)) for k in range(n)
    ]


@dataclass
class Template:
    """A rule's lines and expressions written once for the arguments' shape (names as
    placeholders, constants as they are), filled in for each node (`str.format`, see
    `emit.pattern`): the same text as writing the rule out node by node, at a fraction of the
    cost on graphs of a million nodes."""

    setup: list[str]
    exprs: list[str]
    masks: list[str | None]  # for `0.0 if P else u`: `u != 0.0 and not P`
    keeps_zero: list[bool]  # the expression is such a mask of argument 0 (the upstream)
    factors: list[int | None]  # backward: each result's `codegen_skip.factor`
    strict: tuple[int, ...] | None  # forward: `codegen_skip.strict_operands`


def make(
    kind: str, rule: Callable[..., Any], shape: tuple[str | None, ...], n: int, ns: emit.Namespace
) -> Template:
    """The template of ``rule`` (``kind``: "forward", "backward", or "partials": each result
    then local × argument 0, the upstream) for arguments of this ``shape`` (None: a name, which
    becomes a placeholder; else a constant's text, written as it is)."""
    holders = [ast.parse(a if a is not None else f"__A{k}__", mode="eval").body
               for k, a in enumerate(shape)]  # fmt: skip
    temps = iter(lambda: "__T__", None)
    if kind == "partials":
        setup, local = written(rule, holders[1:], n, ns, temps)
        exprs = [emit.times(d, holders[0]) for d in local]
    else:
        setup, exprs = written(rule, holders, n, ns, temps)
    masks = [emit.mask_test(e) for e in exprs]
    keeps = [
        m is not None and ast.unparse(e.orelse) == "__A0__"  # type: ignore[attr-defined]
        for m, e in zip(masks, exprs)
    ]
    return Template(
        [emit.pattern(line) for line in setup],
        [emit.pattern(ast.unparse(e)) for e in exprs],
        [None if m is None else emit.pattern(m) for m in masks],
        keeps,
        [skip.factor(e) for e in exprs] if kind != "forward" else [],
        skip.strict_operands(exprs[0]) if kind == "forward" and not setup else None,
    )
