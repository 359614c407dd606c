-- One row per kept invitation of every audience, with its survey's programme and touchpoint and whether it was
-- answered: the base of response rates. The mart fct_survey_invitations is its customer rows.
-- Incremental: replaces the invitations whose survey's attributes changed, those re-judged since the last run
-- and those named by responses re-judged since then (answered or not may have changed).
{{ config(**incremental_config(unique_key='invitation_id')) }}

{% call replaced_groups() %}
    select built.invitation_id
    from {{ this }} as built
    left join {{ ref('dim_surveys') }} as surveys
        on built.survey_id = surveys.survey_id
    where
        built.program is distinct from surveys.program
        or built.touchpoint is distinct from surveys.touchpoint
        or built.audience is distinct from surveys.audience
    union
    {{ keys_rebuilt_since_last_run(ref('int_survey_invitations__validated'), 'invitation_id') }}
    union
    {{ keys_rebuilt_since_last_run(ref('int_survey_responses__validated'), 'invitation_id') }}
{% endcall %}

with

surveys as (
    select * from {{ ref('dim_surveys') }}
),

validated_invitations as (
    select * from {{ ref('int_survey_invitations__validated') }}
    where
        rejection_reason is null
        and {{ in_replaced_groups() }}
),

-- "Answered": at least one kept response names the invitation. Defined here once, for the response rates
-- (fct_response_rates) and the semantic layer's response_rate.
answered_invitations as (
    select distinct invitation_id
    from {{ ref('int_survey_responses__validated') }}
    where
        rejection_reason is null
        and invitation_id is not null
        and {{ in_replaced_groups() }}
),

final as (
    select
        validated_invitations.invitation_id,
        validated_invitations.source_system,
        validated_invitations.survey_id,
        validated_invitations.customer_id,
        surveys.program,
        surveys.touchpoint,
        surveys.audience,
        validated_invitations.channel,
        answered_invitations.invitation_id is not null as is_responded,
        cast(validated_invitations.sent_at as date) as sent_date,
        validated_invitations.sent_at,
        validated_invitations._loaded_at,
        {{ batch_at() }} as _batch_at
    from validated_invitations
    inner join surveys
        on validated_invitations.survey_id = surveys.survey_id
    left join answered_invitations
        on validated_invitations.invitation_id = answered_invitations.invitation_id
)

select * from final
