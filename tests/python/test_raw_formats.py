"""Raw input as CSV or Parquet, one file per table or a folder of part files per table, gives the same marts."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import FIXTURES_DIR, SAMPLE_DIR, query, run_dbt
from cx_tools import RAW_TABLES
from cx_tools.generate import write_layout
from cx_tools.generate.cli import main as generate_main
from test_invariants import mart_checksums

# Models and seeds, no data or unit tests: the marts are what is compared (the CSV baseline runs the full build).
# A full refresh each time: the builds share one warehouse, and each layout replaces the files the last one judged.
MODELS_ONLY = ["build", "--full-refresh", "--fail-fast", "--exclude", "resource_type:test", "resource_type:unit_test"]
READ_CSV = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"


def audit_row_counts(db: Path) -> list[tuple]:
    return query(db, "select * from audit.audit_row_counts order by all")


def models_only(raw: Path, workdir: Path) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "cx.duckdb"
    run_dbt(MODELS_ONLY, raw, db)
    return db


@pytest.fixture(scope="module")
def sample_baseline(sample_warehouse) -> tuple[dict, list]:
    return mart_checksums(sample_warehouse), audit_row_counts(sample_warehouse)


def test_sample_in_other_formats_and_layouts_gives_identical_marts(sample_baseline, tmp_path):
    marts, counts = sample_baseline
    # One raw folder path and one work folder for the three builds, so dbt's partial parse is reused.
    raw, workdir = tmp_path / "raw", tmp_path / "build"
    for fmt, layout in [("parquet", "file"), ("csv", "parts"), ("parquet", "parts")]:
        shutil.rmtree(raw, ignore_errors=True)
        write_layout(SAMPLE_DIR, raw, None, fmt, layout, parts=3)
        expected = {f"{t}.{fmt}" for t in RAW_TABLES} if layout == "file" else set(RAW_TABLES)
        assert {p.name for p in raw.iterdir()} == expected
        if layout == "parts":
            assert len(list((raw / "survey_responses").glob(f"part-*.{fmt}"))) == 3
        db = models_only(raw, workdir)
        assert mart_checksums(db) == marts, (fmt, layout)
        assert audit_row_counts(db) == counts, (fmt, layout)


def _parquet_copy_of_fixture(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    write_layout(FIXTURES_DIR / "dirty_raw", raw, None, "parquet", "file")
    return raw


def test_missing_or_doubled_table_in_a_parquet_folder_is_named_with_its_folder(tmp_path):
    raw = _parquet_copy_of_fixture(tmp_path)
    (raw / "tickets.parquet").unlink()
    # The same table twice (a CSV next to the Parquet file) is refused, not read twice.
    shutil.copy(FIXTURES_DIR / "dirty_raw" / "surveys.csv", raw / "surveys.csv")
    # `run`, not `compile`: a failing node does not stop the others, so both messages are printed.
    proc = run_dbt(["run", "--select", "stg_helpdesk__tickets", "stg_survey_platform__surveys"],
                   raw, tmp_path / "cx.duckdb", check=False)
    assert proc.returncode != 0
    assert f"No raw file for table 'tickets' in folder {raw}" in proc.stdout, proc.stdout[-3000:]
    assert str(raw / "tickets.parquet") in proc.stdout and str(raw / "tickets" / "*.parquet") in proc.stdout
    assert (f"Raw table 'surveys' is found more than once in folder {raw}: {raw / 'surveys.csv'} and "
            f"{raw / 'surveys.parquet'}") in proc.stdout, proc.stdout[-3000:]
    manifest = json.loads((tmp_path / "dbt_target" / "manifest.json").read_text())
    relation = manifest["sources"]["source.cx_metrics.helpdesk.tickets"]["relation_name"]
    _check_typed_parquet_is_read_as_contract_text(relation, raw, tmp_path)
    # A format var other than detect, csv or parquet is named.
    proc = run_dbt(["compile", "--select", "stg_survey_platform__surveys", "--vars", "{cx_raw_format: xlsx}"],
                   raw, tmp_path / "cx.duckdb", check=False)
    assert proc.returncode != 0
    assert "cx_raw_format must be detect, csv or parquet, not 'xlsx'" in proc.stdout, proc.stdout[-3000:]


def _check_typed_parquet_is_read_as_contract_text(relation: str, raw: Path, tmp_path: Path) -> None:
    """The project's read expression turns typed Parquet columns into text the staging rules accept."""
    typed = tmp_path / "typed"
    (typed / "tickets").mkdir(parents=True)
    assert str(raw) in relation
    relation = relation.replace(str(raw), str(typed))
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'Europe/Berlin'")  # the session zone must not leak into the text
        con.execute(f"""copy (select 'T1' as ticket_id, 9::integer as reopen_count, 7.0::double as handle_time_seconds,
                              timestamptz '2025-06-01 10:00:00.5+02' as created_at,
                              timestamp '2025-06-01 08:00:00' as solved_at, date '2025-06-01' as first_response_at,
                              true as status, null::bigint as _loaded_at)
                         to '{typed / "tickets" / "part-00000.parquet"}' (format parquet)""")
        row = con.execute(f"select ticket_id, reopen_count, handle_time_seconds, created_at, solved_at, "
                          f"first_response_at, status, _loaded_at, typeof(created_at) from {relation}").fetchone()
    assert row == ("T1", "9", "7.0", "2025-06-01T08:00:00.500000Z", "2025-06-01 08:00:00", "2025-06-01",
                   "true", None, "VARCHAR")


