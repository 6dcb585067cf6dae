# The two set-up commands are `make demo` and `make test`: each makes .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BSTAMP := $(VENV)/.installed-bench
TSTAMP := $(VENV)/.installed-torch

.PHONY: demo test test-torch test-browser lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,viz,demos]"
	touch $(STAMP)

$(BSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,viz,demos,bench]"
	touch $(BSTAMP)

# PyTorch (the optional `torch` extra) goes into .venv only for `make test-torch`.
$(TSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,viz,demos,torch]"
	touch $(TSTAMP)

demo: $(STAMP)
	$(BIN)/python -m demos

# tests/torch needs the torch extra and tests/browser a browser: each has its own target.
test: $(STAMP)
	$(BIN)/python -m pytest -q --ignore=tests/torch --ignore=tests/browser

# PyTorch float64 as the oracle: values, first and second derivatives; the nn bridge.
test-torch: $(TSTAMP)
	$(BIN)/python -m pytest -q tests/torch

# Figures and pages in headless Chromium (the system's, by path; Playwright from PyPI drives it).
test-browser: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[browser]"
	$(BIN)/python -m pytest -q tests/browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict autograd nn

# BENCH_PYTHONS="3.10 3.13" (or all) adds the demo-step table on each of those CPythons.
bench: $(BSTAMP)
	$(BIN)/python -m benchmarks
	$(if $(BENCH_PYTHONS),BENCH_PYTHONS="$(BENCH_PYTHONS)" $(BIN)/python -m benchmarks.pythons)

clean:
	rm -rf $(VENV) .venv-bench out .pytest_cache .mypy_cache .ruff_cache .hypothesis
