"""The Python text of a traced graph: the code `autograd.compile` runs.

One line per node for forward propagation, the guards (where the trace followed the data), then
one line per edge for backpropagation in reverse order — each line an op table rule, written out
by `autograd.emit` — inside a loop over the rows, from the last to the first (the order in which
`backward()` of their mean reaches them). Names come from the lecture's labels (``w⁽¹⁾₂,₃`` →
``w1_2_3``); the code's own names start with ``_``, which no label produces.
"""

from __future__ import annotations

import ast
import itertools
import struct
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import chunks, emit
from autograd import codegen_skip as skip
from autograd.codenames import identifier, input_hints, pattern
from autograd.rule_templates import Template, make
from autograd.tracing import Guard, same_bits
from autograd.value import Value

__all__ = ["Code", "Trace", "generate", "identifier"]


# --- one trace of fn, as compile made it ---------------------------------------------------


@dataclass
class Trace:
    order: list[Value]  # topological order of C: the order backward() walks, reversed
    extra_nodes: list[Value]  # nodes only guards or extra outputs need, after `order`
    params: list[Value]  # leaves from outside fn: read on each call
    captured: list[Value]  # non-leaf nodes made outside fn: read, backpropagated once per call
    inputs: list[Value]
    constants: set[Value]
    root: Value
    extras: list[Value]
    guards: list[Guard] = field(default_factory=list)


def _down_from(i: int) -> range:
    """i, i − 1, …, 0: the rows in the order backward() of their mean reaches them."""
    return range(i, -1, -1)


# --- the generated code -------------------------------------------------------------------

_GUARD_MIN = 3  # skip a zero-upstream node's edges only where it has this many
_Shape = tuple[str | None, ...]  # a rule's arguments: None for a name, a constant's text
_FIRST = (0,)  # the slots of a node whose one parent needs ∂C/∂parent


_Step = tuple[Value, list[str], bool, bool, list[int | None]]
_NO_LINE: Any = object()  # (a line not written yet)


