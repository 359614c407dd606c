"""The connector tables are staged by delivery too: an incremental run after a Fivetran sync gives the marts, audit,
validated and staging tables of a full refresh, and it opens no connector file an earlier run judged.

The hand-written connector fixture (data/fixtures/connectors_raw) is laid out as a folder of part files per table,
as a file destination of the connector lands it: the fixture is part-00000. The next sync lands as part-00001 of
the tables it touched, holding the rows it synced (a later _fivetran_synced): a new Qualtrics response with its
answers, embedded customer and invitation; a new copy of an unfinished response, now finished, with its answer; a
changed answer of an old response (a new copy of its question_response row); a new Zendesk end user, a ticket
re-synced as solved, a reopening in its field history and a rating of an offered ticket. Before the incremental
run, every judged part file is overwritten with bytes no CSV reader accepts (same size and modification time): the
run must not open them. On PostgreSQL, cx_tools.load_raw loads the same files and the run reads only the rows
numbered after the staged ones.
"""
from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import CONNECTOR_SOURCES, CONNECTORS_DIR, run_dbt
from cx_tools.load_raw import postgres_connection
from engines import EngineBuild, table_differences, why_unavailable

QUALTRICS_SYNC = "2026-04-02 02:00:00.000000"
ZENDESK_SYNC = "2026-04-02 02:00:00.000"
COMPARED_SCHEMAS = ("marts", "audit", "intermediate", "staging")
RUN_STAMPS = ("_batch_at", "judged_by_invocation_id")
# The full refresh reads an intact copy of the raw folder, so the files' paths differ (their names do not).
DUCKDB_IGNORED = (*RUN_STAMPS, "file_path")


