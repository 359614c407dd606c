{#- Minutes (with seconds as the fraction) from one timestamp to a later one; null when either is null. Divided as a
    double: Spark would divide by the decimal 60.0 with six decimals only. -#}
{% macro minutes_between(start_timestamp, end_timestamp) -%}
    cast({{ cx_metrics.as_double(dbt.datediff(start_timestamp, end_timestamp, 'second')) }} / 60.0 as {{ cx_metrics.type_double() }})
{%- endmacro %}
