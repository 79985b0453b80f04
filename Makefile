# One-command set-up: `make run` and `make test` create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW ?= data/raw
OUT ?= data/processed

.PHONY: install run test lint format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/delib ingest $(RAW) --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline parsers schemas tests
	$(BIN)/ruff format --check pipeline parsers schemas tests

format: $(STAMP)
	$(BIN)/ruff check --fix pipeline parsers schemas tests
	$(BIN)/ruff format pipeline parsers schemas tests

clean:
	rm -rf $(VENV) build *.egg-info
