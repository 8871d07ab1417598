# Two commands matter: `make demo` (the whole product on local emulators) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo demo-ui lint test bench clean

$(BIN)/port-aws-pipeline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/port-aws-pipeline

demo: install
	$(BIN)/port-aws-pipeline demo

demo-ui: install
	$(BIN)/port-aws-pipeline demo --browse

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install
	$(BIN)/python -m pytest -n 2

bench: install
	$(BIN)/python bench/run_bench.py

clean:
	rm -rf .demo .dagster_home
