"""The Dagster example (optional dependency group): assets from the manifest, materialised on the sample.

Skipped when dagster-dbt is not installed (`make install-orchestration` adds it).
"""
from __future__ import annotations

import importlib
import os
import sys

import pytest

from conftest import PROJECT_DIR, SAMPLE_DIR, query

pytest.importorskip("dagster_dbt", reason="optional orchestration group not installed (make install-orchestration)")


def test_assets_from_the_manifest_materialise_on_the_sample(tmp_path, monkeypatch):
    from dagster import AssetKey, materialize

    monkeypatch.setenv("CX_RAW_DIR", str(SAMPLE_DIR))
    monkeypatch.setenv("CX_DUCKDB_PATH", str(tmp_path / "cx.duckdb"))
    monkeypatch.setenv("DBT_PROFILES_DIR", str(PROJECT_DIR))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "dbt_target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "dbt_logs"))
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    sys.modules.pop("cx_tools.orchestration", None)
    orchestration = importlib.import_module("cx_tools.orchestration")

    keys = orchestration.cx_dbt_assets.keys
    names = {key.path[-1] for key in keys}
    assert {"fct_cx_scores", "fct_survey_responses", "stg_survey_platform__survey_responses",
            "audit_row_counts", "cx_score_targets"} <= names
    assert len(orchestration.defs.resolve_job_def("cx_nightly").asset_layer.selected_asset_keys) == len(keys)

    result = materialize([orchestration.cx_dbt_assets], resources=orchestration.defs.resources)
    assert result.success
    materialised = {event.asset_key for event in result.get_asset_materialization_events()}
    assert AssetKey(["marts", "fct_cx_scores"]) in materialised or any(
        key.path[-1] == "fct_cx_scores" for key in materialised)
    assert len(materialised) == len(keys)
    checks = result.get_asset_check_evaluations()
    assert checks and all(check.passed for check in checks), [c.check_name for c in checks if not c.passed]

    # The sample's kept responses (docs/metrics.md): 1,891 customer answers in the mart, 99 employee answers restricted.
    (responses,) = query(tmp_path / "cx.duckdb", "select count(*) from marts.fct_survey_responses")[0]
    (employee,) = query(tmp_path / "cx.duckdb", "select count(*) from restricted.int_employee_responses")[0]
    assert (responses, employee) == (1891, 99)
