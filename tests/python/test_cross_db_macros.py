"""Unit tests of the engine-specific macros (macros/cross_db) on every engine this machine can run: each case is
rendered by dbt for the engine and evaluated by it (one `dbt show --inline` of every case per engine), and must
give the value computed by hand.
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
    # Issue 15: theme matching on words; scripts without spaces are split into characters.
    ("words_for_matching", """{{ cx_metrics.words_for_matching("'Late, AGAIN!  待ち時間'") }}""", " late again 待 ち 時 間 "),
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


# The engine settings each engine's macros give, rendered by dbt as text.
SETTINGS = {
    "string_type": '{{ cx_metrics.contract_data_type("varchar") }}',
    "double_type": '{{ cx_metrics.contract_data_type("double") }}',
    "incremental_materialization": '{{ cx_metrics.incremental_config("k")["materialized"] }}',
    "schema_grant": '{{ "grant" if "grant usage" in cx_metrics.grant_schema_usage("marts", "reporter") else "none" }}',
    "cte_keyword": "{{ cx_metrics.materialized_cte() | trim }}",
}


def case_query(group: str, cases: list[tuple]) -> list[str]:
    """One select per case: its group, its name and its expression's value as text."""
    return [f"select '{group}' as case_group, '{name}' as case_name, "
            f"cast(({expression}) as {{{{ dbt.type_string() }}}}) as value" for name, expression, _ in cases]


def every_case_query() -> str:
    """Every case of this module in one query, so that each engine starts, parses and connects once (a Spark
    driver takes half a minute to start): (group, case, value as text) rows."""
    selects = [
        *case_query("macros", CASES),
        *case_query("intervals", INTERVAL_CASES),
        f"select 'json' as case_group, 'json_object_text' as case_name, value from ({JSON_CASE}) as json_case",
        f"select 'list' as case_group, 'sorted_text_list' as case_name, value from ({LIST_CASE}) as list_case",
        *(f"select 'settings' as case_group, '{name}' as case_name, '{rendered}' as value"
          for name, rendered in SETTINGS.items()),
    ]
    return TEXT_SETUP + "\n" + "\nunion all\n".join(selects)


@pytest.fixture(scope="module", params=["duckdb", "postgres", "spark"])
def engine(request, tmp_path_factory):
    if request.param != "duckdb":
        reason = why_unavailable(request.param)
        if reason:
            pytest.skip(f"engine {request.param} skipped: {reason}")
    build = EngineBuild(request.param, tmp_path_factory.mktemp(f"cross_db_{request.param}"))
    build.env_overrides["CX_DUCKDB_PATH"] = str(build.workdir / "cx.duckdb")
    return build


@pytest.fixture(scope="module")
def evaluated(engine) -> dict[str, dict[str, str | None]]:
    """The value of every case as the engine evaluated it, by group and case name."""
    values: dict[str, dict[str, str | None]] = {}
    for row in show(engine, every_case_query()):
        values.setdefault(row["case_group"], {})[row["case_name"]] = row["value"]
    return values


def test_cross_db_macros(evaluated):
    got = evaluated["macros"]
    assert set(got) == {name for name, _, _ in CASES}
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


def test_json_object_text(evaluated):
    value = evaluated["json"]["json_object_text"]
    assert json.loads(value) == {"a": 'say "hi"', "b": None, "c": "Zürich"}
    assert ": " not in value and ", " not in value  # compact, as on DuckDB


def test_sorted_text_list(evaluated):
    assert evaluated["list"] == {"sorted_text_list": "C, a, b"}


def test_engine_settings(engine, evaluated):
    row = evaluated["settings"]
    expected = {
        "duckdb": {"string_type": "varchar", "double_type": "double", "incremental_materialization": "incremental",
                   "schema_grant": "none", "cte_keyword": ""},
        "postgres": {"string_type": "text", "double_type": "double precision",
                     "incremental_materialization": "incremental", "schema_grant": "grant", "cte_keyword": "materialized"},
        "spark": {"string_type": "string", "double_type": "double", "incremental_materialization": "table",
                  "schema_grant": "none", "cte_keyword": ""},
    }[engine.engine]
    assert row == expected


# Issue 15: the interval macros on hand-computed cases, on every engine. Expected values are worked out here from
# the published formulas (the macros' docs cite them), independently of the SQL.
def _adjusted_wald(promoters: int, detractors: int, n: int) -> tuple[float, float]:
    n_adj = n + 3
    p, d = (promoters + 0.75) / n_adj, (detractors + 0.75) / n_adj
    margin = 1.96 * ((p + d - (p - d) ** 2) / n_adj) ** 0.5
    return max(-100.0, 100 * (p - d - margin)), min(100.0, 100 * (p - d + margin))


def _wilson(successes: int, n: int) -> tuple[float, float]:
    q, z2 = successes / n, 1.96 ** 2
    centre, spread = q + z2 / (2 * n), 1.96 * (q * (1 - q) / n + z2 / (4 * n * n)) ** 0.5
    return 100 * (centre - spread) / (1 + z2 / n), 100 * (centre + spread) / (1 + z2 / n)


