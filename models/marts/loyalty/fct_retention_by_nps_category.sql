-- Do detractors really leave? Customers by relational NPS category and quarter of the answer, and how many of
-- them churned within 90 and 180 days after answering (counted only once the window has fully passed).
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        audience = 'customer'
        and program = 'relational'
        and customer_id is not null
        and nps_category is not null
),

customers as (
    select * from {{ ref('dim_customers') }}
),

as_of as (
    {{ select_as_of_date() }}
),

answers_by_quarter as (
    select
        responses.response_id,
        responses.customer_id,
        responses.nps_category,
        {{ period_start("'quarter'", 'responses.submitted_at') }} as quarter_start,
        responses.submitted_at,
        {{ days_between('responses.submitted_date', 'as_of.as_of_date') }} as days_observed
    from responses
    cross join as_of
    where responses.submitted_date <= as_of.as_of_date
),

-- A customer's latest relational answer of the quarter stands for the quarter.
latest_answers as (
    select * from (
        select
            *,
            row_number() over (
                partition by customer_id, quarter_start
                order by submitted_at desc, response_id desc
            ) as recency_rank
        from answers_by_quarter
    ) as ranked
    where recency_rank = 1
),

-- Customers already churned when they answered cannot churn afterwards and are left out.
answers_with_churn as (
    select
        latest_answers.nps_category,
        latest_answers.quarter_start,
        latest_answers.days_observed >= 90 as is_observed_90_days,
        latest_answers.days_observed >= 180 as is_observed_180_days,
        coalesce(
            customers.churned_at < {{ dbt.dateadd('day', 90, 'latest_answers.submitted_at') }}, false
        ) as is_churned_within_90_days,
        coalesce(
            customers.churned_at < {{ dbt.dateadd('day', 180, 'latest_answers.submitted_at') }}, false
        ) as is_churned_within_180_days
    from latest_answers
    inner join customers
        on latest_answers.customer_id = customers.customer_id
    where customers.churned_at is null or customers.churned_at >= latest_answers.submitted_at
),

counted as (
    select
        nps_category,
        quarter_start,
        count(*) as customers,
        count(case when is_observed_90_days then 1 end) as customers_observed_90_days,
        count(case when is_observed_90_days and is_churned_within_90_days then 1 end) as churned_within_90_days,
        count(case when is_observed_180_days then 1 end) as customers_observed_180_days,
        count(case when is_observed_180_days and is_churned_within_180_days then 1 end) as churned_within_180_days
    from answers_with_churn
    group by 1, 2
),

final as (
    select
        nps_category,
        quarter_start,
        customers,
        customers_observed_90_days,
        churned_within_90_days,
        {{ share('customers_observed_90_days - churned_within_90_days', 'customers_observed_90_days') }}
            as retention_rate_90_days,
        customers_observed_180_days,
        churned_within_180_days,
        {{ share('customers_observed_180_days - churned_within_180_days', 'customers_observed_180_days') }}
            as retention_rate_180_days,
        {{ is_complete_period("'quarter'", 'quarter_start', '(select as_of_date from as_of)') }}
            as is_complete_period
    from counted
)

select * from final
