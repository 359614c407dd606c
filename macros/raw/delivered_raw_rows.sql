{#- Staging a raw table by delivery. A staging model of the six-file contract is an append-only table: a full build
    reads every raw file; an incremental run reads only the files the model has not staged yet, and gives the reader
    that list, so a staged file is never opened again. A delivery is a new file; a judged file stays as it is
    (check_judged_raw_files), and a new file sorts after the judged ones, so numbering on from the rows already
    staged gives every row the number a full build gives it. -#}

{#- The raw rows of source table `source_name`.`table_name` this run stages, with source_row_number (the row's
    position in the table's raw files, part files in name order) and source_file_name (the file's name in its
    table's place; DuckDB, which reads the files: null where the raw table is a loaded table). -#}
{% macro select_delivered_raw_rows(source_name, table_name) -%}
    {{ return(adapter.dispatch('select_delivered_raw_rows', 'cx_metrics')(source_name, table_name)) }}
{%- endmacro %}

{#- PostgreSQL: cx_tools.load_raw loads every file into the raw table in file order, so the rows not staged yet are
    those numbered after the model's last row. Spark rebuilds the table on every run (incremental_config). -#}
{% macro default__select_delivered_raw_rows(source_name, table_name) -%}
    select
        numbered.*,
        cast(null as {{ dbt.type_string() }}) as source_file_name
    from (
        {{ cx_metrics.select_numbered_raw_rows(cx_metrics.raw_source(source_name, table_name)) }}
    ) as numbered
    {%- if is_incremental() %}
    where numbered.source_row_number > (select coalesce(max(source_row_number), 0) from {{ this }})
    {%- endif %}
{%- endmacro %}

{% macro duckdb__select_delivered_raw_rows(source_name, table_name) -%}
    {%- if not is_incremental() -%}
    {%- set relation = cx_metrics.raw_source(source_name, table_name) -%}
    select
        row_number() over () as source_row_number,
        {#- A unit test's mocked source is a CTE, without the reader's filename column. #}
        {%- if (relation | string).startswith('__dbt__cte__') %}
        cast(null as varchar) as source_file_name,
        *
        {%- else %}
        parse_filename(filename) as source_file_name,
        * exclude (filename)
        {%- endif %}
    from {{ relation }}
    {%- else -%}
    {%- set new_files = cx_metrics.raw_files_not_staged(source_name, table_name) -%}
    {%- if new_files | length == 0 %}
    select
        cast(null as bigint) as source_row_number,
        cast(null as varchar) as source_file_name,
        {%- for column in cx_metrics.contract_columns(source_name, table_name) %}
        cast(null as varchar) as {{ adapter.quote(column) }}{{ ',' if not loop.last }}
        {%- endfor %}
    where false
    {%- else %}
    {%- set reader = cx_metrics.raw_files_reader(source_name, table_name, new_files) -%}
    {%- do cx_metrics.check_raw_columns(source_name, table_name, reader) -%}
    select
        (select coalesce(max(source_row_number), 0) from {{ this }}) + row_number() over () as source_row_number,
        parse_filename(filename) as source_file_name,
        * exclude (filename)
    from {{ reader }}
    {%- endif %}
    {%- endif %}
{%- endmacro %}


{#- The paths of the raw files of `source_name`.`table_name` that the staging model being built (`this`) holds no row
    of, in name order: listed with DuckDB's glob(), which opens no file. -#}
{% macro raw_files_not_staged(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set location = cx_metrics.raw_table_location(node) -%}
    {%- set listed = run_query(
        "select file from glob('" ~ location | replace("'", "''") ~ "')"
        ~ " where parse_filename(file) not in ("
        ~ "select source_file_name from " ~ this ~ " where source_file_name is not null)"
        ~ " order by file"
    ) -%}
    {{ return(listed.columns[0].values() | list) }}
{%- endmacro %}


{#- A read of the raw files `paths` of `source_name`.`table_name`, every field as text, with the reader's filename
    column: the reader and options external_location (dbt_project.yml) reads the whole table with. -#}
{% macro raw_files_reader(source_name, table_name, paths) -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set meta = node.config.meta if node.config.meta else node.meta -%}
    {%- set quoted = [] -%}
    {%- for path in paths -%}
        {%- do quoted.append("'" ~ path | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {%- if paths[0].endswith('.parquet') -%}
    (select {{ meta['cx_parquet_columns_as_text'] }}
    from read_parquet([{{ quoted | join(', ') }}], binary_as_string = true, filename = true))
    {%- else -%}
    (select * from read_csv([{{ quoted | join(', ') }}], {{ meta['cx_csv_options'] }},
    max_line_size = {{ var('cx_max_line_bytes', 10000000) }}, filename = true))
    {%- endif -%}
{%- endmacro %}
