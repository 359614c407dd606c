-- Agents of the latest quarter ranked by the Wilson lower bound of their CSAT (csat_rank), so one lucky rating
-- does not top the board; agents without a CSAT answer come last.
with

agent_scores as (
    select * from {{ ref('fct_agent_scores') }}
    where period_grain = 'quarter'
),

latest_quarter as (
    select max(period_start) as period_start
    from agent_scores
),

final as (
    select
        agent_scores.period_start as quarter_start,
        agent_scores.csat_rank,
        agent_scores.agent_id,
        agent_scores.team,
        agent_scores.csat_responses,
        agent_scores.csat_pct,
        agent_scores.csat_wilson_lower_95,
        agent_scores.tickets_solved,
        agent_scores.fcr_rate,
        agent_scores.nps_responses,
        agent_scores.nps
    from agent_scores
    inner join latest_quarter
        on agent_scores.period_start = latest_quarter.period_start
)

select * from final
order by 2 asc nulls last, 3 asc
