{#- The rows of contract table `contract_table` from every selected source, in its staged shape: the lineage
    columns and the staged columns of audited_tables(), selected by name from each source's staging model
    (`models`: {source_system: model name}), so a source whose model lacks a column fails at compile time instead
    of shifting columns. -#}
{% macro union_sources(contract_table, models) -%}
    {%- set table = cx_metrics.audited_table(contract_table) -%}
    {%- set columns = cx_metrics.staged_lineage_columns() + table.staged_columns -%}
    {%- for source in cx_metrics.selected_source_tables(table) %}
select
    {%- for column in columns %}
    {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
from {{ ref(models[source.source_system]) }}
{%- if not loop.last %}

union all
{% endif %}
    {%- endfor %}
{%- endmacro %}
