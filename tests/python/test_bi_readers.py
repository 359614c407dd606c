"""The warehouse file opens in the DuckDB readers BI tools embed, and through the SQLAlchemy dialect.

BI tools embed DuckDB 1.4 or 1.5 (Metabase's driver, Evidence, Rill, the Grafana plugin, MotherDuck clients), which
cannot read DuckDB 2.0's own storage format; the profile creates the file in 1.4's (storage_compatibility_version).
Each old reader is installed once into its own environment under .venv/bi-readers/ from the registry `make install`
uses, opens the sample warehouse and the file `make publish` writes from it (the marts only) read-only, lists the
marts and dumps every one of them; the dumps must equal what duckdb 2.0 reads in the warehouse. Then the published
file is opened through duckdb-engine, as Superset connects.
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
from cx_tools.publish import publish

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


@pytest.fixture(scope="module")
def published(sample_warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("publish") / "cx_marts.duckdb"
    assert len(publish(sample_warehouse, out)) == 19
    return out


@pytest.mark.parametrize("line", sorted(OLD_READERS))
@pytest.mark.parametrize("file", ["warehouse", "published"])
def test_old_duckdb_reader_reads_every_mart_as_duckdb_2_does(line, file, sample_warehouse, published, current_dump):
    old = dump_marts(str(reader_python(line)), sample_warehouse if file == "warehouse" else published)
    assert old["version"] == OLD_READERS[line].split("==")[1]
    assert current_dump["version"] == duckdb.__version__ and duckdb.__version__.startswith("2.")
    assert len(old["marts"]) == 19
    assert sorted(old["marts"]) == sorted(current_dump["marts"])
    for table, expected in current_dump["marts"].items():
        assert old["marts"][table]["columns"] == expected["columns"], table
        assert old["marts"][table]["rows"] == expected["rows"], f"{table}: rows differ under duckdb {line}"
    assert len(old["marts"]["fct_cx_scores"]["rows"]) > 1000


@pytest.mark.parametrize("file", ["warehouse", "published"])
def test_file_is_written_in_the_storage_format_of_duckdb_1_4(file, sample_warehouse, published):
    # The storage the file was created with (the profile's config_options, publish's ATTACH; CX_DUCKDB_STORAGE_VERSION).
    path = sample_warehouse if file == "warehouse" else published
    with duckdb.connect(str(path), read_only=True) as con:
        (tag,) = con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
        ).fetchone()
    assert tag == "v1.4.0+", tag


def test_published_file_holds_the_marts_and_nothing_else(sample_warehouse, published):
    """No raw record (audit), staging view or employee answer (restricted) in the file BI tools open; the marts'
    descriptions come along."""
    with duckdb.connect(str(published), read_only=True) as con:
        schemas = {s for (s,) in con.execute(
            "select schema_name from duckdb_tables() union select schema_name from duckdb_views() where not internal"
        ).fetchall()}
        comments = con.execute("select table_name, column_name, comment from duckdb_columns() "
                               "where schema_name = 'marts' order by all").fetchall()
    assert schemas == {"marts"}
    assert comments == query(sample_warehouse, "select table_name, column_name, comment from duckdb_columns() "
                                               "where schema_name = 'marts' order by all")
    assert all(comment for _, _, comment in comments)


def test_publish_replaces_the_file_whole(sample_warehouse, tmp_path):
    out = tmp_path / "cx_marts.duckdb"
    out.write_bytes(b"an older copy a BI tool had open")
    publish(sample_warehouse, out)
    assert query(out, "select count(*) from marts.fct_cx_scores") == \
        query(sample_warehouse, "select count(*) from marts.fct_cx_scores")
    assert [p.name for p in tmp_path.iterdir()] == ["cx_marts.duckdb"]  # no scratch file left


def test_sqlalchemy_dialect_reads_the_marts_read_only(sample_warehouse, published):
    """As Superset connects to the published file: duckdb-engine's URL, read-only, schema and column reflection."""
    engine = sa.create_engine(f"duckdb:///{published}?access_mode=read_only")
    try:
        inspector = sa.inspect(engine)
        assert "cx_marts.marts" in inspector.get_schema_names()
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
