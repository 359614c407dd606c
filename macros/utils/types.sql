{#- An 8-byte floating point type on every engine (dbt.type_float() is 4 bytes on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'cx_metrics')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}


{#- Minutes (with seconds as the fraction) from one timestamp to a later one; null when either is null. -#}
{% macro minutes_between(start_timestamp, end_timestamp) -%}
    cast({{ dbt.datediff(start_timestamp, end_timestamp, 'second') }} / 60.0 as {{ cx_metrics.type_double() }})
{%- endmacro %}
