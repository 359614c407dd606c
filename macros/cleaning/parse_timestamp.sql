{#- Parsers for raw text. Each expects text already trimmed by `clean_text` (staging does that first). -#}

{#- The ISO 8601 shapes the raw contract accepts: date, `T` or space, time, optional fraction, optional Z or ±HH:MM
    (a bare regular expression, for regexp_full_match()). -#}
{% macro iso_timestamp_pattern() -%}
    [0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?
{%- endmacro %}


{#- Parse raw text into a UTC timestamp, or null when it is missing or not a valid ISO 8601 timestamp.
    The pattern check makes the rule strict; the cast then rejects impossible dates (2025-02-30) and applies
    the offset. A value without offset is UTC; fractions beyond microseconds are truncated. -#}
{% macro parse_timestamp_utc(expression) -%}
    case
        when {{ cx_metrics.regexp_full_match(expression, cx_metrics.iso_timestamp_pattern()) }}
            and left({{ expression }}, 4) <> '0000'
            then {{ cx_metrics.iso_text_to_utc_timestamp(expression) }}
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
        when {{ cx_metrics.regexp_full_match(expression, '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
            then case when left({{ expression }}, 4) <> '0000' then {{ cx_metrics.cast_iso_date(expression) }} end
        else cast({{ cx_metrics.parse_timestamp_utc(expression) }} as date)
    end
{%- endmacro %}


{#- A connector's timestamp text, trimmed, without the " UTC" Fivetran appends to some (2023-06-05 03:06:14.697 UTC);
    a timestamp without a zone is UTC by the rule above. -#}
{% macro connector_timestamp_text(expression) -%}
    {{ cx_metrics.regexp_replace_all(cx_metrics.clean_text(expression), ' UTC$', '') }}
{%- endmacro %}


{#- A connector's timestamp parsed to UTC, or null when it cannot be read. -#}
{% macro connector_timestamp(expression) -%}
    {{ cx_metrics.parse_timestamp_utc(cx_metrics.connector_timestamp_text(expression)) }}
{%- endmacro %}
