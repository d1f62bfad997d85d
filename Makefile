# jixiao — the README's two set-up commands are `make demo` and `make test`.
# Each target creates .venv and installs what it needs into it (never system-wide).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-runtime
STAMP_TEST := $(VENV)/.installed-test

.PHONY: venv demo test lint typecheck bench bench-big clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

venv: $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(BIN)/jixiao demo

lint: $(STAMP_TEST)
	$(BIN)/ruff check core forms tui exports tests bench
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP_TEST)
	$(BIN)/mypy

test: $(STAMP_TEST) lint typecheck
	$(BIN)/python -m pytest

bench: $(STAMP_TEST)
	$(BIN)/python bench/run.py --big

# issue 13: check --json, show and the xlsx export of 100,000 indicator rows against their targets
bench-big: $(STAMP_TEST)
	$(BIN)/python bench/bench_exports.py --big-only

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
