-- Every raw agent row with its rejection reason (null = kept).
with

agents as (
    select * from {{ ref('stg_helpdesk__agents') }}
),

final as (
    select
        *,
        {{ rejection_reason('agent_id') }} as rejection_reason,
        {{ batch_at() }} as _batch_at
    from agents
)

select * from final
