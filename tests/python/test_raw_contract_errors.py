"""A raw folder that breaks the contract stops the build with a message naming the file and the column."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES_DIR, run_dbt

STAGING = "stg_survey_platform__surveys stg_helpdesk__tickets"


def copy_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES_DIR / "dirty_raw", raw)
    return raw


def drop_column(csv_path: Path, column: str) -> None:
    import csv

    with csv_path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        header = [c for c in rows[0].keys() if c != column] if rows else []
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def test_missing_required_column_names_file_and_column(tmp_path):
    raw = copy_raw(tmp_path)
    drop_column(raw / "surveys.csv", "ces_scale_max")
    proc = run_dbt(["run", "--select", STAGING], raw, tmp_path / "cx.duckdb", check=False)
    assert proc.returncode != 0
    assert "Raw table 'surveys'" in proc.stdout
    assert "surveys.csv" in proc.stdout
    assert "missing required column(s): ces_scale_max." in proc.stdout


def test_missing_file_names_the_file(tmp_path):
    raw = copy_raw(tmp_path)
    (raw / "tickets.csv").unlink()
    proc = run_dbt(["run", "--select", STAGING], raw, tmp_path / "cx.duckdb", check=False)
    assert proc.returncode != 0
    assert str(raw / "tickets.csv") in proc.stdout


def test_extra_column_is_ignored_and_header_only_file_builds(tmp_path):
    raw = copy_raw(tmp_path)
    # an extra column in surveys, and agents reduced to its header
    lines = (raw / "surveys.csv").read_text(encoding="utf-8").splitlines()
    (raw / "surveys.csv").write_text(
        "\n".join([lines[0] + ",extra_col"] + [line + ",x" for line in lines[1:]]) + "\n", encoding="utf-8"
    )
    header = (raw / "agents.csv").read_text(encoding="utf-8").splitlines()[0]
    (raw / "agents.csv").write_text(header + "\n", encoding="utf-8")
    db = tmp_path / "cx.duckdb"
    run_dbt(["build", "--exclude", "test_type:unit"], raw, db)
    from conftest import query

    counts = dict(query(db, "select source_table, raw_rows from audit.audit_row_counts"))
    assert counts["agents"] == 0
    assert counts["surveys"] == 8  # the fixture's eight survey rows, extra column ignored


@pytest.mark.parametrize("column", ["email", "full_name"])
def test_no_contact_column_reaches_a_mart(sample_warehouse, column):
    from conftest import query

    hits = query(
        sample_warehouse,
        f"select table_schema, table_name from information_schema.columns "
        f"where column_name = '{column}' and table_schema in ('marts', 'audit', 'intermediate', 'staging')",
    )
    assert hits == []


def test_no_email_or_name_value_in_marts_or_audit(sample_warehouse):
    """Every raw email and name of the sample is absent from every text column of marts and audit."""
    import csv

    from conftest import SAMPLE_DIR, query

    secrets: set[str] = set()
    for table in ("customers", "agents"):
        with (SAMPLE_DIR / f"{table}.csv").open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                secrets.update(v.strip() for v in (row["email"], row["full_name"]) if v and v.strip())
    assert len(secrets) > 100
    text_columns = query(
        sample_warehouse,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('marts', 'audit') and data_type = 'VARCHAR'",
    )
    found = []
    for schema, table, column in text_columns:
        values = {v for (v,) in query(sample_warehouse, f'select distinct "{column}" from {schema}.{table}') if v}
        leaked = [v for v in values if any(s in v for s in secrets if "@" in s)] or sorted(values & secrets)
        if leaked:
            found.append((schema, table, column, leaked[:3]))
    assert found == []


# A malformed raw CSV stops the build before any model runs (the on-run-start pre-check, cx_tools.raw_files), with a
# message naming the file, the physical line and the problem, where DuckDB's reader would say "Error when sniffing
# file". agents.csv of the dirty fixture has LF endings, a header and 4 records (lines 2-5), so an appended record
# is physical line 6.
@pytest.mark.parametrize("appended, problem", [
    ('A9,"Open quote,x@example.com,Tier 1,2020-01-01,2025-01-01\n', "line 6: a quoted field opens on this line"),
    ("A9,Short Row\n", "line 6: the record has 2 fields but the header has 6"),
    ("A9,Crlf,c@example.com,Tier 1,2020-01-01,2025-01-01 00:00:00\r\n", "line 6: mixed line endings"),
    ("A9," + "x" * 2000 + ",c@example.com,Tier 1,2020-01-01,2025-01-01 00:00:00\n", "line 6: the record is longer than 1000 bytes"),
])
def test_malformed_csv_is_named_with_its_line(tmp_path, appended, problem):
    raw = copy_raw(tmp_path)
    with (raw / "agents.csv").open("a", newline="", encoding="utf-8") as f:
        f.write(appended)
    proc = run_dbt(["run", "--select", "stg_helpdesk__agents", "--vars", "{cx_max_line_bytes: 1000}"],
                   raw, tmp_path / "cx.duckdb", check=False)
    assert proc.returncode != 0
    assert f"{raw / 'agents.csv'}, {problem}" in proc.stdout, proc.stdout[-3000:]


def test_duplicated_column_name_stops_the_build(tmp_path):
    raw = copy_raw(tmp_path)
    text = (raw / "agents.csv").read_text(encoding="utf-8")
    (raw / "agents.csv").write_text(text.replace("_loaded_at\n", "team\n", 1), encoding="utf-8")
    proc = run_dbt(["run", "--select", "stg_helpdesk__agents"], raw, tmp_path / "cx.duckdb", check=False)
    assert proc.returncode != 0
    assert f"{raw / 'agents.csv'}, line 1: duplicated column name \"team\"" in proc.stdout, proc.stdout[-3000:]


def test_hidden_files_in_a_part_folder_are_not_read(tmp_path):
    """macOS `._` resource forks and `_SUCCESS` markers beside part files are ignored (docs/sources.md, Raw files)."""
    raw = copy_raw(tmp_path)
    (raw / "agents").mkdir()
    (raw / "agents.csv").rename(raw / "agents" / "part-00000.csv")
    (raw / "agents" / "._part-00000.csv").write_bytes(b"\x00\x05\x16\x07 not a csv")
    (raw / "agents" / "_SUCCESS").write_bytes(b"")
    (raw / "agents" / ".hidden.csv").write_text("agent_id\nA_hidden\n", encoding="utf-8")
    run_dbt(["run", "--select", "stg_raw__files", "stg_helpdesk__agents"], raw, tmp_path / "cx.duckdb")
    from conftest import query
    assert query(tmp_path / "cx.duckdb", "select count(*) from staging.stg_helpdesk__agents") == [(4,)]
    assert query(tmp_path / "cx.duckdb", "select file_path, physical_records from staging.stg_raw__files "
                                         "where source_table = 'agents'") == [(str(raw / "agents" / "part-00000.csv"), 4)]


def test_header_only_responses_build_an_empty_period(tmp_path):
    """No answers at all (a header-only survey_responses.csv): the build passes, the score marts are empty and the
    as-of date is null, instead of failing on fct_customer_loyalty's as-of date."""
    raw = copy_raw(tmp_path)
    header = (raw / "survey_responses.csv").read_text(encoding="utf-8").splitlines()[0]
    (raw / "survey_responses.csv").write_text(header + "\n", encoding="utf-8")
    db = tmp_path / "cx.duckdb"
    run_dbt(["build", "--exclude", "test_type:unit"], raw, db)
    from conftest import query

    assert query(db, "select raw_rows, kept_rows, rejected_rows from audit.audit_row_counts "
                     "where source_table = 'survey_responses'") == [(0, 0, 0)]
    assert query(db, "select count(*) from marts.fct_cx_scores") == [(0,)]
    # The fixture's 7 customer records: C1-C5 kept, an empty key and a second C1 rejected.
    assert query(db, "select count(*), count(as_of_date) from marts.fct_customer_loyalty") == [(5, 0)]
