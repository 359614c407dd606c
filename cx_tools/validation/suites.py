"""The expectation suites, as code: one per raw source table and one per table of schema `marts`.

Nothing here lists tables by hand. Raw tables and their required columns come from the sources of the dbt
manifest; marts are the tables found in schema `marts` of the warehouse; key columns come from the manifest's
`unique`, `not_null` and `unique_combination_of_columns` tests; value rules come from column names (`VALUE_RULES`).
A mart added later is therefore checked by the same rules as soon as it is built.

Each `TableCheck` pairs a suite with the SQL that reads the table into the DataFrame it is run on. That SQL may add
derived columns (named for what they hold) where a rule needs one, e.g. the parsed UTC value of a raw timestamp.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import great_expectations as gx
import great_expectations.expectations as gxe

from cx_tools import project_vars

# --- thresholds of the raw suites (raw data is allowed to be a little dirty: the pipeline rejects and audits) ---
#: Share of raw rows that must carry a key (a row without one is rejected as `missing_id`).
RAW_KEY_PRESENT_MOSTLY = 0.99
#: Share of non-empty score / integer fields that must be parseable integers.
RAW_INTEGER_PARSEABLE_MOSTLY = 0.95
#: Share of non-empty timestamp / date fields that must be ISO 8601.
RAW_TIMESTAMP_PARSEABLE_MOSTLY = 0.95
#: Parsed raw timestamps must lie in [EARLIEST_TIMESTAMP, now + 1 day] (no exceptions).
EARLIEST_TIMESTAMP = datetime(2000, 1, 1)

INTEGER_PATTERN = r"^[0-9]+(\.0+)?$"  # the integer rule of the pipeline (DECISIONLOG.md, "Value rules")
ISO_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
)
WHITESPACE = "' ' || chr(9) || chr(10) || chr(13)"  # what the pipeline's clean_text trims
RAW_INTEGER_COLUMNS = re.compile(r".*_score|.*_seconds|.*_count|.*_scale_(min|max)")
RAW_TIMESTAMP_COLUMNS = re.compile(r".*_at|.*_date")

# --- value rules of the mart suites, by column name (full match): (pattern, min, max, what) ---
VALUE_RULES: list[tuple[re.Pattern[str], float | None, float | None, str]] = [
    (re.compile(r"(.*_)?e?nps(_target)?"), -100, 100, "NPS or eNPS"),
    (re.compile(r"(.*_)?ces_avg|ces_target|ces_.*_normalised"), 1, 7, "CES"),
    (re.compile(r"(.*_)?csat_pct|csat_target|.*_pct|.*_rate"), 0, 100, "percentage"),
    (
        re.compile(r"responses|.*_responses|promoters|passives|detractors|.*_count|.*_satisfied"),
        0,
        None,
        "count",
    ),
    (re.compile(r".*_(seconds|minutes|hours|days)"), 0, None, "duration"),
]
NPS_PARTS = ("promoters", "passives", "detractors")
NPS_PARTS_SUM = "promoters + passives + detractors"  # derived column, named for what it holds
#: responses >= each score's answers (a response can leave any score unanswered), and a top-box share's answers
#: >= its satisfied answers: from the score registry (var cx_scores of dbt_project.yml).
AT_LEAST = [("responses", f"{score['name']}_responses") for score in project_vars()["cx_scores"]] + [
    (f"{score['name']}_responses", score["counts"]["satisfied"])
    for score in project_vars()["cx_scores"] if score["kind"] == "top_box_share"
]


def value_rule(column: str) -> tuple[float | None, float | None, str] | None:
    """The (min, max, what) range of a mart column by its name (VALUE_RULES, first full match), else None."""
    for pattern, low, high, what in VALUE_RULES:
        if pattern.fullmatch(column):
            return low, high, what
    return None


@dataclass
class TableCheck:
    """A suite and the query producing the DataFrame it validates."""

    suite: gx.ExpectationSuite
    sql: str
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.suite.name


def q(identifier: str) -> str:
    """Quote a DuckDB identifier."""
    return '"' + identifier.replace('"', '""') + '"'


# ------------------------------------------------------------------------------------------------ raw sources


def raw_checks(manifest: dict, present_columns: dict[str, list[str]], now: datetime) -> list[TableCheck]:
    """One check per source table of the manifest. `present_columns[unique_id]` are the columns the file has."""
    checks = []
    for unique_id, source in sorted(manifest["sources"].items()):
        contract = list(source["columns"])
        present = present_columns[unique_id]
        checks.append(raw_check(f"raw.{source['source_name']}.{source['name']}", source["relation_name"],
                                contract, present, now))
    return checks


def raw_check(name: str, relation: str, contract: list[str], present: list[str], now: datetime) -> TableCheck:
    """Required columns present; key mostly present; integers and timestamps mostly parseable; timestamps sane.

    Every field is read as the pipeline sees it: trimmed, empty = missing (null). The key is the first column
    of the raw contract (the source YAML lists it first for every table).
    """
    suite = gx.ExpectationSuite(name=name)
    for column in contract:
        suite.add_expectation(gxe.ExpectColumnToExist(column=column))
    checked = [c for c in contract if c in present]
    select = [f"nullif(trim({q(c)}, {WHITESPACE}), '') as {q(c)}" for c in checked]
    if contract and contract[0] in present:
        suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=contract[0], mostly=RAW_KEY_PRESENT_MOSTLY))
    for column in checked:
        if RAW_INTEGER_COLUMNS.fullmatch(column):
            suite.add_expectation(gxe.ExpectColumnValuesToMatchRegex(
                column=column, regex=INTEGER_PATTERN, mostly=RAW_INTEGER_PARSEABLE_MOSTLY))
        elif RAW_TIMESTAMP_COLUMNS.fullmatch(column):
            suite.add_expectation(gxe.ExpectColumnValuesToMatchRegex(
                column=column, regex=ISO_PATTERN, mostly=RAW_TIMESTAMP_PARSEABLE_MOSTLY))
            parsed = f"{column}__utc"
            select.append(f"timezone('UTC', try_cast(trim({q(column)}) as timestamptz)) as {q(parsed)}")
            suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(
                column=parsed, min_value=EARLIEST_TIMESTAMP, max_value=now.replace(tzinfo=None)))
    sql = f"select {', '.join(select) or '1 as no_contract_column'} from {relation}"
    return TableCheck(suite=suite, sql=sql)


# ------------------------------------------------------------------------------------------------ marts


def key_tests(manifest: dict, table: str, schema: str = "marts") -> tuple[list[str], list[str], list[list[str]]]:
    """(unique columns, not-null columns, unique column combinations) of the dbt tests on the model built as
    `schema.table`."""
    models = {
        uid for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["schema"] == schema and (node["alias"] or node["name"]) == table
    }
    unique, not_null, combinations = [], [], []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("test_metadata"):
            continue
        if node.get("attached_node") not in models:
            continue
        test, kwargs = node["test_metadata"]["name"], node["test_metadata"].get("kwargs", {})
        if test == "unique" and kwargs.get("column_name"):
            unique.append(kwargs["column_name"])
        elif test == "not_null" and kwargs.get("column_name"):
            not_null.append(kwargs["column_name"])
        elif test == "unique_combination_of_columns" and kwargs.get("combination_of_columns"):
            combinations.append(list(kwargs["combination_of_columns"]))
    return sorted(set(unique)), sorted(set(not_null)), combinations


def mart_check(table: str, columns: list[str], manifest: dict, schema: str = "marts") -> TableCheck:
    """Keys from the manifest's tests, value ranges from column names, and the cross-column identities.

    `unique` and `not_null` tests are mirrored as they are; a `unique_combination_of_columns` test is the grain:
    compound unique and every column not null. A referenced column missing from the table fails its
    `expect_column_to_exist` (the other expectations on it are then left out, so the message is that one).
    """
    suite = gx.ExpectationSuite(name=f"{schema}.{table}")
    notes = []
    unique, not_null, combinations = key_tests(manifest, table, schema)
    grain = sorted({c for combo in combinations for c in combo})
    if not unique and not combinations:
        notes.append("no unique key test in the dbt manifest: grain not checked")
    for column in sorted(set(unique) | set(not_null) | set(grain)):
        suite.add_expectation(gxe.ExpectColumnToExist(column=column))
    for column in unique:
        if column in columns:
            suite.add_expectation(gxe.ExpectColumnValuesToBeUnique(column=column))
    for combo in combinations:
        if set(combo) <= set(columns):
            suite.add_expectation(gxe.ExpectCompoundColumnsToBeUnique(column_list=combo))
    for column in sorted(set(not_null) | set(grain)):
        if column in columns:
            suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=column))

    for column in columns:
        rule = value_rule(column)
        if rule:
            suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=rule[0],
                                                                    max_value=rule[1]))

    select = [q(c) for c in columns]
    if {"nps_responses", *NPS_PARTS} <= set(columns):
        select.append(f"{' + '.join(q(c) for c in NPS_PARTS)} as {q(NPS_PARTS_SUM)}")
        suite.add_expectation(gxe.ExpectColumnPairValuesToBeEqual(column_A="nps_responses", column_B=NPS_PARTS_SUM))
    for bigger, smaller in AT_LEAST:
        if {bigger, smaller} <= set(columns):
            suite.add_expectation(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=bigger, column_B=smaller, or_equal=True))
    sql = f"select {', '.join(select)} from {q(schema)}.{q(table)}"
    return TableCheck(suite=suite, sql=sql, notes=notes)


def manifest_marts(manifest: dict, schema: str = "marts") -> list[str]:
    """Enabled table models the manifest places in `schema` (to notice a mart missing from the warehouse)."""
    return sorted(
        node["alias"] or node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == schema
        and node["config"].get("enabled", True) and node["config"].get("materialized") != "ephemeral"
    )


# ------------------------------------------------------------------------------------------------ plausibility


def plausibility_checks(manifest: dict) -> list[TableCheck]:
    """One warning-level check per plausibility test of the dbt project (tag `plausibility`): its compiled SQL,
    which lists the implausible rows, must return none. The rule lives once, in the dbt test; a failed check is a
    warning (severity `warning`), reported with its count and the file of the query that lists the rows."""
    checks = []
    for node in sorted(manifest["nodes"].values(), key=lambda n: n["name"]):
        if node["resource_type"] != "test" or "plausibility" not in node.get("tags", []):
            continue
        if not node.get("compiled_code"):
            continue
        suite = gx.ExpectationSuite(name=f"plausibility.{node['name']}")
        suite.add_expectation(gxe.ExpectTableRowCountToEqual(value=0, severity="warning"))
        listing = node.get("compiled_path") or node["original_file_path"]
        checks.append(TableCheck(suite=suite, sql=node["compiled_code"], notes=[f"rows listed by {listing}"]))
    return checks
