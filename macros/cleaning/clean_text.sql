{#- Trim spaces, tabs, carriage returns and newlines at both ends; an empty result is missing (null). -#}
{% macro clean_text(expression) -%}
    {{ return(adapter.dispatch('clean_text', 'cx_metrics')(expression)) }}
{%- endmacro %}

{% macro default__clean_text(expression) -%}
    nullif(trim({{ expression }}, ' ' || chr(9) || chr(10) || chr(13)), '')
{%- endmacro %}


{#- Lower snake case: every run of characters other than a-z and 0-9 becomes one `_`, none at the ends. -#}
{% macro to_snake_case(expression) -%}
    nullif(trim(regexp_replace(lower({{ cx_metrics.clean_text(expression) }}), '[^a-z0-9]+', '_', 'g'), '_'), '')
{%- endmacro %}
