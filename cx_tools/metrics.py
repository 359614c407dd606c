"""MetricFlow (`mf`) against the warehouse the environment names, whatever an earlier `dbt parse` saw.

The semantic manifest names each model's database, and on DuckDB that name is the warehouse file's stem: a manifest
parsed with another CX_DUCKDB_PATH (a lint run against a scratch file, a test build) points `mf` at a catalog that
does not exist. This entry point keeps its own MetricFlow root (CX_METRICFLOW_DIR, default target/metricflow: the
project's dbt_project.yml and profiles.yml, and target/semantic_manifest.json, where `mf` looks), re-parses when the
manifest is missing, older than the project's files or names another database, then runs `mf` there.

Every argument is forwarded to `mf` unchanged (`make metrics ARGS="..."` forwards ARGS): this command has no options
of its own. Only no argument, or -h/--help as the first one, shows this help instead of running `mf`; for mf's own
help run `python -m cx_tools.metrics <command> --help` (e.g. query --help) or `.venv/bin/mf --help`. The arguments are
therefore not parsed by argparse (it would refuse, or take for its own, a leading mf option such as --version):
parser() only renders this help. Reads CX_TARGET (duckdb or postgres), CX_DUCKDB_PATH or CX_POSTGRES_DATABASE and
CX_METRICFLOW_DIR; writes the MetricFlow root (symlinks, semantic manifest, dbt logs) and whatever `mf` writes.
"""
from __future__ import annotations

import argparse
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
HELP_FLAGS = ("-h", "--help")  # as the first argument: this command's help; anywhere else: mf's
EPILOG = """\
exit status: mf's own (0 when the command succeeded); 0 after this help; 1 when CX_TARGET is neither duckdb nor
postgres, or the re-parse failed (`dbt parse`'s output says why).

examples:
  python -m cx_tools.metrics query --metrics nps --group-by metric_time__quarter
  python -m cx_tools.metrics query --metrics nps,ces --group-by metric_time__year,response__program --csv nps.csv
  python -m cx_tools.metrics validate-configs --skip-dw        # the semantics only, without the warehouse
  python -m cx_tools.metrics query --help                      # mf's help of `query`
  make metrics ARGS="query --metrics nps --group-by metric_time__quarter"
"""


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


def parser() -> argparse.ArgumentParser:
    """The parser whose --help describes this command; main() forwards the arguments without parsing them."""
    result = argparse.ArgumentParser(prog="python -m cx_tools.metrics", description=__doc__, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument("mf_args", nargs=argparse.REMAINDER, metavar="MF_ARGUMENT",
                        help="an mf command and its arguments (query, validate-configs, list metrics, ...), "
                             "forwarded to `mf` unchanged")
    return result


def main(argv: list[str] | None = None) -> int:
    """Run `mf` with `argv` (default sys.argv[1:]) on the warehouse the environment names; returns its exit status.

    No argument, or -h/--help first, prints parser()'s help and returns 0; anything else goes to `mf` verbatim."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in HELP_FLAGS:
        parser().print_help()
        return 0
    root = prepare_root(metricflow_root())
    env = {**os.environ, "DBT_PROJECT_DIR": str(root), "DBT_PROFILES_DIR": str(PROJECT_DIR),
           "DBT_LOG_PATH": str(root / "logs")}
    env.pop("DBT_TARGET_PATH", None)
    return subprocess.run([str(BIN / "mf"), *args], cwd=root, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main())
