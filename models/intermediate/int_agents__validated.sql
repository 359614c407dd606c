-- Every agent row of the helpdesk source with its rejection reason (null = kept).
with

agents as (
    select * from {{ ref('int_agents__unioned') }}
),

judged as (
    select
        *,
        {{ rejection_reason('agent_id') }} as rejection_reason
    from agents
),

final as (
    select
        source_system,
        source_table,
        source_row_number,
        agent_id,
        team,
        hired_at,
        hired_at__invalid_reason,
        _loaded_at,
        _loaded_at__invalid_reason,
        -- The raw record is kept only where the audit shows it.
        {{ audited_raw_record('agents') }} as raw_record,
        rejection_reason,
        {{ batch_at() }} as _batch_at
    from judged
)

select * from final
