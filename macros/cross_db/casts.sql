{#- Conversions of text already checked against a pattern, where the engines differ: DuckDB and Spark have try_cast
    (null when the value is impossible); PostgreSQL has none and raises, so its versions check the value first. -#}

{#- The decimal(38, 0) value of a string of ASCII digits (leading zeros allowed); null beyond 38 significant digits. -#}
{% macro decimal_from_digits(expression) -%}
    {{ return(adapter.dispatch('decimal_from_digits', 'cx_metrics')(expression)) }}
{%- endmacro %}

{% macro default__decimal_from_digits(expression) -%}
    try_cast({{ expression }} as decimal(38, 0))
{%- endmacro %}

{% macro postgres__decimal_from_digits(expression) -%}
    case when length(ltrim({{ expression }}, '0')) <= 38 then cast({{ expression }} as numeric(38, 0)) end
{%- endmacro %}


{#- True when the text starts with a real calendar date `YYYY-MM-DD` (month 1-12, day within its month, leap
    years counted); the text must already match that shape. Used where the engine has no try_cast. -#}
{% macro is_calendar_date_prefix(expression) -%}
    {%- set year = "cast(substr(" ~ expression ~ ", 1, 4) as integer)" -%}
    {%- set month = "cast(substr(" ~ expression ~ ", 6, 2) as integer)" -%}
    {%- set day = "cast(substr(" ~ expression ~ ", 9, 2) as integer)" -%}
    (
        {{ year }} >= 1
        and {{ month }} between 1 and 12
        and {{ day }} between 1 and case
            when {{ month }} = 2
                then case when mod({{ year }}, 4) = 0 and (mod({{ year }}, 100) <> 0 or mod({{ year }}, 400) = 0) then 29 else 28 end
            when {{ month }} in (4, 6, 9, 11) then 30
            else 31
        end
    )
{%- endmacro %}


{#- The date of text shaped `YYYY-MM-DD`, or null when no such day exists (2025-02-30). -#}
{% macro cast_iso_date(expression) -%}
    {{ return(adapter.dispatch('cast_iso_date', 'cx_metrics')(expression)) }}
{%- endmacro %}

{% macro default__cast_iso_date(expression) -%}
    try_cast({{ expression }} as date)
{%- endmacro %}

{% macro postgres__cast_iso_date(expression) -%}
    case when {{ cx_metrics.is_calendar_date_prefix(expression) }} then cast({{ expression }} as date) end
{%- endmacro %}


{#- The UTC timestamp of text matching iso_timestamp_pattern(), or null when the date does not exist. A value without
    offset is UTC; with Z or ±HH:MM it is converted to UTC. Fractions beyond microseconds are cut, not rounded. -#}
{% macro iso_text_to_utc_timestamp(expression) -%}
    {{ return(adapter.dispatch('iso_text_to_utc_timestamp', 'cx_metrics')(expression)) }}
{%- endmacro %}

{#- Without an offset the text is already UTC: a plain timestamp cast (fraction cut to microseconds by keeping the
    first 26 characters), which skips the time-zone conversion most values do not need. -#}
{% macro default__iso_text_to_utc_timestamp(expression) -%}
    case
        when {{ cx_metrics.has_utc_offset(expression) }}
            then {{ cx_metrics.within_year_range("cast(timezone('UTC', try_cast("
                ~ cx_metrics.regexp_replace_all(expression, '(\\.[0-9]{6})[0-9]+', '\\1')
                ~ " as timestamptz)) as timestamp)") }}
        else try_cast(left({{ expression }}, 26) as timestamp)
    end
{%- endmacro %}

{% macro postgres__iso_text_to_utc_timestamp(expression) -%}
    case
        when not {{ cx_metrics.is_calendar_date_prefix(expression) }} then null
        when {{ cx_metrics.has_utc_offset(expression) }}
            then {{ cx_metrics.within_year_range("cast(cast("
                ~ cx_metrics.regexp_replace_all(expression, '(\\.[0-9]{6})[0-9]+', '\\1')
                ~ " as timestamptz) at time zone 'UTC' as timestamp)") }}
        else cast(left({{ expression }}, 26) as timestamp)
    end
{%- endmacro %}

{#- Spark reads the offset itself; a value without one is read in the session time zone, which the profile sets
    to UTC (spark.sql.session.timeZone). -#}
{% macro spark__iso_text_to_utc_timestamp(expression) -%}
    {{ cx_metrics.within_year_range(
        'try_cast(' ~ cx_metrics.regexp_replace_all(expression, '(\\.[0-9]{6})[0-9]+', '\\1') ~ ' as timestamp)') }}
{%- endmacro %}


{#- True when ISO text ends in Z or ±HH:MM. -#}
{% macro has_utc_offset(expression) -%}
    (right({{ expression }}, 1) = 'Z' or left(right({{ expression }}, 6), 1) in ('+', '-'))
{%- endmacro %}


{#- The timestamp when its UTC value lies in years 1 to 9999, else null: an offset can carry a valid local time out of
    that range (9999-12-31T23:00:00-12:00 is in year 10000 in UTC), and the rule applies to the UTC value. -#}
{% macro within_year_range(timestamp_expression) -%}
    case when extract(year from {{ timestamp_expression }}) between 1 and 9999 then {{ timestamp_expression }} end
{%- endmacro %}
