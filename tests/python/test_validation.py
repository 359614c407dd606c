"""`make validate`: the Great Expectations checkpoint passes on the sample and names what broke on bad data;
`dbt source freshness` passes or only warns on the sample."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from conftest import PROJECT_DIR, SAMPLE_DIR, run_dbt


def run_validation(db: Path, manifest: Path, docs_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False")
    return subprocess.run(
        [sys.executable, "-m", "cx_tools.validation", "--duckdb", str(db), "--manifest", str(manifest),
         "--docs-dir", str(docs_dir)],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300,
    )


def manifest_of(db: Path) -> Path:
    return db.parent / "dbt_target" / "manifest.json"


def test_checkpoint_passes_on_the_sample(sample_warehouse, tmp_path):
    proc = run_validation(sample_warehouse, manifest_of(sample_warehouse), tmp_path / "docs")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        marts = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()]
    # One summary line per raw table and per mart, every mart found in the warehouse included.
    for name in ["raw.survey_platform.survey_responses", "raw.helpdesk.tickets", *(f"marts.{m}" for m in marts)]:
        assert any(line.startswith("PASS") and f" {name} " in line for line in lines), (name, proc.stdout)
    assert not any(line.startswith("FAIL") for line in lines), proc.stdout
    assert (tmp_path / "docs" / "index.html").exists()
    assert list((tmp_path / "docs" / "validations").rglob("*.html")), "no validation page in the Data Docs"


def test_checkpoint_names_what_broke(sample_warehouse, tmp_path):
    db = tmp_path / "cx.duckdb"
    shutil.copy(sample_warehouse, db)
    with duckdb.connect(str(db)) as con:
        # A mart value out of range, a duplicated grain key, a broken NPS identity, a duplicated and a null key.
        con.execute("update marts.fct_cx_scores set nps = 150 "
                    "where rowid = (select min(rowid) from marts.fct_cx_scores where nps is not null)")
        con.execute("insert into marts.fct_cx_scores select * from marts.fct_cx_scores limit 1")
        con.execute("update marts.fct_cx_scores set promoters = promoters + 1 "
                    "where rowid = (select max(rowid) from marts.fct_cx_scores)")
        con.execute("insert into marts.dim_agents select * from marts.dim_agents limit 1")
        con.execute("update marts.fct_tickets set ticket_id = null where rowid = 0")
        # A mart nobody told the validation about: covered by the rules on column names.
        con.execute("create table marts.fct_new_mart as select 'a' as team, 120.0 as resolution_rate, -1 as reopen_count")

    # A raw file without a required column and with unreadable scores (the manifest is pointed at it).
    raw = tmp_path / "survey_responses.csv"
    with duckdb.connect() as con:
        con.execute(f"""copy (select * exclude (csat_score) replace (case when response_id < 'R00000400'
                                then 'ten' else nps_score end as nps_score)
                        from read_csv('{SAMPLE_DIR / "survey_responses.csv"}', all_varchar = true))
                        to '{raw}' (header)""")
    manifest = json.loads(manifest_of(sample_warehouse).read_text())
    source = manifest["sources"]["source.cx_metrics.survey_platform.survey_responses"]
    source["relation_name"] = f"read_csv('{raw}', header = true, all_varchar = true)"
    manifest_path = tmp_path / "manifest.json"
    manifest_path.write_text(json.dumps(manifest))

    proc = run_validation(db, manifest_path, tmp_path / "docs")
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    expected = [
        "FAIL  marts.fct_cx_scores",
        "marts.fct_cx_scores: expect_column_values_to_be_between(column=nps, min_value=-100",
        "150.0",
        "marts.fct_cx_scores: expect_compound_columns_to_be_unique(column_list=['period_grain', 'period_start', "
        "'program', 'touchpoint'])",
        "marts.fct_cx_scores: expect_column_pair_values_to_be_equal(column_A=nps_responses, "
        "column_B=promoters + passives + detractors)",
        "marts.dim_agents: expect_column_values_to_be_unique(column=agent_id)",
        "marts.fct_tickets: expect_column_values_to_not_be_null(column=ticket_id)",
        "marts.fct_new_mart: expect_column_values_to_be_between(column=resolution_rate, min_value=0",
        "marts.fct_new_mart: expect_column_values_to_be_between(column=reopen_count, min_value=0",
        "FAIL  raw.survey_platform.survey_responses",
        "raw.survey_platform.survey_responses: expect_column_to_exist(column=csat_score): column missing",
        "raw.survey_platform.survey_responses: expect_column_values_to_match_regex(column=nps_score",
    ]
    for fragment in expected:
        assert fragment in out, f"{fragment!r} not in:\n{out}"
    # Untouched tables still pass: failures are attributed to the right suite.
    assert any(line.startswith("PASS") and " marts.dim_surveys " in line for line in out.splitlines()), out
    assert (tmp_path / "docs" / "index.html").exists()


def test_source_freshness_passes_or_warns_on_the_sample(sample_warehouse):
    proc = run_dbt(["source", "freshness"], SAMPLE_DIR, sample_warehouse, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:]
    results = json.loads((sample_warehouse.parent / "dbt_target" / "sources.json").read_text())["results"]
    assert len(results) == 6
    for result in results:
        assert result["status"] in {"pass", "warn"}, result
        assert result["max_loaded_at"] and result["criteria"]["error_after"]["count"], result


def _implausible_counts(db: Path) -> dict[str, int]:
    """The four plausibility rules, counted in Python from the marts' rows (independently of the dbt tests' SQL)."""
    with duckdb.connect(str(db), read_only=True) as con:
        answers = con.execute(
            "select customer_id, ticket_id, submitted_at, submitted_date from marts.fct_survey_responses").fetchall()
        customers = {c: (signup, churned) for c, signup, churned in con.execute(
            "select customer_id, signup_date, churned_at from marts.dim_customers").fetchall()}
        tickets = con.execute("select ticket_id, created_at, first_response_at, solved_at from marts.fct_tickets").fetchall()
    created = {t: c for t, c, _, _ in tickets}
    counts = dict.fromkeys(["answer_before_customer_signup", "answer_after_customer_churn",
                            "answer_before_its_ticket", "ticket_solved_before_first_response"], 0)
    for customer, ticket, submitted_at, submitted_date in answers:
        signup, churned = customers.get(customer, (None, None))
        counts["answer_before_customer_signup"] += bool(signup and submitted_date < signup)
        counts["answer_after_customer_churn"] += bool(churned and submitted_at > churned)
        counts["answer_before_its_ticket"] += bool(created.get(ticket) and submitted_at < created[ticket])
    counts["ticket_solved_before_first_response"] = sum(
        bool(first and solved and solved < first) for _, _, first, solved in tickets)
    return counts


def test_plausibility_checks_warn_with_counts(sample_warehouse, tmp_path):
    counts = _implausible_counts(sample_warehouse)
    # The embedded sample holds answers before signup and after churn (issue 15 counted 67 after churn).
    assert counts["answer_before_customer_signup"] > 0 and counts["answer_after_customer_churn"] == 67
    # dbt: warn-level tests, never errors, each with its count of rows (run on a copy, with its own target folder).
    db = tmp_path / "cx.duckdb"
    shutil.copy(sample_warehouse, db)
    run_dbt(["test", "--select", "tag:plausibility"], SAMPLE_DIR, db)
    results = json.loads((tmp_path / "dbt_target" / "run_results.json").read_text())["results"]
    by_name = {r["unique_id"].split(".")[2]: r for r in results if r["unique_id"].startswith("test.")}
    for name, count in counts.items():
        assert by_name[name]["status"] == ("warn" if count else "pass"), by_name[name]
        assert by_name[name]["failures"] == count
    # GX (make validate): one suite per rule, WARN with the same count and the file listing the rows; exit 0.
    proc = run_validation(db, manifest_of(db), tmp_path / "docs")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    for name, count in counts.items():
        [line] = [line for line in lines if f" plausibility.{name} " in line]
        assert line.startswith("WARN" if count else "PASS") and f" {count} rows" in line, line
        assert f"tests/plausibility/{name}.sql" in line, line
    assert "2 warned (plausibility)" in proc.stdout
