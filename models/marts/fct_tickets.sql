-- One row per kept ticket with its support-operations measures.
with

validated_tickets as (
    select * from {{ ref('int_tickets__validated') }}
    where rejection_reason is null
),

final as (
    select
        ticket_id,
        customer_id,
        agent_id,
        channel,
        priority,
        status,
        {{ minutes_between('created_at', 'first_response_at') }} as first_response_minutes,
        {{ minutes_between('created_at', 'solved_at') }} as resolution_minutes,
        handle_time_seconds,
        reopen_count,
        (solved_at is not null and reopen_count = 0) as is_first_contact_resolution,
        created_at,
        first_response_at,
        solved_at,
        _loaded_at
    from validated_tickets
)

select * from final
