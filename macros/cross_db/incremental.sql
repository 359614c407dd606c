{#- How an incremental model is materialised on each engine. DuckDB and PostgreSQL: delete+insert on the model's
    unique key, with an optional post-hook (dropping marker rows). Spark without Delta or Iceberg can neither delete
    nor merge: the model is rebuilt in full as a table there, so a run always equals a full refresh.
    Use as {{ config(**cx_metrics.incremental_config(unique_key=..., post_hook=...)) }}. -#}
{% macro incremental_config(unique_key, post_hook=none) -%}
    {{ return(adapter.dispatch('incremental_config', 'cx_metrics')(unique_key, post_hook)) }}
{%- endmacro %}

{% macro default__incremental_config(unique_key, post_hook=none) -%}
    {%- set settings = {
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': unique_key,
    } -%}
    {%- if post_hook -%}
        {%- do settings.update({'post_hook': [post_hook]}) -%}
    {%- endif -%}
    {{ return(settings) }}
{%- endmacro %}

{% macro spark__incremental_config(unique_key, post_hook=none) -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}
