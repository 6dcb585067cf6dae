"""The code of ``backend="numpy"``: the trace's lines on columns of samples, a layer's neurons as
one matrix product. Skip on first reading (`autograd.vectorized` says what changes, and why).

A neuron's z is one ``wsum`` node, z = b + Σⱼ wⱼ·aⱼ. The neurons of a layer read the same
inputs a₁ … aₙ in the same order, so on N samples their z's are one block
Z = A·W + b: A the (N, n) inputs, W the (n, k) weights (column k: neuron k's), b the k biases.
The wsum rule's sums over j, written for every sample and neuron at once, *are* that product;
its backward rule (∂z/∂wⱼ = aⱼ, ∂z/∂aⱼ = wⱼ, ∂z/∂b = 1), times the upstream ∂C/∂Z and summed
over the samples as every parameter's gradient is, is ∂C/∂W = Aᵀ·∂C/∂Z, ∂C/∂b = Σ rows of
∂C/∂Z, and ∂C/∂A = ∂C/∂Z·Wᵀ. The same op applied to each z of a block (ReLU, tanh, σ …) is one
line on the block: the op table's own rule text, with the block's name for the node's. Every
other node is a line on its own column, as `autograd.codegen` writes it; a block member it
reads is a view of the block's column (``a1_3 = a1[:, 2]``), and its gradient is added into
the block's before the block's own step.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd.codegen import Trace, lines_of
from autograd.codenames import identifier
from autograd.ops import OPS
from autograd.value import Value

__all__ = ["Block", "generate_numpy", "width"]

_WSUM = OPS["wsum"]


@dataclass(eq=False)
class Block:
    """Nodes held as the columns of one (N, k) array: a list argument (``input``), the z's of a
    layer (``layer``: Z = A·W + b), or one op applied to each column of another (``map``)."""

    kind: str
    members: list[Value]
    inputs: list[Value] = field(default_factory=list)  # a layer's a₁ … aₙ; a map's sources
    source: Block | None = None  # the block a layer reads whole, or a map maps
    weights: list[list[Value]] = field(default_factory=list)  # a layer's: one list per neuron
    biases: list[Value] = field(default_factory=list)
    name: str = ""  # the array's; a layer's inputs, weights and biases: a_name, w_name, b_name
    a_name: str = ""
    w_name: str = ""
    b_name: str = ""
    grad_name: str = ""  # ∂C/∂(the block), once it is set


def _layers(trace: Trace, col: set[Value], params: set[Value]) -> list[Block]:
    """The wsum nodes of the samples whose weights and bias are parameters, grouped by their
    inputs (the same nodes in the same order): one block per layer."""
    groups: dict[tuple[Value, ...], Block] = {}
    for v in trace.order:
        if v._op is not _WSUM or v not in col:
            continue
        ps = v.parents
        ws, as_, b = ps[0:-1:2], ps[1:-1:2], ps[-1]
        if b not in params or not all(w in params for w in ws):
            continue
        if not all(a in col for a in as_):
            continue
        block = groups.get(as_)
        if block is None:
            block = groups[as_] = Block("layer", [], list(as_))
        block.members.append(v)
        block.weights.append(list(ws))
        block.biases.append(b)
    return list(groups.values())


def _maps(trace: Trace, col: set[Value], where: dict[Value, tuple[Block, int]]) -> list[Block]:
    """One-parent nodes of one op (and constant) applied to every column of a block, in order:
    a block of their own. Repeated, so that a map of a map is one too."""
    found: list[Block] = []
    while True:
        groups: dict[tuple[Any, ...], dict[int, Value]] = {}
        for v in trace.order:
            if v in where or len(v.parents) != 1 or v not in col or v._op is None:
                continue
            at = where.get(v.parents[0])
            if at is None:
                continue
            key = (at[0], v._op, None if v._c is None else repr(v._c))
            groups.setdefault(key, {}).setdefault(at[1], v)
        new = [(key, cols) for key, cols in groups.items() if len(cols) == len(key[0].members)]
        for (source, *_), cols in new:
            members = [cols[k] for k in range(len(cols))]
            block = Block("map", members, list(source.members), source)
            found.append(block)
            where.update((m, (block, k)) for k, m in enumerate(members))
        if not new:
            return found


def _stem(names: Sequence[str], fallback: str) -> str:
    """The name a block's members share (``z1`` for z1_1 … z1_16), else ``fallback``."""
    stem = names[0] if names else ""
    for name in names[1:]:  # the longest common prefix, character by character
        while not name.startswith(stem):
            stem = stem[:-1]
    if stem in names and "_" in stem:
        stem = stem.rsplit("_", 1)[0]
    stem = stem.rstrip("_")
    return stem if stem and stem[0].isalpha() else fallback


