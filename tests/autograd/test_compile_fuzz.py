"""compile ≡ backward(), bit for bit, on random graphs (see compile_fuzz.py). `make test` runs a
sample; ``make test-compile-fuzz`` runs 20,000 graphs (``COMPILE_FUZZ_CASES``, ``_SEED``) and
prints the counts."""

from __future__ import annotations

import os
import random
import traceback
from collections import Counter

from tests.autograd.compile_fuzz import check, random_program

CASES = int(os.environ.get("COMPILE_FUZZ_CASES", "250"))
SEED = int(os.environ.get("COMPILE_FUZZ_SEED", "20"))


def test_compiled_equals_eager_on_random_graphs() -> None:
    rng = random.Random(SEED)
    counts: Counter[str] = Counter()
    failures: list[str] = []
    for i in range(CASES):
        program = random_program(rng, rows=rng.choice([1, 2, 4]))
        counts[program.description.split(":")[0]] += 1
        for mode in ("call", "mean", "step", "plus"):
            try:
                problem = check(program, mode)
            except Exception:
                counts["exception"] += 1
                problem = f"{program.description}\n{traceback.format_exc()}"
            if problem is not None:
                counts[f"mismatch ({mode})" if "Traceback" not in problem else "exc"] += 1
                failures.append(f"graph {i} ({program.description}): {problem[:4000]}")
            else:
                counts[f"equal ({mode})"] += 1
    print(f"\ncompile fuzz, seed {SEED}: {CASES} graphs; " + ", ".join(
        f"{k}: {v}" for k, v in sorted(counts.items())))  # fmt: skip
    assert not failures, f"{len(failures)} failures; first:\n{failures[0]}"
