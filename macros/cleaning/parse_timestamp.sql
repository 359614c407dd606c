{#- Parsers for raw text. Each expects text already trimmed by `clean_text` (staging does that first). -#}

{#- The ISO 8601 shapes the raw contract accepts: date, `T` or space, time, optional fraction, optional Z or ±HH:MM. -#}
{% macro iso_timestamp_pattern() -%}
    '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?'
{%- endmacro %}


{#- Parse raw text into a UTC timestamp, or null when it is missing or not a valid ISO 8601 timestamp.
    A value without offset is UTC; `±HH:MM` is subtracted to get UTC; fractions keep microseconds. -#}
{% macro parse_timestamp_utc(expression) -%}
    {%- set value = expression -%}
    case
        when regexp_full_match({{ value }}, {{ cx_metrics.iso_timestamp_pattern() }})
            then {{ dbt.dateadd(
                'minute',
                "coalesce(
                    case regexp_extract(" ~ value ~ ", '([+-])[0-9]{2}:[0-9]{2}$', 1) when '+' then -1 when '-' then 1 end
                    * (try_cast(regexp_extract(" ~ value ~ ", '([0-9]{2}):([0-9]{2})$', 1) as integer) * 60
                        + try_cast(regexp_extract(" ~ value ~ ", '([0-9]{2}):([0-9]{2})$', 2) as integer)),
                    0)",
                "try_cast(
                    substr(" ~ value ~ ", 1, 10) || ' ' || substr(" ~ value ~ ", 12, 8)
                    || coalesce('.' || nullif(left(regexp_extract(" ~ value ~ ", '\\.([0-9]+)', 1), 6), ''), '')
                    as timestamp)"
            ) }}
    end
{%- endmacro %}


{#- Reason a non-empty timestamp is rejected or nulled, else null. -#}
{% macro invalid_timestamp_reason(expression) -%}
    case
        when {{ expression }} is not null
            and {{ cx_metrics.parse_timestamp_utc(expression) }} is null
            then 'invalid_timestamp'
    end
{%- endmacro %}


{#- Parse a date: `YYYY-MM-DD`, or a timestamp by the rule above (its UTC date). Null when missing or invalid. -#}
{% macro parse_date(expression) -%}
    case
        when regexp_full_match({{ expression }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
            then try_cast({{ expression }} as date)
        else cast({{ cx_metrics.parse_timestamp_utc(expression) }} as date)
    end
{%- endmacro %}
