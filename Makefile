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

bench: install
	$(BIN)/python -m benchmarks.run

bench-quick: install
	$(BIN)/python -m benchmarks.run --quick
