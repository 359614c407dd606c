-- Each fct_cx_scores row next to the previous period of the same grain, programme and touchpoint: the change in
-- NPS, CES and CSAT, its standard error and whether it is significant at 95%.
with

scores as (
    select * from {{ ref('fct_cx_scores') }}
),

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where audience = 'customer'
),

period_grains as (
    {{ select_period_grains() }}
),

-- The CES standard error needs the spread of the answers, which fct_cx_scores does not carry: measured here on
-- the same responses, bucketed the same way.
ces_spread as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'responses.submitted_at') }} as period_start,
        responses.program,
        responses.touchpoint,
        stddev_samp(responses.ces_score_normalised) as ces_stddev
    from responses
    cross join period_grains
    group by 1, 2, 3, 4
),

scores_with_errors as (
    select
        scores.period_grain,
        scores.period_start,
        scores.program,
        scores.touchpoint,
        cast(
            case scores.period_grain
                when 'day' then {{ dbt.dateadd('day', -1, 'scores.period_start') }}
                when 'week' then {{ dbt.dateadd('day', -7, 'scores.period_start') }}
                when 'month' then {{ dbt.dateadd('month', -1, 'scores.period_start') }}
                when 'quarter' then {{ dbt.dateadd('month', -3, 'scores.period_start') }}
                when 'year' then {{ dbt.dateadd('year', -1, 'scores.period_start') }}
            end
            as date
        ) as previous_period_start,
        scores.nps_responses,
        scores.nps,
        {{ nps_standard_error('scores.promoters', 'scores.detractors', 'scores.nps_responses') }} as nps_se,
        scores.ces_responses,
        scores.ces_avg,
        {{ stable_statistic(ces_standard_error('ces_spread.ces_stddev', 'scores.ces_responses')) }} as ces_se,
        scores.csat_responses,
        scores.csat_pct,
        {{ csat_standard_error('scores.csat_satisfied', 'scores.csat_responses') }} as csat_se
    from scores
    left join ces_spread
        on
            scores.period_grain = ces_spread.period_grain
            and scores.period_start = ces_spread.period_start
            and scores.program = ces_spread.program
            and scores.touchpoint = ces_spread.touchpoint
),

changes as (
    select
        current_period.period_grain,
        current_period.period_start,
        current_period.program,
        current_period.touchpoint,
        current_period.previous_period_start,
        current_period.nps_responses,
        previous_period.nps_responses as previous_nps_responses,
        current_period.nps,
        previous_period.nps as previous_nps,
        current_period.nps - previous_period.nps as nps_change,
        {{ change_standard_error('current_period.nps_se', 'previous_period.nps_se') }} as nps_change_se,
        current_period.ces_responses,
        previous_period.ces_responses as previous_ces_responses,
        current_period.ces_avg,
        previous_period.ces_avg as previous_ces_avg,
        current_period.ces_avg - previous_period.ces_avg as ces_change,
        {{ change_standard_error('current_period.ces_se', 'previous_period.ces_se') }} as ces_change_se,
        current_period.csat_responses,
        previous_period.csat_responses as previous_csat_responses,
        current_period.csat_pct,
        previous_period.csat_pct as previous_csat_pct,
        current_period.csat_pct - previous_period.csat_pct as csat_change,
        {{ change_standard_error('current_period.csat_se', 'previous_period.csat_se') }} as csat_change_se
    from scores_with_errors as current_period
    left join scores_with_errors as previous_period
        on
            current_period.period_grain = previous_period.period_grain
            and current_period.previous_period_start = previous_period.period_start
            and current_period.program = previous_period.program
            and current_period.touchpoint = previous_period.touchpoint
),

tested as (
    select
        *,
        {{ is_significant_change_95('nps_change', 'nps_change_se') }} as is_nps_change_significant,
        {{ is_significant_change_95('ces_change', 'ces_change_se') }} as is_ces_change_significant,
        {{ is_significant_change_95('csat_change', 'csat_change_se') }} as is_csat_change_significant
    from changes
),

final as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        nps_responses,
        previous_nps_responses,
        nps,
        previous_nps,
        nps_change,
        nps_change_se,
        ces_responses,
        previous_ces_responses,
        ces_avg,
        previous_ces_avg,
        ces_change,
        ces_change_se,
        csat_responses,
        previous_csat_responses,
        csat_pct,
        previous_csat_pct,
        csat_change,
        csat_change_se,
        is_nps_change_significant,
        is_ces_change_significant,
        is_csat_change_significant,
        case
            when is_nps_change_significant or is_ces_change_significant or is_csat_change_significant then true
            when
                coalesce(is_nps_change_significant, is_ces_change_significant, is_csat_change_significant) is not null
                then false
        end as is_significant_change,
        previous_period_start
    from tested
)

select * from final