def read_table(name: str) -> tuple[list[str], list[dict]]:
    with (CONNECTORS_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


def copy_of(rows: list[dict], **match: str) -> dict:
    """A copy of the one fixture row whose fields equal `match`."""
    found = [row for row in rows if all(row[key] == value for key, value in match.items())]
    assert len(found) == 1, match
    return dict(found[0])


def synced_rows() -> dict[str, list[dict]]:
    """The rows of the next sync, per connector table (only the tables it touched)."""
    tables = {name: read_table(name)[1] for name in
              ("survey_response", "question_response", "survey_embedded_data", "distribution_contact",
               "user", "ticket", "ticket_field_history")}
    new_response = {**copy_of(tables["survey_response"], id="R_S01"), "id": "R_S20",
                    "_fivetran_synced": QUALTRICS_SYNC, "recipient_email": "cy@example.com",
                    "recipient_first_name": "Cy", "recipient_last_name": "Dunn",
                    "recorded_date": "2026-04-01 15:00:00.000000", "end_date": "2026-04-01 15:00:00.000000",
                    "start_date": "2026-04-01 14:59:00.000000", "last_modified_date": "2026-04-01 15:00:00.000000"}
    finished_now = {**copy_of(tables["survey_response"], id="R_S06"), "finished": "1",
                    "_fivetran_synced": QUALTRICS_SYNC}
    answer = copy_of(tables["question_response"], _fivetran_id="fid1")
    changed_answer = {**copy_of(tables["question_response"], _fivetran_id="fid6"), "value": "9",
                      "_fivetran_synced": QUALTRICS_SYNC}
    new_answers = [
        {**answer, "_fivetran_id": "fid50", "response_id": "R_S20", "question_id": "QID1", "value": "9",
         "_fivetran_synced": QUALTRICS_SYNC},
        {**answer, "_fivetran_id": "fid51", "response_id": "R_S20", "question_id": "QID2", "value": "3",
         "_fivetran_synced": QUALTRICS_SYNC},
        {**answer, "_fivetran_id": "fid52", "response_id": "R_S06", "question_id": "QID1", "value": "7",
         "_fivetran_synced": QUALTRICS_SYNC},
    ]
    embedded = {**copy_of(tables["survey_embedded_data"], response_id="R_S07"), "response_id": "R_S20",
                "_fivetran_synced": QUALTRICS_SYNC + " UTC"}
    invitation = {**copy_of(tables["distribution_contact"], contact_id="CID_1"), "contact_id": "CID_8",
                  "contact_lookup_id": "CGC_8", "response_id": "R_S20", "_fivetran_synced": QUALTRICS_SYNC + " UTC"}
    new_user = {**copy_of(tables["user"], id="103"), "id": "106", "email": "dee@example.com", "name": "Dee Ray",
                "phone": "", "created_at": "2026-04-01 08:00:00", "_fivetran_synced": ZENDESK_SYNC}
    solved_ticket = {**copy_of(tables["ticket"], id="5"), "status": "solved", "_fivetran_synced": ZENDESK_SYNC}
    history = copy_of(tables["ticket_field_history"], field_name="status", ticket_id="6", value="solved")
    rating = copy_of(tables["ticket_field_history"], field_name="satisfaction_score", ticket_id="5")
    return {
        "survey_response": [new_response, finished_now],
        "question_response": [changed_answer, *new_answers],
        "survey_embedded_data": [embedded],
        "distribution_contact": [invitation],
        "user": [new_user],
        "ticket": [solved_ticket],
        "ticket_field_history": [
            {**history, "updated": "2026-04-01 09:00:00", "value": "open", "_fivetran_synced": ZENDESK_SYNC},
            {**rating, "updated": "2026-04-01 10:00:00", "user_id": "102", "value": "good",
             "_fivetran_synced": ZENDESK_SYNC},
        ],
    }


def lay_out_as_parts(raw: Path) -> None:
    """The fixture as <table>/part-00000.csv, keeping each file's modification time."""
    for path in sorted(CONNECTORS_DIR.glob("*.csv")):
        (raw / path.stem).mkdir(parents=True)
        shutil.copy2(path, raw / path.stem / "part-00000.csv")


def deliver_sync(raw: Path) -> dict[str, int]:
    """The next sync as part-00001.csv of each table it touched; returns the rows delivered per table."""
    delivered = {}
    for name, rows in synced_rows().items():
        header, _ = read_table(name)
        with (raw / name / "part-00001.csv").open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
        delivered[name] = len(rows)
    return delivered


def make_unreadable(files: list[Path]) -> None:
    """Overwrite each file with an opening quote that never closes, keeping its size and modification time."""
    for path in files:
        stat = path.stat()
        path.write_bytes(b'"' + b"x" * (stat.st_size - 1))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def duckdb_differences(incremental: Path, full: Path) -> dict[str, dict[str, int]]:
    """Per table of COMPARED_SCHEMAS, the rows only one of the two warehouses holds (DUCKDB_IGNORED aside)."""
    con = duckdb.connect()
    con.execute(f"attach '{incremental}' as incremental (read_only)")
    con.execute(f"attach '{full}' as full_refresh (read_only)")
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = 'full_refresh' "
        f"and schema_name in {COMPARED_SCHEMAS} order by 1, 2").fetchall()
    assert {("staging", "base_qualtrics__survey_response"), ("marts", "fct_survey_responses"),
            ("audit", "audit_rejected_rows")} <= set(tables)
    differences = {}
    for schema, table in tables:
        columns = [name for (name,) in con.execute(
            "select column_name from duckdb_columns() where database_name = 'full_refresh' and schema_name = ? "
            f"and table_name = ? and column_name not in {DUCKDB_IGNORED} order by column_index",
            [schema, table]).fetchall()]
        column_list = ", ".join(f'"{name}"' for name in columns)
        only = {
            left: con.execute(f"select count(*) from (select {column_list} from {left}.{schema}.{table} "
                              f"except all select {column_list} from {right}.{schema}.{table})").fetchone()[0]
            for left, right in (("incremental", "full_refresh"), ("full_refresh", "incremental"))
        }
        if any(only.values()):
            differences[f"{schema}.{table}"] = only
    return differences


