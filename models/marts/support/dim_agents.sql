-- Support agents and their teams; no contact data (dropped in staging).
with

validated_agents as (
    select * from {{ ref('int_agents__validated') }}
    where rejection_reason is null
),

final as (
    select
        agent_id,
        source_system,
        team,
        hired_at,
        _loaded_at
    from validated_agents
)

select * from final
