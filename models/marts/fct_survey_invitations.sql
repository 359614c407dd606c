-- One row per kept invitation, with its survey's programme and touchpoint (the base of response rates).
with

validated_invitations as (
    select * from {{ ref('int_survey_invitations__validated') }}
    where rejection_reason is null
),

surveys as (
    select * from {{ ref('dim_surveys') }}
),

-- "Answered": at least one kept response names the invitation. Defined here once, for the response rates
-- (fct_response_rates) and the semantic layer's response_rate.
answered_invitations as (
    select distinct invitation_id
    from {{ ref('fct_survey_responses') }}
    where invitation_id is not null
),

final as (
    select
        validated_invitations.invitation_id,
        validated_invitations.survey_id,
        validated_invitations.customer_id,
        surveys.program,
        surveys.touchpoint,
        surveys.audience,
        validated_invitations.channel,
        answered_invitations.invitation_id is not null as is_responded,
        cast(validated_invitations.sent_at as date) as sent_date,
        validated_invitations.sent_at,
        validated_invitations._loaded_at
    from validated_invitations
    inner join surveys
        on validated_invitations.survey_id = surveys.survey_id
    left join answered_invitations
        on validated_invitations.invitation_id = answered_invitations.invitation_id
)

select * from final
