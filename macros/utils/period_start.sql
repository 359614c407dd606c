{#- First day of the period of `grain` (day, week = ISO week from Monday, month, quarter, year) holding the timestamp.
    `grain` is a SQL expression, so one scan can bucket into every grain. -#}
{% macro period_start(grain, timestamp_expression) -%}
    cast(date_trunc({{ grain }}, {{ timestamp_expression }}) as date)
{%- endmacro %}
