-- fct_cx_scores by month and by quarter (pages filter on period_grain), as the mart publishes them (nothing computed here).
select
    period_grain,
    period_start,
    program,
    touchpoint,
    responses,
    nps_responses,
    nps,
    nps_lower_95,
    nps_upper_95,
    ces_responses,
    ces_avg,
    ces_lower_95,
    ces_upper_95,
    csat_responses,
    csat_pct,
    csat_lower_95,
    csat_upper_95,
    is_low_sample,
    is_complete_period
from marts.fct_cx_scores
where period_grain in ('month', 'quarter')
order by period_grain, program, touchpoint, period_start
