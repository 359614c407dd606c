-- One row per kept invitation, with its survey's programme and touchpoint (the base of response rates).
with

validated_invitations as (
    select * from {{ ref('int_survey_invitations__validated') }}
    where rejection_reason is null
),

surveys as (
    select * from {{ ref('dim_surveys') }}
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
        cast(validated_invitations.sent_at as date) as sent_date,
        validated_invitations.sent_at,
        validated_invitations._loaded_at
    from validated_invitations
    inner join surveys
        on validated_invitations.survey_id = surveys.survey_id
)

select * from final
