-- Relational and transactional NPS side by side per quarter, rolled up over touchpoints from the counts
-- (the nps macro on summed promoters and detractors, never an average of touchpoint scores).
with

quarterly_scores as (
    select * from {{ ref('fct_cx_scores') }}
    where period_grain = 'quarter'
),

final as (
    select
        period_start as quarter_start,
        {{ nps(
            "sum(case when program = 'relational' then promoters end)",
            "sum(case when program = 'relational' then detractors end)",
            "sum(case when program = 'relational' then nps_responses end)"
        ) }} as relational_nps,
        {{ nps(
            "sum(case when program = 'transactional' then promoters end)",
            "sum(case when program = 'transactional' then detractors end)",
            "sum(case when program = 'transactional' then nps_responses end)"
        ) }} as transactional_nps
    from quarterly_scores
    group by 1
)

select * from final
order by 1 desc
