{#- The raw files behind every raw table, with their physical record counts, for the audit (stg_raw__files) and for
    the check that runs before every build (check_raw_files, an on-run-start hook). The count is made by a pass
    independent of the engine's reader: Python's csv module for CSV, the Parquet footer for Parquet. DuckDB makes
    it itself, through cx_raw_file_records() (cx_tools.duckdb_plugin); PostgreSQL and Spark read the manifest
    table <raw schema>.cx_raw_files that cx_tools.load_raw writes beside the raw tables it loads. -#}

{#- One row per raw file: source_table, file_name, file_path, file_format, size_bytes, modified_at and, with
    `with_records`, physical_records. file_name is the file's name in its table's place (survey_responses.csv,
    or part-0001.csv in survey_responses/), which names a file of a table whatever the folder it is read from:
    the delivery ledger (audit_raw_file_deliveries) is keyed on it. Without records the listing opens no file.
    With `judged` (the ledger, judged_raw_files()), a file it holds with the same size and modification time
    takes its record count from there and is not opened: only new files are counted. -#}
{% macro select_raw_files(with_records=true, judged=none) -%}
    {{ return(adapter.dispatch('select_raw_files', 'cx_metrics')(with_records, judged)) }}
{%- endmacro %}

{#- load_raw counted every file when it loaded the raw tables: nothing to spare here. -#}
{% macro default__select_raw_files(with_records=true, judged=none) -%}
    {%- set manifest = api.Relation.create(schema=env_var('CX_RAW_SCHEMA', 'raw'), identifier='cx_raw_files') -%}
    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(regexp_replace(file_path, '^.*/', '') as {{ dbt.type_string() }}) as file_name,
        cast(file_path as {{ dbt.type_string() }}) as file_path,
        cast(file_format as {{ dbt.type_string() }}) as file_format,
        cast(size_bytes as {{ dbt.type_bigint() }}) as size_bytes,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at
        {%- if with_records %},
        cast(physical_records as {{ dbt.type_bigint() }}) as physical_records
        {%- endif %}
    from {{ manifest }}
{%- endmacro %}

{% macro duckdb__select_raw_files(with_records=true, judged=none) -%}
    {%- set listings = [] -%}
    {%- for node in cx_metrics.raw_source_nodes() -%}
        {%- set location = cx_metrics.raw_table_location(node) if execute else node.name ~ '.csv' -%}
        {%- set file_format = 'parquet' if location.endswith('.parquet') else 'csv' -%}
        {%- do listings.append(
            "select '" ~ cx_metrics.raw_source_table_name(node) ~ "' as source_table, "
            ~ "parse_filename(filename) as file_name, filename as file_path, '" ~ file_format ~ "' as file_format, "
            ~ "size as size_bytes, cast(last_modified as timestamp) as modified_at"
            ~ " from read_blob('" ~ location | replace("'", "''") ~ "')"
        ) -%}
    {%- endfor -%}
    {%- set counted = "cx_raw_file_records(listed.file_path, listed.file_format, "
        ~ var('cx_max_line_bytes', 10000000) ~ ")" -%}
    {%- if not with_records -%}
    {{ listings | join('\nunion all\n') }}
    {%- else -%}
    select
        listed.*,
        {%- if judged %}
        case when judged.file_name is not null then judged.physical_records else {{ counted }} end as physical_records
        {%- else %}
        {{ counted }} as physical_records
        {%- endif %}
    from (
        {{ listings | join('\n        union all\n        ') }}
    ) as listed
    {%- if judged %}
    left join {{ judged }} as judged
        on
            listed.source_table = judged.source_table
            and listed.file_name = judged.file_name
            and {{ cx_metrics.is_unchanged_raw_file('listed', 'judged') }}
    {%- endif %}
    {%- endif %}
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
        {%- do cx_metrics.check_judged_raw_files() -%}
        {#- Only the files not judged yet are read. Summed, so the count is computed (a bare count(*) would let the
            optimizer skip the column). -#}
        {%- do run_query('select sum(physical_records) from ('
            ~ cx_metrics.select_raw_files(judged=cx_metrics.judged_raw_files()) ~ ') as raw_files') -%}
    {%- endif -%}
    select 1
{%- endmacro %}


{#- Part of check_raw_files, in an incremental run: stop if a raw file the delivery ledger (audit_raw_file_deliveries)
    records as judged has been rewritten (another size or modification time) or removed since, or if a new file
    sorts before a judged file of its table. Judged rows are identified by their place in their file, so such a
    file cannot be judged incrementally: the message names every such file and asks for a full refresh, which
    rebuilds the ledger. Nothing to check in a full refresh, before the first build, or where the ledger is
    rebuilt on every run (Spark). -#}
{% macro check_judged_raw_files() -%}
    {%- set ledger = cx_metrics.judged_raw_files() -%}
    {%- if ledger is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set changed = run_query(
        "select judged.source_table, judged.file_name, judged.size_bytes, judged.modified_at,"
        ~ " present.size_bytes, present.modified_at"
        ~ " from " ~ ledger ~ " as judged"
        ~ " left join (" ~ cx_metrics.select_raw_files(with_records=false) ~ ") as present"
        ~ " on judged.source_table = present.source_table and judged.file_name = present.file_name"
        ~ " where present.file_name is null or not (" ~ cx_metrics.is_unchanged_raw_file('present', 'judged') ~ ")"
        ~ " order by judged.source_table, judged.file_name"
    ) -%}
    {%- if changed.rows | length > 0 -%}
        {%- set problems = [] -%}
        {%- for row in changed.rows -%}
            {%- set judged = row[2] ~ ' bytes, modified ' ~ row[3] -%}
            {%- if row[4] is none -%}
                {%- do problems.append('  ' ~ row[0] ~ ': ' ~ row[1] ~ ' (judged as ' ~ judged ~ ') has been removed') -%}
            {%- else -%}
                {%- do problems.append('  ' ~ row[0] ~ ': ' ~ row[1] ~ ' (judged as ' ~ judged ~ ') has been rewritten: now '
                    ~ row[4] ~ ' bytes, modified ' ~ row[5]) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "Raw files already judged by an earlier run have changed since:\n" ~ problems | join('\n')
            ~ "\nA judged raw row is identified by its place in its file, so a judged file must stay as it is: deliver"
            ~ " new rows as a new file (a part file in the table's folder). To judge the changed files, rebuild with"
            ~ " `dbt build --full-refresh`.") }}
    {%- endif -%}
    {#- Rows are numbered in file-name order, so a new file must sort after every judged file of its table. -#}
    {%- set out_of_order = run_query(
        "select present.source_table, present.file_name, last_judged.file_name"
        ~ " from (" ~ cx_metrics.select_raw_files(with_records=false) ~ ") as present"
        ~ " inner join (select source_table, max(" ~ cx_metrics.in_byte_order('file_name') ~ ") as file_name"
        ~ " from " ~ ledger ~ " group by source_table) as last_judged"
        ~ " on present.source_table = last_judged.source_table"
        ~ " left join " ~ ledger ~ " as judged"
        ~ " on present.source_table = judged.source_table and present.file_name = judged.file_name"
        ~ " where judged.file_name is null"
        ~ " and " ~ cx_metrics.in_byte_order('present.file_name') ~ " < " ~ cx_metrics.in_byte_order('last_judged.file_name')
        ~ " order by present.source_table, present.file_name"
    ) -%}
    {%- if out_of_order.rows | length > 0 -%}
        {%- set problems = [] -%}
        {%- for row in out_of_order.rows -%}
            {%- do problems.append('  ' ~ row[0] ~ ': ' ~ row[1] ~ ' sorts before ' ~ row[2] ~ ', judged already') -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "New raw files sort before files an earlier run judged:\n" ~ problems | join('\n')
            ~ "\nRaw rows are numbered in file-name order, so a delivery must be a file whose name sorts after every"
            ~ " judged file of its table (the next part number). Rename the new files, or rebuild with"
            ~ " `dbt build --full-refresh`.") }}
    {%- endif -%}
{%- endmacro %}


{#- The delivery ledger (audit_raw_file_deliveries) as the previous runs left it, or none in a full refresh, before
    the first build and where the ledger is rebuilt on every run (Spark). It is read as state, like a model's
    own `this`, before the ledger of this run is built: a full refresh trusts nothing from it. -#}
{% macro judged_raw_files() -%}
    {%- if not execute or flags.FULL_REFRESH -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.audit_raw_file_deliveries') -%}
    {%- if not node or node.config.materialized != 'incremental' -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
{%- endmacro %}


{#- The one rule for "a judged file is unchanged": the same size and modification time, as make and rsync judge it
    (a listing, so no file is opened). `listed` and `judged` alias a file listing and the delivery ledger. -#}
{% macro is_unchanged_raw_file(listed, judged) -%}
    {{ listed }}.size_bytes = {{ judged }}.size_bytes and {{ listed }}.modified_at = {{ judged }}.modified_at
{%- endmacro %}
