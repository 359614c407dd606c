{#- Who may read what. PostgreSQL applies the marts' `grants` config (select for the reporter role, dbt_project.yml)
    to every table it builds, and on-run-end gives the role usage of the marts schema alone. DuckDB has no grants (BI
    tools open the file read-only) and open-source Spark's catalog has none either: there the config is a documented
    no-op instead of a warning or a failing GRANT on every model. -#}

{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%}
    {{ log('grants skipped on DuckDB (no grants; BI tools open the file read-only): ' ~ relation, info=false) }}
{%- endmacro %}

{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
    {{ log('grants skipped on Spark (no grants in the open-source catalog): ' ~ relation, info=false) }}
{%- endmacro %}


{#- SQL that lets `role` use `schema` (see its tables; the tables' own grants say which), where the engine has grants
    and the schema exists; empty elsewhere. For on-run-end, after every build. -#}
{% macro grant_schema_usage(schema, role) -%}
    {{ return(adapter.dispatch('grant_schema_usage', 'cx_metrics')(schema, role)) }}
{%- endmacro %}

{% macro default__grant_schema_usage(schema, role) -%}
{%- endmacro %}

{% macro postgres__grant_schema_usage(schema, role) -%}
    do $$
    begin
        if exists (select 1 from pg_namespace where nspname = '{{ schema }}') then
            grant usage on schema {{ adapter.quote(schema) }} to {{ adapter.quote(role) }};
        end if;
    end
    $$
{%- endmacro %}