def test_generator_writes_the_same_text_in_every_format_and_layout(tmp_path):
    common = ["--responses", "120", "--seed", "11", "--dirty-share", "0.1"]
    outs = {}
    for fmt in ("csv", "parquet"):
        for layout in ("file", "parts"):
            out = tmp_path / f"{fmt}-{layout}"
            assert generate_main([*common, "--out", str(out), "--format", fmt, "--layout", layout, "--parts", "3"]) == 0
            outs[fmt, layout] = out
    default = tmp_path / "default"
    assert generate_main([*common, "--out", str(default)]) == 0
    # CSV in one file per table stays the default, byte for byte.
    for table in RAW_TABLES:
        assert (default / f"{table}.csv").read_bytes() == (outs["csv", "file"] / f"{table}.csv").read_bytes()
    # CSV parts: the header on each part, data rows in order, the bytes of the one file.
    parts = sorted((outs["csv", "parts"] / "survey_responses").glob("*.csv"))
    assert [p.name for p in parts] == ["part-00000.csv", "part-00001.csv", "part-00002.csv"]
    whole = (default / "survey_responses.csv").read_bytes()
    header = whole.split(b"\r\n", 1)[0] + b"\r\n"
    assert all(p.read_bytes().startswith(header) for p in parts)
    assert header + b"".join(p.read_bytes()[len(header):] for p in parts) == whole
    # Parquet: every column text, the same rows as the CSV read by the project's options.
    with duckdb.connect() as con:
        for table in RAW_TABLES:
            base = f"select * from read_csv('{default / table}.csv', {READ_CSV})"
            for other in (f"select * from read_parquet('{outs['parquet', 'file'] / table}.parquet')",
                          f"select * from read_parquet('{outs['parquet', 'parts'] / table}/*.parquet')"):
                types = {t for (_, t, *_) in con.execute(f"describe {other}").fetchall()}
                assert types == {"VARCHAR"}, (table, types)
                diff = con.execute(f"select count(*) from (({base}) except all ({other})) "
                                   f"union all select count(*) from (({other}) except all ({base}))").fetchall()
                assert diff == [(0,), (0,)], (table, other)
    # Re-running a parts layout with fewer parts leaves no stale part files.
    assert generate_main([*common, "--out", str(outs["parquet", "parts"]), "--format", "parquet",
                          "--layout", "parts", "--parts", "2"]) == 0
    assert len(list((outs["parquet", "parts"] / "tickets").glob("*.parquet"))) == 2
