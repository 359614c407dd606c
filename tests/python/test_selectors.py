"""selectors.yml gives schedulers the selections they need (checked with `dbt ls`, one dbt process)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_DIR, SAMPLE_DIR

LIST_SELECTIONS = """
import json, sys
from dbt.cli.main import dbtRunner
runner, state, out = dbtRunner(), sys.argv[1], {}
def ls(*args):
    result = runner.invoke(["ls", "--quiet", "--resource-type", "model", "--output", "name", *args])
    if not result.success:
        raise SystemExit(f"dbt ls {args} failed: {result.exception}")
    return sorted(result.result)
out["all"] = ls()
out["staging"] = ls("--select", "tag:staging")
out["marts"] = ls("--select", "tag:marts")
for name in ("full_rebuild", "staging_only", "marts_with_tests"):
    out[name] = ls("--selector", name)
out["nightly_incremental"] = ls("--selector", "nightly_incremental", "--state", state)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def selections(sample_warehouse: Path, tmp_path_factory) -> dict[str, list[str]]:
    target = tmp_path_factory.mktemp("selectors_target")
    state = tmp_path_factory.mktemp("selectors_state")
    env = dict(os.environ)
    env.update(
        CX_RAW_DIR=str(SAMPLE_DIR), CX_DUCKDB_PATH=str(sample_warehouse), DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false", DBT_TARGET_PATH=str(target), DBT_LOG_PATH=str(target / "logs"),
    )
    # The state of "the last production run": this very project, so nothing is modified and no source is fresher.
    subprocess.run([str(Path(sys.executable).with_name("dbt")), "parse", "--quiet"], cwd=PROJECT_DIR, env=env,
                   check=True, capture_output=True)
    shutil.copy(target / "manifest.json", state / "manifest.json")
    subprocess.run([str(Path(sys.executable).with_name("dbt")), "source", "freshness", "--quiet"], cwd=PROJECT_DIR,
                   env=env, capture_output=True)
    shutil.copy(target / "sources.json", state / "sources.json")
    proc = subprocess.run([sys.executable, "-c", LIST_SELECTIONS, str(state)], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_full_rebuild_is_every_model(selections):
    assert selections["full_rebuild"] == selections["all"]


def test_staging_only(selections):
    assert selections["staging_only"] == selections["staging"]
    assert selections["staging_only"] and all(name.startswith("stg_") for name in selections["staging_only"])


def test_marts_with_tests_are_the_marts_and_the_semantic_tables(selections):
    assert set(selections["marts"]) < set(selections["marts_with_tests"])
    assert set(selections["marts_with_tests"]) - set(selections["marts"]) == {"time_spine_daily"}


def test_nightly_incremental_is_empty_when_nothing_changed(selections):
    assert selections["nightly_incremental"] == []