class _Body:
    """The lines of one trace: its nodes' names, forward lines in topological order, the
    guards, and backward lines (each op's own rule) in reverse order — in a namespace and a
    set of taken names that a generated function may share with another trace's body."""

    def __init__(
        self,
        trace: Trace,
        ns: emit.Namespace,
        taken: set[str],
        var: dict[Value, str],
        skip_zeros: bool,
        alias_copies: bool = False,
        grads: dict[Value, str] | None = None,  # gradient names already given (a fused step)
        root_label: str = "C",
    ) -> None:
        self.trace, self.ns, self.var = trace, ns, var
        for k, p in enumerate(trace.params):
            if p not in var:
                var[p] = identifier(p.label, f"p{k}", taken)
        for k, v in enumerate(trace.captured):
            var[v] = identifier(v.label, f"outer{k}", taken)
        count = 0
        root, constants, add = trace.root, trace.constants, taken.add
        before = set(var)  # named already (a few): not the growing dict, out of the cache
        for v in [*trace.order, *trace.extra_nodes]:
            if v in before or v in constants:
                continue
            count += 1
            if v._label is None and v is not root:
                text = f"t{count}"
                if text not in taken:  # `identifier`'s answer, sooner
                    var[v] = text
                    add(text)
                    continue
            var[v] = identifier(v.label or (root_label if v is root else None), f"t{count}", taken)
        self.rname = var.get(root, root_label)
        self.taken = taken
        self.gvar: dict[Value, str] = dict(grads or {})
        self.temps: Iterator[int | str] = itertools.count(1)
        self._templates: dict[Any, Template] = {}
        self._constant_text: dict[Any, str] = {}
        self.forward = self._forward()
        self.guards = self._guards()
        self.per_call: list[str] = []  # lines to run once a call, before the rows
        self.backward, self.missing = self._backward(skip_zeros, alias_copies)

    def grad(self, v: Value) -> str:
        # Gradient names come last, so no label can take one: a node labelled dC_dw makes
        # ∂C/∂w dC_dw_2, never the other way round.
        name = self.gvar.get(v)
        return self._named(v, self.var[v]) if name is None else name

    def _named(self, v: Value, var: str) -> str:
        """`grad` for a node without a gradient name yet, whose name is ``var``."""
        name = f"d{self.rname}_d{var}"  # two names: a name (`identifier`)
        if name in self.taken:
            name = identifier(None, name, self.taken)
        else:
            self.taken.add(name)
        self.gvar[v] = name
        return name

    def ref(self, v: Value) -> ast.expr:
        return emit.constant(v.data) if v in self.trace.constants else emit.name(self.var[v])

    def text(self, v: Value) -> str:
        """A node as code: its name, or a constant's number."""
        if v in self.trace.constants:
            return self.constant(v.data)
        return self.var[v]

    def constant(self, x: float) -> str:
        key = struct.pack("<d", x) if x == x else b"nan"
        known = self._constant_text.get(key)
        if known is None:
            known = self._constant_text[key] = ast.unparse(emit.constant(x))
        return known

    def _operands(self, v: Value) -> tuple[list[str], _Shape]:
        """v's rule arguments as code (its parents, then its constant), and their shape for
        `rule`: None for a name (a placeholder), the text of a constant (2.0, -1.5, _inf)."""
        parents, consts = v.parents, self.trace.constants
        if consts.isdisjoint(parents):  # nearly always: every parent is a named node
            args = list(map(self.var.__getitem__, parents))
            shape: _Shape = (None,) * len(parents)
        else:
            args = [self.text(p) for p in parents]
            shape = tuple([a if p in consts else None for a, p in zip(args, parents)])
        if v._c is not None:
            c = self.constant(v._c)
            args.append(c)
            shape += (c,)
        return args, shape

    def rule(
        self, kind: str, rule: Callable[..., Any], args: list[str], n: int, shape: _Shape
    ) -> tuple[list[str], list[str], Template]:
        """`rule_templates.written` for these arguments (the upstream first where ``kind`` is
        ``"backward"``, or ``"partials"``: then each result is local × upstream), through a
        template kept for their ``shape`` (`_operands`): (the lines to run first, the results,
        the template)."""
        key = (kind, rule, n, shape)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = make(kind, rule, shape, n, self.ns)
        if not template.setup:
            return [], [e.format(*args) for e in template.exprs], template
        temp = f"_t{next(self.temps)}"
        setup = [line.format(*args, T=temp) for line in template.setup]
        return setup, [e.format(*args, T=temp) for e in template.exprs], template

    def _forward(self) -> list[str]:
        """Each node's value by its op's forward rule."""
        trace, outside, var, operands, rule = self.trace, set(self.trace.captured), self.var, \
            self._operands, self.rule  # fmt: skip
        constants = trace.constants
        # (op, parents, its constant): the format of its whole line, where the rule needs no
        # line before (the same text as `rule`, in one call; a million-node graph has few)
        lines: dict[tuple[Any, int, float | None] | None, Callable[..., str] | None] = {}
        groups: list[list[str]] = []  # per node, for code cut into chunks
        for v in [*trace.order, *trace.extra_nodes]:
            parents = v.parents
            if not parents or v in outside:
                continue
            op = v._op
            assert op is not None
            c = v._c  # equal nonzero numbers (not nan) have the same bits: a key for its text
            rule_ = op.forward  # (an Op's hash is a dataclass's: slow)
            key = (rule_, len(parents), c) if c is None or (c != 0.0 and c == c) else None
            line = lines.get(key, _NO_LINE) if constants.isdisjoint(parents) else None
            if line is not None and line is not _NO_LINE:
                if len(parents) == 1:  # most nodes: no map to build (~0.3 µs a node)
                    groups.append([line(var[parents[0]], var[v])])
                else:
                    groups.append([line(*map(var.__getitem__, parents), var[v])])
                continue
            args, shape = operands(v)
            setup, exprs, template = rule("forward", rule_, args, 0, shape)
            if line is _NO_LINE and key is not None:
                # (a constant is in the pattern as its text, not as an argument)
                lines[key] = None if setup else f"{{{len(parents)}}} = {template.exprs[0]}".format
            setup.append(f"{var[v]} = {exprs[0]}")
            groups.append(setup)
        self.forward_groups = groups
        return [line for group in groups for line in group]

    def _guards(self) -> list[str]:
        ns, guards = self.ns, []
        for g in self.trace.guards:
            left = ast.unparse(emit.term_code(g.left, self.ref, ns))
            if g.op == "value":
                same = ns.ref(same_bits, "same_bits")
                test = f"{same}({left}, {ast.unparse(emit.constant(float(g.outcome)))})"
                passes = True
            elif g.op == "bool":
                test, passes = f"{left} != 0.0", bool(g.outcome)
            else:
                right = ast.unparse(emit.term_code(g.right, self.ref, ns))
                test, passes = f"{left} {g.op} {right}", bool(g.outcome)
            guards.append(f"# {g.where}")
            guards.append(f"if {'not ' if passes else ''}{test}:")
            guards.append("    _left = _i + 1  # this row and those before it: another trace")
            guards.append("    break")
        return guards

    def _backward(self, skip_zeros: bool, alias: bool) -> tuple[list[str], list[Value]]:
        """Which nodes need ∂C/∂node (a parameter or captured node among their ancestors),
        then each edge's contribution by its op's own rule; and the gradients to set to 0 at
        the start of each row (those only added to). ``alias``: a parent with this one edge
        whose gradient is the upstream itself (an addition's) takes the upstream's name."""
        trace, rule, operands = self.trace, self.rule, self._operands
        gvar, named = self.gvar, self.grad  # gvar.get(v) or named(v): grad(v), at less cost
        new = self._named  # a parent's (args[k + 1] is its name: never a constant's)
        root = trace.root
        outside = set(trace.captured)
        sources = set(trace.params) | outside
        needs: set[Value] = set(sources)
        for v in trace.order:
            if v not in outside and not needs.isdisjoint(v.parents):
                needs.add(v)
        accumulators = set(trace.params) | outside  # added to across rows, like .grad
        edges = Counter(p for v in trace.order if v in needs for p in v.parents) if alias else {}
        steps: list[_Step] = []  # node, lines, guarded, masks, its contributions' factors
        assigned: dict[Value, str | None] = {}  # set by `=`: its mask's test, if one
        zeroed: list[Value] = []
        var, constants = self.var, trace.constants
        # (op, parents, its constant): the rule's template and the constant's text, where the
        # rule needs no line before (as `_forward` keeps its lines)
        fast: dict[
            tuple[Any, Any, int, float | None] | None, tuple[Template, tuple[str, ...]] | None
        ] = {}
        for v in reversed(trace.order):
            parents = v.parents
            if not parents or v not in needs:
                continue
            op = v._op
            assert op is not None
            n = len(parents)
            if n == 1:  # most nodes: no list to build
                slots: Sequence[int] = _FIRST if parents[0] in needs else ()
            else:
                slots = [k for k, p in enumerate(parents) if p in needs]
            if not slots:
                continue
            out = var[v]  # a node with parents: never a constant
            c = v._c  # equal nonzero numbers (not nan) have the same bits: a key for its text
            own = op.backward  # (an Op's hash is a dataclass's: slow)
            key = (own, op.partials, n, c) if c is None or (c != 0.0 and c == c) else None
            known = fast.get(key, _NO_LINE) if constants.isdisjoint(parents) else None
            if known is not None and known is not _NO_LINE:  # `rule`'s answer, sooner
                template, c_text = known
                up = gvar.get(v) or named(v)
                if n == 1:  # most nodes: no map to build (~0.3 µs a node)
                    args = [up, var[parents[0]], *c_text, out]
                else:
                    args = [up, *map(var.__getitem__, parents), *c_text, out]
                e = template.exprs
                lines: list[str] = []
                exprs = [e[0].format(*args)] if n == 1 else [x.format(*args) for x in e]
            else:
                operand, shape = operands(v)
                args = [gvar.get(v) or named(v), *operand, out]
                shape = (None, *shape, None)
                # what backward_step() adds: the op's own backward rule, else local × upstream
                if own is not None:
                    lines, exprs, template = rule("backward", own, args, n, shape)
                else:
                    lines, exprs, template = rule("partials", op.partials, args, n, shape)
                if known is _NO_LINE and key is not None:
                    fast[key] = None if template.setup else (template, tuple(operand[n:]))
            # As backward() does: a node whose upstream is exactly 0 passes nothing on when its
            # op promises finite local derivatives (worth a test only for nodes with many edges).
            guard = len(slots) >= _GUARD_MIN and skip_zeros and op.finite_partials
            guard = guard and v is not root
            body: list[str] = []
            for k in slots:
                p = parents[k]
                if p in accumulators or p in assigned:
                    body.append(f"{gvar.get(p) or new(p, args[k + 1])} += {exprs[k]}")
                elif guard:  # may be skipped: start from 0 and add
                    body.append(f"{gvar.get(p) or new(p, args[k + 1])} += {exprs[k]}")
                    assigned[p] = None
                    zeroed.append(p)
                elif exprs[k] == args[0] and edges.get(p) == 1 and p not in gvar:
                    gvar[p] = args[0]  # no line: nothing else adds to it
                    assigned[p] = None
                else:
                    body.append(f"{gvar.get(p) or new(p, args[k + 1])} = {exprs[k]}")
                    mask = template.masks[k]
                    assigned[p] = None if mask is None else mask.format(*args, T="")
            if guard:
                name_v = out
                test = f"{args[0]} != 0.0"
                mask = assigned.get(v)
                before = steps[-1][1] if steps else []
                if mask is not None and before and before[-1].startswith(f"{args[0]} = "):
                    # v's gradient is a mask's (ReLU′: 0 where z ≤ 0, else the upstream), set
                    # inside: the step runs where the mask lets the upstream through — where
                    # that is 0 and v finite it adds ±0 (finite local derivatives × 0), which
                    # leaves every sum as it is but a −0.0 .grad from before the call
                    lines = [before.pop(), *lines]
                    test = mask.partition(" and ")[2]  # `u != 0.0 and not P`: not P
                lines = [f"if {test} or {name_v} - {name_v} != 0.0:"] + [
                    "    " + line for line in lines + body
                ]
            elif lines:
                lines += body
            else:  # no line before the body (most nodes): no second list
                lines = body
            if v in outside:  # made outside fn: its step runs once, at the first row (see Trace)
                lines = ["if _i == 0:"] + ["    " + line for line in lines]
            # a step whose every contribution is a mask of the upstream (0.0 if P else u) adds
            # exactly 0 for a zero upstream whatever the values: its node's finiteness is moot
            keeps = template.keeps_zero
            keeps_zero = keeps[0] if slots is _FIRST else all([keeps[k] for k in slots])
            # (one parent: the template's own list of one, read only — no list a node)
            factors = template.factors if slots is _FIRST else [template.factors[k] for k in slots]
            steps.append((v, lines, guard, keeps_zero, factors))
        # needed nodes no line sets: not a parameter or captured node (accumulators ⊂ needs),
        # nor the root; where every other one is assigned (a chain: all), none
        others = len(needs) - len(accumulators) - (root in needs and root not in accumulators)
        missing = zeroed + [
            v
            for v in trace.order
            if v.parents and v in needs and v is not root and v not in assigned
            and v not in accumulators
        ] if len(assigned) < others else zeroed  # fmt: skip
        # the step groups, for code cut into chunks: those before a region, and the region
        self.head_groups: list[list[str]] = [step[1] for step in steps]  # (no list a step)
        self.region: tuple[str, str, list[str], list[list[str]]] | None = None
        if skip_zeros:
            found = self._skip_region(steps, needs, accumulators, missing)
            if found is not None:
                return found
        return [line for step in steps for line in step[1]], missing

    def _strict_parents(self, v: Value) -> list[Value] | None:
        """The parents v's value is made of by +, −, × alone (`codegen_skip.strict_operands`)."""
        if v._op is None or v in self.trace.captured:
            return None
        t = self._templates.get(("forward", v._op.forward, 0, self._operands(v)[1]))
        return None if t is None or t.strict is None else [v.parents[j] for j in t.strict
                                                          if j < len(v.parents)]  # fmt: skip

    def _fewer_values(self, region: list[_Step], test: str, count: int, v: Value) -> str:
        """The region's test on the values `codegen_skip.witnesses` finds, where they are
        fewer than ``count``; the parameters' part in ``self.per_call`` (once a call)."""
        needs = [(u, skip.finite_needs(u, f)) for u, _, _, masks, f in region if not masks]
        fixed = {*self.trace.params, *self.trace.captured}
        terms, self.per_call = skip.terms(needs, self._strict_parents, fixed, self.text, count)
        return test if terms is None else f"if {self.grad(v)} != 0.0 or ({terms}) * 0.0 != 0.0:"

    def _skip_region(
        self,
        steps: list[_Step],
        needs: set[Value],
        sums: set[Value],
        missing: list[Value],
    ) -> tuple[list[str], list[Value]] | None:
        """The backward lines with the steps after the first node v that all later gradients
        flow through (a dominator: no other node holds a gradient yet when v's turn comes) in
        one test: where ∂C/∂v is 0 and every value there is finite, each of those steps would
        be skipped by backward() (finite local derivatives × 0 add only ±0), so all are. Worth
        it where that saves several zero tests (a hinge loss, flat on most rows: all of them).
        The gradients to set to 0 at each row (``missing``) that lie there are set there. None
        where there is no such v; else (the lines, the gradients still to set to 0 per row)."""
        if sum([step[2] for step in steps]) < 2:  # fewer than two zero tests: none to save
            return None
        # from each step to the end: how many steps are guarded, whether all may be skipped
        guarded_after = [0] * (len(steps) + 1)
        skippable_after = [True] * (len(steps) + 1)
        captured = set(self.trace.captured)
        for k in range(len(steps) - 1, -1, -1):
            u, guarded = steps[k][0], steps[k][2]
            guarded_after[k] = guarded_after[k + 1] + guarded
            ok = u._op is not None and u._op.finite_partials and u not in captured
            skippable_after[k] = skippable_after[k + 1] and ok
        pending: set[Value] = {self.trace.root}
        for k, step in enumerate(steps):
            v = step[0]
            if guarded_after[k] < 2:  # nor at any later step: it only falls
                return None
            if k > 0 and skippable_after[k] and pending == {v}:
                region = steps[k:]
                finite = [self.text(u) for u, _, _, masks, _ in region if not masks]
                values = " + ".join(dict.fromkeys(finite))
                head = [line for step in steps[:k] for line in step[1]]
                inside = {u for u, *_ in region} - {v}  # v holds its gradient already
                zeros = [f"{self.grad(u)} = 0.0" for u in missing if u in inside]
                name = self.var[v]
                test = f"if {self.grad(v)} != 0.0 or ({values}) * 0.0 != 0.0:"
                comment = f"# every gradient below comes through {name}: "
                comment += f"all 0 where ∂C/∂{name} is 0"
                lines = [
                    *head,
                    comment,
                    self._fewer_values(region, test, len(finite), v),
                    *("    " + line for line in zeros),
                    *("    " + line for _, lines, *_ in region for line in lines),
                ]
                self.head_groups = [step[1] for step in steps[:k]]
                self.region = (comment, test, zeros, [group for _, group, *_ in region])
                return lines, [u for u in missing if u not in inside]
            pending.discard(v)
            pending.update(p for p in v.parents if p in needs and p not in sums)
        return None


