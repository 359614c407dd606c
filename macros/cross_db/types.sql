{#- Column types. Contracts (the marts' YAML data_type) are written once, in the names DuckDB uses (varchar, double,
    integer, bigint, boolean, date, timestamp); contract_data_type() translates them for the other engines, in the
    contract check (dbt's cast) and in PostgreSQL's create table. -#}

{#- An 8-byte floating point type on every engine (dbt.type_float() is 4 bytes on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'cx_metrics')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}


{#- `expression` as an 8-byte float, so that arithmetic on it is floating point on every engine (PostgreSQL and
    Spark would otherwise divide decimals, with their own rounding). -#}
{% macro as_double(expression) -%}
    cast({{ expression }} as {{ cx_metrics.type_double() }})
{%- endmacro %}


{#- The engine's name of a contract `data_type` written in DuckDB's names; other types pass unchanged. -#}
{% macro contract_data_type(data_type) -%}
    {{ return(adapter.dispatch('contract_data_type', 'cx_metrics')(data_type)) }}
{%- endmacro %}

{% macro default__contract_data_type(data_type) -%}
    {{ return(data_type) }}
{%- endmacro %}

{#- Text functions return text on PostgreSQL; a varchar contract would never match them. -#}
{% macro postgres__contract_data_type(data_type) -%}
    {{ return({'varchar': 'text', 'double': 'double precision'}.get(data_type | lower, data_type)) }}
{%- endmacro %}

{% macro spark__contract_data_type(data_type) -%}
    {{ return({'varchar': 'string'}.get(data_type | lower, data_type)) }}
{%- endmacro %}


{#- dbt's cast(), which the contract check uses to read the YAML types, with contract_data_type() applied. -#}
{% macro postgres__cast(field, type) -%}
    cast({{ field }} as {{ cx_metrics.contract_data_type(type) }})
{%- endmacro %}

{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ cx_metrics.contract_data_type(type) }})
{%- endmacro %}


{#- PostgreSQL builds a contracted table from the YAML columns: the same translation there. -#}
{% macro postgres__get_table_columns_and_constraints() -%}
    {%- set columns = {} -%}
    {%- for name, column in model['columns'].items() -%}
        {%- set translated = column.copy() -%}
        {%- do translated.update({'data_type': cx_metrics.contract_data_type(column['data_type'])}) -%}
        {%- do columns.update({name: translated}) -%}
    {%- endfor -%}
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=columns) -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    (
    {% for c in raw_column_constraints -%}
      {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}



{#- `expression` as a double rounded to `places` decimals. PostgreSQL rounds only numeric to a number of places. -#}
{% macro round_double(expression, places) -%}
    {{ return(adapter.dispatch('round_double', 'cx_metrics')(expression, places)) }}
{%- endmacro %}

{% macro default__round_double(expression, places) -%}
    cast(round(cast({{ expression }} as {{ cx_metrics.type_double() }}), {{ places }}) as {{ cx_metrics.type_double() }})
{%- endmacro %}

{% macro postgres__round_double(expression, places) -%}
    cast(round(cast({{ expression }} as numeric), {{ places }}) as double precision)
{%- endmacro %}
