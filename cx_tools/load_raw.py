"""Put the raw folder (CX_RAW_DIR) in front of the engine the dbt target names.

The raw tables are those of the sources the build reads (CX_SURVEY_SOURCES, CX_HELPDESK_SOURCE, as the dbt vars
cx_survey_sources and cx_helpdesk_source default to): the six-file contract's, and the Qualtrics and Zendesk
connectors' tables, named exactly as the connector names them. First, on every target, every raw file is checked by cx_tools.raw_files (the physical
record count; a malformed file stops the load with exit code 1, naming the file, the line and the problem). Then:

- DuckDB reads the files itself (external_location in dbt_project.yml): nothing more to do.
- PostgreSQL: each raw table is streamed into the `raw` schema (a connector's into its own, `qualtrics` and
  `zendesk` by default, as Fivetran lands them) with COPY ... FROM STDIN, every column text, so bad
  values arrive intact and staging judges them. The files are parsed by the reader the DuckDB engine uses (CSV
  with every field as text and every reader option pinned, Parquet cast to text), so both engines see the same
  rows, in file order. The manifest table <schema>.cx_raw_files (one row per file, with its physical record count)
  is replaced in the same connection.
- Spark: each raw table is created over its files (CSV or Parquet, read natively as a data lake does), and the
  manifest <schema>.cx_raw_files is written, through `dbt run-operation create_raw_tables`, so the same command
  works in-process and against a Thrift server.

A table is found as <dir>/<table>.csv, <dir>/<table>.parquet, or a folder of part files <dir>/<table>/*.csv or
*.parquet (read in name order; names starting with `.` or `_`, such as macOS `._part.csv` or `_SUCCESS`, are not
data and are ignored); exactly one of these must exist, else the load stops naming the table and folder.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from cx_tools import CONTRACT_SOURCES

if TYPE_CHECKING:
    import psycopg2.extensions

    from cx_tools.raw_files import RawFile

PROJECT_DIR = Path(__file__).resolve().parents[1]
SOURCES_GLOB = "models/staging/*/_*__sources.yml"
FORMATS = ("detect", "csv", "parquet")
DEFAULT_MAX_LINE_BYTES = 10_000_000  # the dbt var cx_max_line_bytes
MANIFEST_TABLE = "cx_raw_files"
# The loaded row's place in its table's files; postgres__select_numbered_raw_rows reads it under this name.
ROW_NUMBER_COLUMN = "cx_row_number"
MANIFEST_COLUMNS = (("source_table", "text"), ("file_path", "text"), ("file_format", "text"),
                    ("size_bytes", "bigint"), ("modified_at", "timestamp"), ("physical_records", "bigint"))
EPILOG = """\
output: one line per table on stdout (`load_raw: checked <table>: N files, M records`, then, on PostgreSQL,
`load_raw: <schema>.<table>: N rows`, on Spark `load_raw: <schema>.<table> over <files>`); errors on stderr.

exit status:
  0  every raw file checked (and, on PostgreSQL or Spark, every table loaded)
  1  a malformed raw file (named with its line and the problem), a table missing or found twice, an unknown
     target, or `dbt run-operation create_raw_tables` failed (Spark); every file is checked before anything is
     loaded, so a malformed file loads nothing (a PostgreSQL server that cannot be reached: a traceback, also 1)
  2  bad arguments

examples:
  python -m cx_tools.load_raw                   # target from CX_TARGET (default duckdb): the pre-check only
  python -m cx_tools.load_raw --target postgres --raw-dir data/fixtures/dirty_raw
  CX_SURVEY_SOURCES=qualtrics python -m cx_tools.load_raw --target spark --raw-dir data/fixtures/connectors_raw
