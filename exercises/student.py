"""The student's side of a check: run their exercise file, read their answers, call their
functions — and when their code stops, say so as the line of *their* file and a sentence, never
as a stack of the checker's frames.

An answer not written yet is the ``...`` the blank file has in its place (``z = ...``, or a
function whose body is only ``...``): `NotDone` names it and its line.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import inspect
import io
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from autograd import Value
from autograd.notation.names import node_name
from autograd.notation.numbers import number

__all__ = ["Answers", "NotDone", "StudentError", "blank_lines", "load", "stopped"]


class NotDone(Exception):
    """Answers still TODO: their names and the line of the first."""

    def __init__(self, names: Sequence[str], line: int | None) -> None:
        self.names = list(names)
        self.line = line
        shown = ", ".join(self.names)
        where = f" (line {line})" if line else ""
        super().__init__(f"{shown} {'is' if len(self.names) == 1 else 'are'} still TODO{where}")


class StudentError(Exception):
    """The student's code stopped with an exception: ``summary`` (one line) and ``details``."""

    def __init__(self, summary: str, details: Sequence[str] = ()) -> None:
        super().__init__(summary)
        self.summary = summary
        self.details = tuple(details)


# What each exception means, in a sentence a student can act on.
SENTENCES: dict[type[BaseException], str] = {
    OverflowError: "a number grew past the largest float (about 1.8·10³⁰⁸): math.exp(x) "
    "overflows for x > 709.78, and x ** 2 for |x| > 1.3·10¹⁵⁴ — rewrite it so that no "
    "intermediate number gets that large.",
    ZeroDivisionError: "can the denominator be 0 here? (Python raises where IEEE floats would "
    "give ±inf or nan.)",
    RecursionError: "too many nested calls: Python stops at about 1,000. A function that calls "
    "itself once per node cannot walk a deep graph — keep the nodes still to visit in a list "
    "(a stack) instead.",
    UnboundLocalError: "a local variable used before it was given a value.",
    NameError: "a name that is not defined: a typo, or a name defined further down (in a "
    "notebook: in a cell not run yet).",
    TypeError: "a value of the wrong type for this operation: is one of them still ... (a "
    "TODO), None, a Value where a number is expected, or a list where a number is expected?",
    AttributeError: "no such attribute: a typo? A Value has .data, .grad, .parents, .op and "
    ".local_derivatives().",
    IndexError: "an index past the end of a list or tuple.",
    KeyError: "a key that is not in the dict.",
    AssertionError: "an assert failed.",
    NotImplementedError: "this part is still a TODO.",
}


def _sentence(exc: BaseException) -> str:
    if "ellipsis" in str(exc):
        return "a value used there is still ... : finish the TODO it comes from first."
    name = getattr(exc, "name", None)
    if isinstance(exc, NameError) and name in sys.stdlib_module_names:
        return f"{name} is a module: import it first, `import {name}` at the top of the file."
    if isinstance(exc, TypeError) and "'method' object is not" in str(exc):
        return (
            "a method used without calling it: add the brackets, v.local_derivatives() or "
            "model.parameters()."
        )
    if isinstance(exc, TypeError) and "for ^" in str(exc):
        return "^ is Python's bitwise XOR, not a power: a square is written x ** 2."
    if isinstance(exc, ValueError) and "math domain error" in str(exc):
        return (
            "a math function outside its domain: math.log of a number ≤ 0, math.sqrt of a "
            "negative number, or math.sin(inf)."
        )
    for kind, sentence in SENTENCES.items():
        if isinstance(exc, kind):
            return sentence
    return ""


def _where(exc: BaseException, files: Iterable[str]) -> tuple[str, int, str] | None:
    """(file, line number, line) of the deepest frame of ``exc`` in the student's files."""
    mine = set(files)
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in mine and frame.lineno is not None:
            found = (frame.filename, frame.lineno, (frame.line or "").strip())
    return found


def shown_path(filename: str) -> str:
    """A file as short as it can be typed from the current folder (a notebook cell: "your
    cell")."""
    path = Path(filename)
    if not path.exists():
        return "your cell"
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def stopped(exc: BaseException, files: Iterable[str], doing: str) -> StudentError:
    """``exc``, raised while ``doing`` ("your sigmoid_prime(−710.0)"), as the line of the
    student's file where it happened and a sentence."""
    name = type(exc).__name__
    message = str(exc)
    what = f"{name}: {message}" if message else name
    sentence = _sentence(exc)
    where = _where(exc, files)
    if where is None:
        summary = f"{doing} stopped with {what}"
        return StudentError(summary, [sentence] if sentence else [])
    filename, line, code = where
    summary = f"{doing} stopped at line {line} of {shown_path(filename)}: {code}"
    return StudentError(summary, [f"{what} — {sentence}" if sentence else what])


def call_text(name: str, args: Sequence[Any]) -> str:
    """``your sigmoid_prime(−710)``: a call as the feedback names it."""

    def arg(a: Any) -> str:
        if isinstance(a, Value):
            return node_name(a)
        if isinstance(a, float) and not isinstance(a, bool):
            return number(a, 17)
        text = repr(a)
        return text if len(text) <= 40 else text[:39] + "…"

    return f"your {name}({', '.join(arg(a) for a in args)})"


def _is_ellipsis(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, (ast.Expr, ast.Return))
        and isinstance(stmt.value, ast.Constant)
        and stmt.value.value is Ellipsis
    )


