{#- The one incremental mechanism: the `replace_groups` strategy. Each incremental model names the group it
    replaces as its unique_key (a raw row, a response, a day, a (grain, period)). An incremental run deletes the
    groups it replaces from the model and inserts their recomputed rows. The groups it replaces are those of the
    model's new rows, and, when the model declares them in a `replaced_groups()` block, the groups that block
    selects: that is how a group every row has left (a period a re-submission emptied, a response that lost its
    text) is deleted without a row to insert. Spark rebuilds the model instead (incremental_config). -#}


{#- Declares the groups an incremental run replaces: the body is a select of the model's unique_key columns.
    In an incremental run they are kept in a temporary table (replaced_groups_relation) that the model's own
    filter (in_replaced_groups) and the strategy read; in a full build the block does nothing. The body is
    always rendered, so that dbt sees its refs when it parses the model. Use as
    {% call replaced_groups() %} select ... {% endcall %}. -#}
{% macro replaced_groups() -%}
    {%- set groups_sql = caller() -%}
    {%- if execute and is_incremental() -%}
        {%- do run_query(cx_metrics.create_temporary_table(cx_metrics.replaced_groups_relation(), groups_sql)) -%}
    {%- endif -%}
{%- endmacro %}


{#- True in an incremental run for rows whose `columns` (default: the model's unique_key, unqualified) are a group
    the model declared in replaced_groups(); `true` in a full build. `columns`: a column or expression, or a list of
    them, in the order of the unique_key. -#}
{% macro in_replaced_groups(columns=none) -%}
    {%- if is_incremental() -%}
    {%- set key = cx_metrics.key_columns(config.get('unique_key')) -%}
    {%- set columns = key if columns is none else cx_metrics.key_columns(columns) -%}
    ({{ columns | join(', ') }}) in (select {{ key | join(', ') }} from {{ cx_metrics.replaced_groups_relation() }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}


{#- True, in an incremental run, for rows whose `column` is not before the earliest `group_column` of the declared
    groups (replaced_groups); `true` in a full build. A cheap range filter on a model's input, ahead of
    in_replaced_groups on a key it derives (a period from a timestamp). The earliest value is read when the model
    compiles and written as a literal: compared with a scalar subquery, DuckDB estimated the filtered input at a
    few rows and built its hash join on the input instead of on the groups (74 s instead of 10 at 10M). No group
    gives `false`. -#}
{% macro not_before_replaced_groups(column, group_column) -%}
    {%- if is_incremental() -%}
    {%- set earliest = cx_metrics.scalar_at_compile_time(
        'select cast(min(' ~ group_column ~ ') as ' ~ dbt.type_string() ~ ') from '
        ~ cx_metrics.replaced_groups_relation()) -%}
    {%- if earliest is none -%}
    false
    {%- else -%}
    {{ column }} >= cast('{{ earliest }}' as {{ dbt.type_timestamp() }})
    {%- endif -%}
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}


{#- The one value `sql` selects, read when the model compiles (none while dbt only parses the project, or when the
    value is null). -#}
{% macro scalar_at_compile_time(sql) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(run_query(sql).columns[0].values()[0]) }}
{%- endmacro %}


{#- A unique_key (or a column list given like one) as a list of column names. -#}
{% macro key_columns(unique_key) -%}
    {{ return([unique_key] if unique_key is string else unique_key) }}
{%- endmacro %}


{#- The `replace_groups` strategy (dbt calls it with the model's new rows in temp_relation): delete the groups of
    the new rows and the declared ones (replaced_groups), then insert the new rows. -#}
{% macro get_incremental_replace_groups_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set key = cx_metrics.key_columns(arg_dict['unique_key']) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set declared = cx_metrics.replaced_groups_relation() -%}
    {%- set groups = [new_rows] -%}
    {%- if cx_metrics.temporary_table_exists(declared) -%}
        {%- do groups.append(declared) -%}
    {%- endif -%}
    delete from {{ target }} as existing
    where
        {%- for relation in groups %}
        exists (
            select 1 from {{ relation }} as replaced
            where
                {%- for column in key %}
                replaced.{{ column }} = existing.{{ column }}{{ ' and' if not loop.last }}
                {%- endfor %}
        ){{ ' or' if not loop.last }}
        {%- endfor %};
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }}
    {%- if groups | length > 1 %};
    drop table {{ declared }}
    {%- endif %}
{%- endmacro %}


{#- The groups of an aggregate mart keyed on (period_grain, period_start) that the rows of `relation` stamped since
    the mart's last run fall in, by `timestamp_column`, at every grain of var('cx_period_grains'). Read from a
    validated model, whose re-judged rows include a key's old copies, it gives a moved row's old period as well as
    its new one. A select for a replaced_groups() block. -#}
{% macro periods_rebuilt_since_last_run(relation, timestamp_column) -%}
    select distinct
        period_grains.period_grain,
        {{ cx_metrics.period_start('period_grains.period_grain', 'rebuilt.' ~ timestamp_column) }} as period_start
    from {{ relation }} as rebuilt
    cross join ({{ cx_metrics.select_period_grains() }}) as period_grains
    where
        {{ cx_metrics.rebuilt_since_last_run('rebuilt._batch_at') }}
        and rebuilt.{{ timestamp_column }} is not null
{%- endmacro %}


{#- The (period_grain, period_start) groups stored in this model (`this`) whose is_complete_period no longer holds
    against today's as-of date: the periods the moved as-of date completed (or, set back by var('cx_as_of_date'),
    reopened). A select for a replaced_groups() block; calendar grains only (var('cx_period_grains')). -#}
{% macro periods_whose_completeness_changed() -%}
    select
        built.period_grain,
        built.period_start
    from {{ this }} as built
    cross join ({{ cx_metrics.select_as_of_date() }}) as as_of
    where
        built.period_grain in ({{ cx_metrics.select_period_grains() }})
        and built.is_complete_period is distinct from
        {{ cx_metrics.is_complete_period('built.period_grain', 'built.period_start', 'as_of.as_of_date') }}
{%- endmacro %}
