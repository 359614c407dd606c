"""MetricFlow (`mf`) against the warehouse the environment names, whatever an earlier `dbt parse` saw.

The semantic manifest names each model's database, and on DuckDB that name is the warehouse file's stem: a manifest
parsed with another CX_DUCKDB_PATH (a lint run against a scratch file, a test build) points `mf` at a catalog that
does not exist. This entry point keeps its own MetricFlow root (CX_METRICFLOW_DIR, default target/metricflow: the
project's dbt_project.yml and profiles.yml, and target/semantic_manifest.json, where `mf` looks), re-parses when the
manifest is missing, older than the project's files or names another database, then runs `mf` there.

    python -m cx_tools.metrics query --metrics nps --group-by metric_time__quarter   # make metrics ARGS="..."
    python -m cx_tools.metrics validate-configs
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dbt.adapters.duckdb.credentials import DuckDBCredentials

PROJECT_DIR = Path(__file__).resolve().parents[1]
# What a parse reads: a change to any of these makes the manifest stale.
PARSED_PATHS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds")
BIN = Path(sys.executable).parent


def metricflow_root() -> Path:
    return Path(os.environ.get("CX_METRICFLOW_DIR", PROJECT_DIR / "target" / "metricflow")).resolve()


def expected_database() -> str:
    """The database the semantic manifest must name for the engine the environment selects."""
    target = os.environ.get("CX_TARGET", "duckdb")
    if target == "duckdb":
        path = os.environ.get("CX_DUCKDB_PATH", str(PROJECT_DIR / "target" / "cx.duckdb"))
        return DuckDBCredentials.path_derived_database_name(path)
    if target == "postgres":
        return os.environ.get("CX_POSTGRES_DATABASE", "cx_metrics")
    raise SystemExit(f"MetricFlow runs on DuckDB or PostgreSQL, not on CX_TARGET={target!r}")


def manifest_databases(manifest: Path) -> set[str]:
    models = json.loads(manifest.read_text())["semantic_models"]
    return {model["node_relation"]["database"] for model in models}


def newest_project_change() -> float:
    newest = 0.0
    for name in PARSED_PATHS:
        path = PROJECT_DIR / name
        files = [path] if path.is_file() else path.rglob("*")
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


def why_stale(manifest: Path, database: str) -> str | None:
    if not manifest.exists():
        return "no semantic manifest yet"
    if manifest.stat().st_mtime < newest_project_change():
        return "the project changed since the last parse"
    names = manifest_databases(manifest)
    if names != {database}:
        return f"the manifest names database {', '.join(sorted(names))}, the warehouse is {database}"
    return None


def prepare_root(root: Path) -> Path:
    """The MetricFlow root, its semantic manifest parsed for the warehouse the environment names."""
    (root / "target").mkdir(parents=True, exist_ok=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        link = root / name
        if not link.is_symlink():
            link.symlink_to(PROJECT_DIR / name)
    manifest = root / "target" / "semantic_manifest.json"
    database = expected_database()
    reason = why_stale(manifest, database)
    if reason:
        print(f"Parsing the project for MetricFlow ({reason}).", file=sys.stderr)
        env = {**os.environ, "DBT_PROFILES_DIR": str(PROJECT_DIR), "DBT_LOG_PATH": str(root / "logs")}
        env.pop("DBT_TARGET_PATH", None)
        subprocess.run([str(BIN / "dbt"), "parse", "--quiet", "--target-path", str(root / "target")],
                       cwd=PROJECT_DIR, env=env, check=True)
        if manifest_databases(manifest) != {database}:
            raise SystemExit(f"dbt parse wrote a manifest for {manifest_databases(manifest)}, not {database}")
    return root


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        print("\nEvery argument is passed to `mf` (see `mf --help`).")
        return 0
    root = prepare_root(metricflow_root())
    env = {**os.environ, "DBT_PROJECT_DIR": str(root), "DBT_PROFILES_DIR": str(PROJECT_DIR),
           "DBT_LOG_PATH": str(root / "logs")}
    env.pop("DBT_TARGET_PATH", None)
    return subprocess.run([str(BIN / "mf"), *args], cwd=root, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main())