INTERVAL_CASES = [
    # n = 1, one promoter: ñ = 4, p̃ = 0.4375, d̃ = 0.1875, centre 0.25, sd √(0.5625/4) = 0.375 → 25 ∓ 73.5.
    ("nps_n1_lower", "{{ cx_metrics.nps_interval_95('1', '0', '1', 'lower') }}", -48.5),
    ("nps_n1_upper", "{{ cx_metrics.nps_interval_95('1', '0', '1', 'upper') }}", 98.5),
    # All 20 promoters: the plain Wald margin is 0, the adjusted interval is not.
    ("nps_all_promoters_wald", "{{ cx_metrics.nps_margin_of_error_95('20', '0', '20') }}", 0.0),
    ("nps_all_promoters_lower", "{{ cx_metrics.nps_interval_95('20', '0', '20', 'lower') }}", _adjusted_wald(20, 0, 20)[0]),
    ("nps_all_promoters_upper", "{{ cx_metrics.nps_interval_95('20', '0', '20', 'upper') }}", 100.0),
    # 50 promoters, 20 passives, 30 detractors of 100: 2.65..36.18 around the centre 100·20/103.
    ("nps_50_20_30_lower", "{{ cx_metrics.nps_interval_95('50', '30', '100', 'lower') }}", 2.652771810854376),
    ("nps_50_20_30_upper", "{{ cx_metrics.nps_interval_95('50', '30', '100', 'upper') }}", 36.18217964545631),
    ("nps_50_20_30_centre", "{{ cx_metrics.nps_adjusted_centre('50', '30', '100') }}", 2000 / 103),
    ("nps_no_answer", "{{ cx_metrics.nps_interval_95('0', '0', '0', 'lower') }}", None),
    # CSAT (Wilson): 1 of 1 → 20.65..100; 0 of 10 → 0..27.75; 9 of 10.
    ("csat_n1_lower", "{{ cx_metrics.csat_interval_95('1', '1', 'lower') }}", 20.654329147389294),
    ("csat_n1_upper", "{{ cx_metrics.csat_interval_95('1', '1', 'upper') }}", 100.0),
    ("csat_none_lower", "{{ cx_metrics.csat_interval_95('0', '10', 'lower') }}", 0.0),
    ("csat_none_upper", "{{ cx_metrics.csat_interval_95('0', '10', 'upper') }}", _wilson(0, 10)[1]),
    ("csat_9_of_10_lower", "{{ cx_metrics.csat_interval_95('9', '10', 'lower') }}", _wilson(9, 10)[0]),
    ("csat_9_of_10_upper", "{{ cx_metrics.csat_interval_95('9', '10', 'upper') }}", _wilson(9, 10)[1]),
    # CES answers 1, 2, 3 (sum 6, squares 14): mean 2, s = 1, t(0.975, 2) = 4.302653 → 2 ∓ 2.4841, clipped at 1.
    ("ces_three_lower", "{{ cx_metrics.ces_interval_95('3', '6.0', '14.0', 'lower') }}", 1.0),
    ("ces_three_upper", "{{ cx_metrics.ces_interval_95('3', '6.0', '14.0', 'upper') }}", 2 + 4.302653 / 3 ** 0.5),
    # 40 answers, 20 × 4 and 20 × 6: mean 5, s² = 40/39, t(0.975, 39) = 2.022691.
    ("ces_forty_lower", "{{ cx_metrics.ces_interval_95('40', '200.0', '1040.0', 'lower') }}", 5 - 2.022691 * (40 / 39 / 40) ** 0.5),
    ("ces_one_answer", "{{ cx_metrics.ces_interval_95('1', '5.0', '25.0', 'lower') }}", None),
    ("ces_no_spread", "{{ cx_metrics.ces_interval_95('5', '35.0', '245.0', 'upper') }}", None),
    ("t_quantile_1", "{{ cx_metrics.t_quantile_975('1') }}", 12.706205),
    ("t_quantile_30", "{{ cx_metrics.t_quantile_975('30') }}", 2.042272),
    ("t_quantile_120", "{{ cx_metrics.t_quantile_975('120') }}", 1.979930),
    # MOVER: 60 (50..70) minus 40 (35..45): lower 20 − √(10² + 5²), upper 20 + √(10² + 5²).
    ("difference_lower", "{{ cx_metrics.difference_interval_95('60.0', '50.0', '70.0', '40.0', '35.0', '45.0', 'lower') }}", 20 - 125 ** 0.5),
    ("difference_upper", "{{ cx_metrics.difference_interval_95('60.0', '50.0', '70.0', '40.0', '35.0', '45.0', 'upper') }}", 20 + 125 ** 0.5),
    ("significant_excludes_0", "{{ cx_metrics.is_significant_difference_95('1.0', '9.0', '30', '40') }}", True),
    ("not_significant_holds_0", "{{ cx_metrics.is_significant_difference_95('-1.0', '9.0', '30', '40') }}", False),
    ("low_sample_not_tested", "{{ cx_metrics.is_significant_difference_95('1.0', '9.0', '29', '40') }}", None),
]


def test_interval_macros(evaluated):
    got = evaluated["intervals"]
    assert set(got) == {name for name, _, _ in INTERVAL_CASES}
    mismatches = {}
    for name, _, expected in INTERVAL_CASES:
        value = got[name]
        if isinstance(expected, bool):
            value = None if value is None else value.lower() in ("true", "t", "1")
            ok = value == expected
        elif expected is None:
            ok = value is None
        else:
            ok = value is not None and abs(float(value) - expected) < 1e-6
        if not ok:
            mismatches[name] = (value, expected)
    assert mismatches == {}
