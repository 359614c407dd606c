-- One row per customer: latest relational and transactional NPS, recent detractor answers, churn.
-- Time windows are measured against the as-of date (var cx_as_of_date, else the latest kept response's date).
-- Incremental: replaces every customer when the as-of date moved (each row's windows move with it), else the
-- customers re-judged since the last run and those with a response re-judged since then (at its old customer too).
{{ config(**incremental_config(unique_key='customer_id')) }}

{% call replaced_groups() %}
    select built.customer_id
    from {{ this }} as built
    cross join ({{ select_as_of_date() }}) as as_of
    where built.as_of_date is distinct from as_of.as_of_date
    union
    {{ keys_rebuilt_since_last_run(ref('int_customers__validated'), 'customer_id') }}
    union
    {{ keys_rebuilt_since_last_run(ref('int_survey_responses__validated'), 'customer_id') }}
{% endcall %}

with

customers as (
    select * from {{ ref('dim_customers') }}
    where {{ in_replaced_groups() }}
),

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        audience = 'customer'
        and {{ in_replaced_groups() }}
),

as_of as (
    {{ select_as_of_date() }}
),

nps_answers as (
    select
        responses.response_id,
        responses.customer_id,
        responses.program,
        responses.nps_category,
        responses.nps_score,
        responses.submitted_date,
        responses.submitted_at,
        {{ days_between('responses.submitted_date', 'as_of.as_of_date') }} as days_before_as_of
    from responses
    cross join as_of
    where
        responses.customer_id is not null
        and responses.nps_score is not null
        and responses.submitted_date <= as_of.as_of_date
),

nps_answers_ranked as (
    select
        *,
        row_number() over (
            partition by customer_id, program
            order by submitted_at desc, response_id desc
        ) as recency_rank
    from nps_answers
),

latest_relational as (
    select * from nps_answers_ranked
    where program = 'relational' and recency_rank = 1
),

latest_transactional as (
    select * from nps_answers_ranked
    where program = 'transactional' and recency_rank = 1
),

recent_detractor_answers as (
    select
        customer_id,
        count(*) as detractor_answers
    from nps_answers
    where nps_category = 'detractor' and days_before_as_of < {{ var('loyalty_detractor_days') }}
    group by 1
),

final as (
    select
        customers.customer_id,
        latest_relational.nps_category as latest_relational_nps_category,
        latest_transactional.nps_category as latest_transactional_nps_category,
        latest_relational.nps_score as latest_relational_nps_score,
        latest_transactional.nps_score as latest_transactional_nps_score,
        coalesce(recent_detractor_answers.detractor_answers, 0) as recent_detractor_answers,
        customers.is_churned,
        latest_relational.submitted_date as latest_relational_nps_date,
        latest_transactional.submitted_date as latest_transactional_nps_date,
        customers.churned_date,
        as_of.as_of_date,
        {{ batch_at() }} as _batch_at
    from customers
    cross join as_of
    left join latest_relational
        on customers.customer_id = latest_relational.customer_id
    left join latest_transactional
        on customers.customer_id = latest_transactional.customer_id
    left join recent_detractor_answers
        on customers.customer_id = recent_detractor_answers.customer_id
)

select * from final
