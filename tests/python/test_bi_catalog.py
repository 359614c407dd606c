"""What a BI tool reads from the warehouse's catalog: every mart and every mart column carries the description its
YAML gives (persist_docs), read back from DuckDB's catalog; the PostgreSQL side is in test_postgres_reporter.py."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

EXPECTED_MARTS = 19


def mart_descriptions(target_dir: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """{mart: (model description, {column: description})} from the manifest the build wrote."""
    manifest = json.loads((target_dir / "manifest.json").read_text())
    return {
        node["alias"]: (node["description"], {name: col["description"] for name, col in node["columns"].items()})
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts" and node["config"]["enabled"]
    }


def catalog_differences(expected: dict[str, tuple[str, dict[str, str]]], relation_comments: dict[str, str | None],
                        column_comments: dict[tuple[str, str], str | None]) -> list[str]:
    """Every mart and every one of its columns has a non-empty comment equal to its description."""
    problems = []
    for mart, (description, columns) in sorted(expected.items()):
        if not description.strip() or relation_comments.get(mart) != description:
            problems.append(f"{mart}: comment {relation_comments.get(mart)!r}, description {description!r}")
        catalog_columns = {column for (table, column) in column_comments if table == mart}
        if catalog_columns != set(columns):
            problems.append(f"{mart}: catalog columns {sorted(catalog_columns ^ set(columns))} differ from the YAML")
        for column, text in columns.items():
            if not text.strip() or column_comments.get((mart, column)) != text:
                problems.append(f"{mart}.{column}: comment {column_comments.get((mart, column))!r}, "
                                f"description {text!r}")
    return problems


def test_every_mart_column_has_its_description_in_the_duckdb_catalog(sample_warehouse):
    expected = mart_descriptions(sample_warehouse.parent / "dbt_target")
    assert len(expected) == EXPECTED_MARTS
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        relations = dict(con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = 'marts'").fetchall())
        columns = {(t, c): text for t, c, text in con.execute(
            "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts'").fetchall()}
    assert set(relations) == set(expected)
    assert len(columns) > 300
    assert catalog_differences(expected, relations, columns) == []
    # A description that names the rule, as an analyst sees it in the BI tool's field list.
    assert columns[("fct_cx_scores", "nps")].startswith("Net Promoter Score")
