-- fct_cx_scores by month, as the mart publishes them: scores, their 95 % intervals and counts (nothing computed here).
select
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
where period_grain = 'month'
order by program, touchpoint, period_start
