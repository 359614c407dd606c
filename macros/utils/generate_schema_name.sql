{#- Use the custom schema name as-is (staging, audit, marts), not <target_schema>_<custom>, so BI tools and
    analysts see stable schema names on every target. Models without a custom schema go to the target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
