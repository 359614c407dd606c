"""Shared fixtures: build the dbt project on a raw folder into a throw-away DuckDB file."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SAMPLE_DIR = PROJECT_DIR / "data" / "sample"
# Raw folders for tests live under data/, outside dbt's test-paths (dbt reads tests/fixtures/*.csv as unit-test fixtures).
FIXTURES_DIR = PROJECT_DIR / "data" / "fixtures"
DBT = str(Path(sys.executable).with_name("dbt"))
# The suites read the DuckDB file; other engines are driven explicitly by the cross-engine tests (engines.py), so a
# CX_TARGET exported for `make test-dbt` does not redirect them.
os.environ["CX_TARGET"] = "duckdb"
# Each test says which sources it builds (default: the six-file contract), whatever the shell exported.
for _name in ("CX_SURVEY_SOURCES", "CX_HELPDESK_SOURCE"):
    os.environ.pop(_name, None)
# Every dbt the tests start keeps warnings and errors only in its file log (dbt_logs/dbt.log): at dbt's default,
# debug, writing every statement costs about a tenth of a build's CPU, and a failing test prints dbt's output.
os.environ.setdefault("DBT_LOG_LEVEL_FILE", "warn")


def run_dbt(args: list[str], raw_dir: Path, duckdb_path: Path, check: bool = True,
            extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run dbt from the project root against `raw_dir`, writing to `duckdb_path` (`extra_env`: e.g. the sources)."""
    env = dict(os.environ)
    env.update(
        CX_RAW_DIR=str(raw_dir),
        CX_DUCKDB_PATH=str(duckdb_path),
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        # Each build gets its own target folder so builds never share partial-parse state.
        DBT_TARGET_PATH=str(duckdb_path.parent / "dbt_target"),
        DBT_LOG_PATH=str(duckdb_path.parent / "dbt_logs"),
    )
    env.update(extra_env or {})
    proc = subprocess.run(
        [DBT, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}")
    return proc


def build_warehouse(raw_dir: Path, workdir: Path, select: str | None = None,
                    extra_env: dict[str, str] | None = None) -> Path:
    """`dbt build` (models, data tests, unit tests) on `raw_dir`; returns the DuckDB file."""
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "cx.duckdb"
    args = ["build", "--fail-fast"]
    if select:
        args += ["--select", select]
    run_dbt(args, raw_dir, db, extra_env=extra_env)
    return db


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


# The committed raw folders each test run builds once (in whichever worker asks first) and shares, as a copy per
# worker, between the modules that check them (hand-computed values) and those that compare other engines with them.
DIRTY_CORPUS_DIR = FIXTURES_DIR / "dirty_raw"
ADVERSARIAL_CORPUS_DIR = FIXTURES_DIR / "adversarial_raw"
CONNECTORS_DIR = FIXTURES_DIR / "connectors_raw"
# The connector fixture's mixed build: Qualtrics and Zendesk surveys, Zendesk as the helpdesk.
CONNECTOR_SOURCES = {"CX_SURVEY_SOURCES": "qualtrics,zendesk", "CX_HELPDESK_SOURCE": "zendesk"}


def shared_warehouse(tmp_path_factory, name: str, raw_dir: Path, extra_env: dict[str, str] | None = None) -> Path:
    """`build_warehouse` of `raw_dir` once per test run, whichever pytest-xdist worker asks first; every worker
    gets a copy of its folder (the DuckDB file and its dbt target), so no two processes ever open one file."""
    copy = tmp_path_factory.mktemp(name)
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        return build_warehouse(raw_dir, copy, extra_env=extra_env)
    shared = tmp_path_factory.getbasetemp().parent / f"shared_builds_{run}"
    shared.mkdir(exist_ok=True)
    built = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (built / "complete").exists():
            shutil.rmtree(built, ignore_errors=True)
            build_warehouse(raw_dir, built, extra_env=extra_env)
            (built / "complete").touch()
    shutil.copytree(built, copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns("complete", "dbt_logs"))
    return copy / "cx.duckdb"


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The embedded sample, built once per test run."""
    return shared_warehouse(tmp_path_factory, "sample", SAMPLE_DIR)


@pytest.fixture(scope="session")
def dirty_corpus_warehouse(tmp_path_factory) -> Path:
    """The hand-written dirty corpus (data/fixtures/dirty_raw), built once per test run."""
    return shared_warehouse(tmp_path_factory, "dirty_corpus", DIRTY_CORPUS_DIR)


@pytest.fixture(scope="session")
def adversarial_warehouse(tmp_path_factory) -> Path:
    """The adversarial corpus (data/fixtures/adversarial_raw), built once per test run."""
    return shared_warehouse(tmp_path_factory, "adversarial", ADVERSARIAL_CORPUS_DIR)


@pytest.fixture(scope="session")
def connectors_warehouse(tmp_path_factory) -> Path:
    """The connector fixture (data/fixtures/connectors_raw) with CONNECTOR_SOURCES, built once per test run."""
    return shared_warehouse(tmp_path_factory, "connectors", CONNECTORS_DIR, extra_env=CONNECTOR_SOURCES)


# `make test-fast`, the inner loop, runs DuckDB only (CX_TEST_ENGINES=none) and leaves out the tests marked here:
# `browser` (headless Chromium, and the Evidence site's npm build) and `slow` (benchmarks, many-build equalities,
# old-reader environments, the orchestrator). `make test` runs every test.
MARKS_BY_MODULE = {
    "test_bi_evidence.py": "browser",
    "test_offline_docs.py": "browser",
    "test_bench.py": "slow",
    "test_bi_readers.py": "slow",
    "test_connector_incremental.py": "slow",
    "test_generator_connectors.py": "slow",
    "test_import_qualtrics_export.py": "slow",
    "test_incremental.py": "slow",
    "test_invariants.py": "slow",
    "test_orchestration.py": "slow",
    "test_raw_contract_errors.py": "slow",
    "test_raw_formats.py": "slow",
    "test_reference_vs_warehouse.py": "slow",
    "test_selectors.py": "slow",
    "test_semantic_layer.py": "slow",
    "test_validation.py": "slow",
}
# Single tests are marked where they are defined (@pytest.mark.slow); tests of other modules that use the browser
# are found by the fixture that starts it.
BROWSER_FIXTURES = {"rendered"}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium (left out of make test-fast)")
    config.addinivalue_line("markers", "slow: builds many warehouses or environments (left out of make test-fast)")


def pytest_itemcollected(item):
    """Mark each test as it is collected, before `-m` selects the tests."""
    mark = MARKS_BY_MODULE.get(item.path.name)
    if mark is None and BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
        mark = "browser"
    if mark:
        item.add_marker(mark)


# `make test` runs the suite in two pytest-xdist workers. Each test belongs to one group, and a group runs in one
# worker: the tests of a module together, so its fixtures (and the session's builds they use) are built once in that
# worker; every test that builds on PostgreSQL in one group, because they all use one database; every Spark test in
# one group, so that only one Spark driver (4 GB) runs at a time. The engine groups are the longest: they start first.
ENGINE_GROUPS = ("postgres", "spark")


def group_of_test(nodeid: str) -> str:
    """The group of a test: the engine it builds on (by its parameters or its name), else its module's path."""
    path, _, name = nodeid.partition("::")
    function, _, params = name.partition("[")
    for engine in ENGINE_GROUPS:
        if params.startswith(engine) or engine in Path(path).name or f"_{engine}_" in function:
            return engine
    return path


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest has ordered the tests by their fixtures, the engine groups go first (a stable sort)."""
    items.sort(key=lambda item: group_of_test(item.nodeid) not in ENGINE_GROUPS)


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` with the groups of group_of_test(). xdist 3.8's own loadgroup puts each `xdist_group` mark
    into the test's node id, which pytest 9 no longer lets it change (the marks are ignored); its scope scheduler,
    given the group of each node id, does the same job."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class TestGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of_test(nodeid)

    return TestGroupScheduling(config, log)


def pytest_terminal_summary(terminalreporter):
    """Say plainly which engines the cross-engine tests ran on and which were skipped, and why."""
    from engines import ENGINES

    outcomes = {engine: set() for engine in ENGINES}
    reasons = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if outcome == "skipped" and isinstance(report.longrepr, tuple):
                message = report.longrepr[2]
                for engine in ENGINES:
                    if message.startswith(f"Skipped: engine {engine} skipped"):
                        outcomes[engine].add("skipped")
                        reasons[engine] = message.split(": ", 2)[-1]
                continue
            params = nodeid.partition("[")[2]
            for engine in ENGINES:
                if params.startswith(engine) and not (engine == "spark" and params.startswith("spark_thrift")):
                    outcomes[engine].add(outcome)
                elif "test_postgres_reporter" in nodeid and engine == "postgres":
                    outcomes[engine].add(outcome)
    terminalreporter.section("engines")
    terminalreporter.write_line("duckdb: ran (the reference engine)")
    for engine in ENGINES:
        seen = outcomes[engine] - {"skipped"}
        if seen:
            terminalreporter.write_line(f"{engine}: ran ({', '.join(sorted(seen))})")
        elif "skipped" in outcomes[engine]:
            terminalreporter.write_line(f"{engine}: SKIPPED - {reasons.get(engine, 'not available')}")
        else:
            terminalreporter.write_line(f"{engine}: not selected in this run")
