"""Run the expectation suites over the DuckDB warehouse and write Data Docs.

Reads the warehouse (opened read-only) and the dbt manifest of the build; writes the Data Docs site (HTML) to
--docs-dir and the summary to stdout. The suites (suites.py) are one per raw source table, one per table of schema
`marts` and one per plausibility test of the dbt project.

Route (see ../shared/STACK.md): each table is read with DuckDB, opened read-only, into a pandas DataFrame and
validated through a GX pandas datasource (`add_dataframe_asset` -> `add_batch_definition_whole_dataframe`), one
checkpoint per suite run with `batch_parameters={"dataframe": df}`. The GX context is ephemeral: the only thing
written to disk is the Data Docs site. GX analytics are switched off before GX is imported.

The Data Docs load nothing from the internet: the CDN scripts and stylesheets GX's pages reference are copied into
the site from the npm packages `make install-docs-assets` installs, and the pages rewritten to them
(offline_assets.py); every page this run wrote names the warehouse and the time. Without those packages the run
stops before validating (exit 2), naming the missing files and the make target.

Prints one line per suite (PASS/WARN/FAIL, expectations met, rows), then one indented line per failed expectation
naming it, its column(s) and examples of bad values. The plausibility suites (the dbt tests tagged `plausibility`)
only warn: their line gives the count of implausible rows and the file of the query that lists them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import duckdb  # noqa: E402

if TYPE_CHECKING:
    from great_expectations.core import ExpectationValidationResult

PROJECT_DIR = Path(__file__).resolve().parents[2]
DOCS_SITE = "cx_data_docs"
EPILOG = """\
exit status:
  0  every suite passed or only warned (plausibility)
  1  an expectation failed (or a mart of the dbt manifest is missing from the warehouse)
  2  no warehouse or no manifest at the paths given, the Data Docs assets are not installed (make
     install-docs-assets), the Data Docs could not be made offline, or bad arguments

examples:
  python -m cx_tools.validation --duckdb target/cx.duckdb
  python -m cx_tools.validation --duckdb /data/cx.duckdb --manifest /data/dbt_target/manifest.json \\
      --docs-dir /tmp/gx_data_docs
  make validate                      # dbt source freshness, then this on CX_DUCKDB_PATH's warehouse
"""


def default_target_dir() -> Path:
    """dbt's target folder: DBT_TARGET_PATH (relative to the project) or <project>/target."""
    return PROJECT_DIR / os.environ.get("DBT_TARGET_PATH", "target")


def _describe_failure(result: ExpectationValidationResult) -> str:
    """`expectation(column=...) : N unexpected (x%) e.g. [...]` for one failed expectation result."""
    cfg = result.expectation_config
    kwargs = {k: v for k, v in cfg.kwargs.items() if k in ("column", "column_A", "column_B", "column_list")}
    extras = {k: cfg.kwargs[k] for k in ("min_value", "max_value", "regex", "mostly") if cfg.kwargs.get(k) is not None}
    args = ", ".join(f"{k}={v}" for k, v in {**kwargs, **extras}.items())
    res = result.result or {}
    detail = []
    if res.get("unexpected_count") is not None:
        detail.append(f"{res['unexpected_count']} unexpected ({res.get('unexpected_percent') or 0:.2f}%)")
    if res.get("partial_unexpected_list"):
        detail.append(f"e.g. {res['partial_unexpected_list'][:5]}")
    if result.exception_info and result.exception_info.get("raised_exception"):
        detail.append(f"error: {result.exception_info.get('exception_message', '')[:200]}")
    if not detail and cfg.type == "expect_column_to_exist":
        detail.append("column missing")
    if not detail and res.get("observed_value") is not None:
        detail.append(f"observed {res['observed_value']}")
    return f"{cfg.type}({args}): {'; '.join(detail) or 'failed'}"


