-- The closed-loop work list: recent detractor answers whose customer agreed to be contacted.
-- Customer key only: contact details stay in the CRM.
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        audience = 'customer'
        and nps_category = 'detractor'
        and is_follow_up_ok
),

tickets as (
    select * from {{ ref('fct_tickets') }}
),

as_of as (
    {{ select_as_of_date() }}
),

responses_aged as (
    select
        responses.*,
        as_of.as_of_date,
        {{ days_between('responses.submitted_date', 'as_of.as_of_date') }} as days_since_answer
    from responses
    cross join as_of
),

final as (
    select
        responses_aged.response_id,
        responses_aged.customer_id,
        responses_aged.survey_id,
        responses_aged.ticket_id,
        tickets.agent_id,
        responses_aged.program,
        responses_aged.touchpoint,
        responses_aged.reason_text,
        responses_aged.improvement_text,
        responses_aged.nps_score,
        responses_aged.days_since_answer,
        responses_aged.submitted_date,
        responses_aged.as_of_date,
        responses_aged.submitted_at
    from responses_aged
    left join tickets
        on responses_aged.ticket_id = tickets.ticket_id
    where
        responses_aged.days_since_answer >= 0
        and responses_aged.days_since_answer < {{ var('follow_up_days') }}
)

select * from final
