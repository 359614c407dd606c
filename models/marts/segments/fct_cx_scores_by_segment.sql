-- fct_cx_scores sliced by one customer or response attribute at a time (the same measures, same macros).
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where audience = 'customer'
),

customers as (
    select * from {{ ref('dim_customers') }}
),

period_grains as (
    {{ select_period_grains() }}
),

segment_names as (
    select 'channel' as segment_name
    union all
    select 'plan' as segment_name
    union all
    select 'country' as segment_name
    union all
    select 'age_band' as segment_name
    union all
    select 'gender' as segment_name
    union all
    select 'income_band' as segment_name
),

responses_joined_to_customers as (
    select
        responses.program,
        responses.touchpoint,
        responses.channel,
        customers.plan,
        customers.country,
        customers.age_band,
        customers.gender,
        customers.income_band,
        responses.nps_category,
        responses.ces_score_normalised,
        responses.is_csat_satisfied,
        responses.submitted_at
    from responses
    left join customers
        on responses.customer_id = customers.customer_id
),

responses_by_period_and_segment as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'responses_joined_to_customers.submitted_at') }}
            as period_start,
        responses_joined_to_customers.program,
        responses_joined_to_customers.touchpoint,
        segment_names.segment_name,
        coalesce(
            case segment_names.segment_name
                when 'channel' then responses_joined_to_customers.channel
                when 'plan' then responses_joined_to_customers.plan
                when 'country' then responses_joined_to_customers.country
                when 'age_band' then responses_joined_to_customers.age_band
                when 'gender' then responses_joined_to_customers.gender
                when 'income_band' then responses_joined_to_customers.income_band
            end,
            'unknown'
        ) as segment_value,
        responses_joined_to_customers.nps_category,
        responses_joined_to_customers.ces_score_normalised,
        responses_joined_to_customers.is_csat_satisfied
    from responses_joined_to_customers
    cross join period_grains
    cross join segment_names
),

counted as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        segment_name,
        segment_value,
        {{ cx_score_counts() }}
    from responses_by_period_and_segment
    group by 1, 2, 3, 4, 5, 6
),

final as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        segment_name,
        segment_value,
        {{ cx_score_measures() }}
    from counted
)

select * from final
