"""Unit tests of the engine-specific macros (macros/cross_db) on every engine this machine can run: each case is
rendered by dbt for the engine and evaluated by it (`dbt show --inline`), and must give the value computed by hand.
"""
from __future__ import annotations

import hashlib
import json

import pytest

from conftest import SAMPLE_DIR
from engines import EngineBuild, why_unavailable

# Impossible values are given as typed text, as a column holds them: PostgreSQL would reject an untyped literal
# such as cast('2025-02-29' as date) while parsing, before the macro's check could apply.
TEXT_SETUP = """{% set TEXT = "cast('%s' as " ~ dbt.type_string() ~ ")" %}"""
# (case, SQL expression with dbt Jinja, expected value as dbt show returns it: timestamps as ISO text).
CASES = [
    ("trim_characters", """{{ cx_metrics.trim_characters("' ' || chr(9) || ' x y ' || chr(13)", "chr(32) || chr(9) || chr(13)") }}""", "x y"),
    ("trim_characters_underscores", """{{ cx_metrics.trim_characters("'__a_b__'", "'_'") }}""", "a_b"),
    ("regexp_full_match_whole", """{{ cx_metrics.regexp_full_match("'12.00'", '[0-9]+(\\\\.0+)?') }}""", True),
    ("regexp_full_match_dot_is_literal", """{{ cx_metrics.regexp_full_match("'12x00'", '[0-9]+(\\\\.0+)?') }}""", False),
    ("regexp_full_match_not_partial", """{{ cx_metrics.regexp_full_match("'a12'", '[0-9]+') }}""", False),
    ("regexp_full_match_null", """{{ cx_metrics.regexp_full_match("cast(null as " ~ dbt.type_string() ~ ")", '[0-9]+') }}""", None),
    ("regexp_replace_all", """{{ cx_metrics.regexp_replace_all("'Très--LENT  now'", '[^a-z]+', '_') }}""", "_r_s_now"),
    ("regexp_replace_all_group", """{{ cx_metrics.regexp_replace_all("'10:00:00.1234567Z'", '(\\\\.[0-9]{6})[0-9]+', '\\\\1') }}""", "10:00:00.123456Z"),
    ("text_for_matching", """{{ cx_metrics.text_for_matching("'Très LENT à Zürich'") }}""", "tres lent a zurich"),
    ("in_byte_order", """case when {{ cx_metrics.in_byte_order("'B'") }} < {{ cx_metrics.in_byte_order("'a'") }} then 'bytes' else 'collation' end""", "bytes"),
    ("decimal_from_digits", """{{ cx_metrics.decimal_from_digits("'000042'") }}""", 42),
    ("decimal_from_digits_39_digits", """{{ cx_metrics.decimal_from_digits("'" ~ '9' * 39 ~ "'") }}""", None),
    ("is_calendar_date_prefix_leap", """{{ cx_metrics.is_calendar_date_prefix("'2000-02-29T10:00:00'") }}""", True),
    ("is_calendar_date_prefix_century", """{{ cx_metrics.is_calendar_date_prefix("'1900-02-29'") }}""", False),
    ("is_calendar_date_prefix_april_31", """{{ cx_metrics.is_calendar_date_prefix("'2025-04-31'") }}""", False),
    ("cast_iso_date", """{{ cx_metrics.cast_iso_date("'2024-02-29'") }}""", "2024-02-29"),
    ("cast_iso_date_impossible", """{{ cx_metrics.cast_iso_date(TEXT % '2025-02-29') }}""", None),
    ("iso_text_to_utc_timestamp_offset", """{{ cx_metrics.iso_text_to_utc_timestamp("'2024-02-29T23:30:00-02:00'") }}""", "2024-03-01T01:30:00"),
    ("iso_text_to_utc_timestamp_z", """{{ cx_metrics.iso_text_to_utc_timestamp("'2025-03-01T10:00:00.1234567Z'") }}""", "2025-03-01T10:00:00.123456"),
    ("iso_text_to_utc_timestamp_plain", """{{ cx_metrics.iso_text_to_utc_timestamp("'2025-03-01 10:00:00.1234567'") }}""", "2025-03-01T10:00:00.123456"),
    ("iso_text_to_utc_timestamp_impossible", """{{ cx_metrics.iso_text_to_utc_timestamp(TEXT % '2025-02-30 10:00:00') }}""", None),
    ("has_utc_offset", """{{ cx_metrics.has_utc_offset("'2025-03-01 10:00:00+05:30'") }}""", True),
    ("json_text_value", """{{ cx_metrics.json_text_value("'{" ~ '"a":"x y","b":null' ~ "}'", 'a') }}""", "x y"),
    ("as_double", """{{ cx_metrics.as_double('1') }} / 4""", 0.25),
    ("round_double", """{{ cx_metrics.round_double(cx_metrics.as_double('2') ~ ' / 3', 4) }}""", 0.6667),
    # Issue 17: Unicode trimming, NFC, snake case of every script, the UTC year range, redaction, email keys.
    ("text_of_code_points", """{{ cx_metrics.trim_characters("'\u00a0\u2003x y\u3000\ufeff'", cx_metrics.text_of_code_points([160, 8195, 12288, 65279])) }}""", "x y"),
    ("nfc_normalize", """{{ cx_metrics.nfc_normalize("'Apre\u0300s'") }}""", "Apr\u00e8s"),
    ("to_snake_case_every_script", """{{ cx_metrics.to_snake_case("' Apre\u0300s-vente / \u041f\u043e\u0434\u0434\u0435\u0440\u0436\u043a\u0430 \U0001f621 \u30ab\u30b9\u30bf\u30de\u30fc\u3000'") }}""", "apr\u00e8s_vente_\u043f\u043e\u0434\u0434\u0435\u0440\u0436\u043a\u0430_\u30ab\u30b9\u30bf\u30de\u30fc"),
    ("to_snake_case_no_letter", """{{ cx_metrics.to_snake_case("'\U0001f621\U0001f621 --'") }}""", None),
    ("iso_text_to_utc_timestamp_past_9999", """{{ cx_metrics.iso_text_to_utc_timestamp("'9999-12-31T23:00:00-12:00'") }}""", None),
    ("iso_text_to_utc_timestamp_before_0001", """{{ cx_metrics.iso_text_to_utc_timestamp("'0001-01-01T05:00:00+14:00'") }}""", None),
    ("redact_contact_data", """{{ cx_metrics.redact_contact_data("'mail jane.doe@example.com or +49 (30) 123-4567, ok'") }}""", "mail [email] or [phone], ok"),
    ("clean_key_email", """{{ cx_metrics.clean_key("' bob@example.com\u00a0'") }}""", "hashed_" + hashlib.md5(b"bob@example.com").hexdigest()),
    ("clean_key_plain", """{{ cx_metrics.clean_key("'C\u200b1 '") }}""", "C\u200b1"),
]
# Values joined in byte order, whatever order the rows come in.
LIST_CASE = """select {{ cx_metrics.sorted_text_list('word', "', '") }} as value
from (select 'b' as word union all select 'C' as word union all select 'a' as word) as words"""
# The JSON object of a row with a quote, a non-ASCII letter and a null: parsed back, whatever the spacing.
JSON_CASE = """select {{ cx_metrics.json_object_text(['a', 'b', 'c']) }} as value
from (select 'say "hi"' as a, cast(null as {{ dbt.type_string() }}) as b, 'Zürich' as c) as record"""


