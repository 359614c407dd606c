# Two commands matter: `make demo` and `make test`. Everything runs inside .venv.
SHELL := /bin/bash
PROJECT_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV := $(PROJECT_DIR)/.venv
BIN := $(VENV)/bin
PYTHON ?= python3

export CX_RAW_DIR ?= $(PROJECT_DIR)/data/sample
export CX_DUCKDB_PATH ?= $(PROJECT_DIR)/target/cx.duckdb
export DBT_PROFILES_DIR := $(PROJECT_DIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help install demo build headline test test-dbt test-python lint sample clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --only-binary=dbt-core-experimental-parser -r requirements.txt -c requirements.lock
	@# Lets dbt find the default warehouse and sample from any working directory (see profiles.yml).
	@echo "import os; os.environ.setdefault('CX_PROJECT_DIR', '$(PROJECT_DIR)')" > $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/cx_metrics_project_dir.pth
	@touch $@

install: $(VENV)/.installed ## Create .venv with the pinned dependencies

demo: install ## Build everything on the embedded sample and print the headline table
	cd $(PROJECT_DIR) && $(BIN)/dbt build
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.headline --duckdb "$(CX_DUCKDB_PATH)"

build: install ## dbt build on CX_RAW_DIR into CX_DUCKDB_PATH
	cd $(PROJECT_DIR) && $(BIN)/dbt build

headline: install ## Print NPS, CES and CSAT for the latest quarter
	$(BIN)/python -m cx_tools.headline --duckdb "$(CX_DUCKDB_PATH)"

lint: install ## sqlfluff (dbt templater, DuckDB dialect)
	cd $(PROJECT_DIR) && $(BIN)/sqlfluff lint models macros tests analyses

test-dbt: install ## dbt build (models, data tests, unit tests) on the sample
	cd $(PROJECT_DIR) && $(BIN)/dbt build --fail-fast

test-python: install ## pytest: generator, dirty corpus, reference implementation
	cd $(PROJECT_DIR) && $(BIN)/pytest -q tests/python

test: lint test-dbt test-python ## The whole suite

sample: install ## Regenerate the embedded sample (deterministic)
	$(BIN)/python -m cx_tools.generate --responses 2000 --seed 7 --out data/sample --dirty-share 0.02

clean: ## Remove build output (keeps .venv)
	rm -rf target logs
