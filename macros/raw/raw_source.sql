{#- The raw table `source(source_name, table_name)`, after checking that exactly one raw layout holds it and that it
    has every column its source YAML declares. A missing table, a table found in two layouts, or a missing column
    stops the build with a message naming the table and its folder or files, instead of an empty read or a binder
    error deep inside a staging view. Extra columns are ignored. -#}
{% macro raw_source(source_name, table_name) %}
    {%- set relation = source(source_name, table_name) -%}
    {%- do cx_metrics.check_raw_columns(source_name, table_name, relation) -%}
    {{ return(relation) }}
{% endmacro %}


{#- Stop, naming the table, its place and the missing columns, when `relation` (the raw table, or a read of some of
    its files) lacks a column the source YAML declares. -#}
{% macro check_raw_columns(source_name, table_name, relation) %}
    {#- Unit tests mock the source and carry no graph.sources: nothing to check there. -#}
    {%- if execute and graph.sources is defined -%}
        {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
        {%- set location = cx_metrics.raw_table_location(node) -%}
        {%- set required = node.columns.keys() | list -%}
        {%- set probe = run_query('select * from ' ~ relation ~ ' limit 0') -%}
        {%- set present = probe.column_names | map('lower') | list -%}
        {%- set missing = [] -%}
        {%- for column in required if column | lower not in present -%}
            {%- do missing.append(column) -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ table_name ~ "' (" ~ location ~ ") is missing required column(s): "
                ~ missing | join(', ') ~ ". Expected the columns of the raw contract: " ~ required | join(', ')
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{#- Where the raw table of source node `source_node` is, for messages. DuckDB reads the files themselves: the one
    path pattern, of <dir>/<table>.csv,
    <dir>/<table>.parquet, <dir>/<table>/*.csv and <dir>/<table>/*.parquet (only those of the format when
    cx_raw_format pins one), that matches a file, checked with DuckDB's glob() at run time. The folder and
    the format come from the source meta set in dbt_project.yml, the same values external_location reads. -#}
{% macro raw_table_location(source_node) %}
    {{ return(adapter.dispatch('raw_table_location', 'cx_metrics')(source_node)) }}
{% endmacro %}

{#- PostgreSQL and Spark read the raw schema, which cx_tools.load_raw fills (or points) from CX_RAW_DIR after the
    same check of the folder. -#}
{% macro default__raw_table_location(source_node) %}
    {{ return(source_node.schema ~ '.' ~ source_node.identifier ~ ', loaded from CX_RAW_DIR by cx_tools.load_raw') }}
{% endmacro %}

{% macro duckdb__raw_table_location(source_node) %}
    {%- set lookup = cx_metrics.duckdb_raw_table_lookup(source_node) -%}
    {%- if lookup.problem -%}
        {{ exceptions.raise_compiler_error(lookup.problem) }}
    {%- endif -%}
    {{ return(lookup.location) }}
{% endmacro %}

{#- {location: the one glob pattern that matches, problem: why there is none (missing, or found twice), or none}. -#}
{% macro duckdb_raw_table_lookup(source_node) %}
    {%- set meta = source_node.config.meta if source_node.config.meta else source_node.meta -%}
    {%- set raw_format = meta.get('cx_raw_format', 'detect') -%}
    {%- set dir_sql = meta['cx_raw_dir_sql'] -%}
    {%- set table_name = source_node.name -%}
    {%- if raw_format not in ['detect', 'csv', 'parquet'] -%}
        {{ return({'location': none, 'problem': "cx_raw_format must be detect, csv or parquet, not '" ~ raw_format ~ "'"}) }}
    {%- endif -%}
    {%- set extensions = ['csv', 'parquet'] if raw_format == 'detect' else [raw_format] -%}
    {%- set patterns = [] -%}
    {%- for extension in extensions -%}
        {%- do patterns.append(dir_sql ~ '/' ~ table_name ~ '.' ~ extension) -%}
        {%- do patterns.append(dir_sql ~ '/' ~ table_name ~ '/' ~ meta['cx_part_files'] ~ '.' ~ extension) -%}
    {%- endfor -%}
    {%- set checks = [] -%}
    {%- for pattern in patterns -%}
        {%- do checks.append("select " ~ loop.index0 ~ " as candidate, count(*) as files from glob('" ~ pattern ~ "')") -%}
    {%- endfor -%}
    {%- set counts = run_query(checks | join(' union all ') ~ ' order by candidate') -%}
    {%- set found = [] -%}
    {%- for row in counts.rows if row[1] > 0 -%}
        {%- do found.append(patterns[row[0] | int]) -%}
    {%- endfor -%}
    {#- Messages show paths as written, and a part folder as <table>/*.<ext>. -#}
    {%- set folder = dir_sql | replace("''", "'") -%}
    {%- set shown = patterns | map('replace', "''", "'") | map('replace', meta['cx_part_files'], '*') | list -%}
    {%- set shown_found = found | map('replace', "''", "'") | map('replace', meta['cx_part_files'], '*') | list -%}
    {%- if found | length == 0 -%}
        {{ return({'location': none, 'problem':
            "No raw file for table '" ~ table_name ~ "' in folder " ~ folder ~ " (cx_raw_format: " ~ raw_format
            ~ "). Expected one of: " ~ shown | join(', ')}) }}
    {%- elif found | length > 1 -%}
        {{ return({'location': none, 'problem':
            "Raw table '" ~ table_name ~ "' is found more than once in folder " ~ folder ~ ": "
            ~ shown_found | join(' and ') ~ ". Keep one file or one folder of part files per table"
            ~ (" (or pin the format with --vars '{cx_raw_format: csv}' or parquet)." if raw_format == 'detect' else ".")}) }}
    {%- endif -%}
    {{ return({'location': found[0] | replace("''", "'"), 'problem': none}) }}
{% endmacro %}


{#- The raw record as JSON text: every contract column of the source with its raw value, for the audit trail.
    Columns in `exclude` (contact fields) are left out, so no email or name is copied into the audit schema;
    emails inside any value are replaced by [email], and the `free_text` columns also lose phone numbers
    (redact_contact_data). -#}
{% macro raw_record_json(source_name, table_name, exclude=[], free_text=[]) -%}
    {%- set columns = [] -%}
    {%- for column in contract_columns(source_name, table_name) if column not in exclude -%}
        {%- do columns.append(column) -%}
    {%- endfor -%}
    {%- if columns -%}
    {%- set values = {} -%}
    {%- for column in columns -%}
        {%- if column in free_text -%}
            {%- do values.update({column: cx_metrics.redact_contact_data(column)}) -%}
        {%- else -%}
            {%- do values.update({column: cx_metrics.redact_emails(column)}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ cx_metrics.json_object_text(columns, values) }}
    {%- else -%}
    cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}


{#- The contract columns of a raw table, in the order its sources YAML declares them (empty where the graph is not
    available, as in unit tests). -#}
{% macro contract_columns(source_name, table_name) -%}
    {%- set columns = [] -%}
    {%- if execute and graph.sources is defined -%}
        {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
        {%- do columns.extend(node.columns.keys() | list) -%}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}


{#- True for a data row that repeats the header line (two exports concatenated): every contract column holds its own
    name. Such a row is rejected as `repeated_header` instead of becoming a phantom survey or customer. The full
    comparison runs only on rows whose first field contains its column's name (a cheap test that every repeated
    header passes), because trimming every field of every row costs more than the rest of staging. -#}
{% macro is_repeated_header(source_name, table_name) -%}
    {%- set columns = contract_columns(source_name, table_name) -%}
    {%- if columns -%}
    coalesce(
        case
            when {{ columns[0] }} like '%{{ columns[0] }}%' then
                {%- for column in columns %}
                {{ cx_metrics.clean_text(column) }} = '{{ column }}'{{ ' and' if not loop.last }}
                {%- endfor %}
        end,
        false
    )
    {%- else -%}
    false
    {%- endif -%}
{%- endmacro %}
