{#- Reading a raw table in file order. -#}

{#- Every row of the raw table `relation` with source_row_number, its position in the raw files (1, 2, ...; part
    files in name order). DuckDB numbers rows as it reads them; PostgreSQL by physical position in the table the
    loader filled in file order; Spark by file name and position in the file. -#}
{% macro select_numbered_raw_rows(relation) -%}
    {{ return(adapter.dispatch('select_numbered_raw_rows', 'cx_metrics')(relation)) }}
{%- endmacro %}

{% macro default__select_numbered_raw_rows(relation) -%}
    select
        row_number() over () as source_row_number,
        *
    from {{ relation }}
{%- endmacro %}

{#- A unit test's mocked source is a CTE, which has no ctid (nor a file order). -#}
{% macro postgres__select_numbered_raw_rows(relation) -%}
    select
        row_number() over ({{ 'order by ctid' if not (relation | string).startswith('__dbt__cte__') }}) as source_row_number,
        *
    from {{ relation }}
{%- endmacro %}

{% macro spark__select_numbered_raw_rows(relation) -%}
    select
        row_number() over (order by input_file_name(), monotonically_increasing_id()) as source_row_number,
        *
    from {{ relation }}
{%- endmacro %}
