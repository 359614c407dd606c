"""The semantic layer (MetricFlow) gives the same numbers as the marts, on the embedded sample.

`mf` reads `<project>/target/semantic_manifest.json` (it ignores DBT_TARGET_PATH), so each run gets a throw-away
project root holding the project's dbt_project.yml and profiles.yml and the semantic manifest of the build under
test; nothing is written to the project's own target/.
"""
from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_DIR, query

MF = str(Path(sys.executable).with_name("mf"))
TOL = 1e-6


@pytest.fixture(scope="module")
def mf_root(sample_warehouse: Path, tmp_path_factory) -> Path:
    """A project root for `mf` pointing at the sample warehouse and the semantic manifest its build wrote."""
    manifest = sample_warehouse.parent / "dbt_target" / "semantic_manifest.json"
    assert manifest.exists(), f"the sample build wrote no semantic manifest at {manifest}"
    root = tmp_path_factory.mktemp("mf_root")
    for name in ("dbt_project.yml", "profiles.yml"):
        (root / name).symlink_to(PROJECT_DIR / name)
    (root / "target").mkdir()
    shutil.copy(manifest, root / "target" / "semantic_manifest.json")
    return root


def mf(root: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("DBT_TARGET_PATH", None)
    env.update(
        CX_DUCKDB_PATH=str(db),
        DBT_PROJECT_DIR=str(root),
        DBT_PROFILES_DIR=str(root),
        DBT_LOG_PATH=str(root / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    proc = subprocess.run([MF, *args], cwd=root, env=env, capture_output=True, text=True)
    # mf reports some failures on stdout with exit code 0: a query that wrote no file failed.
    if proc.returncode != 0 or "ERROR" in proc.stdout:
        raise AssertionError(f"mf {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-3000:]}")
    return proc


def mf_query_csv(root: Path, db: Path, *args: str) -> list[dict[str, str]]:
    out = root / "query.csv"
    out.unlink(missing_ok=True)
    mf(root, db, "query", *args, "--csv", str(out))
    with out.open(newline="") as f:
        return list(csv.DictReader(f))


def _num(value: str) -> float | None:
    return None if value in ("", None) else float(value)


def _close(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=0, abs_tol=TOL)


def test_nps_ces_csat_by_touchpoint_and_month_equal_fct_cx_scores(mf_root, sample_warehouse):
    rows = mf_query_csv(
        mf_root, sample_warehouse,
        "--metrics", "nps,nps_moe_95,ces,csat,nps_responses",
        "--group-by", "metric_time__month,response__program,response__touchpoint",
    )
    got = {
        (r["metric_time__month"][:10], r["response__program"], r["response__touchpoint"]): r for r in rows
    }
    want = {
        (str(period_start), program, touchpoint): (nps, nps_moe_95, ces_avg, csat_pct, nps_responses)
        for period_start, program, touchpoint, nps, nps_moe_95, ces_avg, csat_pct, nps_responses in query(
            sample_warehouse,
            """
            select period_start, program, touchpoint, nps, nps_moe_95, ces_avg, csat_pct, nps_responses
            from marts.fct_cx_scores
            where period_grain = 'month'
            """,
        )
    }
    assert len(want) > 100, "the sample should give well over 100 (month, touchpoint) rows"
    assert set(got) == set(want), (
        f"groups differ: only in mf {sorted(set(got) - set(want))[:5]}, only in the mart {sorted(set(want) - set(got))[:5]}"
    )
    problems = []
    for key, (nps, nps_moe_95, ces_avg, csat_pct, nps_responses) in want.items():
        row = got[key]
        for metric, expected in (
            ("nps", nps), ("nps_moe_95", nps_moe_95), ("ces", ces_avg), ("csat", csat_pct),
            ("nps_responses", nps_responses),
        ):
            if not _close(_num(row[metric]), expected):
                problems.append((key, metric, row[metric], expected))
    assert not problems, f"{len(problems)} mismatches, e.g. {problems[:5]}"
    # The comparison is not vacuous: every metric has values, and some are null exactly where the mart's are.
    for metric in ("nps", "nps_moe_95", "ces", "csat"):
        assert sum(_num(r[metric]) is not None for r in rows) > 50


def test_roll_up_is_computed_from_counts_not_averaged(mf_root, sample_warehouse):
    """All touchpoints of a quarter: the semantic layer's NPS equals the NPS of the summed counts."""
    rows = mf_query_csv(mf_root, sample_warehouse, "--metrics", "nps,ces,csat", "--group-by", "metric_time__quarter")
    sums = {
        str(period_start): (nps, ces, csat)
        for period_start, nps, ces, csat in query(
            sample_warehouse,
            """
            select
                period_start,
                100.0 * (sum(promoters) - sum(detractors)) / sum(nps_responses),
                sum(ces_avg * ces_responses) / nullif(sum(ces_responses), 0),
                100.0 * sum(csat_satisfied) / nullif(sum(csat_responses), 0)
            from marts.fct_cx_scores
            where period_grain = 'quarter'
            group by period_start
            """,
        )
    }
    assert {r["metric_time__quarter"][:10] for r in rows} == set(sums)
    for r in rows:
        nps, ces, csat = sums[r["metric_time__quarter"][:10]]
        assert _close(_num(r["nps"]), nps) and _close(_num(r["ces"]), ces) and _close(_num(r["csat"]), csat), r


def test_saved_query_nps_by_touchpoint_monthly(mf_root, sample_warehouse):
    rows = mf_query_csv(mf_root, sample_warehouse, "--saved-query", "nps_by_touchpoint_monthly")
    want = {
        (str(p), prog, tp): nps
        for p, prog, tp, nps in query(
            sample_warehouse,
            "select period_start, program, touchpoint, nps from marts.fct_cx_scores where period_grain = 'month'",
        )
    }
    got = {(r["metric_time__month"][:10], r["response__program"], r["response__touchpoint"]): r for r in rows}
    assert set(got) == set(want)
    assert all(_close(_num(got[k]["nps"]), v) for k, v in want.items())


def test_saved_query_relational_vs_transactional_quarterly(mf_root, sample_warehouse):
    rows = mf_query_csv(mf_root, sample_warehouse, "--saved-query", "relational_vs_transactional_quarterly")
    assert rows and {r["response__program"] for r in rows} == {"relational", "transactional"}


def _table_exists(db: Path, name: str) -> bool:
    return bool(query(db, f"select 1 from information_schema.tables where table_schema = 'marts' and table_name = '{name}'"))


def test_response_rate_equals_fct_response_rates(mf_root, sample_warehouse):
    if not _table_exists(sample_warehouse, "fct_response_rates"):
        pytest.skip("fct_response_rates is not built (issue 3)")
    rows = mf_query_csv(
        mf_root, sample_warehouse,
        "--metrics", "response_rate,invitations",
        "--group-by", "metric_time__month,invitation__program,invitation__touchpoint",
    )
    want = {
        (str(p), prog, tp): (rate, invitations)
        for p, prog, tp, rate, invitations in query(
            sample_warehouse,
            """
            select period_start, program, touchpoint, 1.0 * sum(responded) / sum(invitations), sum(invitations)
            from marts.fct_response_rates
            where period_grain = 'month'
                and program in (select distinct program from marts.fct_survey_invitations where audience = 'customer')
            group by all
            """,
        )
    }
    got = {(r["metric_time__month"][:10], r["invitation__program"], r["invitation__touchpoint"]): r for r in rows}
    assert set(got) == set(want)
    for key, (rate, invitations) in want.items():
        assert _close(_num(got[key]["response_rate"]), rate), key
        assert _close(_num(got[key]["invitations"]), invitations), key


def test_first_contact_resolution_counts_equal_fct_agent_scores(mf_root, sample_warehouse):
    if not _table_exists(sample_warehouse, "fct_agent_scores"):
        pytest.skip("fct_agent_scores is not built (issue 3)")
    rows = mf_query_csv(
        mf_root, sample_warehouse, "--metrics", "fcr_tickets,first_contact_resolution_rate", "--group-by", "metric_time__quarter"
    )
    want = {
        str(p): fcr
        for p, fcr in query(
            sample_warehouse,
            "select period_start, sum(fcr_tickets) from marts.fct_agent_scores where period_grain = 'quarter' group by 1",
        )
    }
    got = {r["metric_time__quarter"][:10]: r for r in rows}
    assert set(got) == set(want), "open tickets (no solve time) must not form a null period"
    for quarter, fcr in want.items():
        assert _close(_num(got[quarter]["fcr_tickets"]), fcr), quarter
        assert 0 <= _num(got[quarter]["first_contact_resolution_rate"]) <= 1


def test_metrics_entry_point_queries_the_warehouse_the_environment_names(sample_warehouse, tmp_path):
    """A parse against one file (a scratch warehouse, as a lint run does) and a query against another: the entry
    point (make metrics) re-parses for the warehouse CX_DUCKDB_PATH names and the numbers are that file's."""
    other = tmp_path / "other_warehouse.duckdb"
    shutil.copy(sample_warehouse, other)
    env = {**os.environ, "CX_METRICFLOW_DIR": str(tmp_path / "metricflow")}

    def metrics(db: Path, *args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "-m", "cx_tools.metrics", *args], cwd=tmp_path,
                              env={**env, "CX_DUCKDB_PATH": str(db)}, capture_output=True, text=True)
        failed = proc.returncode != 0 or re.search(r"ERROR(?!S: 0)", proc.stdout)
        assert not failed, f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        return proc

    manifest = tmp_path / "metricflow" / "target" / "semantic_manifest.json"
    metrics(tmp_path / "empty_lint.duckdb", "validate-configs", "--skip-dw")
    assert {m["node_relation"]["database"] for m in json.loads(manifest.read_text())["semantic_models"]} == \
        {"empty_lint"}

    out = tmp_path / "nps_by_year.csv"
    proc = metrics(other, "query", "--metrics", "nps,customer_responses", "--group-by", "metric_time__year",
                   "--csv", str(out))
    assert "other_warehouse" in proc.stderr  # it said why it parsed again
    assert {m["node_relation"]["database"] for m in json.loads(manifest.read_text())["semantic_models"]} == \
        {"other_warehouse"}
    with out.open(newline="") as f:
        got = {row["metric_time__year"][:10]: (_num(row["nps"]), int(row["customer_responses"]))
               for row in csv.DictReader(f)}
    want = {str(start): (nps, responses) for start, nps, responses in query(other, """
        select period_start, 100.0 * sum(promoters - detractors) / sum(nps_responses), sum(responses)
        from marts.fct_cx_scores where period_grain = 'year' group by all""")}
    assert len(want) >= 2 and set(got) == set(want)
    for year, (nps, responses) in want.items():
        assert _close(got[year][0], nps) and got[year][1] == responses, (year, got[year], nps, responses)

    # Nothing changed, same warehouse: no second parse.
    proc = metrics(other, "query", "--metrics", "nps", "--group-by", "metric_time__year")
    assert "Parsing the project" not in proc.stderr
