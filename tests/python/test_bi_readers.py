"""The warehouse file opens in the DuckDB readers BI tools embed, and through the SQLAlchemy dialect.

BI tools embed DuckDB 1.4 or 1.5 (Metabase's driver, Evidence, Rill, the Grafana plugin, MotherDuck clients), which
cannot read DuckDB 2.0's own storage format; the profile creates the file in 1.4's (storage_compatibility_version).
Each old reader is installed once into its own environment under .venv/bi-readers/ from the registry `make install`
uses, opens the sample warehouse read-only, lists the marts and dumps every one of them; the dumps must equal what
duckdb 2.0 reads. Then the warehouse is opened through duckdb-engine, as Superset connects.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from conftest import PROJECT_DIR, query

# The newest release of each DuckDB line BI tools embed today.
OLD_READERS = {"1.4": "duckdb==1.4.5", "1.5": "duckdb==1.5.6"}
READERS_DIR = PROJECT_DIR / ".venv" / "bi-readers"

# Run by each reader: every marts table, its columns and its rows (values as text, rows sorted), as JSON.
DUMP_MARTS = r"""
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = [t for (t,) in con.execute(
    "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
dump = {"version": duckdb.__version__, "marts": {}}
for table in tables:
    cur = con.execute(f'select * from marts."{table}"')
    columns = [d[0] for d in cur.description]
    rows = sorted(json.dumps([None if v is None else str(v) for v in row]) for row in cur.fetchall())
    dump["marts"][table] = {"columns": columns, "rows": rows}
print(json.dumps(dump))
"""


def reader_python(line: str) -> Path:
    """The Python of an environment holding only the old DuckDB reader (created once, then reused)."""
    env_dir = READERS_DIR / f"duckdb-{line}"
    python = env_dir / "bin" / "python"
    stamp = env_dir / f".installed-{OLD_READERS[line]}"
    if not stamp.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(env_dir)], check=True)
        proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               OLD_READERS[line]], capture_output=True, text=True)
        if proc.returncode != 0:
            raise AssertionError(f"pip install {OLD_READERS[line]} failed:\n{proc.stderr[-3000:]}")
        stamp.touch()
    return python


def dump_marts(python: str, db: Path) -> dict:
    proc = subprocess.run([python, "-c", DUMP_MARTS, str(db)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ""})
    assert proc.returncode == 0, f"{python} could not read {db}:\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def current_dump(sample_warehouse) -> dict:
    return dump_marts(sys.executable, sample_warehouse)


@pytest.mark.parametrize("line", sorted(OLD_READERS))
def test_old_duckdb_reader_reads_every_mart_as_duckdb_2_does(line, sample_warehouse, current_dump):
    old = dump_marts(str(reader_python(line)), sample_warehouse)
    assert old["version"] == OLD_READERS[line].split("==")[1]
    assert current_dump["version"] == duckdb.__version__ and duckdb.__version__.startswith("2.")
    assert len(old["marts"]) == 19
    assert sorted(old["marts"]) == sorted(current_dump["marts"])
    for table, expected in current_dump["marts"].items():
        assert old["marts"][table]["columns"] == expected["columns"], table
        assert old["marts"][table]["rows"] == expected["rows"], f"{table}: rows differ under duckdb {line}"
    assert len(old["marts"]["fct_cx_scores"]["rows"]) > 1000


def test_file_is_written_in_the_storage_format_of_duckdb_1_4(sample_warehouse):
    # The storage the file was created with (the profile's config_options; CX_DUCKDB_STORAGE_VERSION).
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        (tag,) = con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = 'cx'").fetchone()
    assert tag == "v1.4.0+", tag


def test_sqlalchemy_dialect_reads_the_marts_read_only(sample_warehouse):
    """As Superset connects: duckdb-engine's URL, read-only, schema and column reflection, a query."""
    engine = sa.create_engine(f"duckdb:///{sample_warehouse}?access_mode=read_only")
    try:
        inspector = sa.inspect(engine)
        assert "cx.marts" in inspector.get_schema_names()
        tables = inspector.get_table_names(schema="marts")
        assert len(tables) == 19 and "fct_cx_scores" in tables
        columns = {c["name"]: c for c in inspector.get_columns("fct_cx_scores", schema="marts")}
        assert {"period_grain", "period_start", "program", "touchpoint", "nps", "responses"} <= set(columns)
        # The descriptions persist_docs wrote, which Superset shows beside each column.
        assert columns["nps"]["comment"].startswith("Net Promoter Score")
        assert inspector.get_table_comment("fct_cx_scores", schema="marts")["text"].startswith("The headline")
        sql = ("select program, touchpoint, period_start, nps from marts.fct_cx_scores "
               "where period_grain = 'quarter' and nps is not null order by all")
        with engine.connect() as con:
            rows = [tuple(r) for r in con.execute(sa.text(sql)).fetchall()]
            with pytest.raises(sa.exc.DBAPIError, match="read-only"):
                con.execute(sa.text("create table marts.scratch (a integer)"))
    finally:
        engine.dispose()
    assert rows and rows == query(sample_warehouse, sql)