def _read_warehouse(duckdb_path: Path, manifest: dict, now: datetime,
                    out: TextIO) -> tuple[list, dict[str, "pandas.DataFrame"], list[str]]:
    """The checks of every raw table and mart, each check's rows read from the warehouse, and the marts the manifest
    names that the warehouse lacks. A raw table that cannot be read is reported (FAIL) and checked as empty."""
    from cx_tools.validation import suites

    con = duckdb.connect(str(duckdb_path), read_only=True)
    con.execute("set TimeZone = 'UTC'")
    try:
        present = {}
        for unique_id, source in manifest["sources"].items():
            try:
                probe = con.execute(f"select * from {source['relation_name']} limit 0")
                present[unique_id] = [d[0] for d in probe.description]
            except duckdb.Error as exc:
                present[unique_id] = []
                print(f"FAIL  raw.{source['source_name']}.{source['name']}: cannot read "
                      f"{source['relation_name'][:120]}: {str(exc).splitlines()[0]}", file=out)
        checks = suites.raw_checks(manifest, present, now)
        found = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        for table in found:
            columns = [r[0] for r in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = ? order by ordinal_position", [table]).fetchall()]
            checks.append(suites.mart_check(table, columns, manifest))
        checks.extend(suites.plausibility_checks(manifest))
        missing_marts = sorted(set(suites.manifest_marts(manifest)) - set(found))
        frames = {check.name: con.execute(check.sql).df() for check in checks}
    finally:
        con.close()
    return checks, frames, missing_marts


def _run_check(gx, context, datasource, check, df, out: TextIO) -> str:
    """Validate one check's rows with its suite, print its line (and each failed expectation); PASS, WARN or FAIL."""
    batch = datasource.add_dataframe_asset(check.name).add_batch_definition_whole_dataframe("whole table")
    suite = context.suites.add(check.suite)
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=check.name, data=batch, suite=suite))
    checkpoint = context.checkpoints.add(gx.Checkpoint(
        name=f"validate {check.name}", validation_definitions=[definition], actions=[],
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5}))
    run = checkpoint.run(batch_parameters={"dataframe": df})
    results = [r for vr in run.run_results.values() for r in vr.results]
    bad = [r for r in results if not r.success]
    # A plausibility check warns: the data may be right, so it never fails the run.
    warning_only = bool(bad) and all(str(r.expectation_config.severity) in ("warning", "FailureSeverity.WARNING")
                                     for r in bad)
    status = "PASS" if run.success else "WARN" if warning_only else "FAIL"
    note = f"  ({'; '.join(check.notes)})" if check.notes else ""
    print(f"{status}  {check.name:<42} {len(results) - len(bad):>3}/{len(results):<3} expectations met"
          f"  {len(df):>6} rows{note}", file=out)
    for result in bad:
        print(f"      {check.name}: {_describe_failure(result)}", file=out)
    return status


def validate(duckdb_path: Path, manifest_path: Path, docs_dir: Path, out: TextIO = sys.stdout) -> int:
    """Run every suite; print the summary; return the exit status."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from cx_tools.stamps import file_state, utc_text
    from cx_tools.validation import offline_assets

    try:
        offline_assets.require_assets()
    except offline_assets.AssetError as exc:
        print(f"validate: {exc}", file=out)
        return 2
    if not duckdb_path.exists():
        print(f"validate: warehouse {duckdb_path} not found (run `dbt build` first)", file=out)
        return 2
    if not manifest_path.exists():
        print(f"validate: dbt manifest {manifest_path} not found (run `dbt build` first)", file=out)
        return 2
    manifest = json.loads(manifest_path.read_text())
    now = datetime.now(timezone.utc) + timedelta(days=1)

    started = time.monotonic()
    started_at = time.time()
    # Suites are bound to the current context: create it first.
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        site_name=DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    datasource = context.data_sources.add_pandas("cx_warehouse")
    checks, frames, missing_marts = _read_warehouse(duckdb_path, manifest, now, out)

    for name in missing_marts:
        print(f"FAIL  marts.{name}: in the dbt manifest but not in the warehouse", file=out)
    statuses = [_run_check(gx, context, datasource, check, frames[check.name], out) for check in checks]
    failed_suites = len(missing_marts) + statuses.count("FAIL")
    warned_suites = statuses.count("WARN")

    context.build_data_docs(site_names=[DOCS_SITE])
    try:
        offline_assets.vendor_site(
            docs_dir, banner=offline_assets.banner_html(duckdb_path.resolve(), f"{utc_text()} ({file_state(duckdb_path)})"),
            since=started_at, out=out)
    except offline_assets.AssetError as exc:
        print(f"validate: Data Docs: {exc}", file=out)
        return 2
    total = len(checks) + len(missing_marts)
    print(f"{total - failed_suites - warned_suites}/{total} suites passed, {warned_suites} warned (plausibility) in "
          f"{time.monotonic() - started:.1f}s; Data Docs: {docs_dir / 'index.html'}", file=out)
    return 1 if failed_suites else 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (its --help describes every option); defaults read from the environment now."""
    target = default_target_dir()
    result = argparse.ArgumentParser(prog="python -m cx_tools.validation", description=__doc__, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument("--duckdb", type=Path, metavar="PATH",
                        default=Path(os.environ.get("CX_DUCKDB_PATH", target / "cx.duckdb")),
                        help="warehouse file, opened read-only (default: $CX_DUCKDB_PATH, else cx.duckdb in "
                             "$DBT_TARGET_PATH or target)")
    result.add_argument("--manifest", type=Path, default=target / "manifest.json", metavar="PATH",
                        help="dbt manifest of the build (default: manifest.json in $DBT_TARGET_PATH or target)")
    result.add_argument("--docs-dir", type=Path, default=target / "gx_data_docs", metavar="DIR",
                        help="where the Data Docs HTML site is written, created if missing (default: gx_data_docs "
                             "in $DBT_TARGET_PATH or target)")
    return result


def main(argv: list[str] | None = None) -> int:
    """Validate the warehouse the command line names; returns the exit status (see EPILOG)."""
    args = parser().parse_args(argv)
    return validate(args.duckdb, args.manifest, args.docs_dir)


if __name__ == "__main__":
    sys.exit(main())
