{#- JSON text of raw records, written and read the same way on every engine: a compact object, keys in the order
    given, every value a string or null. -#}

{#- A JSON object as text, {"column": value, ...}, from text columns (nulls kept as null); `values` may give a SQL
    expression for a column's value (default: the column itself). -#}
{% macro json_object_text(columns, values={}) -%}
    {{ return(adapter.dispatch('json_object_text', 'cx_metrics')(columns, values)) }}
{%- endmacro %}

{% macro default__json_object_text(columns, values={}) -%}
    cast(json_object(
        {%- for column in columns %}
        '{{ column }}', {{ values.get(column, column) }}{{ "," if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
{%- endmacro %}

{#- json_build_object puts spaces around ':' and ','; written out here, compact like the others. -#}
{% macro postgres__json_object_text(columns, values={}) -%}
    '{'
    {%- for column in columns %}
    || '{{ '"' ~ column ~ '":' if loop.first else ',"' ~ column ~ '":' }}' || coalesce(cast(to_json({{ values.get(column, column) }}) as text), 'null')
    {%- endfor %}
    || '}'
{%- endmacro %}

{% macro spark__json_object_text(columns, values={}) -%}
    to_json(
        named_struct(
            {%- for column in columns %}
            '{{ column }}', {{ values.get(column, column) }}{{ "," if not loop.last }}
            {%- endfor %}
        ),
        map('ignoreNullFields', 'false')
    )
{%- endmacro %}


{#- The text value of `key` in a JSON object held as text. -#}
{% macro json_text_value(json_text, key) -%}
    {{ return(adapter.dispatch('json_text_value', 'cx_metrics')(json_text, key)) }}
{%- endmacro %}

{% macro default__json_text_value(json_text, key) -%}
    json_extract_string({{ json_text }}, '$."{{ key }}"')
{%- endmacro %}

{% macro postgres__json_text_value(json_text, key) -%}
    (cast({{ json_text }} as json) ->> '{{ key }}')
{%- endmacro %}

{% macro spark__json_text_value(json_text, key) -%}
    get_json_object({{ json_text }}, '$.{{ key }}')
{%- endmacro %}
