# The two commands a user needs: `make demo` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench-setup bench-ingest clean-venv

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

## Run the main job on the sample corpus: writes newsprism.db and report.html.
demo: $(STAMP)
	rm -f newsprism.db
	$(BIN)/newsprism analyze examples/corpus --db newsprism.db --report report.html

## Lint, start a throwaway PostgreSQL if one can be had, install chromium for the browser
## test if it is missing, and run the whole test suite.
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	bash scripts/ensure-chromium.sh
	bash scripts/with-postgres.sh $(BIN)/python -m pytest -n 2 tests

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

## What the training scripts and side-by-side baselines in benchmarks/ need besides newsprism.
bench-setup: $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[bench]'

bench-ingest: $(STAMP)
	$(BIN)/python benchmarks/ingest/run.py

clean-venv:
	rm -rf $(VENV)
