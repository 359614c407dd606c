-- The agents of each reporting period (as in agent_leaderboard.sql) by unranked_reason ('ranked' when ranked), so a
-- page can say how many could not be ranked and why.
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
    coalesce(agents.unranked_reason, 'ranked') as status,
    count(*) as agents
from marts.fct_agent_scores as agents
inner join reporting
    on agents.period_grain = reporting.period_grain
    and agents.period_start = reporting.period_start
group by all
order by agents.period_grain, status
