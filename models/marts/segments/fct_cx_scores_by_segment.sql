-- fct_cx_scores sliced by one customer or response attribute at a time (the same measures, same macros):
-- the exact daily partial counts of int_segment_score_counts__daily rolled up into every period grain.
with

daily_counts as (
    select * from {{ ref('int_segment_score_counts__daily') }}
),

period_grains as (
    {{ select_period_grains() }}
),

as_of as (
    {{ select_as_of_date() }}
),

daily_counts_by_period as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'daily_counts.submitted_date') }} as period_start,
        daily_counts.*
    from daily_counts
    cross join period_grains
),

counted as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        segment_name,
        segment_value,
        {{ cx_score_counts_rollup() }}
    from daily_counts_by_period
    group by 1, 2, 3, 4, 5, 6
),

final as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        segment_name,
        segment_value,
        {{ cx_score_measures() }},
        {{ is_complete_period('period_grain', 'period_start', '(select as_of_date from as_of)') }}
            as is_complete_period
    from counted
)

select * from final
