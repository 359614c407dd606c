-- One row per kept ticket with its support-operations measures and the scores of the transactional
-- survey answered about it (the latest answer when the customer answered more than one).
-- Incremental: replaces the tickets re-judged since the last run and the tickets named by responses
-- re-judged since then (their latest answer may have changed).
{{ config(**incremental_config(unique_key='ticket_id')) }}

{% call replaced_groups() %}
    {{ keys_rebuilt_since_last_run(ref('int_tickets__validated'), 'ticket_id') }}
    union
    {{ keys_rebuilt_since_last_run(ref('int_survey_responses__validated'), 'ticket_id') }}
{% endcall %}

with

validated_tickets as (
    select * from {{ ref('int_tickets__validated') }}
    where
        rejection_reason is null
        and {{ in_replaced_groups() }}
),

ticket_survey_responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        ticket_id is not null
        and audience = 'customer'
        and program = 'transactional'
        and {{ in_replaced_groups() }}
),

ticket_survey_responses_ranked as (
    select
        ticket_id,
        response_id,
        nps_category,
        nps_score,
        ces_score_normalised,
        csat_score,
        is_csat_satisfied,
        submitted_at,
        count(*) over (partition by ticket_id) as survey_responses,
        row_number() over (partition by ticket_id order by submitted_at desc, response_id desc) as recency_rank
    from ticket_survey_responses
),

latest_ticket_survey_responses as (
    select * from ticket_survey_responses_ranked
    where recency_rank = 1
),

final as (
    select
        validated_tickets.ticket_id,
        validated_tickets.source_system,
        validated_tickets.customer_id,
        validated_tickets.agent_id,
        latest_ticket_survey_responses.response_id as survey_response_id,
        validated_tickets.channel,
        validated_tickets.priority,
        validated_tickets.status,
        latest_ticket_survey_responses.nps_category as survey_nps_category,
        {{ minutes_between('validated_tickets.created_at', 'validated_tickets.first_response_at') }}
            as first_response_minutes,
        {{ minutes_between('validated_tickets.created_at', 'validated_tickets.solved_at') }} as resolution_minutes,
        validated_tickets.handle_time_seconds,
        validated_tickets.reopen_count,
        coalesce(latest_ticket_survey_responses.survey_responses, 0) as survey_responses,
        latest_ticket_survey_responses.nps_score as survey_nps_score,
        latest_ticket_survey_responses.ces_score_normalised as survey_ces_score_normalised,
        latest_ticket_survey_responses.csat_score as survey_csat_score,
        (
            validated_tickets.solved_at is not null and validated_tickets.reopen_count = 0
        ) as is_first_contact_resolution,
        latest_ticket_survey_responses.is_csat_satisfied as is_survey_csat_satisfied,
        validated_tickets.created_at,
        validated_tickets.first_response_at,
        validated_tickets.solved_at,
        latest_ticket_survey_responses.submitted_at as survey_submitted_at,
        validated_tickets._loaded_at,
        {{ batch_at() }} as _batch_at
    from validated_tickets
    left join latest_ticket_survey_responses
        on validated_tickets.ticket_id = latest_ticket_survey_responses.ticket_id
)

select * from final
