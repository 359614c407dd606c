-- Each fct_cx_scores row next to the previous period of the same grain, programme and touchpoint: the change in
-- NPS, CES and CSAT, its 95% interval (from each period's own interval) and whether it is significant.
with

scores as (
    select * from {{ ref('fct_cx_scores') }}
),

scores_with_previous_period as (
    select
        *,
        {{ shifted_period_start('period_grain', 'period_start', -1) }} as previous_period_start,
        -- The NPS change is tested around the centres of the adjusted-Wald intervals (nps_interval_95).
        {{ nps_adjusted_centre('promoters', 'detractors', 'nps_responses') }} as nps_centre
    from scores
),

changes as (
    select
        current_period.period_grain,
        current_period.period_start,
        current_period.program,
        current_period.touchpoint,
        current_period.previous_period_start,
        current_period.is_complete_period,
        current_period.responses,
        previous_period.responses as previous_responses,
        current_period.nps_responses,
        previous_period.nps_responses as previous_nps_responses,
        current_period.nps,
        previous_period.nps as previous_nps,
        current_period.nps - previous_period.nps as nps_change,
        {{ difference_interval_95(
            'current_period.nps_centre', 'current_period.nps_lower_95', 'current_period.nps_upper_95',
            'previous_period.nps_centre', 'previous_period.nps_lower_95', 'previous_period.nps_upper_95', 'lower'
        ) }} as nps_change_lower_95,
        {{ difference_interval_95(
            'current_period.nps_centre', 'current_period.nps_lower_95', 'current_period.nps_upper_95',
            'previous_period.nps_centre', 'previous_period.nps_lower_95', 'previous_period.nps_upper_95', 'upper'
        ) }} as nps_change_upper_95,
        current_period.ces_responses,
        previous_period.ces_responses as previous_ces_responses,
        current_period.ces_avg,
        previous_period.ces_avg as previous_ces_avg,
        current_period.ces_avg - previous_period.ces_avg as ces_change,
        {{ difference_interval_95(
            'current_period.ces_avg', 'current_period.ces_lower_95', 'current_period.ces_upper_95',
            'previous_period.ces_avg', 'previous_period.ces_lower_95', 'previous_period.ces_upper_95', 'lower'
        ) }} as ces_change_lower_95,
        {{ difference_interval_95(
            'current_period.ces_avg', 'current_period.ces_lower_95', 'current_period.ces_upper_95',
            'previous_period.ces_avg', 'previous_period.ces_lower_95', 'previous_period.ces_upper_95', 'upper'
        ) }} as ces_change_upper_95,
        current_period.csat_responses,
        previous_period.csat_responses as previous_csat_responses,
        current_period.csat_pct,
        previous_period.csat_pct as previous_csat_pct,
        current_period.csat_pct - previous_period.csat_pct as csat_change,
        {{ difference_interval_95(
            'current_period.csat_pct', 'current_period.csat_lower_95', 'current_period.csat_upper_95',
            'previous_period.csat_pct', 'previous_period.csat_lower_95', 'previous_period.csat_upper_95', 'lower'
        ) }} as csat_change_lower_95,
        {{ difference_interval_95(
            'current_period.csat_pct', 'current_period.csat_lower_95', 'current_period.csat_upper_95',
            'previous_period.csat_pct', 'previous_period.csat_lower_95', 'previous_period.csat_upper_95', 'upper'
        ) }} as csat_change_upper_95
    from scores_with_previous_period as current_period
    left join scores_with_previous_period as previous_period
        on
            current_period.period_grain = previous_period.period_grain
            and current_period.previous_period_start = previous_period.period_start
            and current_period.program = previous_period.program
            and current_period.touchpoint = previous_period.touchpoint
),

tested as (
    select
        *,
        {{ is_significant_difference_95(
            'nps_change_lower_95', 'nps_change_upper_95', 'nps_responses', 'previous_nps_responses'
        ) }} as is_nps_change_significant,
        {{ is_significant_difference_95(
            'ces_change_lower_95', 'ces_change_upper_95', 'ces_responses', 'previous_ces_responses'
        ) }} as is_ces_change_significant,
        {{ is_significant_difference_95(
            'csat_change_lower_95', 'csat_change_upper_95', 'csat_responses', 'previous_csat_responses'
        ) }} as is_csat_change_significant
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
        nps_change_lower_95,
        nps_change_upper_95,
        ces_responses,
        previous_ces_responses,
        ces_avg,
        previous_ces_avg,
        ces_change,
        ces_change_lower_95,
        ces_change_upper_95,
        csat_responses,
        previous_csat_responses,
        csat_pct,
        previous_csat_pct,
        csat_change,
        csat_change_lower_95,
        csat_change_upper_95,
        is_nps_change_significant,
        is_ces_change_significant,
        is_csat_change_significant,
        case
            when is_nps_change_significant or is_ces_change_significant or is_csat_change_significant then true
            when
                coalesce(is_nps_change_significant, is_ces_change_significant, is_csat_change_significant) is not null
                then false
        end as is_significant_change,
        {{ is_low_sample('responses') }} or {{ is_low_sample('previous_responses') }} as is_low_sample,
        is_complete_period,
        previous_period_start
    from tested
)

select * from final
