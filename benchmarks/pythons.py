"""``make bench BENCH_PYTHONS="3.10 3.13"`` (or ``all``): the demo-step table on every CPython
≥ 3.10 asked for, each in its own virtual environment under ``.venv-bench/<version>`` with
micrograd installed (our packages come from this checkout via PYTHONPATH).

The speed of micrograd's step depends on the interpreter (its garbage collector above all), so
one table from one Python says little; this prints one row per Python and engine.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".venv-bench"
NAMES = {
    "mg": "micrograd, as run (collector on)",
    "mg_off": "micrograd, collector off in its step",
    "eager": "ours, eager (micrograd's demo code)",
    "skip": "ours, eager, backward(skip_zeros=True)",
    "compiled": "ours, autograd.compile: cf.step(rows, lr, plus=l2)",
    "floor": "floor: straight-line Python, locals only",
}


def _version(python: str) -> tuple[int, int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:3])"],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    major, minor, micro = (int(x) for x in out.split())
    return major, minor, micro


def find(spec: str) -> list[str]:
    """Interpreters for one BENCH_PYTHONS item: a path, a version such as ``3.12`` (pyenv's
    or ``python3.12`` on PATH), or ``all`` (every CPython ≥ 3.10 found)."""
    if spec == "all":
        candidates = sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.*/bin/python")))
        candidates += [p for v in range(10, 20) if (p := shutil.which(f"python3.{v}"))]
        candidates.append(sys.executable)
    elif os.sep in spec:
        candidates = [spec]
    else:
        candidates = sorted(glob.glob(str(Path.home() / f".pyenv/versions/{spec}*/bin/python")))
        if not candidates and (p := shutil.which(f"python{spec}")):
            candidates = [p]
    found: dict[tuple[int, int, int], str] = {}
    for c in candidates:
        v = _version(c)
        if v is not None and v >= (3, 10, 0):
            found.setdefault(v, c)
    return [found[v] for v in sorted(found)]


def venv_python(python: str) -> str:
    """.venv-bench/<version>/bin/python with micrograd, made on first use."""
    v = _version(python)
    assert v is not None
    where = VENVS / ".".join(map(str, v))
    exe = where / "bin" / "python"
    if not (where / ".installed").exists():
        print(f"setting up {where} …", flush=True)
        subprocess.run([python, "-m", "venv", str(where)], check=True)
        subprocess.run(
            [str(exe), "-m", "pip", "install", "--quiet", "micrograd==0.1.0", "numpy"], check=True
        )
        (where / ".installed").touch()
    return str(exe)


def main() -> None:
    specs = (os.environ.get("BENCH_PYTHONS") or " ".join(sys.argv[1:]) or "all").replace(",", " ")
    pythons: list[str] = []
    for spec in specs.split():
        pythons += [p for p in find(spec) if p not in pythons]
    if not pythons:
        sys.exit(f"no CPython ≥ 3.10 found for BENCH_PYTHONS={specs!r}")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    results = []
    for python in pythons:
        exe = venv_python(python)
        print(f"running the demo step on {python} …", flush=True)
        out = subprocess.run(
            [exe, "-m", "benchmarks", "--json"], cwd=ROOT, env=env,
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        results.append(json.loads(out.strip().splitlines()[-1]))
    print(
        "\n| Python | step | CPU s/step: median (min–max) | wall | vs mg as run | vs mg, GC off |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for r in results:
        med, lo, hi = r["median"], r["min"], r["max"]
        base, base_off = med[NAMES["mg"]], med[NAMES["mg_off"]]
        for name, m in med.items():
            print(f"| {r['python']} | {name} | {m:.4f} ({lo[name]:.4f}–{hi[name]:.4f}) | "
                  f"{r['wall'][name]:.4f} | "
                  f"{base / m:.1f}× | {base_off / m:.1f}× |")  # fmt: skip
    from benchmarks.__main__ import LEGEND

    print(LEGEND)
    names = list(dict.fromkeys(k for r in results for k in r.get("ratios", {})))
    print("\n| ratio (medians of interleaved runs) | " + " | ".join(r["python"] for r in results)
          + " |")  # fmt: skip
    print("| --- |" + " ---: |" * len(results))
    for name in names:
        cells = [
            f"{r['ratios'][name]:.2f}" if name in r.get("ratios", {}) else "–" for r in results
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nautograd.compile, the first compiled step (compilation included), CPU / wall: "
          + ", ".join(f"{r['python']} {r['first_cpu'] * 1e3:.0f} / {r['first_wall'] * 1e3:.0f} ms"
                      for r in results))  # fmt: skip


if __name__ == "__main__":
    main()
