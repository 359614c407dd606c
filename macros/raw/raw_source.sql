{#- The raw table `source(source_name, table_name)`, after checking that it holds every column its source YAML
    declares. A missing file or column stops the build with a message naming both, instead of a binder error
    deep inside a staging view. Extra columns are ignored. -#}
{% macro raw_source(source_name, table_name) %}
    {%- set relation = source(source_name, table_name) -%}
    {#- Unit tests mock the source and carry no graph.sources: nothing to check there. -#}
    {%- if execute and graph.sources is defined -%}
        {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
        {%- set required = node.columns.keys() | list -%}
        {%- set probe = run_query('select * from ' ~ relation ~ ' limit 0') -%}
        {%- set present = probe.column_names | map('lower') | list -%}
        {%- set missing = [] -%}
        {%- for column in required if column | lower not in present -%}
            {%- do missing.append(column) -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ table_name ~ "' (" ~ relation ~ ") is missing required column(s): "
                ~ missing | join(', ') ~ ". Expected the columns of the raw contract: " ~ required | join(', ')
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}


{#- The raw record as JSON text: every contract column of the source with its raw value, for the audit trail.
    Columns in `exclude` (contact fields) are left out, so no email or name is copied into the audit schema. -#}
{% macro raw_record_json(source_name, table_name, exclude=[]) -%}
    {%- set columns = [] -%}
    {%- if execute and graph.sources is defined -%}
        {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
        {%- for column in node.columns.keys() if column not in exclude -%}
            {%- do columns.append(column) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(adapter.dispatch('raw_record_json', 'cx_metrics')(columns)) }}
{%- endmacro %}

{% macro default__raw_record_json(columns) -%}
    {%- if columns -%}
    cast(json_object(
        {%- for column in columns %}
        '{{ column }}', {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
    {%- else -%}
    cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
