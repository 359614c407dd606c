{#- Minutes (with seconds as the fraction) from one timestamp to a later one; null when either is null. -#}
{% macro minutes_between(start_timestamp, end_timestamp) -%}
    cast({{ dbt.datediff(start_timestamp, end_timestamp, 'second') }} / 60.0 as {{ cx_metrics.type_double() }})
{%- endmacro %}
