"""The op table's display formulas as maths a machine can read: parse, evaluate, emit Python.

Each op shows the student its local derivatives as text (``σ({0})·(1−σ({0}))`` for the sigmoid,
``1/(2·√{0})`` for the square root). This module parses those templates with a small, safe
grammar (no ``eval``, nothing but numbers, the placeholders and a fixed list of functions), so
that a test can evaluate every formula at random points and compare it with the table's
``partials`` — the text can then never drift from the code — and so that `autograd.compile` can
turn the very same formulas into straight-line Python.

The grammar, lowest precedence first::

    expr    := sum [ "if" sum (">" | "≤") sum "else" expr ]
    sum     := product { ("+" | "−" | "-") product }
    product := unary { ("·" | "*" | "/") unary }
    unary   := ("−" | "-") unary | power
    power   := atom [ "^" unary | "²" | "³" ]
    atom    := number | "{0}" | "{1}" | … | "{c}" | "{cm1}" | "{out}" | "e" "^" unary
             | "√" atom | name "(" expr ")" | name "²" "(" expr ")" | "(" expr ")"
    name    := σ | tanh | ln | exp | sign | sin | cos

``tanh²(x)`` means tanh(x)², as on the slides; ``e^x`` is exp(x).
"""

from __future__ import annotations

import decimal
import functools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from autograd.numerics.ieee import sign

__all__ = [
    "ATOM",
    "BINDS",
    "CHAIN",
    "OPERANDS",
    "TIMES",
    "WHOLE",
    "Node",
    "binds",
    "bracketed",
    "check_formulas",
    "comparison",
    "evaluate",
    "operand_needs",
    "parse",
    "show",
    "simplify",
]


@dataclass(frozen=True)
class Node:
    """A parsed formula: ``kind`` is "num", "var" (a placeholder such as ``0``, ``c``, ``out``),
    "neg", "add", "sub", "mul", "div", "pow", "call" (``name`` is the function) or "if"
    (args: then, left, right, else — meaning ``then if left > right else else``, or with
    ``name`` "≤", ``then if left ≤ right else else``)."""

    kind: str
    args: tuple[Node, ...] = ()
    value: float = 0.0
    name: str = ""


