-- Ranked agents only (unranked_reason is null), for the period cx_tools.dashboard shows on each grain: the latest
-- complete quarter and the latest complete rolling 12 months of fct_agent_scores (else the latest, flagged).
with reporting as (
    select
        period_grain,
        coalesce(max(period_start) filter (where is_complete_period), max(period_start)) as period_start,
        max(period_start) filter (where is_complete_period) is not null as is_complete
    from marts.fct_agent_scores
    where period_grain in ('quarter', 'rolling_12_months')
    group by period_grain
)

select
    agents.period_grain,
    agents.period_start,
    cast(agents.period_start as varchar) as period_label,
    reporting.is_complete,
    agents.agent_id,
    agents.team,
    agents.csat_responses,
    agents.csat_pct,
    agents.csat_lower_95,
    agents.csat_upper_95,
    agents.csat_best_rank,
    agents.csat_worst_rank,
    '#' || agents.csat_best_rank || ' ' || agents.agent_id || ' · ' || agents.team || ' · n=' || agents.csat_responses
        as best_label,
    '#' || agents.csat_worst_rank || ' ' || agents.agent_id || ' · ' || agents.team || ' · n=' || agents.csat_responses
        as worst_label
from marts.fct_agent_scores as agents
inner join reporting
    on agents.period_grain = reporting.period_grain
    and agents.period_start = reporting.period_start
where agents.unranked_reason is null
order by agents.period_grain, agents.csat_best_rank, agents.agent_id