def generate_numpy(
    trace: Trace,
    sig: Any,
    fn_args: Sequence[str],
    vectorize: Callable[[str], str],
) -> tuple[str, dict[str, Any]]:
    """``_vectorized(_P, _args, _seed)``: ``_args`` one array per argument of fn ((N,) for a
    number, (N, m) for a list of m numbers), ``_seed`` the (N,) upstream ∂C/∂Cᵢ. Returns the
    costs (an (N,) array, also where the cost does not follow the data) and the extra outputs
    (columns) and adds each parameter's gradient, summed over the samples, to its ``.grad``.
    ``vectorize`` turns a per-sample line into numpy's."""
    body, input_names = lines_of(trace, sig, fn_args, skip_zeros=False)
    var, taken, root, params = body.var, body.taken, trace.root, trace.params
    nodes = [*trace.order, *trace.extra_nodes]
    col = set(trace.inputs)  # the nodes that differ from sample to sample
    for v in nodes:
        if v.parents and not col.isdisjoint(v.parents):
            col.add(v)
    needs: set[Value] = set(params)
    for v in trace.order:
        if not needs.isdisjoint(v.parents):
            needs.add(v)
    index = {p: k for k, p in enumerate(params)}
    where: dict[Value, tuple[Block, int]] = {}
    blocks: list[Block] = []
    L = ["def _vectorized(_P, _args, _seed):"]
    L.append('    """Every sample at once: each line runs on a column (or a block) of samples."""')
    # the arguments: a number is a column, a list of numbers a block
    inputs = iter(trace.inputs)
    names = iter(input_names)
    for j, s in enumerate(sig):
        count = width(s)
        members = [next(inputs) for _ in range(count)]
        member_names = [next(names) for _ in range(count)]
        if s == "f":
            L.append(f"    {member_names[0]} = _args[{j}]")
            continue
        hint = fn_args[j] if j < len(fn_args) else ""
        block = Block("input", members, name=identifier(None, _stem(member_names, hint or "x"),
                                                        taken))  # fmt: skip
        blocks.append(block)
        where.update((m, (block, k)) for k, m in enumerate(members))
        L.append(f"    {block.name} = _args[{j}]")
    layers = _layers(trace, col, set(params))
    for block in layers:
        where.update((m, (block, k)) for k, m in enumerate(block.members))
    blocks += layers
    blocks += _maps(trace, col, where)
    for block in blocks:
        if block.kind == "layer" and block.inputs:
            at = where.get(block.inputs[0])
            if at is not None and at[0].members == block.inputs:
                block.source = at[0]
        if not block.name:
            block.name = identifier(None, _stem([var[m] for m in block.members], "B"), taken)
    children: dict[Value, list[Value]] = {}
    for v in nodes:
        for p in v.parents:
            children.setdefault(p, []).append(v)

    def on_its_own(m: Value) -> bool:
        """A block member some line reads as a column of its own."""
        if m is root or m in trace.extras:
            return True
        for c in children.get(m, ()):
            at = where.get(c)
            if at is None or at[0].source is not where[m][0]:
                return True
        return False

    # the parameters: a layer's weights and biases as arrays, cut out of all the parameters'
    # values at once; any other parameter as a number
    ns_extra: dict[str, Any] = {}
    layer_blocks = [b for b in blocks if b.kind == "layer"]
    if layer_blocks:  # their weights and biases in one list, layer by layer: W (j, k), b (k)
        ns_extra["_Q"] = [w for b in layer_blocks for w in [
            *(ws[j] for j in range(len(b.inputs)) for ws in b.weights), *b.biases]]  # fmt: skip
        ns_extra["_Q_shapes"] = [s for b in layer_blocks for s in [
            (len(b.inputs), len(b.members)), (len(b.members),)]]  # fmt: skip
        L.append("    _p = _read(_Q)  # their values, in _Q's order, as one array")
    per_column = {p for v in nodes if v not in where for p in v.parents if p in index}
    per_column.update(p for p in [root, *trace.extras] if p in index)
    for p in params:
        if p in per_column:
            L.append(f"    {var[p]} = _P[{index[p]}]._data")
    offset = 0
    for block in layer_blocks:
        W, b = (identifier(None, f"{h}_{block.name}", taken) for h in ("W", "b"))
        n, k = len(block.inputs), len(block.members)
        end = offset + n * k
        L.append(f"    {W} = _p[{offset}:{end}].reshape({n}, {k})  # column k: neuron k's")
        L.append(f"    {b} = _p[{end}:{end + k}]")
        offset = end + k
        block.w_name, block.b_name = W, b
    L.append("    # forward propagation, every sample at once")
    done: set[Block] = set()
    first: dict[Block, Value] = {}
    for v in nodes:
        at = where.get(v)
        if at is not None:
            block = at[0]
            if block in done:
                continue
            done.add(block)
            first[block] = v
            if block.kind == "layer":
                a = block.source.name if block.source is not None else _stack(block, var, L)
                block.a_name, W, b = a, block.w_name, block.b_name
                # z = Σ w·a + b, a layer at once; b added in place, to the product's own array
                L.append(f"    {block.name} = _dot({a}, {W})  # Σ w·a, every sample and neuron")
                L.append(f"    {block.name} += {b}  # + b")
            elif block.kind == "map":
                L += _map_forward(body, block, vectorize)
            L += [f"    {var[m]} = {block.name}[:, {k}]"
                  for k, m in enumerate(block.members) if on_its_own(m)]  # fmt: skip
            continue
        if not v.parents:
            continue
        op = v._op
        assert op is not None
        args, shape = body._operands(v)
        setup, exprs, _ = body.rule("forward", op.forward, args, 0, shape)
        L += ["    " + vectorize(line) for line in [*setup, f"{var[v]} = {exprs[0]}"]]
    # backpropagation
    L.append("    # backpropagation, every sample at once")
    assigned: set[Value] = set()  # nodes whose own gradient column is set
    block_grad: set[Block] = set()

    def add(target: str, expr: str, first_time: bool) -> str:
        # never ``+=``: on arrays it adds in place, and a gradient may be another's very array
        # (``dC_da = dC_dt`` for a sum's parents): adding to one would add to both
        return f"    {target} = {expr}" if first_time else f"    {target} = {target} + {expr}"

    def grad_of(block: Block) -> str:
        if not block.grad_name:
            block.grad_name = identifier(None, f"d{body.rname}_d{block.name}", taken)
        return block.grad_name

    own_array: set[Block] = set()  # blocks whose gradient is one _dot's array, nobody else's

    def add_to_block(block: Block, expr: str) -> None:
        L.append(add(grad_of(block), expr, block not in block_grad))
        if block not in block_grad and expr.startswith("_dot("):
            own_array.add(block)
        else:
            own_array.discard(block)
        block_grad.add(block)

    def contribute(p: Value, expr: str) -> None:
        L.append(add(body.grad(p), expr, p not in assigned))
        assigned.add(p)

    if root in needs:
        contribute(root, "_seed")
    if layer_blocks:
        L.append("    _ones = _filled(_seed.size, 1.0)")
    grads: dict[Block, str] = {}  # a layer's ∂C/∂W and ∂C/∂b, as one list
    for v in reversed(trace.order):
        if not v.parents or v not in needs:
            continue
        at = where.get(v)
        if at is None:
            _node_backward(body, v, needs, contribute, vectorize, L)
            continue
        block = at[0]
        if first[block] is not v:
            continue
        dB = grad_of(block)
        own = [m in assigned for m in block.members]  # gradients of a column of its own
        if all(own) and block not in block_grad:
            L.append(f"    {dB} = {_as_block(list(map(body.grad, block.members)))}")
            block_grad.add(block)
            own = [False] * len(own)
        if any(own):  # the columns' own gradients, into the block's: in place, in an array
            # of its own (a zero block, or a copy of the block's gradient, which may be another's)
            start = f"{dB}.copy()" if block in block_grad else f"_zeros_like({block.name})"
            L.append(f"    {dB} = {start}")
            block_grad.add(block)
            own_array.discard(block)
        for k, m in enumerate(block.members):
            if own[k]:
                L.append(f"    {dB}[:, {k}] += {body.grad(m)}")
        if block not in block_grad:
            continue
        if block.kind == "map":
            if block.source is not None and not needs.isdisjoint(block.inputs):
                setup, expr = _map_backward(body, block, dB, vectorize)
                L += setup
                masked = _masked(expr, dB) if block in own_array else None
                if masked is not None:  # ``where(P, c, dB)``, written into dB: no new array
                    L.append(f"    {masked}  # in place: {dB} is this step's own, read no more")
                    expr = dB
                add_to_block(block.source, expr)
        elif block.kind == "layer":
            a, W = block.a_name, block.w_name
            gW = identifier(None, f"d{body.rname}_d{W}", taken)
            gb = identifier(None, f"d{body.rname}_d{block.b_name}", taken)
            L.append(f"    {gW} = _dot({a}.T, {dB})  # Σ over the samples of a · ∂C/∂z")
            L.append(f"    {gb} = _dot(_ones, {dB})  # Σ over the samples of ∂C/∂z")
            grads[block] = f"{gW}, {gb}"
            if not needs.isdisjoint(block.inputs):
                dA = f"_dot({dB}, {W}.T)"
                if block.source is not None:
                    add_to_block(block.source, dA)
                else:
                    tmp = f"_d{a}"
                    L.append(f"    {tmp} = {dA}")
                    for j, p in enumerate(block.inputs):
                        if p in needs:
                            contribute(p, f"{tmp}[:, {j}]")
    L.append("    # each parameter's gradient, summed over the samples, added to .grad")
    if layer_blocks:
        assert all(b in grads for b in layer_blocks)  # each layer's z is an ancestor of C
        pieces = ", ".join(grads[b] for b in layer_blocks)
        L.append(f"    _add_to_grads(_Q, {pieces})  # in _Q's order")
    for p in params:
        if p in assigned:
            L.append(f"    _P[{index[p]}]._grad += _samples_sum({body.grad(p)})")
    extras = ", ".join(body.text(v) for v in trace.extras)
    C = body.text(root) if root in col else f"_one_per_sample({body.text(root)}, _seed)"
    L.append(f"    return {C}, ({extras}{',' if len(trace.extras) == 1 else ''})")
    ns = dict(body.ns.globals)
    return "\n".join(L) + "\n", {**ns, **ns_extra}


