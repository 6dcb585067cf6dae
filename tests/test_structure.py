"""The layout shows the design: folders by concern, imports one way — show and checks above
notation, notation above the core, numerics below the core — and no import circle, not even
through an import inside a function or one made only for type checking. No module is longer
than a reader can hold (600 lines)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGES = ("autograd", "nn")
# Lower layers first; a module may import its own layer and those below it.
LAYERS = [
    ("numerics", lambda m: m.startswith("autograd.numerics")),
    ("core", lambda m: m.startswith("autograd.") and m.count(".") == 1
        and m not in PUBLIC_NAMES and m != "autograd.__init__"),
    ("notation", lambda m: m.startswith("autograd.notation")),
    ("show", lambda m: m.startswith(("autograd.show", "autograd.checks"))),
    ("top", lambda m: m in PUBLIC_NAMES or m == "autograd.__init__" or m.startswith("nn")),
]  # fmt: skip
# The README's public module names: thin names for modules in the folders below.
PUBLIC_NAMES = {"autograd.viz", "autograd.render", "autograd.explore", "autograd.testing",
                "autograd.strategies"}  # fmt: skip
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts)  # autograd.__init__ stays as named: the package's own file
            found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every project module ``name`` imports, anywhere in the file (in functions, under
    TYPE_CHECKING, in try blocks)."""
    out: set[str] = set()
    package = name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            # `from autograd import traps` imports the module autograd.traps, not autograd
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        for t in targets:
            while t and t not in known and f"{t}.__init__" not in known:
                t = t.rsplit(".", 1)[0] if "." in t else ""
            if t:
                out.add(t if t in known else f"{t}.__init__")
    out.discard(name)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {m: _imports(m, p, known) for m, p in modules.items()}


def _layer(module: str) -> int:
    for k, (_, member) in enumerate(LAYERS):
        if member(module):
            return k
    raise AssertionError(f"{module} belongs to no layer")


def test_no_import_circle_anywhere() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in graph:
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = state.get(start, 0) or 1
        if state[start] == 2:
            continue
        while stack:
            node, children = stack[-1]
            nxt = next(children, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                raise AssertionError("import circle: " + " → ".join(cycle))
            if state.get(nxt) is None:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(sorted(graph.get(nxt, ())))))


def test_imports_run_one_way() -> None:
    wrong = []
    for module, imported in _graph().items():
        if module.startswith("nn"):
            continue
        for target in imported:
            if target.startswith("autograd") and _layer(target) > _layer(module):
                wrong.append(f"{module} ({LAYERS[_layer(module)][0]}) imports {target} "
                             f"({LAYERS[_layer(target)][0]})")  # fmt: skip
    assert wrong == [], "\n".join(sorted(wrong))


def test_no_module_is_longer_than_a_reader_can_hold() -> None:
    long = {
        m: n for m, p in _modules().items() if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_walk_itself_sees_every_import() -> None:
    # The check is checked: an import inside a function and one under TYPE_CHECKING both count.
    graph = _graph()
    assert "autograd.value" in graph["autograd.__init__"]
    assert "autograd.node" in graph["autograd.backward"]
    assert "autograd.notation.names" in graph["autograd.show.anomaly"]
