"""The page scripts (autograd/explorer/*.js) never put unescaped text into HTML.

The pages show names a user chose (a label may hold ``<img src=x onerror=…>``). A script may
build HTML only in three places, each checked here: an ``.innerHTML =`` (or ``+=``), a variable
whose name ends in ``Html`` (or is ``html``), and the ``return`` of a function whose name ends
in ``Html``. There, every operand of ``+`` must be a string literal, ``esc(…)``, another such
HTML fragment, a parenthesised choice between them (``(ok ? "<b>✓</b>" : "")``), or
``list.map(function … { return <checked>; }).join("")``. A string literal holding markup
(``<div``) anywhere else is an error too: HTML built where nobody checks it. The checker itself
is tested on wrong scripts first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).parents[2] / "autograd" / "show" / "explorer").glob("*.js"))

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<op>===|!==|==|!=|<=|>=|&&|\|\||\+=|-=|=>|[-+*/%=<>!?:;,.(){}\[\]&|])
  | (?P<space>\s+)
    """,
    re.VERBOSE | re.DOTALL,
)
_REGEX = re.compile(r"/(?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n])+/[gimsuy]*")
_REGEX_AFTER = {"(", ",", "=", ":", "[", "!", "&&", "||", "?", "{", "}", ";", "return"}
_MARKUP = re.compile(r"<[A-Za-z/!]")  # a tag in a string literal: this string is HTML
_HTML_NAME = re.compile(r"(?i)^(\w*html)$")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int


def tokens(source: str) -> list[Token]:
    """JavaScript tokens without comments and spaces (a regex literal is one token)."""
    out: list[Token] = []
    i, line = 0, 1
    while i < len(source):
        if source[i] == "/" and (not out or out[-1].text in _REGEX_AFTER):
            m = _REGEX.match(source, i)
            if m:
                out.append(Token("regex", m.group(0), line))
                i = m.end()
                continue
        m = _TOKEN.match(source, i)
        if m is None:
            raise ValueError(f"line {line}: cannot read {source[i : i + 20]!r}")
        kind = m.lastgroup or ""
        if kind not in ("comment", "space"):
            out.append(Token(kind, m.group(0), line))
        line += m.group(0).count("\n")
        i = m.end()
    return out


def _close(toks: list[Token], i: int) -> int:
    """The index of the bracket that closes the one at ``i``."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text in pairs:
            depth += 1
        elif toks[j].text in pairs.values():
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"line {toks[i].line}: unclosed {toks[i].text}")


def _split(toks: list[Token], sep: str) -> list[list[Token]]:
    """``toks`` split at ``sep`` outside brackets."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for t in toks:
        depth += t.text in "([{" and t.kind == "op"
        depth -= t.text in ")]}" and t.kind == "op"
        if depth == 0 and t.kind == "op" and t.text == sep:
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


def _statement(toks: list[Token], start: int) -> tuple[int, int]:
    """The tokens from ``start`` up to the ``;`` (or closing bracket) that ends the expression."""
    depth = 0
    for j in range(start, len(toks)):
        t = toks[j]
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            if depth == 0:
                return start, j
            depth -= 1
        elif depth == 0 and t.text == ";":
            return start, j
    return start, len(toks)


