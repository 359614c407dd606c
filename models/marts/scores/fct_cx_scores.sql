-- NPS, CES and CSAT of customer-audience responses per period grain, period, program and touchpoint.
-- Incremental: recomputes every (grain, period) that holds a response re-judged since the last run, at its
-- old submitted_at as well as its new one (a re-submission can move an answer to another period), and every
-- period stored as incomplete (a later as-of date may complete it), from the responses of those periods only;
-- delete+insert on (grain, period) replaces them.
-- depends_on: {{ ref('int_survey_responses__validated') }}
{{
    config(**incremental_config(
        unique_key=['period_grain', 'period_start'],
        post_hook="delete from {{ this }} where responses = 0",
    ))
}}

with

period_grains as (
    {{ select_period_grains() }}
),

as_of as (
    {{ select_as_of_date() }}
),

{% if is_incremental() %}
touched_periods as (
    select distinct
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'rejudged.submitted_at') }} as period_start
    from {{ ref('int_survey_responses__validated') }} as rejudged
    cross join period_grains
    where
        {{ rebuilt_since_last_run('rejudged._batch_at') }}
        and rejudged.submitted_at is not null
    union
    select
        period_grain,
        period_start
    from {{ this }}
    where not coalesce(is_complete_period, false)
),
{% endif %}

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        audience = 'customer'
        and {{ when_incremental('submitted_at >= (select min(period_start) from touched_periods)') }}
),

responses_by_period as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'responses.submitted_at') }} as period_start,
        responses.program,
        responses.touchpoint,
        responses.nps_category,
        responses.ces_score_normalised,
        responses.is_csat_satisfied
    from responses
    cross join period_grains
),

touched_responses_by_period as (
    select * from responses_by_period
    where {{ when_incremental(
        'exists (select 1 from touched_periods where touched_periods.period_grain = responses_by_period.period_grain'
        ~ ' and touched_periods.period_start = responses_by_period.period_start)'
    ) }}
),

counted as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        {{ cx_score_counts() }}
    from touched_responses_by_period
    group by 1, 2, 3, 4
),

{% if is_incremental() %}
-- One empty marker row per touched period, so that delete+insert also clears a period every response has left
-- (a re-submission moved it); the post-hook drops the markers.
touched_period_markers as (
    select
        period_grain,
        period_start,
        cast(null as {{ dbt.type_string() }}) as program,
        cast(null as {{ dbt.type_string() }}) as touchpoint,
        {{ cx_score_counts_empty() }}
    from touched_periods
),
{% endif %}

counted_with_markers as (
    select * from counted
    {%- if is_incremental() %}
    union all
    select * from touched_period_markers
    {%- endif %}
),

final as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        {{ cx_score_measures() }},
        {{ is_complete_period('period_grain', 'period_start', '(select as_of_date from as_of)') }}
            as is_complete_period,
        {{ batch_at() }} as _batch_at
    from counted_with_markers
)

select * from final
