"""``python -m demos``: the lecture, slide by slide. ``python -m demos NAME …`` runs some;
``--out DIR`` says where figures go (default ``out/``); ``--quick`` uses small sizes."""

from __future__ import annotations

import argparse
import difflib
import importlib
import runpy
import sys
import time
from pathlib import Path

from autograd.show.text import counted
from demos import DEMOS, lecture_number
from demos.context import configure, written

# The repository's root: demos/ sits in it.
CHECKOUT = Path(__file__).resolve().parent.parent

# What the demos import beyond the engine, and the extra of pyproject.toml that installs it.
NEEDS = {"matplotlib": "demos", "graphviz": "viz"}


def _shown(path: Path) -> str:
    """A path as short as it can be typed from the current folder."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _listed(names: list[str]) -> str:
    """Names as a sentence lists them: a; a and b; a, b and c."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def missing_extras(argv: list[str] | None = None) -> str | None:
    """None when every module the demos need imports; else what to install and how (`argv`:
    the arguments to repeat in the suggested command)."""
    missing = []
    for module in NEEDS:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    if not missing:
        return None
    extras = sorted({NEEDS[m] for m in missing})
    spec = ",".join(sorted(set(NEEDS.values())))
    # The usual case: `make demo` or `make test` already made .venv, and the student typed
    # `python -m demos NAME` with another Python. Point at the one that has everything.
    venv_python = CHECKOUT / ".venv" / "bin" / "python"
    args = " ".join(sys.argv[1:] if argv is None else argv)
    use_venv = (
        f"The checkout's .venv has them; run the demos with its Python:\n"
        f"    {_shown(venv_python)} -m demos{' ' + args if args else ''}\n"
        if venv_python.exists()
        and Path(sys.prefix).resolve() != venv_python.parent.parent.resolve()
        else ""
    )
    return (
        f"python -m demos: {_listed(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} not installed in this Python "
        f"({sys.executable}); {'it comes' if len(missing) == 1 else 'they come'} with "
        f"the project's {' and '.join(repr(e) for e in extras)} "
        f"extra{'s' if len(extras) > 1 else ''}.\n"
        f"{use_venv}"
        f"From the checkout, either\n"
        f"    make demo    # sets up .venv with everything, then runs the demos\n"
        f"or install the extras into this Python:\n"
        f"    {Path(sys.executable).name} -m pip install -e '.[{spec}]'"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demos", description=__doc__)
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"demos to run: {', '.join(DEMOS)}"
    )
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for figures")
    parser.add_argument("--quick", action="store_true", help="small sizes, for tests")
    parser.add_argument("--list", action="store_true", help="list the demos and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, title in DEMOS.items():
            print(f"{lecture_number(name):>3}  {name:15} {title}")
        return 0
    unknown = [n for n in args.names if n not in DEMOS]
    if unknown:
        # "chain-rule" or "chainrule" for chain_rule: name the one that was probably meant
        close = difflib.get_close_matches(unknown[0].lower(), DEMOS, n=1, cutoff=0.6)
        meant = f"did you mean {close[0]!r}? " if close else ""
        parser.error(f"unknown demo {unknown[0]!r}; {meant}valid: {', '.join(DEMOS)}")
    problem = missing_extras(argv)
    if problem is not None:  # a hint, not a ModuleNotFoundError from inside a demo
        print(problem, file=sys.stderr)
        return 1
    configure(args.out, args.quick)
    start = time.perf_counter()
    for name in args.names or DEMOS:
        # Numbered as in the lecture (and as its files, 05_…), whether run alone or all together
        number = lecture_number(name)
        print(f"\n{'═' * 78}\n{number}. {DEMOS[name]}  (demos/{name}.py)\n{'═' * 78}")
        runpy.run_module(f"demos.{name}", run_name="__main__")
    files = written()
    took = time.perf_counter() - start
    if not files:  # `python -m demos compiled` prints and writes nothing: say so, not "Wrote 0"
        they = "it prints" if len(args.names) == 1 else "they print"
        print(f"\n{'═' * 78}\nDone in {took:.1f} s ({they} only: no files written).")
        return 0
    print(f"\n{'═' * 78}\nWrote {counted(len(files), 'file')} in {took:.1f} s:")
    for path in files:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
