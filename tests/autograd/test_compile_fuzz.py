"""compile ≡ backward(), bit for bit, on random graphs (see compile_fuzz.py). `make test` runs a
sample; ``make test-compile-fuzz`` runs 20,000 graphs (``COMPILE_FUZZ_CASES``, ``_SEED``) and
prints the counts. Every fourth graph is also compiled cut into chunks of a few lines (as a
graph past ``chunks.CHUNKED`` lines is)."""

from __future__ import annotations

import os
import random
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from autograd import chunks
from tests.autograd.compile_fuzz import check, random_program

CASES = int(os.environ.get("COMPILE_FUZZ_CASES", "250"))
SEED = int(os.environ.get("COMPILE_FUZZ_SEED", "20"))


@contextmanager
def _in_chunks(size: int | None) -> Iterator[None]:
    """Code cut into chunks of ``size`` lines whatever its length (None: as compile cuts it)."""
    before = chunks.CHUNKED, chunks.CHUNK
    if size is not None:
        chunks.CHUNKED, chunks.CHUNK = 0, size
    try:
        yield
    finally:
        chunks.CHUNKED, chunks.CHUNK = before


def test_compiled_equals_eager_on_random_graphs() -> None:
    rng = random.Random(SEED)
    counts: Counter[str] = Counter()
    failures: list[str] = []
    for i in range(CASES):
        program = random_program(rng, rows=rng.choice([1, 2, 4]))
        counts[program.description.split(":")[0]] += 1
        sizes = (None, 3 + i % 7) if i % 4 == 3 else (None,)
        for mode in ("call", "mean", "step", "plus"):
            for size in sizes:
                kind = mode if size is None else f"{mode}, in chunks"
                try:
                    with _in_chunks(size):
                        problem = check(program, mode)
                except Exception:
                    counts["exception"] += 1
                    problem = f"{program.description}\n{traceback.format_exc()}"
                if problem is not None:
                    counts[f"mismatch ({kind})" if "Traceback" not in problem else "exc"] += 1
                    failures.append(f"graph {i} ({kind}, {program.description}): {problem[:4000]}")
                else:
                    counts[f"equal ({kind})"] += 1
    print(f"\ncompile fuzz, seed {SEED}: {CASES} graphs; " + ", ".join(
        f"{k}: {v}" for k, v in sorted(counts.items())))  # fmt: skip
    assert not failures, f"{len(failures)} failures; first:\n{failures[0]}"
