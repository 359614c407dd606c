-- Agents of the latest complete quarter, best first: ranked by the lower bound of their CSAT interval
-- (csat_best_rank) among agents with at least var('agent_min_ratings') ratings, so one lucky rating does not top
-- the board; csat_worst_rank (by the upper bound) reads it from the bottom. Unranked agents come last, with why.
with

agent_scores as (
    select * from {{ ref('fct_agent_scores') }}
    where period_grain = 'quarter'
),

latest_complete_quarter as (
    select max(period_start) as period_start
    from agent_scores
    where is_complete_period
),

final as (
    select
        agent_scores.period_start as quarter_start,
        agent_scores.csat_best_rank,
        agent_scores.csat_worst_rank,
        agent_scores.agent_id,
        agent_scores.team,
        agent_scores.unranked_reason,
        agent_scores.csat_responses,
        agent_scores.csat_pct,
        agent_scores.csat_lower_95,
        agent_scores.csat_upper_95,
        agent_scores.tickets_solved,
        agent_scores.fcr_rate,
        agent_scores.nps_responses,
        agent_scores.nps
    from agent_scores
    inner join latest_complete_quarter
        on agent_scores.period_start = latest_complete_quarter.period_start
)

select * from final
order by 2 asc nulls last, 4 asc
