"""Dagster example: every dbt node of the project as a Dagster asset (dagster-dbt), built from the manifest.

Optional: needs the orchestration dependency group (`make install-orchestration`, requirements-orchestration.txt),
which the core install leaves out. Run the UI with `dagster dev -m cx_tools.orchestration`, or materialise from
Python as tests/python/test_orchestration.py does. The warehouse and raw folder come from CX_DUCKDB_PATH and
CX_RAW_DIR, as for dbt itself; the manifest is parsed on import when it is missing (`dbt parse`).
"""
# No `from __future__ import annotations`: Dagster reads the context annotation at definition time.

import os
import shutil
import sys
from pathlib import Path

from dagster import AssetExecutionContext, Definitions, ScheduleDefinition, define_asset_job
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

PROJECT_DIR = Path(__file__).resolve().parents[1]

# The dbt of this interpreter's environment, else the one on PATH, else the project's .venv.
DBT_EXECUTABLE = next(
    str(candidate) for candidate in (
        Path(sys.executable).with_name("dbt"), shutil.which("dbt"), PROJECT_DIR / ".venv" / "bin" / "dbt", "dbt",
    ) if candidate and (candidate == "dbt" or Path(candidate).exists())
)

cx_dbt_project = DbtProject(
    project_dir=PROJECT_DIR,
    profiles_dir=PROJECT_DIR,
    # dbt writes here (and dagster-dbt reads manifest.json from here); DBT_TARGET_PATH keeps runs apart.
    target_path=Path(os.environ.get("DBT_TARGET_PATH", PROJECT_DIR / "target")),
)
cx_dbt_project.prepare_if_dev()
if not cx_dbt_project.manifest_path.exists():
    DbtCliResource(project_dir=cx_dbt_project, dbt_executable=DBT_EXECUTABLE).cli(["parse", "--quiet"], target_path=cx_dbt_project.target_path).wait()


@dbt_assets(manifest=cx_dbt_project.manifest_path)
def cx_dbt_assets(context: AssetExecutionContext, dbt: DbtCliResource):
    """`dbt build` of the selected assets: models, seeds, snapshots and their tests (as asset checks)."""
    yield from dbt.cli(["build"], context=context).stream()


nightly_job = define_asset_job("cx_nightly", selection="*")

defs = Definitions(
    assets=[cx_dbt_assets],
    jobs=[nightly_job],
    schedules=[ScheduleDefinition(job=nightly_job, cron_schedule="0 5 * * *", execution_timezone="UTC")],
    resources={"dbt": DbtCliResource(project_dir=cx_dbt_project, dbt_executable=DBT_EXECUTABLE)},
)
