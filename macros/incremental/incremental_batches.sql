{#- Incremental processing. The staging models of the six-file contract stage each raw delivery once
    (macros/raw/delivered_raw_rows.sql); a run re-judges only the staged rows of the keys that new rows touch, and every model
    downstream recomputes only what those re-judged rows touch. Each (re)computed row is stamped with
    `_batch_at`, the start of the dbt run that computed it; a downstream model picks up the rows of its
    inputs stamped after its own latest stamp (`rebuilt_since_last_run`), so a model that failed or was not
    selected in one run catches up in the next. A full refresh gives the same rows, `_batch_at` aside. -#}


{#- The start of this dbt run as a timestamp: the `_batch_at` of every row this run (re)computes. -#}
{% macro batch_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#- True for input rows stamped (`batch_at_column`) by a run after the latest stamp of the model being built
    (`this`): the rows it has not consumed yet. Always true in a full build. The latest stamp is read when the
    model compiles and written as a literal, so that the engine can skip the row groups of an append-only table
    stamped before it and estimates the filter as it would any range. -#}
{% macro rebuilt_since_last_run(batch_at_column='_batch_at') -%}
    {%- if is_incremental() -%}
    {%- set latest = cx_metrics.scalar_at_compile_time(
        'select cast(max(_batch_at) as ' ~ dbt.type_string() ~ ') from ' ~ this) -%}
    {{ batch_at_column }} > cast('{{ latest if latest is not none else "1900-01-01" }}' as {{ dbt.type_timestamp() }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}


{#- The staging rows a validated model judges in this run. Full build: all of them. Incremental: every staged row
    of each key that has a row staged since the model's last run (`_batch_at`: a new delivery, or a staging view's
    row, read again by every run) or that the call block selects; rows with no key are judged alone (their key
    check rejects them), when new or selected. All copies of a touched key are judged together, so the duplicate
    ranking sees the same rows as a full build; they are read from the staged tables, not the raw files.
    The model's unique key is (source_table, source_row_number), a raw row's place in its source table.

    Use as {% call rejudged_raw_rows(staging_relation, key) %} select ... {% endcall %}, or without a block. The
    block's body, read in incremental runs only, selects `key`, source_table and source_row_number of the model's
    own rows (`this`) to judge again whatever their delivery, because their verdict depends on another table that
    has changed since (an unknown survey now known, a reference table with rows stamped since the last run).

    Arguments:
      staging_relation: the union of the staging models (one row per raw row, with source_table, source_row_number
        and _batch_at).
      key: the key column of the raw table. -#}
{% macro rejudged_raw_rows(staging_relation, key) -%}
    {%- set dependent_verdicts = caller() if caller is defined else none -%}
    {%- if is_incremental() and dependent_verdicts %}
    with

    dependent_verdicts as (
        {{ dependent_verdicts }}
    )

    {% endif -%}
    select * from {{ staging_relation }}
    {%- if is_incremental() %}
    where
        {{ key }} in (
            select {{ key }} from {{ staging_relation }}
            where {{ cx_metrics.rebuilt_since_last_run() }}
            {%- if dependent_verdicts %}
            union all
            select {{ key }} from dependent_verdicts
            {%- endif %}
        )
        or (
            {{ key }} is null
            and (
                {{ cx_metrics.rebuilt_since_last_run() }}
                {%- if dependent_verdicts %}
                or (source_table, source_row_number) in (
                    select source_table, source_row_number from dependent_verdicts
                )
                {%- endif %}
            )
        )
    {%- endif %}
{%- endmacro %}


{#- The key of every row of `validated_relation` re-judged since this model's last run: for a mart keyed on
    the same key, the rows it must recompute. A SQL select of one column, `key`. -#}
{% macro keys_rebuilt_since_last_run(validated_relation, key) -%}
    select {{ key }}
    from {{ validated_relation }}
    where {{ cx_metrics.rebuilt_since_last_run() }}
        and {{ key }} is not null
{%- endmacro %}


{#- The final select of an incremental validated model: the rows of `cte` with `_batch_at`, the start of this run,
    except that a re-judged row identical to its stored copy (matched on `key`) keeps the stored `_batch_at`,
    so the models downstream skip it. A full build stamps every row.

    Arguments:
      cte: name of the CTE holding the model's rows, without _batch_at.
      key: the model's unique key: a column, or a list of columns (default source_table, source_row_number).
      ignored_columns: columns whose change alone does not count (e.g. a re-delivery's new _loaded_at). -#}
{% macro select_with_batch_at(cte, key=['source_table', 'source_row_number'], ignored_columns=[]) -%}
    {%- set key = cx_metrics.key_columns(key) -%}
    {%- if is_incremental() -%}
    {%- set columns = [] -%}
    {%- set ignored = ['_batch_at'] + ignored_columns | map('lower') | list -%}
    {%- for column in adapter.get_columns_in_relation(this) if column.name | lower not in ignored -%}
        {%- do columns.append(adapter.quote(column.name)) -%}
    {%- endfor -%}
    select
        {{ cte }}.*,
        case
            when
                stored.{{ key[0] }} is not null
                {%- for column in columns %}
                and {{ cte }}.{{ column }} is not distinct from stored.{{ column }}
                {%- endfor %}
                then stored._batch_at
            else {{ cx_metrics.batch_at() }}
        end as _batch_at
    from {{ cte }}
    left join {{ this }} as stored
        on
        {%- for column in key %}
        {{ cte }}.{{ column }} = stored.{{ column }}{{ ' and' if not loop.last }}
        {%- endfor %}
    {%- else -%}
    select
        *,
        {{ cx_metrics.batch_at() }} as _batch_at
    from {{ cte }}
    {%- endif -%}
{%- endmacro %}