class Checker:
    def __init__(self, source: str) -> None:
        self.toks = tokens(source)
        self.problems: list[str] = []
        self.covered: set[int] = set()
        self._index = {id(t): i for i, t in enumerate(self.toks)}

    def _at(self, t: Token) -> int:
        return self._index[id(t)]

    def check_html(self, expr: list[Token]) -> None:
        """Every operand of ``expr`` (HTML being built) is safe; record where it is not."""
        for t in expr:
            self.covered.add(self._at(t))
        if not expr:
            return
        question = _split(expr, "?")
        if len(question) > 1:  # cond ? a : b — the condition is not shown, the branches are
            rest = [t for part in question[1:] for t in [*part, Token("op", "?", 0)]][:-1]
            for branch in _split(rest, ":"):
                self.check_html(branch)
            return
        for operand in _split(expr, "+"):
            if not self._safe(operand):
                text = " ".join(t.text for t in operand)
                self.problems.append(f"line {operand[0].line if operand else '?'}: {text[:80]}")

    def _safe(self, op: list[Token]) -> bool:
        if len(op) == 1 and op[0].kind == "string":
            return not (op[0].text.startswith("`") and "${" in op[0].text)
        if len(op) == 1 and op[0].kind == "number":
            return True
        first = op[0]
        if first.text == "(" and _close(op, 0) == len(op) - 1:
            self.check_html(op[1:-1])
            return True
        if first.text == "esc" and len(op) > 1 and op[1].text == "(":
            return _close(op, 1) == len(op) - 1
        if first.kind == "name" and _HTML_NAME.match(first.text):
            return len(op) == 1 or (op[1].text == "(" and _close(op, 1) == len(op) - 1)
        return self._mapped(op)

    def _mapped(self, op: list[Token]) -> bool:
        """``list.map(function (…) { return <html>; }).join("…")``: each return checked."""
        texts = [t.text for t in op]
        if len(op) < 6 or texts[-5:-3] != [".", "join"] or op[-2].kind != "string":
            return False
        if "function" not in texts:
            return False
        f = texts.index("function")
        if f < 3 or texts[f - 3 : f - 1] != [".", "map"]:
            return False
        body_open = texts.index("{", f)
        body = op[body_open : _close(op, body_open) + 1]
        returns = [i for i, t in enumerate(body) if t.text == "return"]
        if not returns:
            return False
        for i in returns:
            start, end = _statement(body, i + 1)
            self.check_html(body[start:end])
        return True

    def run(self) -> list[str]:
        toks = self.toks
        for i, t in enumerate(toks):
            nxt = toks[i + 1].text if i + 1 < len(toks) else ""
            if t.text in ("innerHTML", "outerHTML") and nxt in ("=", "+="):
                start, end = _statement(toks, i + 2)
                self.check_html(toks[start:end])
            elif t.text == "insertAdjacentHTML":
                self.problems.append(f"line {t.line}: insertAdjacentHTML (use innerHTML or DOM)")
            elif t.kind == "name" and _HTML_NAME.match(t.text) and nxt in ("=", "+="):
                if i > 0 and toks[i - 1].text == ".":
                    continue  # a property (el.innerHtml) is not one of our variables
                start, end = _statement(toks, i + 2)
                self.check_html(toks[start:end])
            elif t.text == "function" and _HTML_NAME.match(nxt):
                body_open = next(j for j in range(i, len(toks)) if toks[j].text == "{")
                body_end = _close(toks, body_open)
                for j in range(body_open, body_end):
                    if toks[j].text == "return":
                        start, end = _statement(toks, j + 1)
                        self.check_html(toks[start:end])
        for i, t in enumerate(toks):
            if t.kind == "string" and _MARKUP.search(t.text) and i not in self.covered:
                self.problems.append(
                    f"line {t.line}: markup {t.text[:40]} built outside a checked place"
                )
        return self.problems


def html_problems(source: str) -> list[str]:
    """Where ``source`` may put unescaped text into HTML (empty: nowhere)."""
    return Checker(source).run()


# --- the checker, on scripts that are wrong on purpose ----------------------------------------


@pytest.mark.parametrize(
    "wrong",
    [
        'panel.innerHTML = "<h2>" + w.name + " at epoch</h2>";',  # training.js, as it was
        "panel.innerHTML = name;",
        'panel.innerHTML += "<p>" + (ok ? esc(a) : b) + "</p>";',  # one branch raw
        'var rows = "<div>" + esc(x) + "</div>";',  # markup outside a checked place
        'var rowsHtml = xs.map(function (x) { return "<b>" + x.name + "</b>"; }).join("");',
        'function partHtml(x) { return "<i>" + x + "</i>"; }',
        "el.innerHTML = `<b>${name}</b>`;",
        'var html = "<b>" + escape(name) + "</b>";',  # a lookalike of esc
        'panel.innerHTML = "<b>" + esc(a) + b.c + "</b>";',
    ],
)
def test_the_checker_finds_unescaped_text(wrong: str) -> None:
    assert html_problems(wrong), wrong


@pytest.mark.parametrize(
    "right",
    [
        'panel.innerHTML = "<h2>" + esc(w.name) + " at epoch " + esc(i + 1) + "</h2>";',
        'var rowsHtml = xs.map(function (x) { return "<b>" + esc(x.name) + "</b>"; }).join("");',
        'panel.innerHTML = "<div>" + rowsHtml + (ok ? "<span>✓</span>" : "") + "</div>";',
        'function partHtml(x) { return "<i>" + esc(x) + "</i>"; }\n'
        'panel.innerHTML = "<p>" + partHtml(a, b) + "</p>";',
        'function esc(s) { return String(s).replace(/[&<>"]/g, function (c) {'
        ' return { "&": "&amp;", "<": "&lt;" }[c]; }); }',
    ],
)
def test_the_checker_accepts_escaped_text(right: str) -> None:
    assert html_problems(right) == [], right


def test_markup_given_to_text_content_is_flagged_as_unchecked() -> None:
    # Markup in a literal outside the three checked places is a mistake either way.
    assert html_problems('t.textContent = "<b>" + name;')


# --- the real scripts ------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_page_scripts_escape_everything_they_put_into_html(script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    assert "innerHTML" in source or script.name != "explorer.js"  # the check has work to do
    assert html_problems(source) == []
