{#- Reading a raw table in file order. -#}

{#- Every row of the raw table `relation` with source_row_number, its position in the raw files (1, 2, ...; part
    files in name order). DuckDB numbers rows as it reads them; PostgreSQL reads the number cx_tools.load_raw
    wrote when it loaded the files (a seed, `loaded=false`: its physical order); Spark by file name and position in
    the file. -#}
{% macro select_numbered_raw_rows(relation, loaded=true) -%}
    {{ return(adapter.dispatch('select_numbered_raw_rows', 'cx_metrics')(relation, loaded)) }}
{%- endmacro %}

{% macro default__select_numbered_raw_rows(relation, loaded=true) -%}
    select
        row_number() over () as source_row_number,
        *
    from {{ relation }}
{%- endmacro %}

{#- cx_tools.load_raw writes each row's place in the table's files as the indexed column cx_row_number, so that an
    incremental run's condition on it (select_delivered_raw_rows) is applied by the scan, with no window function
    over the whole table in between. A unit test's mocked source is a CTE, without that column. -#}
{% macro postgres__select_numbered_raw_rows(relation, loaded=true) -%}
    {%- if (relation | string).startswith('__dbt__cte__') or not loaded %}
    select
        row_number() over ({{ 'order by ctid' if not (relation | string).startswith('__dbt__cte__') }}) as source_row_number,
        *
    from {{ relation }}
    {%- else %}
    select
        cx_row_number as source_row_number,
        *
    from {{ relation }}
    {%- endif %}
{%- endmacro %}

{% macro spark__select_numbered_raw_rows(relation, loaded=true) -%}
    select
        row_number() over (order by input_file_name(), monotonically_increasing_id()) as source_row_number,
        *
    from {{ relation }}
{%- endmacro %}
