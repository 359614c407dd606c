{#- Integer fields (scores, scales, counts): ASCII digits, optionally `.0…`. Leading zeros are allowed.
    More than nine significant digits is out of range of every field, so it never reaches a cast. -#}
{% macro is_integer_text(expression) -%}
    regexp_full_match({{ expression }}, '[0-9]+(\.0+)?')
{%- endmacro %}

{% macro integer_digits(expression) -%}
    coalesce(nullif(ltrim(split_part({{ expression }}, '.', 1), '0'), ''), '0')
{%- endmacro %}


{#- The integer value of a well-formed integer field, else null (range is checked separately). -#}
{% macro parse_integer(expression) -%}
    case
        when {{ cx_metrics.is_integer_text(expression) }}
            and length({{ cx_metrics.integer_digits(expression) }}) <= 9
            then cast({{ cx_metrics.integer_digits(expression) }} as integer)
    end
{%- endmacro %}


{#- Why a non-empty integer field is invalid: `not_an_integer`, `out_of_range` (outside min..max), else null.
    `min_value` and `max_value` are SQL expressions, so a bound can be a column (a survey's own scale). -#}
{% macro invalid_integer_reason(expression, min_value, max_value) -%}
    case
        when {{ expression }} is null then null
        when not {{ cx_metrics.is_integer_text(expression) }} then 'not_an_integer'
        when length({{ cx_metrics.integer_digits(expression) }}) > 9 then 'out_of_range'
        when {{ cx_metrics.parse_integer(expression) }} < {{ min_value }}
            or {{ cx_metrics.parse_integer(expression) }} > {{ max_value }} then 'out_of_range'
    end
{%- endmacro %}


{#- The integer value when the field is valid and within min..max, else null (counts as not answered). -#}
{% macro valid_integer(expression, min_value, max_value) -%}
    case
        when {{ cx_metrics.invalid_integer_reason(expression, min_value, max_value) }} is null
            then {{ cx_metrics.parse_integer(expression) }}
    end
{%- endmacro %}
