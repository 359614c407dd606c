-- Which support measure moves the NPS most, per touchpoint, in the latest complete quarter: the strongest driver by
-- absolute correlation first, with its slope (NPS points per unit) and the answers it rests on.
with

drivers as (
    select * from {{ ref('fct_nps_drivers') }}
),

latest_complete_quarter as (
    select max(quarter_start) as quarter_start
    from drivers
    where is_complete_period
),

final as (
    select
        drivers.quarter_start,
        drivers.touchpoint,
        drivers.driver,
        drivers.correlation_rank,
        drivers.answers,
        drivers.driver_avg,
        drivers.correlation_with_nps,
        drivers.nps_slope
    from drivers
    inner join latest_complete_quarter
        on drivers.quarter_start = latest_complete_quarter.quarter_start
)

select * from final
order by 2, 4, 3