@dataclass
class Code:
    """Generated code: its text, the namespace it runs in, and — for a large graph — the chunks
    to compile one by one (`build`; ``text`` is then "": joined too, the chunks would be held
    twice while they compile, at 2 bytes a character for one ∂); None: compile ``text`` whole."""

    text: str
    globals: dict[str, Any]
    units: list[str] | None = None

    @property
    def source(self) -> str:
        return self.text if self.units is None else "".join(self.units)


def lines_of(
    trace: Trace, sig: Any, fn_args: Sequence[str], skip_zeros: bool
) -> tuple[_Body, list[str]]:
    """The forward and backward lines of a trace, and the names its inputs go by (fn's own
    parameter names where they are free identifiers): what every generator starts from."""
    taken: set[str] = set()
    input_names = [identifier(None, hint, taken) for hint in input_hints(fn_args, sig)]
    var: dict[Value, str] = dict(zip(trace.inputs, input_names))
    return _Body(trace, emit.Namespace(), taken, var, skip_zeros), input_names


def generate(
    trace: Trace,
    sig: Any,
    fn_args: Sequence[str] = (),
    skip_zeros: bool = True,
    end: Callable[[_Body], list[str]] | None = None,
) -> Code:
    """The Python text of a trace and the namespace it runs in: parameters read once (or, for
    a step, their gradients started from 0), then per row forward lines in topological order,
    the guards, and backward lines (each op's own rule) in reverse order. ``end``: the lines
    after the rows instead of adding to .grad (`codegen_step.generate_step`; never in chunks)."""
    body, input_names = lines_of(trace, sig, fn_args, skip_zeros)
    ns, var, grad, ref, root = body.ns, body.var, body.grad, body.ref, trace.root
    params, captured = trace.params, trace.captured
    size = len(body.forward) + len(body.backward) + 3 * len(params)
    if size > chunks.CHUNKED and not captured and end is None:
        return _generate_chunked(trace, body, ns, sig, input_names)
    L = ["def _compiled(_P, _A, _rows, _seed, _i, _zero=False):"]
    L.append('    """Cᵢ = fn(rowᵢ) and ∂Cᵢ/∂w for i = _i … 0; every line is an op table rule."""')
    outer = set(params) | set(captured)
    per_row = [*input_names, *(body.var[v] for v in [*trace.order, *trace.extra_nodes]
                               if v.parents and v not in outer)]  # fmt: skip
    per_row += [g for v, g in body.gvar.items() if v not in outer]
    if len(params) + len(captured) > 100 and per_row:
        L.append(
            "    # each row's names first: CPython reads its first 256 local variables fastest"
        )
        for k in range(0, len(per_row), 8):
            L.append(f"    {' = '.join(per_row[k : k + 8])} = 0.0")
    if params:
        L.append("    # the parameters' values and ∂C/∂w so far (the slots behind .data and .grad)")
    for k, p in enumerate(params):
        L.append(f"    {var[p]} = _P[{k}]._data")
    if params and end is not None:  # a whole step: it always starts from ∂C/∂w = 0
        L.append("    # a step of gradient descent starts from ∂C/∂w = 0 (zero_grad)")
        names = [grad(p) for p in params]
        L += [f"    {' = '.join(names[k : k + 6])} = 0.0" for k in range(0, len(names), 6)]
    elif params:
        L.append("    if _zero:  # a step of gradient descent starts from ∂C/∂w = 0 (zero_grad)")
        names = [grad(p) for p in params]
        for k in range(0, len(names), 6):
            L.append(f"        {' = '.join(names[k : k + 6])} = 0.0")
        L.append("    else:")
        for k, p in enumerate(params):
            L.append(f"        {grad(p)} = _P[{k}]._grad")
    if captured:
        L.append("    # Values computed outside fn: read as they are, as backward() reads them")
    for k, v in enumerate(captured):
        L.append(f"    {var[v]} = _P[{len(params) + k}]._data")
        L.append(f"    {grad(v)} = _A[{k}]")
    L += ["    " + line for line in body.per_call]
    L.append("    _costs, _outputs = [], []")
    L.append("    _left = 0")
    # a for loop: a while loop over so long a body ran 1.4× slower (CPython 3.11)
    down = ns.ref(_down_from, "down_from")
    L.append(f"    for _i in {down}(_i):  # from the last row, as backward() of a mean takes them")
    ind = "        "
    L += [ind + line for line in _row_input(sig, input_names, ns)]
    L.append(f"{ind}# forward propagation")
    L += [ind + line for line in body.forward]
    if body.guards:
        L.append(f"{ind}# guards: where fn followed the data when traced")
        L += [ind + line for line in body.guards]
    L.append(f"{ind}# backpropagation: local derivative × upstream gradient, edge by edge")
    if root in params or root in captured:
        L.append(f"{ind}{grad(root)} += _seed")
    else:
        L.append(f"{ind}{grad(root)} = _seed")
    for v in body.missing:
        L.append(f"{ind}{grad(v)} = 0.0")
    L += [ind + line for line in body.backward]
    L.append(f"{ind}_costs.append({ast.unparse(ref(root))})")
    if trace.extras:
        extras = ", ".join(ast.unparse(ref(v)) for v in trace.extras)
        L.append(f"{ind}_outputs.append(({extras}{',' if len(trace.extras) == 1 else ''}))")
    if end is not None:
        return Code("\n".join([*L, *("    " + line for line in end(body))]) + "\n", ns.globals)
    if params or captured:
        L.append("    # add to .grad, as backward() does")
    for k, p in enumerate(params):
        L.append(f"    _P[{k}]._grad = {grad(p)}")
    for k, v in enumerate(captured):
        L.append(f"    _A[{k}] = {grad(v)}")
    L.append("    return _costs, _outputs, _left")
    return Code("\n".join(L) + "\n", ns.globals)


