"""Every analysis in analyses/ compiles (`dbt compile --select resource_type:analysis`) and runs on the sample."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR, SAMPLE_DIR, run_dbt

ANALYSES = sorted(p.stem for p in (PROJECT_DIR / "analyses").glob("*.sql"))


@pytest.fixture(scope="module")
def compiled(sample_warehouse: Path) -> Path:
    run_dbt(["compile", "--select", "resource_type:analysis", "--quiet"], SAMPLE_DIR, sample_warehouse)
    return sample_warehouse.parent / "dbt_target" / "compiled" / "cx_metrics" / "analyses"


def test_the_analyst_starting_points_exist():
    assert {
        "nps_by_touchpoint_and_quarter", "relational_vs_transactional", "detractor_follow_up_list",
        "churn_by_nps_category", "top_drivers", "theme_impact", "agent_leaderboard",
    } <= set(ANALYSES)


@pytest.mark.parametrize("name", ANALYSES)
def test_analysis_compiles_and_runs(name, compiled, sample_warehouse):
    sql = (compiled / f"{name}.sql").read_text()
    assert "{{" not in sql and "ref(" not in sql
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    assert rows, f"{name} returned no row on the sample"
