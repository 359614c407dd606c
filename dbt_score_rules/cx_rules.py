"""Metadata rules of this project, on top of dbt-score's generic ones.

Every model has a tested primary key; every mart is a public interface: an enforced contract, so every column is
declared with a data type, and (by dbt-score's generic rules) every column described.
"""
# No `from __future__ import annotations`: dbt-score reads the rule signatures at import time.

import re

from dbt_score import Macro, Model, RuleViolation, Severity, rule

MART_SCHEMA = "marts"


def _is_mart(model: Model) -> bool:
    return model.schema == MART_SCHEMA


@rule(severity=Severity.CRITICAL)
def model_has_primary_key_test(model: Model) -> RuleViolation | None:
    """A model has a primary key: a column tested unique and not_null, or a tested unique combination of columns."""
    for column in model.columns:
        test_types = {test.type for test in column.tests}
        if {"unique", "not_null"} <= test_types:
            return None
    for test in model.tests:
        if test.type == "unique_combination_of_columns":
            return None
    return RuleViolation(
        message="No primary key test: test a column unique and not_null, or add unique_combination_of_columns."
    )


@rule(severity=Severity.CRITICAL)
def mart_has_enforced_contract(model: Model) -> RuleViolation | None:
    """A mart has an enforced model contract, so BI tools can rely on its columns and types."""
    if _is_mart(model) and not (model.config.get("contract") or {}).get("enforced"):
        return RuleViolation(message="Mart without an enforced contract (config: contract: {enforced: true}).")
    return None


@rule(severity=Severity.CRITICAL)
def mart_columns_have_data_type(model: Model) -> RuleViolation | None:
    """Every column of a mart declares its data type."""
    if not _is_mart(model):
        return None
    untyped = [column.name for column in model.columns if not column.data_type]
    if untyped:
        return RuleViolation(message=f"Columns without data_type: {', '.join(untyped)}.")
    return None


# An engine-specific implementation (`postgres__type_double`) is documented by the macro that dispatches to it.
DISPATCH_IMPLEMENTATION = re.compile(r"^(default|duckdb|postgres|spark|databricks|snowflake|bigquery|redshift)__")


@rule(severity=Severity.HIGH)
def macro_is_documented(macro: Macro) -> RuleViolation | None:
    """A macro, and each of its arguments, is described (dispatched implementations excepted)."""
    if DISPATCH_IMPLEMENTATION.match(macro.name):
        return None
    if not macro.description:
        return RuleViolation(message="Macro lacks a description.")
    undocumented = [arg.get("name", "?") for arg in macro.arguments or [] if not arg.get("description")]
    if undocumented:
        return RuleViolation(message=f"Arguments lack a description: {', '.join(undocumented)}.")
    return None
