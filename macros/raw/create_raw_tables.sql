{#- Spark: (re)create each raw table of `schema` over its files, every column as text, for the staging models to
    read (cx_tools.load_raw finds the files and calls this with dbt run-operation). CSV is read with its header, no
    type inference, quoted fields across lines; Parquet through a view that casts every column to text as DuckDB
    does (a UTC timestamp as ISO text ending in Z).

    Arguments:
      schema: the raw schema (the sources' schema, default raw).
      tables: list of {name, format (csv or parquet), path (a file, or a folder pattern such as dir/t/*.csv)}.
      files: the manifest rows for <schema>.cx_raw_files, one per raw file: {source_table, file_path, file_format,
        size_bytes, modified_at (ISO text, UTC), physical_records}, made by cx_tools.raw_files; the table is replaced.
        When omitted (none), cx_raw_files is left as it is. -#}
{% macro create_raw_tables(schema, tables, files=none) %}
    {{ return(adapter.dispatch('create_raw_tables', 'cx_metrics')(schema, tables, files)) }}
{% endmacro %}

{% macro default__create_raw_tables(schema, tables, files=none) %}
    {{ exceptions.raise_compiler_error(
        "create_raw_tables is for Spark; " ~ target.type ~ " reads raw files through cx_tools.load_raw or directly") }}
{% endmacro %}

{% macro spark__create_raw_tables(schema, tables, files=none) %}
    {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- if files is not none -%}
        {%- do cx_metrics.create_spark_raw_files_manifest(schema, files) -%}
    {%- endif -%}
    {%- for table in tables -%}
        {%- set relation = schema ~ '.' ~ table.name -%}
        {%- set files_relation = schema ~ '.' ~ table.name ~ '__files' -%}
        {%- set path = table.path | replace('\\', '\\\\') | replace("'", "\\'") -%}
        {%- do run_query('drop view if exists ' ~ relation) if table.format == 'parquet' -%}
        {%- do run_query('drop table if exists ' ~ relation) if table.format == 'csv' -%}
        {%- do run_query('drop table if exists ' ~ files_relation) -%}
        {%- if table.format == 'csv' -%}
            {%- do run_query(
                "create table " ~ relation ~ " using csv options (path '" ~ path ~ "', header 'true', "
                ~ "inferSchema 'false', multiLine 'true', quote '\"', escape '\"', mode 'FAILFAST', encoding 'UTF-8')"
            ) -%}
        {%- else -%}
            {%- do run_query("create table " ~ files_relation ~ " using parquet options (path '" ~ path ~ "')") -%}
            {%- set columns = adapter.get_columns_in_relation(api.Relation.create(schema=schema, identifier=table.name ~ '__files')) -%}
            {%- set casts = [] -%}
            {%- for column in columns -%}
                {%- set name = adapter.quote(column.name) -%}
                {%- if column.dtype | lower == 'timestamp' -%}
                    {%- do casts.append("date_format(" ~ name ~ ", \"yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'\") as " ~ name) -%}
                {%- else -%}
                    {%- do casts.append("cast(" ~ name ~ " as string) as " ~ name) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do run_query(
                "create view " ~ relation ~ " as select " ~ casts | join(', ') ~ " from " ~ files_relation
            ) -%}
        {%- endif -%}
        {{ log('raw table ' ~ relation ~ ' over ' ~ table.path, info=true) }}
    {%- endfor -%}
{% endmacro %}

{#- Spark: replace <schema>.cx_raw_files with `files` (see create_raw_tables). -#}
{% macro create_spark_raw_files_manifest(schema, files) %}
    {%- set relation = schema ~ '.cx_raw_files' -%}
    {%- set columns = 'source_table, file_path, file_format, size_bytes, modified_at, physical_records' -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- if files | length == 0 -%}
        {%- do run_query(
            'create table ' ~ relation ~ ' (source_table string, file_path string, file_format string, '
            ~ 'size_bytes bigint, modified_at timestamp, physical_records bigint) using parquet'
        ) -%}
    {%- else -%}
        {%- set rows = [] -%}
        {%- for file in files -%}
            {%- set texts = [] -%}
            {%- for key in ['source_table', 'file_path', 'file_format', 'modified_at'] -%}
                {%- do texts.append("'" ~ (file[key] | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") -%}
            {%- endfor -%}
            {%- do rows.append(
                '(' ~ texts[0] ~ ', ' ~ texts[1] ~ ', ' ~ texts[2] ~ ', cast(' ~ (file.size_bytes | int) ~ ' as bigint), '
                ~ 'cast(' ~ texts[3] ~ ' as timestamp), cast(' ~ (file.physical_records | int) ~ ' as bigint))'
            ) -%}
        {%- endfor -%}
        {%- do run_query(
            'create table ' ~ relation ~ ' using parquet as select * from values ' ~ rows | join(', ')
            ~ ' as t(' ~ columns ~ ')'
        ) -%}
    {%- endif -%}
    {{ log('raw file manifest ' ~ relation ~ ': ' ~ files | length ~ ' files', info=true) }}
{% endmacro %}
