"""The end of a step of gradient descent as generated code (`Compiled.step`): the term added
to the cost (an L2 penalty), its gradient, then w ← w − η·∂C/∂w for every parameter — on its
own (`generate_tail`, run after the per-sample code), or in one function with the per-sample
code (`generate_step`: then no parameter is written to its Value and read back in between)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import chunks, emit
from autograd.codegen import Code, Trace, _Body, generate
from autograd.codenames import identifier
from autograd.value import Value

__all__ = ["generate_step", "generate_tail"]

_Sections = list[tuple[str, list[list[str]]]]  # (comment, groups of lines kept whole in chunks)
_Region = tuple[str, str, list[str], list[list[str]]]


def _term(
    plus: Trace | None, body: _Body | None, params: Sequence[Value], grad: Any
) -> tuple[_Sections, _Region | None, str]:
    """The term's forward and backward sections (∂C/∂C = 1, as ``plus().backward()``), its
    zero region, and its value as code (0.0 without a term)."""
    if body is None or plus is None:
        return [], None, "0.0"
    root = plus.root
    start = [f"{grad(root)} {'+=' if root in params else '='} 1.0"]
    start += [f"{grad(v)} = 0.0" for v in body.missing]
    sections = [("# the term added to the cost: forward propagation", body.forward_groups),
                ("# its backpropagation, from ∂C/∂C = 1", [start, *body.head_groups])]  # fmt: skip
    return sections, body.region, body.text(root)


def _update(params: Sequence[Value], var: dict[Value, str], grad: Any) -> _Sections:
    update = [[f"{var[p]} -= _lr * {grad(p)}"] for p in params]
    writes = [[f"_P[{k}]._data = {var[p]}", f"_P[{k}]._grad = {grad(p)}"]
              for k, p in enumerate(params)]  # fmt: skip
    return [("# gradient descent: w ← w − η·∂C/∂w", update),
            ("# the new values, and ∂C/∂w in .grad, as backward() leaves it", writes)]  # fmt: skip


def _flat(sections: _Sections, region: _Region | None, after: _Sections) -> list[str]:
    """The sections' lines in order, the region's under its test."""
    L: list[str] = []
    for comment, groups in sections:
        L += [comment, *(line for g in groups for line in g)]
    if region is not None:
        comment, test, zeros, groups = region
        L += [comment, test, *("    " + z for z in zeros)]
        L += ["    " + line for g in groups for line in g]
    for comment, groups in after:
        L += [comment, *(line for g in groups for line in g)]
    return L


def _to_grads(P: Sequence[Value], start: int, *grads: float) -> None:
    """Each number into ``.grad`` of the parameters from ``start`` on."""
    for p, g in zip(P[start : start + len(grads)], grads):
        p._grad = g


def generate_tail(
    plus: Trace | None, params: Sequence[Value], fresh: set[Value], skip_zeros: bool = True
) -> Code:
    """The end of a step of gradient descent, as Python text: the term ``plus`` added to the
    cost (its forward and backward lines, ∂C/∂C = 1, as ``plus().backward()``), then
    w ← w − η·∂C/∂w for every parameter in ``params`` (those in ``fresh`` start from ∂C/∂w = 0:
    only the term reads them). ``_tail(_P, _lr)`` returns the term's value (0.0 without one)."""
    ns = emit.Namespace()
    taken: set[str] = set()
    var: dict[Value, str] = {}
    for k, p in enumerate(params):
        var[p] = identifier(p.label, f"p{k}", taken)
    # the term's additions pass their gradient on as it is: in a chain of 337 of them (an L2
    # term's Σ w²), each link's gradient is its upstream's variable, not a copy of it
    body = _Body(plus, ns, taken, var, skip_zeros, alias_copies=True) if plus is not None else None
    if body is None:
        grads = {p: identifier(None, f"dC_d{var[p]}", taken) for p in params}
        grad = grads.__getitem__
    else:
        grad = body.grad
    reads = [[f"{var[p]} = _P[{k}]._data"] for k, p in enumerate(params)]
    reads += [[f"{grad(p)} = {'0.0' if p in fresh else f'_P[{k}]._grad'}"]
              for k, p in enumerate(params)]  # fmt: skip
    term, region, cost = _term(plus, body, params, grad)
    sections = [("# the parameters' values and ∂C/∂w so far (the slots behind .data and .grad)",
                 reads), *term]  # fmt: skip
    after = _update(params, var, grad)
    doc = '"""The term added to the mean cost, its gradient, then gradient descent."""'
    size = sum(len(g) for _, groups in sections + after for g in groups)
    size += sum(len(g) for g in region[3]) if region else 0
    if size <= chunks.CHUNKED:
        L = [doc, *_flat(sections, region, after), f"return {cost}"]
        return Code("\n".join(["def _tail(_P, _lr):", *("    " + line for line in L)]) + "\n",
                    ns.globals)  # fmt: skip
    units = chunks.Units()
    L = []
    for comment, groups in sections:
        L += [comment, *units.calls("tail", groups, "_P")]
    if region is not None:
        comment, test, zeros, groups = region
        L += [comment, test, *("    " + z for z in zeros)]
        L += ["    " + c for c in units.calls("tail", groups, "_P")]
    for comment, groups in after:
        L += [comment, *units.calls("tail", groups, "_P, _lr")]
    L.append(f"return {cost}")
    texts = units.written("_tail", "_P, _lr", L)
    return Code("", ns.globals, texts)


