{#- The date every time window ("last 14 days", "churned within 90 days") is measured against, so a rebuild on
    the same data gives the same marts: var('cx_as_of_date') when set, else the UTC date of the latest kept
    response with a valid load time (so neither a future timestamp, rejected, nor an unchecked one moves it). Never current_date. Renders a one-row select with a column as_of_date, for a CTE. -#}
{% macro select_as_of_date() -%}
    {%- set as_of = var('cx_as_of_date', none) -%}
    {%- if as_of -%}
    select cast('{{ as_of }}' as date) as as_of_date
    {%- else -%}
    -- Answers whose load time is unknown could not be checked for future_timestamp: they set the date only
    -- when no answer has a valid load time.
    select
        coalesce(
            max(case when _loaded_at is not null then submitted_date end),
            max(submitted_date)
        ) as as_of_date
    from {{ ref('fct_survey_responses') }}
    {%- endif -%}
{%- endmacro %}


{#- The 12 months ending on the as-of date, both included, as a one-row select of window_start and window_end: the
    period of the rolling_12_months grain. -#}
{% macro select_rolling_12_months() -%}
    select
        cast({{ dbt.dateadd('day', 1, dbt.dateadd('month', -12, 'as_of.as_of_date')) }} as date) as window_start,
        as_of.as_of_date as window_end
    from ({{ cx_metrics.select_as_of_date() }}) as as_of
{%- endmacro %}


{#- Whole calendar days from one date to a later one (0 = same day), as a bigint; null when either is null. -#}
{% macro days_between(start_date, end_date) -%}
    cast({{ dbt.datediff(start_date, end_date, 'day') }} as {{ dbt.type_bigint() }})
{%- endmacro %}
