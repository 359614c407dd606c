-- One row per kept invitation with whether it was answered: the grain the semantic layer's response_rate
-- needs (MetricFlow cannot count "invitations with a response" across the one-to-many invitation→response join).
-- "Answered" means at least one kept response names the invitation, as in fct_response_rates.
with

invitations as (
    select * from {{ ref('fct_survey_invitations') }}
),

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where invitation_id is not null
),

answered_invitations as (
    select distinct invitation_id
    from responses
),

final as (
    select
        invitations.invitation_id,
        invitations.survey_id,
        invitations.customer_id,
        coalesce(invitations.program, 'unknown') as program,
        coalesce(invitations.touchpoint, 'unknown') as touchpoint,
        coalesce(invitations.audience, 'unknown') as audience,
        coalesce(invitations.channel, 'unknown') as channel,
        answered_invitations.invitation_id is not null as is_responded,
        invitations.sent_date,
        invitations.sent_at
    from invitations
    left join answered_invitations
        on invitations.invitation_id = answered_invitations.invitation_id
)

select * from final
