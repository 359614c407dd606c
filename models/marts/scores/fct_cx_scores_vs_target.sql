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
        scores.nps_responses,
        scores.nps,
        scores.nps_moe_95,
        scores.nps_lower_95,
        scores.nps_upper_95,
        targets.nps_target,
        scores.nps - targets.nps_target as nps_vs_target,
        scores.ces_responses,
        scores.ces_avg,
        scores.ces_lower_95,
        scores.ces_upper_95,
        targets.ces_target,
        scores.ces_avg - targets.ces_target as ces_vs_target,
        scores.csat_responses,
        scores.csat_pct,
        scores.csat_lower_95,
        scores.csat_upper_95,
        targets.csat_target,
        scores.csat_pct - targets.csat_target as csat_vs_target,
        scores.nps >= targets.nps_target as is_nps_on_target,
        scores.nps_upper_95 < targets.nps_target as is_nps_below_target_beyond_interval,
        scores.ces_avg >= targets.ces_target as is_ces_on_target,
        scores.ces_upper_95 < targets.ces_target as is_ces_below_target_beyond_interval,
        scores.csat_pct >= targets.csat_target as is_csat_on_target,
        scores.csat_upper_95 < targets.csat_target as is_csat_below_target_beyond_interval,
        scores.is_low_sample,
        scores.is_complete_period
    from scores
    left join targets
        on
            scores.program = targets.program
            and scores.touchpoint = targets.touchpoint
)

select * from final
