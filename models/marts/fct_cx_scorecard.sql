-- Quarterly scores of each programme and touchpoint against the targets in the cx_score_targets seed.
with

quarterly_scores as (
    select * from {{ ref('fct_cx_scores') }}
    where period_grain = 'quarter'
),

targets as (
    select * from {{ ref('cx_score_targets') }}
),

final as (
    select
        quarterly_scores.period_start,
        quarterly_scores.program,
        quarterly_scores.touchpoint,
        quarterly_scores.responses,
        quarterly_scores.nps,
        quarterly_scores.nps_moe_95,
        targets.nps_target,
        quarterly_scores.nps - targets.nps_target as nps_vs_target,
        quarterly_scores.ces_avg,
        targets.ces_target,
        quarterly_scores.ces_avg - targets.ces_target as ces_vs_target,
        quarterly_scores.csat_pct,
        targets.csat_target,
        quarterly_scores.csat_pct - targets.csat_target as csat_vs_target,
        quarterly_scores.nps >= targets.nps_target as is_nps_on_target,
        quarterly_scores.ces_avg >= targets.ces_target as is_ces_on_target,
        quarterly_scores.csat_pct >= targets.csat_target as is_csat_on_target
    from quarterly_scores
    left join targets
        on
            quarterly_scores.program = targets.program
            and quarterly_scores.touchpoint = targets.touchpoint
)

select * from final
