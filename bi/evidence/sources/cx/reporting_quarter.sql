-- The quarter the scorecard reports: the latest complete quarter of fct_cx_scores (is_complete_period), the rule of
-- cx_tools.headline and cx_tools.dashboard; when no quarter is complete yet, the latest one, flagged not complete.
select
    coalesce(max(period_start) filter (where is_complete_period), max(period_start)) as period_start,
    cast(coalesce(max(period_start) filter (where is_complete_period), max(period_start)) as varchar) as period_label,
    max(period_start) filter (where is_complete_period) is not null as is_complete
from marts.fct_cx_scores
where period_grain = 'quarter'
