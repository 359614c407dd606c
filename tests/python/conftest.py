"""Shared fixtures: build the dbt project on a raw folder into a throw-away DuckDB file."""
from __future__ import annotations

import os
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


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The embedded sample, built once per test session."""
    return build_warehouse(SAMPLE_DIR, tmp_path_factory.mktemp("sample"))


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
