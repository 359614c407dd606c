{#- First day of the period of `grain` (day, week = ISO week from Monday, month, quarter, year) holding the timestamp.
    `grain` is a SQL expression, so one scan can bucket into every grain. -#}
{% macro period_start(grain, timestamp_expression) -%}
    cast(date_trunc({{ grain }}, {{ timestamp_expression }}) as date)
{%- endmacro %}


{#- One row per period grain of `var('cx_period_grains')`, column `period_grain`: cross-join it to bucket
    every row into every grain in one scan. -#}
{% macro select_period_grains() -%}
    {%- for grain in var('cx_period_grains') %}
    select '{{ grain }}' as period_grain
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