def _row_input(sig: Any, input_names: list[str], ns: emit.Namespace) -> list[str]:
    """The lines that take a row's numbers into the inputs' names."""
    if not sig:
        return []
    it = iter(input_names)
    target = ", ".join(pattern(s, it) for s in sig) + ("," if len(sig) == 1 else "")
    fl = ns.ref(float, "float")  # as Value(x) stores an int or numpy number: a float
    # one statement each: `x1, x2, y = _float(x1), …` took twice as long (CPython 3.11)
    return [f"{target} = _rows[_i]", *(f"{n} = {fl}({n})" for n in input_names)]


def _generate_chunked(
    trace: Trace, body: _Body, ns: emit.Namespace, sig: Any, input_names: list[str]
) -> Code:
    """`generate` for a large graph: the same lines, cut into chunk functions of about
    chunks.CHUNK lines that share the variables more than one of them uses (`chunks.build`);
    the main function resumes them in order, row by row (generators, `chunks.Units.rows`), so
    every number is computed as in one function."""
    params, grad, root = trace.params, body.grad, trace.root
    slots = {body.var[p]: k for k, p in enumerate(params)}
    units = chunks.Units(slots, {grad(p): k for k, p in enumerate(params)})
    forward = units.rows("forward", body.forward_groups)
    head = units.rows("backward", body.head_groups)
    region = units.rows("backward", body.region[3]) if body.region else []
    helpers = ns.ref(chunks.started, "started"), ns.ref(chunks.finish, "finish")
    assert helpers == ("_started", "_finish")  # the names chunks.Units writes
    down = ns.ref(_down_from, "down_from")
    L = [chunks.START, "_costs, _outputs = [], []", "_left = 0", f"for _i in {down}(_i):"]
    ind = "    "
    L += [ind + line for line in _row_input(sig, input_names, ns)]
    L += [ind + "# forward propagation", *(ind + c for c in forward)]
    if body.guards:
        L += [ind + "# guards: where fn followed the data when traced"]
        L += [ind + line for line in body.guards]
    L.append(ind + "# backpropagation: local derivative × upstream gradient, chunk by chunk")
    L.append(f"{ind}{grad(root)} {'+=' if root in params else '='} _seed")
    L += [f"{ind}{grad(v)} = 0.0" for v in body.missing]
    L += [ind + c for c in head]
    if body.region:
        comment, test, zeros, _ = body.region
        L += [ind + comment, ind + test, *(ind + "    " + z for z in zeros)]
        L += [ind + "    " + c for c in region]
    L.append(f"{ind}_costs.append({body.text(root)})")
    if trace.extras:
        extras = ", ".join(body.text(v) for v in trace.extras)
        L.append(f"{ind}_outputs.append(({extras}{',' if len(trace.extras) == 1 else ''}))")
    L += ["# add to .grad, as backward() does", chunks.FINISH, "return _costs, _outputs, _left"]
    doc = "# Cᵢ = fn(rowᵢ) and ∂Cᵢ/∂w for i = _i … 0, in chunks (the graph is large)"
    texts = units.written("_compiled", "_P, _A, _rows, _seed, _i, _zero=False", [doc, *L])
    return Code("", ns.globals, texts)
