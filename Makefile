# The two set-up commands are `make demo` and `make test`: each makes .venv on first use.
# Another interpreter or venv: `make test PYTHON=python3.12 VENV=.venv-3.12`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BSTAMP := $(VENV)/.installed-bench
# Set-up shows pip's errors only: its warnings here are other people's notices (setuptools'
# "Editable installation" advice on every editable install, a machine's pip.conf). `make demo
# PIPQ=-q` shows them again.
PIPQ   ?= -qq
TSTAMP := $(VENV)/.installed-torch

.PHONY: demo test test-torch test-browser lint bench clean test-install test-pythons \
	test-compile-fuzz test-crfast exercises

# One line per stage, so the first minute is not silence.
$(STAMP): pyproject.toml
	@echo "[1/3] virtual environment $(VENV) (from $(PYTHON))"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "[2/3] upgrading pip in $(VENV)"
	@$(BIN)/python -m pip install $(PIPQ) --upgrade pip
	@echo "[3/3] installing chainrule-autograd (editable) with the dev, viz and demos extras: about a minute the first time"
	@$(BIN)/python -m pip install $(PIPQ) -e ".[dev,viz,demos]"
	@# The wheel ships autograd and nn only; demos, tests and benchmarks import from the
	@# checkout, from any folder (Jupyter starts its kernel in demos/).
	@echo "$(CURDIR)" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/chainrule_checkout.pth"
	@touch $(STAMP)
	@echo "ready: $(VENV)"

$(BSTAMP): $(STAMP)
	$(BIN)/python -m pip install $(PIPQ) -e ".[dev,viz,demos,bench]"
	touch $(BSTAMP)

# PyTorch (the optional `torch` extra) goes into .venv only for `make test-torch`.
$(TSTAMP): $(STAMP)
	$(BIN)/python -m pip install $(PIPQ) -e ".[dev,viz,demos,torch]"
	touch $(TSTAMP)

demo: $(STAMP)
	$(BIN)/python -m demos

# The exercises: checks your files in exercises/ (one line each while not done); exits non-zero
# until every one passes. `.venv/bin/python -m exercises check N` checks one, `--hint` adds a hint.
exercises: $(STAMP)
	$(BIN)/python -m exercises check

# tests/torch (the torch extra), tests/browser (Chromium, Playwright) and tests/install (online):
# own targets, not `make test`.
test: $(STAMP)
	$(BIN)/python -m pytest -q --ignore=tests/torch --ignore=tests/browser --ignore=tests/install

# PyTorch float64 as the oracle: values, first and second derivatives; the nn bridge.
test-torch: $(TSTAMP)
	$(BIN)/python -m pytest -q tests/torch

# autograd.compile against backward(), bit for bit, on 20,000 random graphs (a sample is in
# `make test`); prints the counts.
test-compile-fuzz: $(STAMP)
	COMPILE_FUZZ_CASES=$${COMPILE_FUZZ_CASES:-20000} $(BIN)/python -m pytest -q -s \
		tests/autograd/test_compile_fuzz.py

# autograd.numerics.crfast against crmath, bit for bit, on 10⁶ inputs per function (20,000 in
# `make test`); prints the counts.
test-crfast: $(STAMP)
	CRFAST_CASES=$${CRFAST_CASES:-1000000} $(BIN)/python -m pytest -q -s \
		tests/autograd/test_crfast.py -k agrees

# Figures and pages in headless Chromium (the system's, by path; Playwright from PyPI drives it).
test-browser: $(STAMP)
	$(BIN)/python -m pip install $(PIPQ) -e ".[browser]"
	$(BIN)/python -m pytest -q tests/browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict autograd nn

# BENCH_PYTHONS="3.10 3.13" (or all) adds the demo-step table on each of those CPythons.
bench: $(BSTAMP)
	$(BIN)/python -m benchmarks
	$(if $(BENCH_PYTHONS),BENCH_PYTHONS="$(BENCH_PYTHONS)" $(BIN)/python -m benchmarks.pythons)

# Slow, needs PyPI: build our wheel, install it beside HIPS autograd in scratch venvs (both
# orders) and check the clash is reported; check what the wheel ships.
test-install: $(STAMP)
	$(BIN)/python -m pytest -q tests/install

# `make test` on every CPython ≥ 3.10 on PATH or under pyenv, each in its own .venv-3.N.
test-pythons:
	.ci/test-pythons

clean:
	rm -rf $(VENV) .venv-* out .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		exercises/.last_check.json
