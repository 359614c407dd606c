-- Do detractors leave? Retention of customers 90 and 180 days after a relational NPS answer, per category and
-- quarter of the answer (detractors, passives, promoters), with the customers behind each rate: small groups
-- deserve little trust.
with

retention as (
    select * from {{ ref('fct_retention_by_nps_category') }}
),

final as (
    select
        quarter_start,
        nps_category,
        customers,
        customers_observed_90_days,
        churned_within_90_days,
        retention_rate_90_days,
        customers_observed_180_days,
        churned_within_180_days,
        retention_rate_180_days
    from retention
)

select * from final
order by 1 desc, 2 asc