def width(s: Any) -> int:
    """How many numbers an argument of this structure holds (``('f', 'f')``: 2)."""
    return 1 if s == "f" else sum(width(x) for x in s)


def _masked(expr: str, name: str) -> str | None:
    """``_where(P, c, name)`` (a mask such as ReLU's step: c where P, else the upstream) as
    ``_putmask(name, P, c)``, which writes c into name's array where P; else None."""
    tree = ast.parse(expr, mode="eval").body
    if not isinstance(tree, ast.Call) or ast.unparse(tree.func) != "_where" or tree.keywords:
        return None
    if len(tree.args) != 3:
        return None
    mask, c, upstream = tree.args
    if not isinstance(c, ast.Constant) or ast.unparse(upstream) != name:
        return None
    return f"_putmask({name}, {ast.unparse(mask)}, {ast.unparse(c)})"


def _as_block(columns: list[str]) -> str:
    """Columns as one (N, k) array: a view of the one column, else a stack."""
    if len(columns) == 1:
        return f"{columns[0]}[:, None]"
    return f"_columns({', '.join(columns)})"


def _stack(block: Block, var: dict[Value, str], L: list[str]) -> str:
    """A layer's inputs, each a column, as one (N, n) array."""
    name = f"_a_{block.name}"
    L.append(f"    {name} = {_as_block([var[a] for a in block.inputs])}")
    return name


