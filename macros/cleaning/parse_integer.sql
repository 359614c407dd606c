{#- Integer fields (scores, scales, counts): ASCII digits, optionally `.0…`. Leading zeros are allowed.
    More than nine significant digits is out of range of every field, so it never reaches a cast. -#}
{% macro is_integer_text(expression) -%}
    {{ cx_metrics.regexp_full_match(expression, '[0-9]+(\\.0+)?') }}
{%- endmacro %}

{#- The whole-number value of text that passed is_integer_text, as decimal(38, 0): leading zeros and the `.0…` part
    drop out; null beyond 38 digits (out of range of every field). -#}
{% macro integer_text_value(expression) -%}
    {{ cx_metrics.decimal_from_digits("split_part(" ~ expression ~ ", '.', 1)") }}
{%- endmacro %}


{#- The integer value of a well-formed integer field, else null (range is checked separately). -#}
{% macro parse_integer(expression) -%}
    case
        when {{ cx_metrics.is_integer_text(expression) }}
            and {{ cx_metrics.integer_text_value(expression) }} <= 999999999
            then cast({{ cx_metrics.integer_text_value(expression) }} as integer)
    end
{%- endmacro %}


{#- Why a non-empty integer field is invalid: `not_an_integer`, `out_of_range` (outside min..max), else null.
    `min_value` and `max_value` are SQL expressions, so a bound can be a column (a survey's own scale). -#}
{% macro invalid_integer_reason(expression, min_value, max_value) -%}
    case
        when {{ expression }} is null then null
        when not {{ cx_metrics.is_integer_text(expression) }} then 'not_an_integer'
        when {{ cx_metrics.integer_text_value(expression) }} > 999999999
            or {{ cx_metrics.integer_text_value(expression) }} is null then 'out_of_range'
        when {{ cx_metrics.integer_text_value(expression) }} < {{ min_value }}
            or {{ cx_metrics.integer_text_value(expression) }} > {{ max_value }} then 'out_of_range'
    end
{%- endmacro %}


{#- The integer value when the field is valid and within min..max, else null (counts as not answered): the value
    exactly when invalid_integer_reason is null, written as one condition so the text is matched once. -#}
{% macro valid_integer(expression, min_value, max_value) -%}
    case
        when {{ cx_metrics.is_integer_text(expression) }}
            and {{ cx_metrics.integer_text_value(expression) }} <= 999999999
            and not coalesce(
                {{ cx_metrics.integer_text_value(expression) }} < {{ min_value }}
                or {{ cx_metrics.integer_text_value(expression) }} > {{ max_value }},
                false
            )
            then cast({{ cx_metrics.integer_text_value(expression) }} as integer)
    end
{%- endmacro %}
