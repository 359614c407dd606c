# Two commands matter: `make demo` and `make test`. Everything runs inside .venv.
SHELL := /bin/bash
PROJECT_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV := $(PROJECT_DIR)/.venv
BIN := $(VENV)/bin
PYTHON ?= python3

export CX_RAW_DIR ?= $(PROJECT_DIR)/data/sample
export CX_DUCKDB_PATH ?= $(PROJECT_DIR)/target/cx.duckdb
# The engine: duckdb (default, embedded), postgres or spark (spark_thrift: through a Thrift server). See docs/engines.md.
export CX_TARGET ?= duckdb
export DBT_PROFILES_DIR := $(PROJECT_DIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False

.PHONY: help install install-orchestration demo build validate headline dashboard install-bi bi publish semantic metrics test test-dbt test-python test-fast test-orchestration lint sample bench bench-engines clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --only-binary=dbt-core-experimental-parser -r requirements.txt -c requirements.lock
	@# Lets dbt find the default warehouse and sample from any working directory (see profiles.yml).
	@echo "import os; os.environ.setdefault('CX_PROJECT_DIR', '$(PROJECT_DIR)')" > $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/cx_metrics_project_dir.pth
	@# Lets the dbt executable import cx_tools (the dbt-duckdb plugin and the raw-file check) from any directory.
	@echo "$(PROJECT_DIR)" > $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/cx_metrics_project_path.pth
	@touch $@

# Great Expectations' Data Docs load their scripts, styles and fonts from CDNs: cx_tools.validation copies them into
# the site from these npm packages (cx_tools/validation/data_docs_assets, lock committed), installed once into .venv.
.PHONY: install-docs-assets docs
DOCS_ASSETS_SRC := $(PROJECT_DIR)/cx_tools/validation/data_docs_assets
DOCS_ASSETS_DIR := $(VENV)/data-docs-assets
$(DOCS_ASSETS_DIR)/.installed: $(DOCS_ASSETS_SRC)/package.json $(DOCS_ASSETS_SRC)/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: the offline Data Docs assets need Node.js 20 and npm (apt-get install nodejs npm)"; exit 1; }
	mkdir -p $(DOCS_ASSETS_DIR)
	cp $(DOCS_ASSETS_SRC)/package.json $(DOCS_ASSETS_SRC)/package-lock.json $(DOCS_ASSETS_DIR)/
	cd $(DOCS_ASSETS_DIR) && npm ci --no-audit --no-fund --ignore-scripts --omit=optional
	@touch $@

install-docs-assets: $(DOCS_ASSETS_DIR)/.installed ## The npm packages that make the GX Data Docs render offline (part of install)

install: $(VENV)/.installed $(DOCS_ASSETS_DIR)/.installed ## Create .venv with the pinned dependencies

install-orchestration: install ## Optional: add the Dagster example's group (requirements-orchestration.txt) to .venv
	cd $(PROJECT_DIR) && $(BIN)/pip install --quiet --only-binary=dbt-core-experimental-parser -r requirements-orchestration.txt -c requirements.lock -c requirements-orchestration.lock

demo: install ## Build everything on the embedded sample (engine: CX_TARGET) and print the headline table
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.load_raw
	cd $(PROJECT_DIR) && $(BIN)/dbt build
ifeq ($(CX_TARGET),duckdb)
	@$(MAKE) --no-print-directory validate
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.headline --duckdb "$(CX_DUCKDB_PATH)"
	@$(MAKE) --no-print-directory dashboard
	@$(MAKE) --no-print-directory publish
else
	@echo "Built on $(CX_TARGET): the marts are in its marts schema. The GX checkpoint, headline and dashboard read the DuckDB file (CX_TARGET=duckdb)."
endif

build: install ## Load CX_RAW_DIR for the engine (cx_tools.load_raw), then dbt build on CX_TARGET
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.load_raw
	cd $(PROJECT_DIR) && $(BIN)/dbt build

validate: install ## After a build: dbt source freshness, then the GX checkpoint on CX_DUCKDB_PATH (Data Docs: target/gx_data_docs)
	cd $(PROJECT_DIR) && $(BIN)/dbt source freshness
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.validation --duckdb "$(CX_DUCKDB_PATH)"

headline: install ## Print NPS, CES and CSAT for the latest quarter
	$(BIN)/python -m cx_tools.headline --duckdb "$(CX_DUCKDB_PATH)"

dashboard: install ## After a build: the static dashboard of CX_DUCKDB_PATH at target/dashboard/index.html (opens offline)
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.dashboard --duckdb "$(CX_DUCKDB_PATH)" --out "$(PROJECT_DIR)/target/dashboard/index.html"
	@echo "Dashboard: $(PROJECT_DIR)/target/dashboard/index.html"
	@echo "Docs:      make docs (dbt docs of the same warehouse as one offline file, target/static_index.html)"

# dbt docs as one file that opens from disk without a server or network; cx_tools.dbt_docs stamps the warehouse and
# the build time into it and rewrites what the page would otherwise fetch (see its docstring).
docs: install ## After a build: dbt docs of CX_DUCKDB_PATH as one offline file, target/static_index.html
	@test -f "$(CX_DUCKDB_PATH)" || { echo "docs: $(CX_DUCKDB_PATH) not found: build it first (make build)"; exit 1; }
	cd $(PROJECT_DIR) && $(BIN)/dbt docs generate --static
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.dbt_docs --duckdb "$(CX_DUCKDB_PATH)"

# The Evidence site (bi/evidence, docs/bi_tools.md): npm ci once per package-lock.json, then Evidence's
# source queries (the marts of CX_DUCKDB_PATH, opened read-only) and its static build, bi/evidence/build, which needs a
# web server (its pages fetch their data). Evidence's output goes to bi/evidence/.evidence/make-bi.log.
BI_DIR := $(PROJECT_DIR)/bi/evidence
$(BI_DIR)/node_modules/.installed: $(BI_DIR)/package.json $(BI_DIR)/package-lock.json
	cd $(BI_DIR) && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

install-bi: $(BI_DIR)/node_modules/.installed ## Install the Evidence project's pinned npm packages (bi/evidence)

bi: install-bi ## After a build: the Evidence site over the marts of CX_DUCKDB_PATH at bi/evidence/build (serve it)
	@warehouse="$$(cd $(PROJECT_DIR) && realpath -m -s "$(CX_DUCKDB_PATH)")"; \
	test -f "$$warehouse" || { echo "No warehouse at $$warehouse: build it first (make build)." >&2; exit 1; }; \
	mkdir -p $(BI_DIR)/.evidence; log=$(BI_DIR)/.evidence/make-bi.log; \
	cd $(BI_DIR) && export EVIDENCE_SOURCE__cx__filename="$$(realpath -m -s --relative-to="$$(pwd -P)/sources/cx" "$$warehouse")" && \
	{ npm run --silent sources && npm run --silent build; } > $$log 2>&1 || { tail -40 $$log >&2; echo "make bi failed: $$log" >&2; exit 1; }; \
	echo "Evidence site of $$warehouse: $(BI_DIR)/build"; \
	echo "Serve it: python3 -m http.server --directory $(BI_DIR)/build 8000 (then http://127.0.0.1:8000/)"

# BI tools open a copy of the marts (docs/bi_tools.md): no audit, staging or restricted data, DuckDB 1.4
# storage, replaced whole, so a BI tool holding it open never blocks the next dbt run.
PUBLISH_PATH ?= $(PROJECT_DIR)/target/publish/cx_marts.duckdb
publish: install ## After a build: the marts of CX_DUCKDB_PATH, for BI tools, at PUBLISH_PATH (target/publish/cx_marts.duckdb)
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.publish --duckdb "$(CX_DUCKDB_PATH)" --out "$(PUBLISH_PATH)"

# MetricFlow through cx_tools.metrics: its own root (target/metricflow), re-parsed whenever the semantic manifest
# would name another warehouse than CX_DUCKDB_PATH. The warehouse checks run when CX_DUCKDB_PATH exists.
semantic: install ## MetricFlow: `mf validate-configs` (semantics, and the warehouse when built)
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.metrics validate-configs $(if $(wildcard $(CX_DUCKDB_PATH)),,--skip-dw)

metrics: install ## Query the semantic layer of CX_DUCKDB_PATH (every word of ARGS goes to mf unchanged): make metrics ARGS="query --metrics nps --group-by metric_time__quarter"
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.metrics $(ARGS)

# Lint compiles every model against a warehouse of its own that stays empty, so the incremental branches compile
# the same way whether or not a build already wrote target/cx.duckdb (and lint can run again after any build); its
# manifest goes to target/lint too (dbt-score reads DBT_TARGET_DIR). The connector folders are built only when
# their sources are selected: they are linted a second time with the connector fixture selected.
LINT_DIR := $(PROJECT_DIR)/target/lint
# sqlfluff lints the compiled files in parallel (the dbt templater compiles the project once, up front).
LINT_PROCESSES ?= 2
LINT_ENV = CX_TARGET=duckdb CX_DUCKDB_PATH=$(LINT_DIR)/empty.duckdb DBT_TARGET_PATH=$(LINT_DIR)/dbt_target \
	DBT_TARGET_DIR=$(LINT_DIR)/dbt_target DBT_LOG_PATH=$(LINT_DIR)/logs
CONNECTOR_LINT_ENV = $(LINT_ENV) CX_RAW_DIR=$(PROJECT_DIR)/data/fixtures/connectors_raw \
	CX_SURVEY_SOURCES=qualtrics,zendesk CX_HELPDESK_SOURCE=zendesk
lint: install ## sqlfluff (dbt templater, DuckDB dialect) and dbt-score (metadata rules in pyproject.toml), for every source
	rm -rf $(LINT_DIR)
	cd $(PROJECT_DIR) && $(LINT_ENV) $(BIN)/sqlfluff lint --processes $(LINT_PROCESSES) models macros tests analyses
	cd $(PROJECT_DIR) && $(LINT_ENV) $(BIN)/dbt-score lint --run-dbt-parse
	cd $(PROJECT_DIR) && $(CONNECTOR_LINT_ENV) $(BIN)/sqlfluff lint --processes $(LINT_PROCESSES) \
		models/staging/qualtrics models/staging/zendesk models/staging/survey_map
	cd $(PROJECT_DIR) && $(CONNECTOR_LINT_ENV) $(BIN)/dbt-score lint --run-dbt-parse

test-dbt: install ## dbt build (models, data tests, unit tests) on the sample, on CX_TARGET
	cd $(PROJECT_DIR) && $(BIN)/python -m cx_tools.load_raw
	cd $(PROJECT_DIR) && $(BIN)/dbt build --fail-fast

# Two pytest-xdist workers (TEST_WORKERS): one group of tests per module, PostgreSQL and Spark in a group of their own
# (tests/python/conftest.py); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
PYTEST = $(BIN)/pytest -q -rs -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder
test-python: install ## pytest: generator, dirty corpus, reference implementation, every engine it can reach
	cd $(PROJECT_DIR) && $(PYTEST) --durations=30 tests/python

# The inner loop: every DuckDB test that builds at most a few small warehouses (conftest.py, MARKS_BY_MODULE);
# no PostgreSQL or Spark build, no browser. `make test` stays the whole suite.
test-fast: install ## The inner loop (a few minutes): pytest on DuckDB only, without the browser and the slow tests
	cd $(PROJECT_DIR) && CX_TEST_ENGINES=none $(PYTEST) -m "not browser and not slow" tests/python

test-orchestration: install-orchestration ## Optional: the Dagster example materialises every dbt asset on the sample
	cd $(PROJECT_DIR) && $(BIN)/pytest -q tests/python/test_orchestration.py

# The Dagster example's group is optional for users (not in `make install`) but its test is part of the suite.
# Lint runs after test-dbt has built target/cx.duckdb, so every run proves lint does not depend on the warehouse.
test: test-dbt lint semantic install-orchestration test-python ## The whole suite

sample: install ## Regenerate the embedded sample (deterministic)
	$(BIN)/python -m cx_tools.generate --responses 2000 --seed 7 --out data/sample --dirty-share 0.02

# Benchmark sizes by argument: make bench SIZE=10M (or 100M), FORMAT=csv; BENCH_WORK and BENCH_REPORT move the
# scratch folder (default target/bench/<size>-<format>) and the report (default docs/benchmarks.md).
SIZE ?= 1M
FORMAT ?= parquet
BENCH_REPORT ?= $(PROJECT_DIR)/docs/benchmarks.md
bench: install ## Benchmark full and incremental builds against the one-query floor (SIZE=1M|10M|100M)
	$(BIN)/python -m cx_tools.bench --responses $(SIZE) --format $(FORMAT) --report $(BENCH_REPORT) \
		$(if $(BENCH_WORK),--work $(BENCH_WORK))

ENGINES ?= duckdb,postgres,spark
bench-engines: install ## The same full build timed on each engine (SIZE=1M; ENGINES=duckdb,postgres,spark; PostgreSQL must be running)
	$(BIN)/python -m cx_tools.bench_engines --responses $(SIZE) --engines $(ENGINES) --report $(BENCH_REPORT)

clean: ## Remove build output (keeps .venv)
	rm -rf target logs
