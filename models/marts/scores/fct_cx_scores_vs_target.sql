-- Every row of fct_cx_scores against the targets of the cx_score_targets seed, with the gap to each and a verdict
-- judged against the score's own 95% interval: a miss is "beyond its interval" only when the whole interval lies
-- below the target.
with

scores as (
    select * from {{ ref('fct_cx_scores') }}
),

targets as (
    select * from {{ ref('cx_score_targets') }}
),

final as (
    select
        scores.period_grain,
        scores.period_start,
        scores.program,
        scores.touchpoint,
        targets.target_source,
        scores.responses,
        {{ cx_score_vs_target_columns('scores', 'targets') }},
        scores.is_low_sample,
        scores.is_complete_period
    from scores
    left join targets
        on
            scores.program = targets.program
            and scores.touchpoint = targets.touchpoint
)

select * from final
