-- NPS per touchpoint and quarter with its 95% confidence interval: a starting point for analysts.
-- Compile with `dbt compile --select nps_by_touchpoint_and_quarter` and run the SQL in target/compiled/.
with

quarterly_scores as (
    select * from {{ ref('fct_cx_scores') }}
    where period_grain = 'quarter'
),

final as (
    select
        period_start as quarter_start,
        program,
        touchpoint,
        nps_responses,
        nps,
        nps - nps_moe_95 as nps_lower_95,
        nps + nps_moe_95 as nps_upper_95
    from quarterly_scores
    where nps_responses > 0
)

select * from final
order by 1 desc, 2, 3
