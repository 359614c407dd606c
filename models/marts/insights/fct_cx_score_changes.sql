-- Each fct_cx_scores row next to the previous period of the same grain, programme and touchpoint: the change in
-- each score (var cx_scores), its 95% interval (from each period's own interval) and whether it is significant.
with

scores as (
    select * from {{ ref('fct_cx_scores') }}
),

scores_with_previous_period as (
    select
        *,
        {{ shifted_period_start('period_grain', 'period_start', -1) }} as previous_period_start,
        -- A change is tested around the centres of the two periods' intervals (for NPS, the adjusted-Wald centre).
        {{ cx_score_interval_centres() }}
    from scores
),

changes as (
    select
        current_period.period_grain,
        current_period.period_start,
        current_period.program,
        current_period.touchpoint,
        {{ cx_score_changes('current_period', 'previous_period') }},
        {{ is_low_sample('current_period.responses') }} or {{ is_low_sample('previous_period.responses') }}
            as is_low_sample,
        current_period.is_complete_period,
        current_period.previous_period_start
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
        {{ cx_score_change_significance() }}
    from changes
),

final as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        {{ cx_score_change_columns() }},
        {{ is_any_cx_score_change_significant() }} as is_significant_change,
        is_low_sample,
        is_complete_period,
        previous_period_start
    from tested
)

select * from final
