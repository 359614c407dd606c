"""One project, three engines: the embedded sample and the dirty fixture built on PostgreSQL and Spark (in-process,
and through a Thrift server) give the DuckDB result in every mart, and the audit accounts for every raw row.

The DuckDB build is the reference: the other suites check it against hand-computed values and an independent
implementation. Engines this machine cannot run are skipped with the reason (engines.why_unavailable).
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import (ADVERSARIAL_CORPUS_DIR, CONNECTOR_SOURCES, CONNECTORS_DIR, DIRTY_CORPUS_DIR, SAMPLE_DIR)
from cx_tools.generate import write_layout
from cx_tools.load_raw import locate_all
from engines import (EngineBuild, PROJECT_DIR, duckdb_tables, free_port, read_duckdb, table_differences,
                     why_unavailable)
from test_incremental import DELIVERIES, batches, deliver  # noqa: F401 (fixture: the base and batches' part files)

RAW_DIRS = {"sample": SAMPLE_DIR, "dirty": DIRTY_CORPUS_DIR, "adversarial": ADVERSARIAL_CORPUS_DIR,
            "connectors": CONNECTORS_DIR}
# The sources each folder is built with (default: the six-file contract). The connector fixture is the mixed build:
# Qualtrics and Zendesk surveys, Zendesk as the helpdesk, loaded into the schemas qualtrics and zendesk on PostgreSQL.
SOURCES = {"connectors": CONNECTOR_SOURCES}
# Each build proves something the DuckDB build does not, once per engine:
# - dirty: the cleaning rules in the engine's SQL; adversarial: its reader and text functions keep every physical
#   record (#-rows, embedded newlines, a BOM with CRLF, Unicode spaces and scripts, redaction, email keys) and clean
#   it alike; connectors (PostgreSQL): the Fivetran schemas qualtrics and zendesk;
# - sample_parquet_parts: the sample as Parquet part files (the loader's Parquet reader, Spark's view over Parquet)
#   gives the sample's marts, so the sample itself is not built again from CSV; on Spark through a Thrift server,
#   the client/server path a cluster uses (one Spark build proves both: the SQL is the same in-process).
BUILDS = [("postgres", "dirty"), ("postgres", "adversarial"), ("postgres", "sample_parquet_parts"),
          ("postgres", "connectors"),
          ("spark", "dirty"), ("spark", "adversarial"),
          ("spark_thrift", "sample_parquet_parts")]
# The builds that also run every data and unit test on the engine: the dirty corpus once per engine (the tests' SQL
# on that engine; the unit tests do not depend on the data), and the connectors, whose models only that build has.
# The other builds run the models and seeds only: their marts and audit must equal DuckDB's, which ran every test.
FULLY_TESTED = {("postgres", "dirty"), ("postgres", "connectors"), ("spark", "dirty")}
MODELS_ONLY = ("build", "--full-refresh", "--exclude", "test_type:data", "test_type:unit")
REFERENCE = {"sample": "sample", "dirty": "dirty", "adversarial": "adversarial", "sample_parquet_parts": "sample",
             "connectors": "connectors"}


def count_physical_records(path: Path) -> int:
    """RFC 4180 records after the header, counted here with the csv module alone (no engine, no project code)."""
    import csv

    with path.open(newline="", encoding="utf-8-sig") as stream:
        return sum(1 for row in csv.reader(stream) if row) - 1


def raw_dir(raw: str, tmp_path_factory) -> Path:
    if raw == "sample_parquet_parts":
        folder = tmp_path_factory.mktemp("sample_parquet_parts") / "raw"
        write_layout(SAMPLE_DIR, folder, None, "parquet", "parts", parts=3)
        return folder
    return RAW_DIRS[raw]
AUDIT_TABLES = ("audit_rejected_rows", "audit_invalid_values")


# The session's shared DuckDB build of each reference folder (conftest.py).
REFERENCE_WAREHOUSES = {"sample": "sample_warehouse", "dirty": "dirty_corpus_warehouse",
                        "adversarial": "adversarial_warehouse", "connectors": "connectors_warehouse"}


def duckdb_reference(request, raw: str) -> Path:
    """The DuckDB build that an engine's build of folder `raw` must equal."""
    return request.getfixturevalue(REFERENCE_WAREHOUSES[REFERENCE[raw]])


@pytest.fixture(scope="module", params=BUILDS, ids=[f"{engine}-{raw}" for engine, raw in BUILDS])
def built(request, tmp_path_factory):
    """(engine build, raw folder name) after `dbt build --full-refresh` of that folder on the engine."""
    engine, raw = request.param
    reason = why_unavailable(engine)
    if reason:
        pytest.skip(f"engine {engine} skipped: {reason}")
    workdir = tmp_path_factory.mktemp(f"engine_{engine}_{raw}")
    build = EngineBuild(engine, workdir, env_overrides=dict(SOURCES.get(raw, {})))
    folder = raw_dir(raw, tmp_path_factory)
    server = None
    if engine == "spark_thrift":
        port = str(free_port())
        build.env_overrides["CX_SPARK_PORT"] = port
        server = PROJECT_DIR / "scripts" / "spark_thrift_server.sh"
        subprocess.run([str(server), "start", str(build.spark_dir)], check=True, env=build.env(folder))
    try:
        build.build(folder, ("build", "--full-refresh") if (engine, raw) in FULLY_TESTED else MODELS_ONLY)
        yield build, raw
    finally:
        if server:
            subprocess.run([str(server), "stop", str(build.spark_dir)], check=False)


