{#- Trim spaces, tabs, carriage returns and newlines at both ends; an empty result is missing (null). -#}
{% macro clean_text(expression) -%}
    nullif({{ cx_metrics.trim_characters(expression, "chr(32) || chr(9) || chr(10) || chr(13)") }}, '')
{%- endmacro %}


{#- Lower snake case: every run of characters other than a-z and 0-9 becomes one `_`, none at the ends. -#}
{% macro to_snake_case(expression) -%}
    {%- set underscored = cx_metrics.regexp_replace_all('lower(' ~ cx_metrics.clean_text(expression) ~ ')', '[^a-z0-9]+', '_') -%}
    nullif({{ cx_metrics.trim_characters(underscored, "'_'") }}, '')
{%- endmacro %}
