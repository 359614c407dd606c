-- Every row of fct_cx_scores against the targets of the cx_score_targets seed, with the gap to each.
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
        targets.nps_target,
        scores.nps - targets.nps_target as nps_vs_target,
        scores.ces_responses,
        scores.ces_avg,
        targets.ces_target,
        scores.ces_avg - targets.ces_target as ces_vs_target,
        scores.csat_responses,
        scores.csat_pct,
        targets.csat_target,
        scores.csat_pct - targets.csat_target as csat_vs_target,
        scores.nps >= targets.nps_target as is_nps_on_target,
        scores.nps + scores.nps_moe_95 < targets.nps_target as is_nps_below_target_beyond_moe,
        scores.ces_avg >= targets.ces_target as is_ces_on_target,
        scores.csat_pct >= targets.csat_target as is_csat_on_target
    from scores
    left join targets
        on
            scores.program = targets.program
            and scores.touchpoint = targets.touchpoint
)

select * from final
