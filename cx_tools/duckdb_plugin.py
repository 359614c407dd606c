"""dbt-duckdb plugin (profiles.yml `plugins:`): the raw-file checks as SQL functions of the dbt connection.

    cx_raw_file_records(path, file_format, max_line_bytes) -> BIGINT

The physical record count of one raw file, made by a pass independent of DuckDB's CSV reader: Python's own csv
module for CSV (cx_tools.raw_files.check_csv, which also stops on a malformed file, naming the file, the line and
the problem), the footer's row count for Parquet. The on-run-start check (macros/raw/check_raw_files.sql) and the
model stg_raw__files call it. Results are cached per (path, size, modification time) for the life of the process,
so one dbt invocation reads each file once.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from cx_tools.raw_files import check_csv, count_parquet


@lru_cache(maxsize=4096)
def _records(path: str, file_format: str, max_line_bytes: int, _size: int, _mtime_ns: int) -> int:
    if file_format == "parquet":
        return count_parquet(Path(path))
    return check_csv(Path(path), max_line_bytes=max_line_bytes)


def raw_file_records(path: str, file_format: str, max_line_bytes: int) -> int:
    stat = os.stat(path)
    return _records(path, file_format, int(max_line_bytes), stat.st_size, stat.st_mtime_ns)


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        conn.create_function(
            "cx_raw_file_records", raw_file_records, ["VARCHAR", "VARCHAR", "BIGINT"], "BIGINT",
            side_effects=False,
        )