def show(build: EngineBuild, sql: str) -> list[dict]:
    proc = build.dbt(["show", "--inline", sql, "--output", "json", "--limit", "-1", "--quiet"], SAMPLE_DIR)
    return json.loads(proc.stdout[proc.stdout.index("{"):])["show"]


@pytest.fixture(scope="module", params=["duckdb", "postgres", "spark"])
def engine(request, tmp_path_factory):
    if request.param != "duckdb":
        reason = why_unavailable(request.param)
        if reason:
            pytest.skip(f"engine {request.param} skipped: {reason}")
    build = EngineBuild(request.param, tmp_path_factory.mktemp(f"cross_db_{request.param}"))
    build.env_overrides["CX_DUCKDB_PATH"] = str(build.workdir / "cx.duckdb")
    return build


def test_cross_db_macros(engine):
    sql = TEXT_SETUP + "\nunion all\n".join(
        f"select '{name}' as case_name, cast(({expression}) as {{{{ dbt.type_string() }}}}) as value"
        for name, expression, _ in CASES
    )
    got = {row["case_name"]: row["value"] for row in show(engine, sql)}
    mismatches = {}
    for name, _, expected in CASES:
        value = got[name]
        if isinstance(expected, bool):
            value = None if value is None else value.lower() in ("true", "t", "1")
        elif isinstance(expected, (int, float)) and value is not None:
            value = float(value)
        elif isinstance(expected, str) and value is not None and "T" in expected and ":" in expected:
            value = value.replace(" ", "T")
            value = value.rstrip("0").rstrip(".") if "." in value else value
            expected = expected.rstrip("0").rstrip(".") if "." in expected else expected
        if value != expected:
            mismatches[name] = (value, expected)
    assert mismatches == {}


def test_json_object_text(engine):
    [row] = show(engine, JSON_CASE)
    assert json.loads(row["value"]) == {"a": 'say "hi"', "b": None, "c": "Zürich"}
    assert ": " not in row["value"] and ", " not in row["value"]  # compact, as on DuckDB


def test_sorted_text_list(engine):
    [row] = show(engine, LIST_CASE)
    assert row["value"] == "C, a, b"


def test_engine_settings(engine):
    rendered = """select '{{ cx_metrics.contract_data_type("varchar") }}' as string_type,
        '{{ cx_metrics.contract_data_type("double") }}' as double_type,
        '{{ cx_metrics.incremental_config("k")["materialized"] }}' as incremental_materialization,
        '{{ "grant" if "grant usage" in cx_metrics.grant_schema_usage("marts", "reporter") else "none" }}' as schema_grant,
        '{{ cx_metrics.materialized_cte() | trim }}' as cte_keyword"""
    [row] = show(engine, rendered)
    expected = {
        "duckdb": {"string_type": "varchar", "double_type": "double", "incremental_materialization": "incremental",
                   "schema_grant": "none", "cte_keyword": ""},
        "postgres": {"string_type": "text", "double_type": "double precision",
                     "incremental_materialization": "incremental", "schema_grant": "grant", "cte_keyword": "materialized"},
        "spark": {"string_type": "string", "double_type": "double", "incremental_materialization": "table",
                  "schema_grant": "none", "cte_keyword": ""},
    }[engine.engine]
    assert row == expected
