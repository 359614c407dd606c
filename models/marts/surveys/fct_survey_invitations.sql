-- One row per kept invitation to a customer-audience survey. Employee invitations stay in the intermediate
-- schema: row by row they would tell who in a small team answered.
with

invitations as (
    select * from {{ ref('int_survey_invitations__answered') }}
    where audience = 'customer'
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
