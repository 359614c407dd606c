-- NPS, CES and CSAT of customer-audience responses per period grain, period, program and touchpoint.
-- Incremental: replaces every (grain, period) that holds a response re-judged since the last run, at its old
-- submitted_at as well as its new one (a re-submission can move an answer to another period), and every period
-- the as-of date completed since, recomputed from the responses of those periods.
{{ config(**incremental_config(unique_key=['period_grain', 'period_start'])) }}

{% call replaced_groups() %}
    {{ periods_rebuilt_since_last_run(ref('int_survey_responses__validated'), 'submitted_at') }}
    union
    {{ periods_whose_completeness_changed() }}
{% endcall %}

with

period_grains as (
    {{ select_period_grains() }}
),

as_of as (
    {{ select_as_of_date() }}
),

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        audience = 'customer'
        and {{ not_before_replaced_groups('submitted_at', 'period_start') }}
),

responses_by_period as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'responses.submitted_at') }} as period_start,
        responses.program,
        responses.touchpoint,
        {{ cx_score_answers('responses') }}
    from responses
    cross join period_grains
),

replaced_responses_by_period as (
    select * from responses_by_period
    where {{ in_replaced_groups() }}
),

counted as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        {{ cx_score_counts() }}
    from replaced_responses_by_period
    group by 1, 2, 3, 4
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
    from counted
)

select * from final
