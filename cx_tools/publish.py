"""Publish the marts for BI tools: a DuckDB file holding the `marts` schema only, in the storage format DuckDB 1.4 and
later read, swapped in whole so a BI tool never sees a half-written file and never locks dbt out of the warehouse.

Why a copy rather than the warehouse itself: a DuckDB file has no grants, so whoever opens the warehouse can read
the raw records kept in `audit`, the staging views and the employee answers in `restricted`; and a process that
holds the file open blocks the next `dbt run` from writing it. The published file has the marts (tables, columns,
their descriptions) and nothing else. Copied as they are; nothing is computed here. The new file is written beside
--out (.<name>.<pid>.tmp) and renamed over it; the warehouse is attached read-only.
"""
from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import duckdb

PUBLISHED_SCHEMA = "marts"
DEFAULT_STORAGE_VERSION = "v1.4.0"
EPILOG = """\
exit status: 0 when the file was published (one line on stdout: how many marts, where, the storage version and
the time); 1 when there is no warehouse at --duckdb or it has no tables in schema marts (build it first: make
build); 2 on bad arguments.

examples:
  python -m cx_tools.publish --duckdb target/cx.duckdb --out target/publish/cx_marts.duckdb
  python -m cx_tools.publish --duckdb target/cx.duckdb --out /srv/bi/cx_marts.duckdb --storage-version v1.1.0
  make publish PUBLISH_PATH=/srv/bi/cx_marts.duckdb        # the same through make (CX_DUCKDB_PATH's warehouse)
"""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def publish(warehouse: Path, out: Path, storage_version: str = DEFAULT_STORAGE_VERSION) -> list[str]:
    """Write the marts of `warehouse` to `out` (replaced whole); returns the tables published."""
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    scratch.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch), config={"storage_compatibility_version": storage_version})
    try:
        con.execute(f"attach {_literal(str(warehouse))} as warehouse (read_only)")
        tables = con.execute(
            "select table_name, sql, comment from duckdb_tables() where database_name = 'warehouse' "
            "and schema_name = ? order by table_name", [PUBLISHED_SCHEMA]).fetchall()
        if not tables:
            raise SystemExit(f"{warehouse} has no tables in schema {PUBLISHED_SCHEMA}: build it first (make build)")
        columns = con.execute(
            "select table_name, column_name, comment from duckdb_columns() where database_name = 'warehouse' "
            "and schema_name = ? and comment is not null", [PUBLISHED_SCHEMA]).fetchall()
        con.execute(f"create schema {PUBLISHED_SCHEMA}")
        for table, ddl, comment in tables:
            relation = f"{PUBLISHED_SCHEMA}.{_identifier(table)}"
            con.execute(ddl)  # the table's own CREATE TABLE: same columns, types and order
            con.execute(f"insert into {relation} select * from warehouse.{relation}")
            if comment:
                con.execute(f"comment on table {relation} is {_literal(comment)}")
        for table, column, comment in columns:
            con.execute(f"comment on column {PUBLISHED_SCHEMA}.{_identifier(table)}.{_identifier(column)} "
                        f"is {_literal(comment)}")
        con.execute("detach warehouse")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        scratch.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(scratch, out)
    return [table for table, _, _ in tables]


def parser() -> argparse.ArgumentParser:
    """The argument parser (its --help describes every option)."""
    result = argparse.ArgumentParser(prog="python -m cx_tools.publish", description=__doc__, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument("--duckdb", type=Path, required=True, metavar="PATH",
                        help="the warehouse dbt built, opened read-only (required)")
    result.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="the file BI tools open, read-only; its folder is created, an existing file is "
                             "replaced whole (required)")
    result.add_argument("--storage-version", metavar="VERSION",
                        default=os.environ.get("CX_DUCKDB_STORAGE_VERSION", DEFAULT_STORAGE_VERSION),
                        help="the oldest DuckDB that must read the file, as DuckDB's storage_compatibility_version "
                             f"(default: $CX_DUCKDB_STORAGE_VERSION, else {DEFAULT_STORAGE_VERSION})")
    return result


def main(argv: list[str] | None = None) -> int:
    """Publish the marts as the command line says; returns the exit status (see EPILOG)."""
    args = parser().parse_args(argv)
    if not args.duckdb.exists():
        print(f"No warehouse at {args.duckdb}: build it first (make build).", file=sys.stderr)
        return 1
    tables = publish(args.duckdb, args.out, args.storage_version)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"Published {len(tables)} marts of {args.duckdb} to {args.out} ({args.storage_version} storage, {stamp})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