def _is_blank_body(body: list[ast.stmt]) -> bool:
    """A function body still TODO: only a docstring and ``...`` (or ``pass``), or given lines
    that end in ``return ...``."""
    if body and isinstance(body[-1], ast.Return) and _is_ellipsis(body[-1]):
        return True
    rest = body
    if rest and isinstance(rest[0], ast.Expr) and isinstance(rest[0].value, ast.Constant):
        if isinstance(rest[0].value.value, str):
            rest = rest[1:]
    if not rest:
        return True
    return all(isinstance(stmt, ast.Pass) or _is_ellipsis(stmt) for stmt in rest)


def _first_line(node: ast.AST) -> int:
    """The line of a blank function's ``...``."""
    if isinstance(node, ast.FunctionDef):
        return next((s.lineno for s in node.body if _is_ellipsis(s)), node.body[-1].lineno)
    return getattr(node, "lineno", 0)


def blank_lines(source: str, names: Iterable[str]) -> dict[str, int]:
    """Which of ``names`` are still TODO in ``source`` (a top-level ``name = ...``, or a
    ``def name`` whose body is only ``...``), each with its line. The last definition counts."""
    wanted = set(names)
    state: dict[str, int | None] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name in wanted:
            state[node.name] = _first_line(node) if _is_blank_body(node.body) else None
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            blank = isinstance(node.value, ast.Constant) and node.value.value is Ellipsis
            for t in targets:
                if isinstance(t, ast.Name) and t.id in wanted:
                    state[t.id] = node.lineno if blank else None
    return {name: line for name, line in state.items() if line is not None}


class Answers:
    """The names a student's file defined, with their source to find TODOs and lines in."""

    def __init__(
        self,
        namespace: dict[str, Any],
        files: Iterable[str],
        source: str | None = None,
        path: Path | None = None,
    ) -> None:
        self.namespace = namespace
        self.files = set(files)
        self.source = source
        self.path = path  # the file, when the answers come from one (not from a notebook)

    def blanks(self, names: Iterable[str]) -> dict[str, int | None]:
        """Which of ``names`` are still TODO (or missing), each with its line if known."""
        names = list(names)
        found: dict[str, int | None] = {}
        lines = blank_lines(self.source, names) if self.source is not None else {}
        for name in names:
            value = self.namespace.get(name, Ellipsis)
            if name in lines:
                found[name] = lines[name]
            elif value is Ellipsis:
                found[name] = None
            elif inspect.isfunction(value) and self.source is None:
                line = _blank_function(value)
                if line is not None:
                    found[name] = line
        return found

    def require(self, names: Iterable[str]) -> None:
        """Raise `NotDone` for the first of ``names`` still TODO (naming all of them)."""
        todo = self.blanks(names)
        if todo:
            lines = [line for line in todo.values() if line]
            raise NotDone(list(todo), min(lines) if lines else None)

    def value(self, name: str) -> Any:
        """The student's answer ``name`` (`NotDone` if it is still TODO)."""
        self.require([name])
        return self.namespace[name]

    def function(self, name: str) -> Callable[..., Any]:
        """The student's function ``name``, guarded (see `guard`)."""
        fn = self.value(name)
        if not callable(fn):
            raise StudentError(
                f"{name} should be a function (def {name}(…): …), not {type(fn).__name__}"
            )
        return self.guard(fn, name)

    def guard(self, fn: Callable[..., Any], name: str) -> Callable[..., Any]:
        """``fn`` (the student's), called as ``name``: an exception in it becomes a
        `StudentError` naming the call and the line; returning ``...`` is `NotDone`."""
        code = getattr(fn, "__code__", None)
        files = self.files | {getattr(code, "co_filename", "")}

        def guarded(*args: Any) -> Any:
            try:
                out = fn(*args)
            except Exception as exc:
                raise stopped(exc, files, call_text(name, args)) from None
            if out is Ellipsis:
                raise NotDone([name], getattr(code, "co_firstlineno", None))
            return out

        guarded.__name__ = name
        return guarded

    @contextlib.contextmanager
    def running(self, doing: str) -> Any:
        """Run the student's code inside this block (a test they wrote, their training loop);
        an exception in it becomes a `StudentError` saying it stopped while ``doing``."""
        try:
            yield
        except (NotDone, StudentError):
            raise
        except Exception as exc:
            raise stopped(exc, self.files, doing) from None


def _blank_function(fn: Callable[..., Any]) -> int | None:
    """The line of the ``...`` of a function whose body is still TODO (None: it is not)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef) or not _is_blank_body(node.body):
        return None
    return fn.__code__.co_firstlineno + _first_line(node) - 1  # line 1: the first decorator, or def


def load(path: Path) -> Answers:
    """Run the student's file (as a module named "exercise", so its ``if __name__ ==
    "__main__":`` cell does not run), its printing silenced; `StudentError` if it stops."""
    filename = str(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StudentError(f"cannot read {shown_path(filename)}: {exc}") from None
    try:
        code = compile(source, filename, "exec")
    except SyntaxError as exc:
        text = (exc.text or "").rstrip("\n")
        caret = " " * max((exc.offset or 1) - 1, 0) + "^"
        raise StudentError(
            f"Python cannot read line {exc.lineno} of {shown_path(filename)}: {exc.msg}",
            [text, caret] if text.strip() else [],
        ) from None
    namespace: dict[str, Any] = {
        "__name__": "exercise",
        "__file__": filename,
        "__builtins__": builtins,
    }
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            exec(code, namespace)
    except SystemExit as exc:
        where = _where(exc, [filename])
        line = f" at line {where[1]}" if where else ""
        raise StudentError(
            f"your file called exit(){line}: the checker needs it to run to the end"
        ) from None
    except Exception as exc:
        raise stopped(exc, [filename], "your file") from None
    return Answers(namespace, [filename], source, path)
