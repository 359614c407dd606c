{#- How an incremental model is materialised on each engine. DuckDB and PostgreSQL: the replace_groups strategy on
    the model's unique key (macros/incremental/replace_groups.sql). Spark without Delta or Iceberg can neither
    delete nor merge: the model is rebuilt in full as a table there, so a run always equals a full refresh.
    Use as {{ config(**cx_metrics.incremental_config(unique_key=...)) }}. -#}
{% macro incremental_config(unique_key) -%}
    {{ return(adapter.dispatch('incremental_config', 'cx_metrics')(unique_key)) }}
{%- endmacro %}

{% macro default__incremental_config(unique_key) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'replace_groups',
        'unique_key': unique_key,
    }) }}
{%- endmacro %}

{% macro spark__incremental_config(unique_key) -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}


{#- The temporary table the groups a model replaces are kept in (replaced_groups), in this session's temporary
    schema, so that it can never name a table of the warehouse. -#}
{% macro replaced_groups_relation() -%}
    {{ return(adapter.dispatch('replaced_groups_relation', 'cx_metrics')()) }}
{%- endmacro %}

{#- The defaults below let Spark, which never builds incrementally (incremental_config), resolve the calls when
    dbt parses the project. -#}
{% macro default__replaced_groups_relation() -%}
    {{ return(api.Relation.create(identifier=this.identifier ~ '__replaced_groups')) }}
{%- endmacro %}

{% macro duckdb__replaced_groups_relation() -%}
    {{ return(api.Relation.create(database='temp', schema='main', identifier=this.identifier ~ '__replaced_groups')) }}
{%- endmacro %}

{% macro postgres__replaced_groups_relation() -%}
    {{ return(api.Relation.create(schema='pg_temp', identifier=this.identifier ~ '__replaced_groups')) }}
{%- endmacro %}


{#- SQL (re)creating the temporary table `relation` as the result of `select_sql`. -#}
{% macro create_temporary_table(relation, select_sql) -%}
    {{ return(adapter.dispatch('create_temporary_table', 'cx_metrics')(relation, select_sql)) }}
{%- endmacro %}

{% macro default__create_temporary_table(relation, select_sql) -%}
    {{ exceptions.raise_compiler_error('replace_groups needs a temporary table, which ' ~ target.type ~ ' has no macro for') }}
{%- endmacro %}

{% macro duckdb__create_temporary_table(relation, select_sql) -%}
    create or replace temporary table {{ relation }} as (
        {{ select_sql }}
    )
{%- endmacro %}

{% macro postgres__create_temporary_table(relation, select_sql) -%}
    drop table if exists {{ relation }};
    create temporary table {{ relation }} as (
        {{ select_sql }}
    )
{%- endmacro %}


{#- True when this session holds the temporary table `relation`. -#}
{% macro temporary_table_exists(relation) -%}
    {{ return(adapter.dispatch('temporary_table_exists', 'cx_metrics')(relation)) }}
{%- endmacro %}

{% macro default__temporary_table_exists(relation) -%}
    {{ exceptions.raise_compiler_error('replace_groups needs a temporary table, which ' ~ target.type ~ ' has no macro for') }}
{%- endmacro %}

{% macro duckdb__temporary_table_exists(relation) -%}
    {%- set found = run_query(
        "select count(*) from duckdb_tables() where temporary and table_name = '" ~ relation.identifier ~ "'"
    ) -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}

{% macro postgres__temporary_table_exists(relation) -%}
    {%- set found = run_query("select to_regclass('pg_temp." ~ relation.identifier ~ "') is not null") -%}
    {{ return(found.columns[0].values()[0]) }}
{%- endmacro %}