def generate_step(
    trace: Trace,
    sig: Any,
    fn_args: Sequence[str],
    plus: Trace | None,
    params: Sequence[Value],
    skip_zeros: bool = True,
) -> Code:
    """One step of gradient descent in one function, ``_step(_P, _A, _rows, _seed, _i, True,
    _lr)``: the per-sample code of ``trace`` (`codegen.generate`) over the rows, then — with the
    gradients still in local variables — the tail (`generate_tail`'s lines) on ``params``: the
    trace's parameters, then those only the term reads. Returns (costs, outputs, 0, the term's
    value); where a row fails a guard, (costs, outputs, where to go on, 0.0) with ∂C/∂w added
    to .grad, as the per-sample code leaves it, and the tail not run."""
    own = set(trace.params)

    def end(body: _Body) -> list[str]:
        var = body.var
        given = {p: body.grad(p) for p in trace.params}
        taken = body.taken
        for k, p in enumerate(params):
            if p not in var:
                var[p] = identifier(p.label, f"p{k}", taken)
        term = None
        if plus is not None:  # the term's names after the rows' (its root: P, ∂P… = ∂C…)
            term = _Body(plus, body.ns, taken, var, skip_zeros, True, given, "P")
        grad = term.grad if term is not None else given.__getitem__
        # (rare: eight to a statement, as each line costs compile() ~3 KB of memory)
        names = [grad(p) for p in trace.params]
        to_grads = body.ns.ref(_to_grads, "to_grads")
        L = ["# a row for another trace (a guard failed): add to .grad, as backward() does",
             "if _left:", *(f"    {to_grads}(_P, {k}, {', '.join(names[k : k + 8])})"
                            for k in range(0, len(names), 8)),
             "    return _costs, _outputs, _left, 0.0"]  # fmt: skip
        more = [(k, p) for k, p in enumerate(params) if p not in own]
        if more:
            L.append("# the parameters only the term reads: their values, ∂C/∂w = 0")
            L += [f"{var[p]} = _P[{k}]._data" for k, p in more]
            L += [f"{grad(p)} = 0.0" for _, p in more]
        sections, region, cost = _term(plus, term, params, grad)
        L += _flat(sections, region, _update(params, var, grad))
        return [*L, f"return _costs, _outputs, 0, {cost}"]

    code = generate(trace, sig, fn_args, skip_zeros, end=end)
    head = "def _compiled(_P, _A, _rows, _seed, _i, _zero=False):"
    step = "def _step(_P, _A, _rows, _seed, _i, _zero=True, _lr=0.0):"  # always from 0
    doc = '    """Cᵢ = fn(rowᵢ) and ∂Cᵢ/∂w for i = _i … 0, then the term and gradient descent."""'
    lines = code.text.split("\n")
    assert lines[0] == head
    return Code("\n".join([step, doc, *lines[2:]]), code.globals)
