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

-- The raw record is kept only where the audit shows it.
select * replace ({{ audited_raw_record('agents') }} as raw_record)
from final
