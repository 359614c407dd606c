{#- The rows of contract table `contract_table` from every selected source, in its staged shape: the lineage
    columns and the staged columns of audited_tables(), selected by name from each source's staging model
    (`models`: {source_system: model name}), so a source whose model lacks a column fails at compile time instead
    of shifting columns; and _batch_at, the run that staged the row: a staging table's own stamp (it stages each
    delivery once), or this run's for a staging view, whose rows are read again by every run. -#}
{% macro union_sources(contract_table, models) -%}
    {%- set table = cx_metrics.audited_table(contract_table) -%}
    {%- set columns = cx_metrics.staged_lineage_columns() + table.staged_columns -%}
    {%- for source in cx_metrics.selected_source_tables(table) %}
    {%- set model = models[source.source_system] %}
select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    {{ '_batch_at' if cx_metrics.is_staged_by_delivery(model) else cx_metrics.batch_at() ~ ' as _batch_at' }}
from {{ ref(model) }}
{%- if not loop.last %}

union all
{% endif %}
    {%- endfor %}
{%- endmacro %}


{#- True when staging model `model_name` is an incremental table, which stages each raw delivery once. -#}
{% macro is_staged_by_delivery(model_name) -%}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
    {{ return(node is not none and node.config.materialized == 'incremental') }}
{%- endmacro %}
