{#- The raw files behind every raw table, with their physical record counts, for the audit (stg_raw__files) and for
    the check that runs before every build (check_raw_files, an on-run-start hook). The count is made by a pass
    independent of the engine's reader: Python's csv module for CSV, the Parquet footer for Parquet. DuckDB makes
    it itself, through cx_raw_file_records() (cx_tools.duckdb_plugin); PostgreSQL and Spark read the manifest
    table <raw schema>.cx_raw_files that cx_tools.load_raw writes beside the raw tables it loads. -#}

{#- One row per raw file: source_table, file_path, file_format, size_bytes, modified_at, physical_records. -#}
{% macro select_raw_files() -%}
    {{ return(adapter.dispatch('select_raw_files', 'cx_metrics')()) }}
{%- endmacro %}

{% macro default__select_raw_files() -%}
    {%- set manifest = api.Relation.create(schema=env_var('CX_RAW_SCHEMA', 'raw'), identifier='cx_raw_files') -%}
    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(file_path as {{ dbt.type_string() }}) as file_path,
        cast(file_format as {{ dbt.type_string() }}) as file_format,
        cast(size_bytes as {{ dbt.type_bigint() }}) as size_bytes,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at,
        cast(physical_records as {{ dbt.type_bigint() }}) as physical_records
    from {{ manifest }}
{%- endmacro %}

{% macro duckdb__select_raw_files() -%}
    {%- set selects = [] -%}
    {%- for node in cx_metrics.raw_source_nodes() -%}
        {%- set location = cx_metrics.raw_table_location(node) if execute else node.name ~ '.csv' -%}
        {%- set file_format = 'parquet' if location.endswith('.parquet') else 'csv' -%}
        {%- do selects.append(
            "select '" ~ cx_metrics.raw_source_table_name(node) ~ "' as source_table, filename as file_path, '"
            ~ file_format ~ "' as file_format, "
            ~ "size as size_bytes, cast(last_modified as timestamp) as modified_at, "
            ~ "cx_raw_file_records(filename, '" ~ file_format ~ "', " ~ var('cx_max_line_bytes', 10000000) ~ ") as physical_records "
            ~ "from read_blob('" ~ location | replace("'", "''") ~ "')"
        ) -%}
    {%- endfor -%}
    {{ selects | join('\nunion all\n') }}
{%- endmacro %}


{#- The audit's name of a raw table (its `source_table`): the six-file contract's file name (survey_responses), a
    connector's table as <connector>.<table> (qualtrics.survey_response), so names never clash. -#}
{% macro raw_source_table_name(source_node) -%}
    {%- if source_node.source_name in ['survey_platform', 'helpdesk'] -%}
        {{ return(source_node.name) }}
    {%- else -%}
        {{ return(source_node.source_name ~ '.' ~ source_node.name) }}
    {%- endif -%}
{%- endmacro %}


{#- The source nodes of the raw tables read from CX_RAW_DIR (every enabled source of this project). -#}
{% macro raw_source_nodes() -%}
    {%- set nodes = [] -%}
    {%- if graph.sources is defined -%}
        {%- for node in graph.sources.values() | sort(attribute='unique_id') if node.package_name == project_name -%}
            {%- do nodes.append(node) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(nodes) }}
{%- endmacro %}


{#- on-run-start: read every raw file once with the independent pass before any model runs, so a malformed file
    stops the build with a message naming the file, the line and the problem (not a reader's generic error).
    PostgreSQL and Spark: cx_tools.load_raw ran the same check when it loaded the files; here the manifest must exist. -#}
{% macro check_raw_files() -%}
    {%- if execute and invocation_args_dict.get('which') in ['run', 'build'] -%}
        {%- if target.type == 'duckdb' -%}
            {#- Every table's location problem at once (a missing table, a table found twice), not only the first. -#}
            {%- set problems = [] -%}
            {%- for node in cx_metrics.raw_source_nodes() -%}
                {%- set problem = cx_metrics.duckdb_raw_table_lookup(node).problem -%}
                {%- if problem -%}{%- do problems.append(problem) -%}{%- endif -%}
            {%- endfor -%}
            {%- if problems -%}
                {{ exceptions.raise_compiler_error(problems | join('\n')) }}
            {%- endif -%}
        {%- endif -%}
        {#- Summed, so the count is computed (a bare count(*) would let the optimizer skip the column). -#}
        {%- do run_query('select sum(physical_records) from (' ~ cx_metrics.select_raw_files() ~ ') as raw_files') -%}
    {%- endif -%}
    select 1
{%- endmacro %}