"""


class RawLoadError(Exception):
    """The raw folder does not hold a table as the contract says."""


@dataclass(frozen=True)
class RawTable:
    name: str
    extension: str  # csv or parquet
    files: tuple[Path, ...]  # in name order
    location: str  # the pattern that matched, for messages and for Spark

    @property
    def is_folder(self) -> bool:
        return "*" in self.location


# CONTRACT_SOURCES: the sources of the six-file contract; the others are connectors, whose tables the audit names
# <connector>.<table> (macros/raw/raw_files.sql, raw_source_table_name).


def selected_sources(environ: dict[str, str] | None = None) -> tuple[list[str], str]:
    """(survey sources, helpdesk source) of the build, from CX_SURVEY_SOURCES and CX_HELPDESK_SOURCE (the
    defaults of the dbt vars cx_survey_sources and cx_helpdesk_source)."""
    environ = os.environ if environ is None else environ
    survey = [name.strip().lower() for name in environ.get("CX_SURVEY_SOURCES", "cx").split(",") if name.strip()]
    return survey, environ.get("CX_HELPDESK_SOURCE", "cx").strip().lower()


def is_source_read(source_name: str, environ: dict[str, str] | None = None) -> bool:
    """Whether the build reads source `source_name` (the enabled flags of the sources YAML)."""
    survey, helpdesk = selected_sources(environ)
    return {
        "survey_platform": "cx" in survey,
        "helpdesk": helpdesk == "cx",
        "qualtrics": "qualtrics" in survey,
        "zendesk": "zendesk" in survey or helpdesk == "zendesk",
    }.get(source_name, True)


def source_tables(project_dir: Path = PROJECT_DIR, environ: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(source name, table name) of every raw table the build reads (the sources YAML)."""
    return [(source["name"], table["name"])
            for path in sorted(project_dir.glob(SOURCES_GLOB))
            for source in yaml.safe_load(path.read_text())["sources"]
            if is_source_read(source["name"], environ)
            for table in source["tables"]]


def contract_tables(project_dir: Path = PROJECT_DIR) -> list[str]:
    """The raw tables the build reads, by file name (the sources YAML)."""
    return [name for _, name in source_tables(project_dir)]


def audit_table_name(source_name: str, table_name: str) -> str:
    """The audit's source_table of a raw table: the contract's file name, or <connector>.<table>."""
    return table_name if source_name in CONTRACT_SOURCES else f"{source_name}.{table_name}"


