-- NPS, CES and CSAT of customer-audience responses per period grain, period, program and touchpoint.
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where audience = 'customer'
),

period_grains as (
    {{ select_period_grains() }}
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

counted as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        {{ cx_score_counts() }}
    from responses_by_period
    group by 1, 2, 3, 4
),

final as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        {{ cx_score_measures() }}
    from counted
)

select * from final
