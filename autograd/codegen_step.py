"""The end of a step of gradient descent as generated code (`Compiled.step`): the term added
to the cost (an L2 penalty), its gradient, then w ← w − η·∂C/∂w for every parameter."""

from __future__ import annotations

from collections.abc import Sequence

from autograd import chunks, emit
from autograd.codegen import Code, Trace, _Body
from autograd.codenames import identifier
from autograd.value import Value

__all__ = ["generate_tail"]


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
    # groups of lines, in order, each kept whole if the code is cut into chunks
    sections: list[tuple[str, list[list[str]]]] = []
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
    sections.append(("# the parameters' values and ∂C/∂w so far (the slots behind .data and "
                     ".grad)", reads))  # fmt: skip
    cost = "0.0"
    region: tuple[str, str, list[str], list[list[str]]] | None = None
    if body is not None and plus is not None:
        sections.append(("# the term added to the cost: forward propagation",
                         body.forward_groups))  # fmt: skip
        root = plus.root
        start = [f"{grad(root)} {'+=' if root in params else '='} 1.0"]
        start += [f"{grad(v)} = 0.0" for v in body.missing]
        sections.append(("# its backpropagation, from ∂C/∂C = 1", [start, *body.head_groups]))
        region = body.region
        cost = body.text(root)
    update = [[f"{var[p]} -= _lr * {grad(p)}"] for p in params]
    writes = [[f"_P[{k}]._data = {var[p]}", f"_P[{k}]._grad = {grad(p)}"]
              for k, p in enumerate(params)]  # fmt: skip
    after = [("# gradient descent: w ← w − η·∂C/∂w", update),
             ("# the new values, and ∂C/∂w in .grad, as backward() leaves it", writes)]  # fmt: skip
    doc = '"""The term added to the mean cost, its gradient, then gradient descent."""'
    size = sum(len(g) for _, groups in sections + after for g in groups)
    size += sum(len(g) for g in region[3]) if region else 0
    units = chunks.Units()
    L = [doc]
    for comment, groups in sections:
        L.append(comment)
        if size > chunks.CHUNKED:
            L += units.calls("tail", groups, "_P")
        else:
            L += [line for g in groups for line in g]
    if region is not None:
        comment, test, zeros, groups = region
        L += [comment, test, *("    " + z for z in zeros)]
        if size > chunks.CHUNKED:
            L += ["    " + c for c in units.calls("tail", groups, "_P")]
        else:
            L += ["    " + line for g in groups for line in g]
    for comment, groups in after:
        L.append(comment)
        if size > chunks.CHUNKED:
            L += units.calls("tail", groups, "_P, _lr")
        else:
            L += [line for g in groups for line in g]
    L.append(f"return {cost}")
    if size > chunks.CHUNKED:
        texts = units.written("_tail", "_P, _lr", L[1:])
        return Code("".join(texts), ns.globals, texts)
    return Code("\n".join(["def _tail(_P, _lr):", *("    " + line for line in L)]) + "\n",
                ns.globals)  # fmt: skip