def raw_reader_settings(project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """How DuckDB finds and reads a raw table, as the project declares it once (the source meta of dbt_project.yml
    that external_location and raw_source read): cx_part_files, cx_csv_options, cx_parquet_columns_as_text."""
    meta = yaml.safe_load((project_dir / "dbt_project.yml").read_text())["sources"]["cx_metrics"]["+meta"]
    return {key: " ".join(meta[key].split()) for key in ("cx_part_files", "cx_csv_options", "cx_parquet_columns_as_text")}


def locate(raw_dir: Path, name: str, raw_format: str = "detect") -> RawTable:
    """The one layout of `name` in `raw_dir` (the rule raw_table_location applies on DuckDB)."""
    if raw_format not in FORMATS:
        raise RawLoadError(f"cx_raw_format must be detect, csv or parquet, not '{raw_format}'")
    extensions = ("csv", "parquet") if raw_format == "detect" else (raw_format,)
    candidates = []
    for extension in extensions:
        single = raw_dir / f"{name}.{extension}"
        candidates.append((extension, str(single), [single] if single.is_file() else []))
        folder = raw_dir / name
        part_files = f"{raw_reader_settings()['cx_part_files']}.{extension}"
        parts = sorted(p for p in folder.glob(part_files) if p.is_file()) if folder.is_dir() else []
        candidates.append((extension, str(folder / f"*.{extension}"), parts))
    found = [(extension, pattern, files) for extension, pattern, files in candidates if files]
    if not found:
        expected = ", ".join(pattern for _, pattern, _ in candidates)
        raise RawLoadError(
            f"No raw file for table '{name}' in folder {raw_dir} (cx_raw_format: {raw_format}). Expected one of: {expected}"
        )
    if len(found) > 1:
        raise RawLoadError(
            f"Raw table '{name}' is found more than once in folder {raw_dir}: "
            + " and ".join(pattern for _, pattern, _ in found)
            + ". Keep one file or one folder of part files per table."
        )
    extension, pattern, files = found[0]
    return RawTable(name, extension, tuple(files), pattern)


def locate_all(raw_dir: Path, raw_format: str = "detect") -> list[RawTable]:
    return [locate(raw_dir, name, raw_format) for name in contract_tables()]


# --- PostgreSQL -------------------------------------------------------------------------------------------------


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def duckdb_text_select(table: RawTable, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> str:
    """The rows of `table` with every column as text, in file order, read as the DuckDB engine reads them (with the
    reader settings external_location uses, raw_reader_settings), for the loader and the benchmark."""
    files = ", ".join(sql_string(str(path)) for path in table.files)
    settings = raw_reader_settings()
    if table.extension == "csv":
        return (f"select * from read_csv([{files}], {settings['cx_csv_options']}, "
                f"max_line_size = {int(max_line_bytes)})")
    return (f"select {settings['cx_parquet_columns_as_text']} "
            f"from read_parquet([{files}], binary_as_string = true)")


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def postgres_settings() -> dict[str, str]:
    """The connection settings of the postgres target (profiles.yml reads the same variables, same defaults)."""
    return {
        "host": os.environ.get("CX_POSTGRES_HOST", "127.0.0.1"),
        "port": os.environ.get("CX_POSTGRES_PORT", "55432"),
        "user": os.environ.get("CX_POSTGRES_USER", "cx_dbt"),
        "password": os.environ.get("CX_POSTGRES_PASSWORD", "cx_dbt_local"),
        "dbname": os.environ.get("CX_POSTGRES_DATABASE", "cx_metrics"),
    }


def postgres_connection(**overrides: str) -> psycopg2.extensions.connection:
    """A connection with the postgres target's settings; `overrides` (e.g. another user) replace some."""
    import psycopg2

    return psycopg2.connect(connect_timeout=5, **{**postgres_settings(), **overrides})


def write_postgres_manifest(cur: psycopg2.extensions.cursor, schema: str, raw_files: list[RawFile]) -> None:
    """Replace <schema>.cx_raw_files with one row per raw file (cursor `cur`, in its transaction)."""
    relation = f"{_quote_identifier(schema)}.{_quote_identifier(MANIFEST_TABLE)}"
    cur.execute(f"drop table if exists {relation} cascade")
    cur.execute(f"create table {relation} ({', '.join(f'{name} {kind}' for name, kind in MANIFEST_COLUMNS)})")
    cur.executemany(
        f"insert into {relation} ({', '.join(name for name, _ in MANIFEST_COLUMNS)}) values (%s, %s, %s, %s, %s, %s)",
        [(f.source_table, f.file_path, f.file_format, f.size_bytes, f.modified_at, f.physical_records)
         for f in raw_files],
    )
    cur.execute(f"analyze {relation}")


def load_postgres(tables: list[RawTable], schema: str, raw_files: list[RawFile],
                  max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
                  table_schemas: dict[str, str] | None = None) -> dict[str, int]:
    """Replace each raw table with the rows of its files, in `schema` or the schema `table_schemas` names for it
    (a connector's), and the manifest <schema>.cx_raw_files with `raw_files`, in one connection; returns rows
    loaded per table."""
    import duckdb

    loaded: dict[str, int] = {}
    reader = duckdb.connect()
    reader.execute("set preserve_insertion_order = true")
    with postgres_connection() as con, con.cursor() as cur, tempfile.TemporaryDirectory() as scratch:
        cur.execute(f"create schema if not exists {_quote_identifier(schema)}")
        write_postgres_manifest(cur, schema, raw_files)
        for table in tables:
            select = duckdb_text_select(table, max_line_bytes)
            columns = [row[0] for row in reader.execute(f"describe {select}").fetchall()]
            csv_path = Path(scratch) / f"{table.name}.csv"
            # NUL cannot be stored in PostgreSQL text: it becomes U+FFFD, which staging then judges like any text.
            text_columns = ", ".join(
                f"replace({_quote_identifier(c)}, chr(0), chr(65533)) as {_quote_identifier(c)}" for c in columns
            )
            # Each row carries its place in the table's files (ROW_NUMBER_COLUMN: 1, 2, ... in file order), the
            # identity staging keys it on; an incremental run reads the rows after the last one staged with a
            # range condition on this indexed column, which the scan applies (macros/raw/delivered_raw_rows.sql).
            reader.execute(
                f"copy (select row_number() over () as {ROW_NUMBER_COLUMN}, {text_columns} from ({select})) "
                f"to {sql_string(str(csv_path))} (format csv, header true)"
            )
            table_schema = (table_schemas or {}).get(table.name, schema)
            cur.execute(f"create schema if not exists {_quote_identifier(table_schema)}")
            relation = f"{_quote_identifier(table_schema)}.{_quote_identifier(table.name)}"
            column_list = ", ".join(_quote_identifier(c) for c in [ROW_NUMBER_COLUMN, *columns])
            column_types = [f"{ROW_NUMBER_COLUMN} bigint not null", *(_quote_identifier(c) + " text" for c in columns)]
            cur.execute(f"drop table if exists {relation} cascade")
            cur.execute(f"create table {relation} ({', '.join(column_types)})")
            with csv_path.open("rb") as stream:
                cur.copy_expert(
                    f"copy {relation} ({column_list}) from stdin with (format csv, header true)", stream
                )
            cur.execute(f"create index on {relation} ({ROW_NUMBER_COLUMN})")
            cur.execute(f"select count(*) from {relation}")
            loaded[table.name] = cur.fetchone()[0]
            cur.execute(f"analyze {relation}")
    return loaded


# --- Spark ------------------------------------------------------------------------------------------------------


def manifest_rows(raw_files: list[RawFile]) -> list[dict[str, str | int]]:
    """The manifest rows as plain values for dbt --args (modified_at as ISO text)."""
    return [
        {"source_table": f.source_table, "file_path": f.file_path, "file_format": f.file_format,
         "size_bytes": f.size_bytes, "modified_at": f.modified_at.isoformat(),
         "physical_records": f.physical_records}
        for f in raw_files
    ]


def load_spark(tables: list[RawTable], schema: str, target: str, raw_files: list[RawFile],
               table_schemas: dict[str, str] | None = None) -> None:
    """Create each raw table over its files, in `schema` or the schema `table_schemas` names for it (a
    connector's), and the manifest <schema>.cx_raw_files from `raw_files`, with dbt run-operation
    (macros/raw/create_raw_tables.sql), one call per schema."""
    from dbt.cli.main import dbtRunner

    by_schema: dict[str, list[RawTable]] = {schema: []}
    for table in tables:
        by_schema.setdefault((table_schemas or {}).get(table.name, schema), []).append(table)
    for table_schema, members in by_schema.items():
        specs = [
            {"name": t.name, "format": t.extension,
             "path": str(t.files[0].parent / f"*.{t.extension}") if t.is_folder else str(t.files[0])}
            for t in members
        ]
        arguments = {"schema": table_schema, "tables": specs}
        if table_schema == schema:
            arguments["files"] = manifest_rows(raw_files)
        args = ["run-operation", "create_raw_tables", "--args", json.dumps(arguments),
                "--target", target, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR), "--quiet"]
        result = dbtRunner().invoke(args)
        if not result.success:
            raise RawLoadError(f"dbt run-operation create_raw_tables failed: {result.exception}")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive number of bytes, not {text}")
    return value


def check_raw_files(raw_dir: Path, raw_format: str, max_line_bytes: int) -> list[RawFile]:
    """The pre-check of every contract table's files (cx_tools.raw_files), printed one line per table."""
    from cx_tools.raw_files import inspect_folder

    names = {table: audit_table_name(source, table) for source, table in source_tables()}
    raw_files = [replace(f, source_table=names[f.source_table])
                 for f in inspect_folder(raw_dir, list(names), raw_format, max_line_bytes)]
    for name in dict.fromkeys(f.source_table for f in raw_files):
        files = [f for f in raw_files if f.source_table == name]
        records = sum(f.physical_records for f in files)
        print(f"load_raw: checked {name}: {len(files)} file{'s' * (len(files) != 1)}, {records} records")
    return raw_files


def parser() -> argparse.ArgumentParser:
    """The argument parser (its --help describes every option); defaults read from the environment now."""
    result = argparse.ArgumentParser(prog="python -m cx_tools.load_raw", description=__doc__, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument("--target", default=os.environ.get("CX_TARGET", "duckdb"), metavar="TARGET",
                        help="dbt target: duckdb, postgres, spark or spark_thrift (default: $CX_TARGET, else duckdb)")
    result.add_argument("--raw-dir", type=Path, metavar="DIR",
                        default=Path(os.environ.get("CX_RAW_DIR", PROJECT_DIR / "data" / "sample")),
                        help="the raw folder to check and load (default: $CX_RAW_DIR, else data/sample)")
    result.add_argument("--format", default="detect", choices=FORMATS,
                        help="raw file format, like the dbt var cx_raw_format: detect (a table's .csv or .parquet, "
                             "whichever exists), csv or parquet (default: detect)")
    result.add_argument("--schema", default=os.environ.get("CX_RAW_SCHEMA", "raw"), metavar="SCHEMA",
                        help="schema of the contract's raw tables and of the manifest cx_raw_files, on PostgreSQL "
                             "and Spark (default: $CX_RAW_SCHEMA, else raw)")
    result.add_argument("--qualtrics-schema", default="qualtrics", metavar="SCHEMA",
                        help="schema of the Qualtrics connector's tables (the dbt var qualtrics_schema; "
                             "default: qualtrics)")
    result.add_argument("--zendesk-schema", default="zendesk", metavar="SCHEMA",
                        help="schema of the Zendesk connector's tables (the dbt var zendesk_schema; "
                             "default: zendesk)")
    result.add_argument("--max-line-bytes", type=_positive_int, metavar="BYTES",
                        default=os.environ.get("CX_MAX_LINE_BYTES", str(DEFAULT_MAX_LINE_BYTES)),
                        help="longest CSV record in bytes, like the dbt var cx_max_line_bytes "
                             f"(default: $CX_MAX_LINE_BYTES, else {DEFAULT_MAX_LINE_BYTES})")
    return result


def main(argv: list[str] | None = None) -> int:
    from cx_tools.raw_files import RawFileError

    args = parser().parse_args(argv)

    try:
        if args.target != "duckdb" and args.target != "postgres" and not args.target.startswith("spark"):
            raise RawLoadError(f"unknown target '{args.target}' (duckdb, postgres, spark, spark_thrift)")
        raw_dir = args.raw_dir.resolve()
        raw_files = check_raw_files(raw_dir, args.format, args.max_line_bytes)
        if args.target == "duckdb":
            print("load_raw: DuckDB reads CX_RAW_DIR directly; nothing to load.")
            return 0
        tables = locate_all(raw_dir, args.format)
        connector_schemas = {"qualtrics": args.qualtrics_schema, "zendesk": args.zendesk_schema}
        table_schemas = {table: connector_schemas.get(source, args.schema) for source, table in source_tables()}
        if args.target == "postgres":
            loaded = load_postgres(tables, args.schema, raw_files, args.max_line_bytes, table_schemas)
            for name, rows in loaded.items():
                print(f"load_raw: {table_schemas[name]}.{name}: {rows} rows")
        else:
            load_spark(tables, args.schema, args.target, raw_files, table_schemas)
            for table in tables:
                print(f"load_raw: {args.schema}.{table.name} over {table.location}")
    except (RawLoadError, RawFileError) as error:
        print(f"load_raw: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