def test_every_mart_equals_duckdb(built, request):
    build, raw = built
    reference = duckdb_reference(request, raw)
    marts = duckdb_tables(reference, "marts")
    assert len(marts) == 19 and "fct_cx_scores" in marts
    assert sorted(build.tables("marts")) == marts
    differences = {}
    for table in marts:
        problems = table_differences(read_duckdb(reference, "marts", table), build.read("marts", table))
        if problems:
            differences[table] = problems
    assert differences == {}


def test_audit_accounts_for_every_raw_row(built, request):
    build, raw = built
    reference = duckdb_reference(request, raw)
    columns, rows = build.read("audit", "audit_row_counts")
    counts = {(row[columns.index("source_system")], row[columns.index("source_table")]): row for row in rows}
    assert len(counts) == (7 if raw == "connectors" else 6)
    for source_table, row in counts.items():
        raw_rows, read, kept, rejected = (row[columns.index(c)] for c in ("raw_rows", "read_rows", "kept_rows", "rejected_rows"))
        assert raw_rows == read == kept + rejected, source_table
        assert row[columns.index("is_reconciled")] is True
    expected_columns, expected_rows = read_duckdb(reference, "audit", "audit_row_counts")
    assert {(r[expected_columns.index("source_system")], r[expected_columns.index("source_table")]):
            r[expected_columns.index("raw_rows")] for r in expected_rows} == {
        key: row[columns.index("raw_rows")] for key, row in counts.items()}
    # ... and raw_rows is the files' physical record count, made independently of every engine's reader (the six
    # contract files; the connector fixture's counts are asserted by hand in test_connector_sources.py).
    folder = raw_dir(raw, None) if raw not in ("sample_parquet_parts", "connectors") else None
    if folder is not None:
        physical = {t.name: sum(count_physical_records(path) for path in t.files) for t in locate_all(folder)}
        assert physical == {table: row[columns.index("raw_rows")] for (_, table), row in counts.items()}
    # The same rows are rejected and the same values nulled, with the same reasons and raw values. The raw record is
    # JSON text whose escaping of rare characters may differ by engine; its values are compared through raw_value.
    for table in AUDIT_TABLES:
        problems = table_differences(read_duckdb(reference, "audit", table), build.read("audit", table),
                                     ignore={"_batch_at", "raw_record"})
        assert problems == [], table


def test_postgres_incremental_run_equals_full_refresh(batches, tmp_path):
    """On PostgreSQL, a base build and incremental runs after each delivery of test_incremental.py (the case-rich
    one-day batch, a batch of rejected rows only, an old answer's re-submission, each a new part file) and one with
    nothing new equal a full refresh of everything in every mart, audit and intermediate table; then a judged file
    rewritten since stops the next run."""
    reason = why_unavailable("postgres")
    if reason:
        pytest.skip(f"engine postgres skipped: {reason}")
    build = EngineBuild("postgres", tmp_path)
    raw = tmp_path / "raw"
    deliver(batches["base"], raw)
    build.build(raw, ("build", "--full-refresh", "--exclude", "test_type:unit"))
    for delivery in DELIVERIES:
        deliver(batches[delivery], raw)
        build.build(raw, ("build", "--exclude", "test_type:unit"))
    build.build(raw, ("build", "--exclude", "test_type:unit"))  # no new delivery
    schemas = ("marts", "audit", "intermediate")
    incremental = {(schema, table): build.read(schema, table) for schema in schemas for table in build.tables(schema)}
    assert {("intermediate", "int_survey_responses__validated"), ("audit", "audit_raw_file_deliveries")} <= set(incremental)
    build.build(raw, ("build", "--full-refresh", "--exclude", "test_type:unit"))
    differences = {}
    for (schema, table), rows in incremental.items():
        problems = table_differences(build.read(schema, table), rows)
        if problems:
            differences[f"{schema}.{table}"] = problems
    assert differences == {}

    rewritten = raw / "surveys" / "part-00000.csv"
    rewritten.write_text(rewritten.read_text(encoding="utf-8") + rewritten.read_text(encoding="utf-8").splitlines()[-1]
                         + "\n", encoding="utf-8")
    build.load_raw(raw)
    proc = build.dbt(["run", "-s", "stg_raw__files"], raw, check=False)
    assert proc.returncode != 0
    assert "surveys: part-00000.csv (judged as " in proc.stdout and "has been rewritten: now " in proc.stdout
    assert "`dbt build --full-refresh`" in proc.stdout
