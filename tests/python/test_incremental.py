"""Incremental runs after new deliveries give exactly the marts and audit tables of a full refresh.

A generated dirty raw folder is split on _loaded_at into a base (older rows) and a batch (the newest day or so),
each table a folder of part files: the base is part-00000, the batch a new part-00001, as a new delivery is.
Hand-made rows are added to the batch: a re-submitted answer that moves to another month, a late delivery (loaded
before the base's newest row), rows rejected for each reason, the late arrival of a ticket, a customer and an
invitation that base answers named as orphans, a re-delivered survey whose touchpoint changed, a re-delivered
customer whose plan changed and a re-delivered agent whose team changed. Two more deliveries follow: a batch whose
every row is rejected (part-00002), and the re-submission of an answer whose first copy came with the base
(part-00003); then a run with nothing new. The warehouse built on the base and run incrementally after each
delivery must equal a full refresh of them all in every mart, audit and validated table (only the run stamps
differ: _batch_at and the delivery ledger's judged_by_invocation_id). A judged file that is rewritten or removed
stops the next run.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR, run_dbt
from cx_tools import RAW_TABLES

FORMAT = "%Y-%m-%d %H:%M:%S"
STAGED_TABLES = [("survey_platform", "surveys"), ("survey_platform", "survey_invitations"),
                 ("survey_platform", "survey_responses"), ("helpdesk", "tickets"), ("helpdesk", "customers"),
                 ("helpdesk", "agents")]


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def loaded_at(row: dict) -> datetime | None:
    try:
        value = datetime.fromisoformat(row["_loaded_at"].strip())
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("incremental")
    generated = work / "generated"
    subprocess.run(
        [sys.executable, "-m", "cx_tools.generate", "--responses", "1500", "--seed", "11",
         "--dirty-share", "0.05", "--out", str(generated)],
        cwd=PROJECT_DIR, check=True, capture_output=True,
    )
    tables = {table: read_rows(generated / f"{table}.csv") for table in RAW_TABLES}
    newest = max(filter(None, (loaded_at(row) for row in tables["survey_responses"][1])))
    split_at = newest - timedelta(days=1)

    base: dict[str, list[dict]] = {}
    batch: dict[str, list[dict]] = {}
    for table, (_, rows) in tables.items():
        # Rows without a parseable load time stay in the base: they are judged again on every run anyway.
        base[table] = [row for row in rows if (loaded_at(row) or split_at) < split_at]
        batch[table] = [row for row in rows if (loaded_at(row) or split_at) >= split_at and loaded_at(row)]
    assert batch["survey_responses"], "the split left no new responses"

    def at(offset_hours: float) -> str:
        return (split_at + timedelta(hours=offset_hours)).strftime(FORMAT)

    responses = base["survey_responses"]
    kept_like = [
        row for row in responses
        if row["survey_id"] == "S04" and row["nps_score"] in {str(n) for n in range(11)}
        and row["response_id"].startswith("R") and loaded_at(row)
    ]
    resubmitted, orphan_ticket, orphan_customer, orphan_invitation = kept_like[:4]
    # Base answers naming a ticket, a customer and an invitation that only arrive with the batch.
    orphan_ticket["ticket_id"] = "T-LATE"
    orphan_customer["customer_id"] = "C-LATE"
    orphan_invitation["invitation_id"] = "I-LATE"

    resubmission = dict(resubmitted)
    resubmission.update(
        submitted_at=(datetime.fromisoformat(resubmitted["submitted_at"].strip()) + timedelta(days=40)).strftime(FORMAT),
        nps_score="0" if resubmitted["nps_score"] != "0" else "10",
        _loaded_at=at(12),
    )
    late = dict(kept_like[5], response_id="R-LATE-1", submitted_at=at(-30), _loaded_at=at(-48))
    batch["survey_responses"] += [
        resubmission,
        late,
        dict(kept_like[6], response_id="", _loaded_at=at(3)),                   # missing_id
        dict(kept_like[7], response_id="R-BAD-TS", submitted_at="31/02/2026", _loaded_at=at(3)),  # invalid_timestamp
        dict(kept_like[8], response_id="R-UNKNOWN", survey_id="S99", _loaded_at=at(3)),  # unknown_survey
        dict(resubmission),                                                     # exact duplicate
        dict(kept_like[9], _loaded_at="not a time"),                            # copy with no load time
    ]
    batch["tickets"].append(dict(tables["tickets"][1][0], ticket_id="T-LATE", _loaded_at=at(1)))
    batch["customers"].append(dict(tables["customers"][1][0], customer_id="C-LATE", _loaded_at=at(1)))
    # A re-delivered customer whose plan changed: the segment counts of all its answers move.
    moved = next(row for row in tables["customers"][1] if row["customer_id"] == kept_like[10]["customer_id"])
    batch["customers"].append(dict(moved, plan="Changed Plan", _loaded_at=at(2)))
    # A re-delivered agent whose team changed: every period of the agent's scores moves to the new team.
    busy_agent = max(tables["agents"][1], key=lambda agent: sum(
        ticket["agent_id"] == agent["agent_id"] for ticket in tables["tickets"][1]))
    batch["agents"].append(dict(busy_agent, team="Changed Team", _loaded_at=at(2)))
    batch["survey_invitations"].append(
        dict(tables["survey_invitations"][1][0], invitation_id="I-LATE", survey_id="S04",
             customer_id=orphan_invitation["customer_id"], _loaded_at=at(1)))
    s04 = next(row for row in tables["surveys"][1] if row["survey_id"] == "S04")
    batch["surveys"].append(dict(s04, touchpoint="Checkout", _loaded_at=at(2)))

    # A second batch whose every row is rejected: nothing in a mart may change.
    rejected_batch = {
        "survey_responses": [
            dict(kept_like[11], response_id="", _loaded_at=at(26)),                           # missing_id
            dict(kept_like[11], response_id="R-BAD-TS-2", submitted_at="2026-13-01 00:00:00",
                 _loaded_at=at(26)),                                                          # invalid_timestamp
            dict(kept_like[11], response_id="R-UNKNOWN-2", survey_id="S98", _loaded_at=at(26)),  # unknown_survey
            dict(kept_like[11], response_id="R-FUTURE", submitted_at=at(26 + 24 * 30), _loaded_at=at(26)),  # future
        ],
        "tickets": [dict(tables["tickets"][1][1], ticket_id=" ", _loaded_at=at(26))],        # missing_id
    }
    # A third batch: the re-submission of an answer whose first copy came with the base, several batches ago; it
    # moves the answer to the newest day.
    old_answer = kept_like[12]
    resubmission_batch = {"survey_responses": [dict(
        old_answer, submitted_at=at(48), nps_score="0" if old_answer["nps_score"] != "0" else "10", _loaded_at=at(50))]}

    folders = {"base": work / "base", "batch": work / "batch", "rejected_batch": work / "rejected_batch",
               "resubmission_batch": work / "resubmission_batch"}
    for table, (header, _) in tables.items():
        write_rows(folders["base"] / table / "part-00000.csv", header, base[table])
        for name, part, rows in (("batch", "part-00001", batch), ("rejected_batch", "part-00002", rejected_batch),
                                 ("resubmission_batch", "part-00003", resubmission_batch)):
            if rows.get(table):
                write_rows(folders[name] / table / f"{part}.csv", header, rows[table])
    folders["work"] = work
    folders["resubmitted_id"] = resubmitted["response_id"]
    folders["old_resubmitted_id"] = old_answer["response_id"]
    folders["old_resubmitted_at"] = at(48)
    folders["rejected_loaded_at"] = at(26)
    return folders


DELIVERIES = ("batch", "rejected_batch", "resubmission_batch")


def deliver(parts: Path, raw_dir: Path) -> list[Path]:
    """Copy the part files of `parts` (<table>/<part>) into `raw_dir`, keeping their modification times, as a
    delivery lands; returns the delivered files."""
    delivered = []
    for part in sorted(parts.glob("*/*")):
        target = raw_dir / part.parent.name / part.name
        target.parent.mkdir(parents=True, exist_ok=True)
        delivered.append(Path(shutil.copy2(part, target)))
    return delivered


@pytest.fixture(scope="module")
def warehouses(batches) -> dict[str, Path]:
    """The base built in full; then each batch delivered into the same raw folder in turn, each followed by an
    incremental run, and a last run with nothing new; and a full refresh of that folder."""
    work = batches["work"]
    raw = work / "raw"
    incremental = work / "incremental" / "cx.duckdb"
    full = work / "full_refresh" / "cx.duckdb"
    for db in (incremental, full):
        db.parent.mkdir(parents=True)
    deliver(batches["base"], raw)
    run_dbt(["build", "--full-refresh", "--exclude", "test_type:unit"], raw, incremental)
    for delivery in DELIVERIES:
        deliver(batches[delivery], raw)
        run_dbt(["build", "--exclude", "test_type:unit"], raw, incremental)
    run_dbt(["build", "--exclude", "test_type:unit"], raw, incremental)  # no new delivery
    run_dbt(["build", "--full-refresh", "--exclude", "test_type:unit"], raw, full)
    return {"incremental": incremental, "full": full, "raw": raw}


def compared_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = 'full_refresh' and schema_name in ('marts', 'audit', 'intermediate') order by 1, 2"
    ).fetchall()


def test_incremental_run_equals_full_refresh(warehouses):
    con = duckdb.connect()
    con.execute(f"attach '{warehouses['incremental']}' as incremental (read_only)")
    con.execute(f"attach '{warehouses['full']}' as full_refresh (read_only)")
    tables = compared_tables(con)
    assert {"fct_cx_scores", "fct_survey_responses", "fct_tickets", "audit_rejected_rows",
            "audit_invalid_values", "audit_raw_file_deliveries",
            "int_survey_responses__validated"} <= {name for _, name in tables}
    differences = {}
    for schema, table in tables:
        columns = [name for (name,) in con.execute(
            "select column_name from duckdb_columns() where database_name = 'full_refresh' "
            "and schema_name = ? and table_name = ? "
            "and column_name not in ('_batch_at', 'judged_by_invocation_id') order by column_index",
            [schema, table]).fetchall()]
        column_list = ", ".join(f'"{name}"' for name in columns)
        only = {}
        for left, right in (("incremental", "full_refresh"), ("full_refresh", "incremental")):
            only[left] = con.execute(
                f"select count(*) from (select {column_list} from {left}.{schema}.{table} "
                f"except all select {column_list} from {right}.{schema}.{table})").fetchone()[0]
        rows = con.execute(f"select count(*) from full_refresh.{schema}.{table}").fetchone()[0]
        if any(only.values()):
            differences[f"{schema}.{table}"] = {**only, "rows": rows}
    assert differences == {}


def test_the_batch_exercised_every_case(warehouses, batches):
    db = warehouses["full"]
    with duckdb.connect(str(db), read_only=True) as con:
        def one(sql, *params):
            return con.execute(sql, list(params)).fetchone()
        resubmitted = batches["resubmitted_id"]
        assert one("select count(*) from marts.fct_survey_responses where response_id = ?", resubmitted) == (1,)
        assert one("select count(*) from audit.audit_rejected_rows where source_key = ? and reason = 'duplicate'",
                   resubmitted)[0] == 2  # the original answer and the exact copy of the re-submission
        assert one("select count(*) from marts.fct_survey_responses where response_id = 'R-LATE-1'") == (1,)
        assert one("select reason from audit.audit_rejected_rows where source_key = 'R-BAD-TS'") == ("invalid_timestamp",)
        assert one("select reason from audit.audit_rejected_rows where source_key = 'R-UNKNOWN'") == ("unknown_survey",)
        assert one("select count(*) from marts.fct_survey_responses where ticket_id = 'T-LATE'") == (1,)
        assert one("select count(*) from marts.fct_survey_responses where customer_id = 'C-LATE'") == (1,)
        assert one("select count(*) from marts.fct_survey_invitations where invitation_id = 'I-LATE' and is_responded") == (1,)
        assert one("select count(*) from marts.fct_survey_responses where survey_id = 'S04' and touchpoint != 'checkout'") == (0,)
        assert one("select count(*) > 0 from marts.fct_cx_scores where touchpoint = 'checkout'") == (True,)
        assert one("select count(*) > 0 from marts.fct_cx_scores_by_segment where segment_value = 'changed_plan'") == (True,)
        assert one("select count(*) > 0 from marts.fct_agent_scores where team = 'Changed Team'") == (True,)
        # The rejected-only batch: four answers and a ticket, each rejected for its reason.
        assert con.execute(
            "select source_key, reason from audit.audit_rejected_rows "
            "where source_key in ('R-BAD-TS-2', 'R-UNKNOWN-2', 'R-FUTURE') order by 1").fetchall() == [
            ("R-BAD-TS-2", "invalid_timestamp"), ("R-FUTURE", "future_timestamp"), ("R-UNKNOWN-2", "unknown_survey")]
        for table in ("survey_responses", "tickets"):
            assert one("select count(*) from audit.audit_rejected_rows where source_table = ? and reason = 'missing_id' "
                       "and raw_record like ?", table, f"%{batches['rejected_loaded_at']}%") == (1,), table
        # The re-submission of a base answer: the new copy is kept, with its new time; the base copy is a duplicate.
        old_id = batches["old_resubmitted_id"]
        assert one("select cast(submitted_at as varchar) from marts.fct_survey_responses where response_id = ?",
                   old_id) == (batches["old_resubmitted_at"],)
        assert one("select count(*) from audit.audit_rejected_rows where source_key = ? and reason = 'duplicate'",
                   old_id) == (1,)


def test_the_incremental_run_rejudged_only_what_the_batch_touched(warehouses):
    with duckdb.connect(str(warehouses["incremental"]), read_only=True) as con:
        for table in ("int_tickets__validated", "int_survey_invitations__validated"):
            total, rejudged = con.execute(
                f"select count(*), count(*) filter (where _batch_at = (select max(_batch_at) from intermediate.{table})) "
                f"from intermediate.{table}").fetchone()
            assert 0 < rejudged < total * 0.2, (table, rejudged, total)
        periods, recomputed = con.execute(
            "select count(*), count(*) filter (where _batch_at = (select max(_batch_at) from marts.fct_cx_scores)) "
            "from marts.fct_cx_scores").fetchone()
        assert 0 < recomputed < periods


def test_every_incremental_model_replaces_groups_with_no_hooks_or_hidden_dependencies(warehouses):
    """One mechanism (docs/incremental.md): every incremental model is built by the replace_groups strategy on the
    group it names as unique_key, with no post-hook (the marker rows it used to delete are gone) and no
    `-- depends_on:` comment (a replaced_groups() block is rendered at parse time, so dbt sees its refs), and no
    re-judged rows passed as a string (the dependent verdicts are a call block of rejudged_raw_rows)."""
    import json
    manifest = json.loads((warehouses["incremental"].parent / "dbt_target" / "manifest.json").read_text())
    models = [node for node in manifest["nodes"].values() if node["resource_type"] == "model"]
    incremental = {node["name"]: node["config"] for node in models if node["config"]["materialized"] == "incremental"}
    assert {"fct_cx_scores", "int_segment_score_counts__daily", "fct_survey_responses", "fct_response_theme_matches",
            "audit_rejected_rows", "audit_invalid_values", "int_survey_responses__validated",
            "stg_survey_platform__survey_responses"} <= set(incremental)
    for name, config in incremental.items():
        assert config["incremental_strategy"] == "replace_groups", name
        assert config["unique_key"], name
    for node in models:
        assert not node["config"]["post-hook"], node["name"]
        assert "depends_on:" not in node["raw_code"], node["name"]
        assert "also_rejudged" not in node["raw_code"], node["name"]


def records(path: Path) -> int:
    return len(read_rows(path)[1])


def test_the_ledger_holds_every_delivery_with_the_run_that_judged_it(warehouses, batches):
    """audit_raw_file_deliveries has one row per raw file: the base parts stamped by the first run, the delivered
    parts by the incremental run, each with its record count (counted here with the csv module)."""
    expected = {(folder.name, part.name): records(part) for delivery in ("base", *DELIVERIES)
                for folder in batches[delivery].iterdir() for part in folder.iterdir()}
    assert len(expected) > len(RAW_TABLES) + 3
    with duckdb.connect(str(warehouses["incremental"]), read_only=True) as con:
        ledger = con.execute("select source_table, file_name, physical_records, _batch_at, judged_by_invocation_id "
                             "from audit.audit_raw_file_deliveries").fetchall()
    assert {(table, name): count for table, name, count, _, _ in ledger} == expected
    # One run per delivery, each later than the one before; the run with nothing new recorded nothing.
    runs = [{(stamp, invocation) for _, file_name, _, stamp, invocation in ledger if file_name == f"part-0000{n}.csv"}
            for n in range(4)]
    assert [len(run) for run in runs] == [1, 1, 1, 1]
    stamps = [stamp for (stamp, _), in runs]
    assert stamps == sorted(stamps) and len({invocation for (_, invocation), in runs}) == 4


def test_a_judged_file_rewritten_or_removed_stops_the_run(warehouses, tmp_path):
    """The judged files are recognised by table and file name, wherever the folder is; one that was rewritten or
    removed since it was judged stops an incremental run, naming it, and a full refresh is not stopped."""
    raw = tmp_path / "raw"
    shutil.copytree(warehouses["raw"], raw)  # copies keep their modification times
    db = tmp_path / "cx.duckdb"
    shutil.copy2(warehouses["incremental"], db)
    run_dbt(["run", "-s", "stg_raw__files"], raw, db)

    rewritten = raw / "customers" / "part-00000.csv"
    lines = rewritten.read_text(encoding="utf-8").splitlines(keepends=True)
    rewritten.write_text("".join(lines + lines[-1:]), encoding="utf-8")
    (raw / "tickets" / "part-00001.csv").unlink()
    proc = run_dbt(["run", "-s", "stg_raw__files"], raw, db, check=False)
    assert proc.returncode != 0
    assert "Raw files already judged by an earlier run have changed since" in proc.stdout
    assert "customers: part-00000.csv (judged as " in proc.stdout and "has been rewritten: now " in proc.stdout
    assert "tickets: part-00001.csv (judged as " in proc.stdout and "has been removed" in proc.stdout
    assert "`dbt build --full-refresh`" in proc.stdout
    run_dbt(["run", "--full-refresh", "-s", "stg_raw__files"], raw, db)


def test_an_incremental_run_does_not_open_judged_files_to_count_them(warehouses, tmp_path):
    """The physical record count of a judged file comes from the ledger: after a judged part file is overwritten
    with bytes no CSV reader accepts (same size and modification time, so the ledger cannot tell), an incremental
    run of stg_raw__files still passes with the judged count, while a full refresh opens the file and stops."""
    raw = tmp_path / "raw"
    shutil.copytree(warehouses["raw"], raw)
    db = tmp_path / "cx.duckdb"
    shutil.copy2(warehouses["incremental"], db)
    judged = raw / "customers" / "part-00000.csv"
    stat = judged.stat()
    judged.write_bytes(b'"' + b"x" * (stat.st_size - 1))  # an opening quote that never closes
    os.utime(judged, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    run_dbt(["run", "-s", "stg_raw__files"], raw, db)
    with duckdb.connect(str(db), read_only=True) as con:
        counted, ledger = con.execute(
            "select files.physical_records, ledger.physical_records from staging.stg_raw__files as files "
            "inner join audit.audit_raw_file_deliveries as ledger using (source_table, file_name) "
            "where source_table = 'customers' and file_name = 'part-00000.csv'").fetchone()
    assert counted == ledger == records(warehouses["raw"] / "customers" / "part-00000.csv")
    proc = run_dbt(["run", "--full-refresh", "-s", "stg_raw__files"], raw, db, check=False)
    assert proc.returncode != 0 and str(judged) in proc.stdout


def test_an_incremental_run_reads_only_the_new_files(warehouses, batches, tmp_path):
    """After every judged part file is overwritten with bytes no CSV reader accepts (same size and modification
    time), a delivery still builds incrementally: no model, check or count opens a judged file. The new rows are
    numbered on from the staged ones, and every raw row is still accounted for (audit_row_counts' checks run)."""
    raw = tmp_path / "raw"
    shutil.copytree(warehouses["raw"], raw)
    db = tmp_path / "cx.duckdb"
    shutil.copy2(warehouses["incremental"], db)
    for judged in raw.glob("*/*.csv"):
        stat = judged.stat()
        judged.write_bytes(b'"' + b"x" * (stat.st_size - 1))  # an opening quote that never closes
        os.utime(judged, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    delivered = {}
    for part in sorted(batches["batch"].glob("*/*.csv")):
        target = raw / part.parent.name / "part-00004.csv"
        shutil.copy2(part, target)
        delivered[part.parent.name] = records(part)

    with duckdb.connect(str(db), read_only=True) as con:
        before = {table: con.execute(f"select count(*) from staging.stg_{source}__{table}").fetchone()[0]
                  for source, table in STAGED_TABLES if table in delivered}
    run_dbt(["build", "--exclude", "test_type:unit"], raw, db)
    with duckdb.connect(str(db), read_only=True) as con:
        for source, table in STAGED_TABLES:
            if table not in delivered:
                continue
            numbers = con.execute(
                f"select min(source_row_number), max(source_row_number), count(*) from staging.stg_{source}__{table} "
                "where source_file_name = 'part-00004.csv'").fetchone()
            assert numbers == (before[table] + 1, before[table] + delivered[table], delivered[table]), table
        rows = con.execute("select source_table, raw_rows, read_rows, kept_rows + rejected_rows "
                           "from audit.audit_row_counts").fetchall()
    for table, raw_rows, read_rows, judged_rows in rows:
        assert raw_rows == read_rows == judged_rows, table
        if table in delivered:
            assert raw_rows == before[table] + delivered[table], table


def test_a_new_file_that_sorts_before_a_judged_one_stops_the_run(warehouses, batches, tmp_path):
    """Rows are numbered in file-name order, so a delivery whose name sorts before a judged file of its table would
    renumber judged rows: the run stops, naming it."""
    raw = tmp_path / "raw"
    shutil.copytree(warehouses["raw"], raw)
    db = tmp_path / "cx.duckdb"
    shutil.copy2(warehouses["incremental"], db)
    shutil.copy2(next(batches["batch"].glob("tickets/*.csv")), raw / "tickets" / "part-00000a.csv")
    proc = run_dbt(["run", "-s", "stg_raw__files"], raw, db, check=False)
    assert proc.returncode != 0
    assert "New raw files sort before files an earlier run judged" in proc.stdout
    assert "tickets: part-00000a.csv sorts before part-0000" in proc.stdout and ", judged already" in proc.stdout