FUNCTIONS = ("σ", "tanh", "ln", "exp", "sign", "sin", "cos", "√")
_WORDS = ("tanh", "ln", "exp", "sign", "sin", "cos", "if", "else", "e")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "{":
            j = text.index("}", i)
            out.append(text[i : j + 1])
            i = j + 1
        elif ch.isdigit() or ch == ".":
            j = i
            while j < len(text) and (text[j].isdigit() or text[j] == "."):
                j += 1
            out.append(text[i:j])
            i = j
        elif ch.isalpha() and ch != "σ":
            j = i
            while j < len(text) and text[j].isalpha() and text[j] != "σ":
                j += 1
            word = text[i:j]
            if word not in _WORDS:
                raise ValueError(f"unknown name {word!r} in formula {text!r}")
            out.append(word)
            i = j
        elif ch in "+−-·*/^²³√()σ>≤":
            out.append(ch)
            i += 1
        else:
            raise ValueError(f"unexpected {ch!r} in formula {text!r}")
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            want = f"{expected!r}" if expected else "more"
            raise ValueError(f"formula {self.text!r}: expected {want}, got {tok!r}")
        self.i += 1
        return tok

    def expr(self) -> Node:
        then = self.sum()
        if self.peek() != "if":
            return then
        self.take("if")
        left = self.sum()
        compare = self.take()
        if compare not in (">", "≤"):
            raise ValueError(f"formula {self.text!r}: expected '>' or '≤', got {compare!r}")
        right = self.sum()
        self.take("else")
        return Node("if", (then, left, right, self.expr()), name=compare)

    def sum(self) -> Node:
        node = self.product()
        while self.peek() in ("+", "−", "-"):
            op = self.take()
            node = Node("add" if op == "+" else "sub", (node, self.product()))
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek() in ("·", "*", "/"):
            op = self.take()
            node = Node("div" if op == "/" else "mul", (node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.peek() in ("−", "-"):
            self.take()
            return Node("neg", (self.unary(),))
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        tok = self.peek()
        if tok == "^":
            self.take()
            return Node("pow", (base, self.unary()))
        if tok in ("²", "³"):
            self.take()
            return Node("pow", (base, Node("num", value=2.0 if tok == "²" else 3.0)))
        return base

    def atom(self) -> Node:
        tok = self.take()
        if tok[0] == "{":
            return Node("var", name=tok[1:-1])
        if tok[0].isdigit() or tok[0] == ".":
            return Node("num", value=float(tok))
        if tok == "(":
            node = self.expr()
            self.take(")")
            return node
        if tok == "e":
            self.take("^")
            return Node("call", (self.unary(),), name="exp")
        if tok == "√":
            return Node("call", (self.atom(),), name="√")
        if tok in FUNCTIONS:
            squared = self.peek() == "²"
            if squared:
                self.take()
            self.take("(")
            arg = self.expr()
            self.take(")")
            call = Node("call", (arg,), name=tok)
            return Node("pow", (call, Node("num", value=2.0))) if squared else call
        raise ValueError(f"formula {self.text!r}: unexpected {tok!r}")


@functools.lru_cache(maxsize=4096)  # the same few templates recur on every edge of a graph
def parse(text: str) -> Node:
    """Parse a display template (``"σ({0})·(1−σ({0}))"``) into a `Node` tree; raises
    ValueError, naming the formula, on anything outside the grammar."""
    p = _Parser(text)
    node = p.expr()
    if p.peek() is not None:
        raise ValueError(f"formula {text!r}: unexpected {p.peek()!r} after the end")
    return node


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700.0 else 0.0


_MATH: dict[str, Callable[[float], float]] = {
    "σ": _sigmoid,
    "tanh": math.tanh,
    "ln": math.log,
    "exp": math.exp,
    "sign": sign,
    "sin": math.sin,
    "cos": math.cos,
    "√": math.sqrt,
}


def post_order(root: Node, leaf: Callable[[Node], bool] | None = None) -> Iterator[Node]:
    """Every node of a formula tree after its arguments (an explicit stack: nothing in the
    project recurses). A node for which ``leaf`` is true is yielded without its arguments."""
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        n, ready = stack.pop()
        if not ready and not (leaf is not None and leaf(n)):
            stack.append((n, True))
            stack.extend((a, False) for a in n.args)
            continue
        yield n


def evaluate(node: Node, env: Mapping[str, float]) -> float:
    """The formula's value with placeholders from ``env`` (keys ``"0"``, ``"c"``, ``"out"`` …),
    computed with the `math` module — an oracle independent of the op table's code. Walks the
    tree with an explicit stack (formulas are small, but nothing here recurses)."""
    values: dict[int, float] = {}
    for n in post_order(node):
        a = [values[id(x)] for x in n.args]
        if n.kind == "num":
            v = n.value
        elif n.kind == "var":
            if n.name not in env:
                raise KeyError(f"formula placeholder {{{n.name}}} has no value")
            v = env[n.name]
        elif n.kind == "neg":
            v = -a[0]
        elif n.kind == "add":
            v = a[0] + a[1]
        elif n.kind == "sub":
            v = a[0] - a[1]
        elif n.kind == "mul":
            v = a[0] * a[1]
        elif n.kind == "div":
            v = a[0] / a[1]
        elif n.kind == "pow":
            v = math.pow(a[0], a[1])
        elif n.kind == "call":
            v = _MATH[n.name](a[0])
        elif n.name == "≤":  # "if"
            v = a[0] if a[1] <= a[2] else a[3]
        else:
            v = a[0] if a[1] > a[2] else a[3]
        values[id(n)] = v
    return values[id(node)]


# --- the same formula, simplified where a value makes a factor trivial -------------------------


def simplify(template: str, known: Mapping[str, float]) -> str:
    """The display template with the trivial parts a slide would not write: x⁰ = 1, x¹ = x,
    1·x = x·1 = x/1 = x, (−1)·x = −x. ``known`` gives the placeholders whose values are fixed
    (``{"c": 1.0, "cm1": 0.0}`` for x^c at c = 1, or a parent that is a plain number); a parent
    placeholder (``"0"``, ``"1"`` …) that is known is written as its number. Only what a rule
    removes changes: the template comes back as it is when nothing applies, so ``{c}`` keeps
    its place for the op table to fill. `check_formulas` evaluates the result too."""
    root = parse(template)
    done: dict[int, Node] = {}
    changed = False
    for n in post_order(root):
        new = _simplified(Node(n.kind, tuple(done[id(a)] for a in n.args), n.value, n.name), known)
        changed = changed or new != n
        done[id(n)] = new
    return show(done[id(root)]) if changed else template


def _known(n: Node, known: Mapping[str, float]) -> float | None:
    if n.kind == "num":
        return n.value
    if n.kind == "var" and n.name in known:
        return known[n.name]
    return None


def _simplified(n: Node, known: Mapping[str, float]) -> Node:
    """One rule at the root of ``n`` (its children are simplified already)."""
    if n.kind == "var" and n.name.isdigit() and n.name in known:
        return Node("num", value=known[n.name])  # a parent that is a number: show the number
    if n.args and n.kind in ("neg", "add", "sub", "mul", "pow"):
        if all(a.kind == "num" for a in n.args):  # 1 − 1 → 0 (not a/b: 1/3 reads better)
            folded = evaluate(n, {})
            if math.isfinite(folded):
                return Node("num", value=folded)
    values = [_known(a, known) for a in n.args]
    if n.kind == "pow" and values[1] == 0.0:
        return Node("num", value=1.0)
    if n.kind == "pow" and values[1] == 1.0:
        return n.args[0]
    if n.kind in ("mul", "div") and values[1] == 1.0:
        return n.args[0]
    if n.kind == "mul" and values[0] == 1.0:
        return n.args[1]
    if n.kind == "mul" and -1.0 in values:
        other = n.args[1] if values[0] == -1.0 else n.args[0]
        return Node("neg", (other,))
    if n.kind == "neg" and n.args[0].kind == "neg":
        return n.args[0].args[0]
    return n


# --- precedence: the one table that decides every bracket ---------------------------------------
# How tightly a formula binds as an operand (higher binds tighter), and how tightly an operand must
# bind to go without brackets in each place. The grammar above fixes the order (an if of sums of
# products of powers); the table adds three choices for a reader, made here once for every text
# the project writes — templates (`show`), names and ∂-formulas filled in (`autograd.notation.
# names`), a collapsed edge's product of factors (`names.route_formula`):
# * a chain of + or of · drops its brackets: a + b − c, a·b·c (a − (b + c) and a/(b·c) keep
#   theirs, which the value needs);
# * a negation keeps its own brackets after any operator, a + (−b), a·(−b), x^(−1), where the
#   grammar would read a·−b (so it binds loosest of all but an if), and loses them in a call's:
#   σ(−b);
# * a power's base and exponent are atoms: (a·b)², (a²)^c.

ATOM = 6  # a number, a placeholder, a call σ(…): binds tighter than any operator
BINDS: dict[str, int] = {"if": 0, "neg": 1, "add": 2, "sub": 2, "mul": 3, "div": 3, "pow": 5}
# Each operand's place, in the order of `Node.args` ("if": then, left, right, else). A call
# writes its argument in its own brackets, σ(…), except e^x and √x, which take an atom.
OPERANDS: dict[str, tuple[int, ...]] = {
    "if": (2, 2, 2, 0),
    "neg": (3,),  # −a·b is −(a·b) anyway; −(a + b) keeps its brackets
    "add": (2, 2),
    "sub": (2, 3),
    "mul": (3, 3),
    "div": (3, 4),
    "pow": (ATOM, ATOM),
    "call": (0,),
    "exp": (ATOM,),
    "√": (ATOM,),
}
# A formula standing alone (an edge's ∂v/∂u, a node's definition): as a sum's operand, so that a
# negative name keeps its brackets there, ∂(x·(−b))/∂x = (−b), as it would after an operator.
WHOLE = OPERANDS["add"][0]


def binds(node: Node) -> int:
    """How tightly ``node`` binds as an operand (`BINDS`; a negative number as a negation)."""
    if node.kind == "num":
        return BINDS["neg"] if node.value < 0 else ATOM
    return BINDS.get(node.kind, ATOM)


def operand_needs(node: Node) -> tuple[int, ...]:
    """For each of ``node``'s operands, how tightly it must bind to go without brackets."""
    key = node.name if node.kind == "call" and node.name in OPERANDS else node.kind
    return OPERANDS.get(key, ())


def bracketed(text: str, binding: int, need: int) -> str:
    """``text`` (which binds ``binding``) as an operand that needs ``need``: in brackets if
    it binds more loosely."""
    return text if binding >= need else f"({text})"


def comparison(symbol: str) -> str:
    """An if's comparison as every formula writes it, a space either side: ``0 if z ≤ 0 else 1``."""
    return f" {symbol} "


def _show_number(x: float) -> str:
    """``2``, ``0.5``, ``−1``: exactly the float (the grammar has no ``1e-05``: such a number
    is written out in full, as its exact decimal value)."""
    v = abs(x)
    if v.is_integer() and v < 1e15:
        text = str(int(v))
    elif "e" in repr(v):
        text = format(decimal.Decimal(v), "f")
    else:
        text = repr(v)
    return f"−{text}" if x < 0 else text


# The one rule for "·": inside a formula it is written tight, as the op table writes its
# partials, σ(z)·(1−σ(z)) — the templates written back (`show`), the names of nodes and a
# collapsed edge's product of factors (`names.route_formula`: x·(1−tanh²(w·x)), never
# x · (…)) alike. Spaced, `CHAIN`, it joins only a chain of named partials, the lecture's
# ∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · …: symbols, not a formula.
TIMES = "·"
CHAIN = " · "
_INFIX = {"add": " + ", "sub": " − ", "mul": TIMES, "div": "/", "pow": "^"}


def show(node: Node) -> str:
    """A parsed formula back as display text in the op table's style (``{c}·{0}``, ``x^2``,
    ``σ({0})``), bracketed by the precedence table (`OPERANDS`): ``parse(show(n))`` computes
    what ``n`` computes."""
    text: dict[int, str] = {}
    for n in post_order(node):
        args = [bracketed(text[id(a)], binds(a), need) for a, need in zip(n.args, operand_needs(n))]
        if n.kind == "num":
            text[id(n)] = _show_number(n.value)
        elif n.kind == "var":
            text[id(n)] = f"{{{n.name}}}"
        elif n.kind == "neg":
            text[id(n)] = f"−{args[0]}"
        elif n.kind in _INFIX:
            text[id(n)] = _INFIX[n.kind].join(args)
        elif n.kind == "call" and n.name == "exp":
            text[id(n)] = f"e^{args[0]}"
        elif n.kind == "call" and n.name == "√":
            text[id(n)] = f"√{args[0]}"
        elif n.kind == "call":
            text[id(n)] = f"{n.name}({args[0]})"
        else:  # "if"
            then, left, right, otherwise = args
            text[id(n)] = f"{then} if {left}{comparison(n.name or '>')}{right} else {otherwise}"
    return text[id(node)]


# --- the checker: every display formula against the table's partials -----------------------


def check_formulas(
    op: object,
    points: Sequence[tuple[Sequence[float], float | None]],
    rel: float = 1e-9,
    abs_: float = 1e-12,
) -> list[str]:
    """Evaluate each display formula of ``op`` (an `autograd.ops.Op`) at the given points —
    (inputs, c) pairs, inside the op's domain — and compare with ``op.partials``. Returns one
    line per disagreement (empty: every formula matches its partial)."""
    from autograd.ops import Op

    assert isinstance(op, Op)
    problems: list[str] = []
    for inputs, c in points:
        args = list(inputs) + ([] if c is None else [c])
        out = op.forward(*args)
        partials = op.partials(*args, out)
        env = {str(k): x for k, x in enumerate(inputs)}
        env["out"] = out
        if c is not None:
            env["c"] = c
            env["cm1"] = c - 1.0
        for k, expected in enumerate(partials):
            raw = op.template(k, len(inputs))
            # The formula as the table writes it, and as a drawing shows it once this point's
            # values simplify it (x^c at c = 1 is 1): both must be the partial.
            for template in dict.fromkeys((raw, simplify(raw, env))):
                got = evaluate(parse(template), env)
                if not math.isclose(got, expected, rel_tol=rel, abs_tol=abs_):
                    problems.append(
                        f"{op.name}: formula {template!r} for ∂out/∂in{k} gives {got!r} at "
                        f"inputs={list(inputs)!r}, c={c!r}; partials gives {expected!r}"
                    )
    return problems
