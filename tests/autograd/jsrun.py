"""Run the pages' JavaScript (the generated op rules, engine.js) under Node.js, with numbers
passed both ways as their 64 bits, so ±0, inf, nan and the last bit arrive as they are.

Node.js is optional: without it these tests skip, saying so — `make test-browser` runs the same
code in Chromium."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from importlib.resources import files
from typing import Any

import pytest

NODE = shutil.which("node") or shutil.which("nodejs")
needs_node = pytest.mark.skipif(
    NODE is None,
    reason="Node.js is not installed: the page's JavaScript is checked in Chromium by "
    "`make test-browser` instead",
)

# What every script gets: bits(x) → the 16 hex digits of a double, and unbits back.
PRELUDE = """
var _dv = new DataView(new ArrayBuffer(8));
function bits(x) {
  _dv.setFloat64(0, x);
  var s = "";
  for (var i = 0; i < 8; i++) s += ("0" + _dv.getUint8(i).toString(16)).slice(-2);
  return s;
}
function unbits(s) {
  for (var i = 0; i < 8; i++) _dv.setUint8(i, parseInt(s.slice(2 * i, 2 * i + 2), 16));
  return _dv.getFloat64(0);
}
var INPUT = JSON.parse(require("fs").readFileSync(0, "utf8"));
"""


def bits(x: float) -> str:
    return struct.pack(">d", x).hex()


def unbits(s: str) -> float:
    return float(struct.unpack(">d", bytes.fromhex(s))[0])


def asset(name: str) -> str:
    return files("autograd.show").joinpath("explorer").joinpath(name).read_text(encoding="utf-8")


def run(code: str, data: Any) -> Any:
    """Run ``code`` (after PRELUDE; ``INPUT`` is ``data``) and return what it printed as JSON."""
    assert NODE is not None
    result = subprocess.run(
        [NODE, "-e", PRELUDE + code],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)
