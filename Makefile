VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint bench bench-quick

install: $(BIN)/qaledger

$(BIN)/qaledger: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -e '.[dev]'
	touch $@

demo: install
	$(BIN)/qaledger demo generate --db demo.db --overwrite

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Sizes of generated ledgers for the scale figures: councils x years. The
# ledgers are kept in bench-scale/ and reused by the next run.
SIZES ?= 1x5 152x10

bench: install
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.scale --sizes $(SIZES) --work bench-scale

bench-quick: install
	$(BIN)/python -m benchmarks.run --quick
