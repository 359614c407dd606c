-- One row per kept invitation to a customer-audience survey. Employee invitations stay in the intermediate
-- schema: row by row they would tell who in a small team answered.
-- Incremental: replaces the invitations recomputed since the last run, and those re-judged (an invitation that
-- lost its kept copy has no row left in int_survey_invitations__answered to say so).
{{ config(**incremental_config(unique_key='invitation_id')) }}

{% call replaced_groups() %}
    {{ keys_rebuilt_since_last_run(ref('int_survey_invitations__answered'), 'invitation_id') }}
    union
    {{ keys_rebuilt_since_last_run(ref('int_survey_invitations__validated'), 'invitation_id') }}
{% endcall %}

with

invitations as (
    select * from {{ ref('int_survey_invitations__answered') }}
    where
        audience = 'customer'
        and {{ in_replaced_groups() }}
),

final as (
    select
        invitation_id,
        source_system,
        survey_id,
        customer_id,
        program,
        touchpoint,
        audience,
        channel,
        is_responded,
        sent_date,
        sent_at,
        _loaded_at,
        _batch_at
    from invitations
)

select * from final
