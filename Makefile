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
	$(BIN)/delib ingest $(RAW) --data $(OUT)
	@printf "Rapport HTML : "; $(BIN)/delib report --data $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check delib pipeline parsers schemas tests
	$(BIN)/ruff format --check delib pipeline parsers schemas tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix delib pipeline parsers schemas tests
	$(BIN)/ruff format delib pipeline parsers schemas tests

clean:
	rm -rf $(VENV) build *.egg-info

# End-to-end ingest figures (pages/s, MB/s, 1 vs 2 workers, peak RSS); not part of `test`.
BENCH_N ?= 100
BENCH_REPEAT ?= 3
BENCH_DIR ?= /tmp/delib-bench
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/run.py -n $(BENCH_N) --repeat $(BENCH_REPEAT) --dir $(BENCH_DIR)
	$(BIN)/python bench/scaling.py

# Only the growth of the paths a hostile document can stretch (×1, ×10, ×100).
.PHONY: bench-scaling
bench-scaling: $(STAMP)
	$(BIN)/python bench/scaling.py
