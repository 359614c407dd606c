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
        count(*) as responses,
        count(nps_category) as nps_responses,
        count(case when nps_category = 'promoter' then 1 end) as promoters,
        count(case when nps_category = 'passive' then 1 end) as passives,
        count(case when nps_category = 'detractor' then 1 end) as detractors,
        count(ces_score_normalised) as ces_responses,
        sum(ces_score_normalised) as ces_normalised_sum,
        count(is_csat_satisfied) as csat_responses,
        count(case when is_csat_satisfied then 1 end) as csat_satisfied
    from responses_by_period
    group by 1, 2, 3, 4
),

final as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        responses,
        nps_responses,
        promoters,
        passives,
        detractors,
        {{ nps('promoters', 'detractors', 'nps_responses') }} as nps,
        {{ nps_margin_of_error_95('promoters', 'detractors', 'nps_responses') }} as nps_moe_95,
        ces_responses,
        {{ ces_average('ces_normalised_sum', 'ces_responses') }} as ces_avg,
        csat_responses,
        csat_satisfied,
        {{ csat_pct('csat_satisfied', 'csat_responses') }} as csat_pct
    from counted
)

select * from final
