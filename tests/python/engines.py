"""Build the project on PostgreSQL and Spark, and read their tables back, for the cross-engine tests.

Which engines run: every one this machine can reach (a PostgreSQL server at CX_POSTGRES_HOST:CX_POSTGRES_PORT;
Java and pyspark for Spark), or only those named in CX_TEST_ENGINES (comma-separated: postgres, spark,
spark_thrift). An engine that cannot run is skipped with its reason, and the test session's summary says so.
"""
from __future__ import annotations

import datetime as dt
import decimal
import math
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cx_tools.load_raw import postgres_connection, postgres_settings

PROJECT_DIR = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
ENGINES = ("postgres", "spark", "spark_thrift")
# Columns that differ between two builds of the same data by design: the stamps of the run that built a row.
RUN_STAMP_COLUMNS = {"_batch_at", "judged_by_invocation_id"}
# Every Spark JVM of the tests (a driver, a Thrift server) lives a few minutes and runs small queries: the client
# JIT compiler alone (C1, one thread) and the serial collector spend a tenth to a third less CPU than the JVM's
# defaults (DECISIONLOG.md, "Less work per run"). JAVA_TOOL_OPTIONS set by the caller wins.
SHORT_LIVED_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC"


def why_unavailable(engine: str) -> str | None:
    """None when `engine` can run here, else the reason it cannot."""
    wanted = os.environ.get("CX_TEST_ENGINES")
    if wanted is not None and engine not in {name.strip() for name in wanted.split(",")}:
        return f"{engine} not in CX_TEST_ENGINES={wanted}"
    if engine == "postgres":
        settings = postgres_settings()
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            return "psycopg2 (dbt-postgres) is not installed"
        try:
            postgres_connection().close()
        except Exception as error:  # any connection failure means: no server to test against
            return (f"no PostgreSQL server at {settings['host']}:{settings['port']} "
                    f"(scripts/postgres_server.sh start DIR starts one): {str(error).strip().splitlines()[0]}")
        return None
    if engine in ("spark", "spark_thrift"):
        if shutil.which("java") is None:
            return "no Java runtime (java) for Spark"
        try:
            import pyspark  # noqa: F401
        except ImportError:
            return "pyspark is not installed"
        return None
    return f"unknown engine {engine}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class EngineBuild:
    """One engine's scratch space: its dbt target, environment and (Spark) warehouse folder."""

    engine: str
    workdir: Path
    env_overrides: dict[str, str] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return self.engine

    @property
    def spark_dir(self) -> Path:
        return self.workdir / "spark"

    def env(self, raw_dir: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            CX_TARGET=self.target,
            CX_RAW_DIR=str(raw_dir),
            CX_SPARK_DIR=str(self.spark_dir),
            DBT_PROFILES_DIR=str(PROJECT_DIR),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
            DBT_TARGET_PATH=str(self.workdir / "dbt_target"),
            DBT_LOG_PATH=str(self.workdir / "dbt_logs"),
        )
        if self.engine.startswith("spark"):
            env.setdefault("JAVA_TOOL_OPTIONS", SHORT_LIVED_JVM_OPTIONS)
        env.update(self.env_overrides)
        return env

    def run(self, args: list[str], raw_dir: Path, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(args, cwd=PROJECT_DIR, env=self.env(raw_dir), capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise AssertionError(
                f"{' '.join(args[:3])} on {self.engine} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}")
        return proc

    def load_raw(self, raw_dir: Path) -> None:
        self.run([sys.executable, "-m", "cx_tools.load_raw", "--target", self.target, "--raw-dir", str(raw_dir)],
                 raw_dir)

    def dbt(self, args: list[str], raw_dir: Path, check: bool = True) -> subprocess.CompletedProcess:
        return self.run([DBT, *args], raw_dir, check=check)

    def build(self, raw_dir: Path, args: tuple[str, ...] = ("build", "--full-refresh")) -> None:
        self.load_raw(raw_dir)
        self.dbt(list(args), raw_dir)

    def tables(self, schema: str) -> list[str]:
        if self.engine == "postgres":
            with postgres_connection() as con, con.cursor() as cur:
                cur.execute("select table_name from information_schema.tables where table_schema = %s "
                            "and table_type = 'BASE TABLE' order by 1", (schema,))
                return [name for (name,) in cur.fetchall()]
        folder = self.spark_dir / "warehouse" / f"{schema}.db"
        return sorted(path.name for path in folder.iterdir() if path.is_dir())

    def read(self, schema: str, table: str) -> tuple[list[str], list[tuple]]:
        """Column names and rows of a table. Spark's tables are read from their Parquet files in the warehouse."""
        if self.engine == "postgres":
            with postgres_connection() as con, con.cursor() as cur:
                cur.execute(f'select * from "{schema}"."{table}"')
                return [d.name for d in cur.description], cur.fetchall()
        files = self.spark_dir / "warehouse" / f"{schema}.db" / table / "*.parquet"
        with duckdb.connect() as con:
            cur = con.execute(f"select * from read_parquet('{files}')")
            return [d[0] for d in cur.description], cur.fetchall()


def read_duckdb(db: Path, schema: str, table: str) -> tuple[list[str], list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute(f'select * from "{schema}"."{table}"')
        return [d[0] for d in cur.description], cur.fetchall()


def duckdb_tables(db: Path, schema: str) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [name for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = ? order by 1", [schema]).fetchall()]


def _normalised(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def _sort_key(row: tuple) -> tuple:
    # Floats are rounded for ordering only, so rows equal to 1e-9 sort alike; the comparison is exact or to 1e-9.
    return tuple((0, "") if v is None else (1, round(v, 6)) if isinstance(v, float) else (1, str(v)) for v in row)


def table_differences(expected: tuple[list[str], list[tuple]], actual: tuple[list[str], list[tuple]],
                      ignore: set[str] = RUN_STAMP_COLUMNS, tolerance: float = 1e-9) -> list[str]:
    """What differs between two tables (same columns; same rows in any order; numbers to `tolerance`)."""
    expected_columns, expected_rows = expected
    actual_columns, actual_rows = actual
    expected_columns = [c.lower() for c in expected_columns]
    actual_columns = [c.lower() for c in actual_columns]
    if sorted(expected_columns) != sorted(actual_columns):
        return [f"columns differ: {expected_columns} vs {actual_columns}"]
    kept = [c for c in expected_columns if c not in ignore]
    positions = [actual_columns.index(c) for c in kept]
    expected_positions = [expected_columns.index(c) for c in kept]
    left = sorted((tuple(_normalised(r[i]) for i in expected_positions) for r in expected_rows), key=_sort_key)
    right = sorted((tuple(_normalised(r[i]) for i in positions) for r in actual_rows), key=_sort_key)
    if len(left) != len(right):
        return [f"{len(right)} rows instead of {len(left)}"]
    problems = []
    for a, b in zip(left, right):
        for column, x, y in zip(kept, a, b):
            if isinstance(x, float) and isinstance(y, (float, int)) and not isinstance(y, bool):
                if math.isclose(x, float(y), rel_tol=tolerance, abs_tol=tolerance):
                    continue
            elif isinstance(y, float) and isinstance(x, int) and not isinstance(x, bool):
                if math.isclose(float(x), y, rel_tol=tolerance, abs_tol=tolerance):
                    continue
            elif x == y:
                continue
            problems.append(f"{column}: {x!r} vs {y!r} in row {a}")
            if len(problems) >= 5:
                return problems
    return problems