def test_an_incremental_run_after_a_connector_sync_equals_a_full_refresh(tmp_path):
    raw = tmp_path / "raw"
    lay_out_as_parts(raw)
    incremental = tmp_path / "incremental" / "cx.duckdb"
    full = tmp_path / "full" / "cx.duckdb"
    run_dbt(["build", "--full-refresh", "--exclude", "test_type:unit"], raw, incremental, extra_env=CONNECTOR_SOURCES)

    pristine = tmp_path / "pristine_raw"
    shutil.copytree(raw, pristine)
    make_unreadable(sorted(raw.glob("*/part-00000.csv")))
    delivered = deliver_sync(raw)
    deliver_sync(pristine)
    run_dbt(["build", "--exclude", "test_type:unit"], raw, incremental, extra_env=CONNECTOR_SOURCES)
    run_dbt(["build", "--exclude", "test_type:unit"], raw, incremental, extra_env=CONNECTOR_SOURCES)  # nothing new
    run_dbt(["build", "--full-refresh", "--exclude", "test_type:unit"], pristine, full, extra_env=CONNECTOR_SOURCES)

    assert duckdb_differences(incremental, full) == {}
    with duckdb.connect(str(incremental), read_only=True) as con:
        # The sync's rows were staged on from the judged ones, each connector table once.
        staged = dict(con.execute(
            "select 'survey_response', count(*) from staging.base_qualtrics__survey_response "
            "where source_file_name = 'part-00001.csv' union all "
            "select 'ticket_field_history', count(*) from staging.base_zendesk__ticket_field_history "
            "where source_file_name = 'part-00001.csv'").fetchall())
        assert staged == {"survey_response": delivered["survey_response"],
                          "ticket_field_history": delivered["ticket_field_history"]}
        # What the sync changed reached the marts: the new response, the finished one, the changed answer.
        scores = dict(con.execute(
            "select response_id, nps_score from marts.fct_survey_responses "
            "where response_id in ('qualtrics:R_S20', 'qualtrics:R_S06', 'qualtrics:R_S02')").fetchall())
        assert scores == {"qualtrics:R_S20": 9, "qualtrics:R_S06": 7, "qualtrics:R_S02": 9}
        # The older copy of R_S06 (unfinished) is now a duplicate of the finished one.
        reasons = sorted(con.execute(
            "select reason from audit.audit_rejected_rows "
            "where source_table = 'qualtrics.survey_response' and raw_record like '%\"R_S06\"%'").fetchall())
        assert reasons == [("duplicate",)]
        rows = con.execute("select source_table, raw_rows, read_rows, kept_rows + rejected_rows "
                           "from audit.audit_row_counts").fetchall()
    assert all(raw_rows == read_rows == judged for _, raw_rows, read_rows, judged in rows), rows


def test_postgres_connector_sync_runs_incrementally_to_a_full_refresh(tmp_path):
    """The same sync on PostgreSQL: load_raw numbers each loaded row in file order (cx_row_number), and the
    incremental run reads the rows numbered after the staged ones."""
    reason = why_unavailable("postgres")
    if reason:
        pytest.skip(f"engine postgres skipped: {reason}")
    build = EngineBuild("postgres", tmp_path, env_overrides=dict(CONNECTOR_SOURCES))
    raw = tmp_path / "raw"
    lay_out_as_parts(raw)
    build.build(raw, ("build", "--full-refresh", "--exclude", "test_type:unit"))
    deliver_sync(raw)
    build.build(raw, ("build", "--exclude", "test_type:unit"))
    incremental = {(schema, table): build.read(schema, table)
                   for schema in COMPARED_SCHEMAS for table in build.tables(schema)}
    assert ("staging", "base_qualtrics__survey_response") in incremental

    # The incremental read's condition on the loaded row number is applied by the scan of the raw table, with no
    # window function over the table in between.
    build.dbt(["compile", "-s", "base_zendesk__ticket"], raw)
    compiled = next((tmp_path / "dbt_target" / "compiled").rglob("base_zendesk__ticket.sql")).read_text()
    assert "cx_row_number" in compiled
    with postgres_connection() as con, con.cursor() as cur:
        cur.execute("explain " + compiled)
        plan = "\n".join(line for (line,) in cur.fetchall())
    assert "WindowAgg" not in plan, plan
    scan = [line for line in plan.splitlines() if "on ticket" in line]
    assert scan and any("cx_row_number >" in line for line in plan.splitlines()), plan

    build.build(raw, ("build", "--full-refresh", "--exclude", "test_type:unit"))
    differences = {}
    for (schema, table), rows in incremental.items():
        problems = table_differences(build.read(schema, table), rows, ignore=set(RUN_STAMPS))
        if problems:
            differences[f"{schema}.{table}"] = problems
    assert differences == {}
