"""Python tooling around the cx_metrics dbt project.

- ``cx_tools.generate``: deterministic synthetic raw data (the six raw tables, CSV or Parquet), optionally dirty;
  a row-by-row standard-library engine and a vectorised DuckDB engine for millions.
- ``cx_tools.bench``: the benchmark behind ``make bench`` (dbt builds against a one-query floor).
"""
from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["RAW_TABLES", "RAW_COLUMNS", "contract_columns", "project_vars"]

PROJECT_DIR = Path(__file__).resolve().parents[1]
# The six-file contract's sources, in the order the files are described (surveys first, agents last).
CONTRACT_SOURCES = ("survey_platform", "helpdesk")


def contract_columns(project_dir: Path = PROJECT_DIR) -> dict[str, list[str]]:
    """The raw contract as the project declares it (models/staging/<source>/_<source>__sources.yml, the one
    place): file name (without extension) -> header columns, in order."""
    columns: dict[str, list[str]] = {}
    for source_name in CONTRACT_SOURCES:
        path = project_dir / "models" / "staging" / source_name / f"_{source_name}__sources.yml"
        for source in yaml.safe_load(path.read_text())["sources"]:
            if source["name"] == source_name:
                for table in source["tables"]:
                    columns[table["name"]] = [column["name"] for column in table["columns"]]
    return columns


def project_vars(project_dir: Path = PROJECT_DIR) -> dict:
    """The vars of dbt_project.yml as declared there (a run's --vars may override them), e.g. cx_period_grains."""
    return yaml.safe_load((project_dir / "dbt_project.yml").read_text())["vars"]


RAW_COLUMNS: dict[str, list[str]] = contract_columns()
RAW_TABLES: list[str] = list(RAW_COLUMNS)