def _map_forward(body: Any, block: Block, vectorize: Callable[[str], str]) -> list[str]:
    v = block.members[0]
    op = v._op
    assert op is not None and block.source is not None
    args, shape = body._operands(v)
    args[0] = block.source.name
    setup, exprs, _ = body.rule("forward", op.forward, args, 0, shape)
    return ["    " + vectorize(line) for line in [*setup, f"{block.name} = {exprs[0]}"]]


def _map_backward(
    body: Any, block: Block, upstream: str, vectorize: Callable[[str], str]
) -> tuple[list[str], str]:
    """A map block's step: its op's rule on the blocks (the lines to run first, what it adds
    to the source block's gradient)."""
    v, src = block.members[0], block.source
    op = v._op
    assert op is not None and src is not None
    operand, shape = body._operands(v)
    operand[0] = src.name
    args = [upstream, *operand, block.name]
    shape = (None, *shape, None)
    if op.backward is not None:
        setup, exprs, _ = body.rule("backward", op.backward, args, 1, shape)
    else:
        setup, exprs, _ = body.rule("partials", op.partials, args, 1, shape)
    return ["    " + vectorize(x) for x in setup], vectorize(exprs[0])


def _node_backward(
    body: Any, v: Value, needs: set[Value], contribute: Callable[[Value, str], None],
    vectorize: Callable[[str], str], L: list[str],
) -> None:  # fmt: skip
    """One node's step, as `autograd.codegen` writes it: its op's rule for each parent that
    needs a gradient."""
    op = v._op
    assert op is not None
    parents = v.parents
    slots = [k for k, p in enumerate(parents) if p in needs]
    if not slots:
        return
    operand, shape = body._operands(v)
    args = [body.grad(v), *operand, body.var[v]]
    shape = (None, *shape, None)
    n = len(parents)
    if op.backward is not None:
        setup, exprs, _ = body.rule("backward", op.backward, args, n, shape)
    else:
        setup, exprs, _ = body.rule("partials", op.partials, args, n, shape)
    L += ["    " + vectorize(line) for line in setup]
    for k in slots:
        contribute(parents[k], vectorize(exprs[k]))
