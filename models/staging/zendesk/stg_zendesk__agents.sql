-- Zendesk agents and admins in the contract's staged shape, one row per such user row; the team is the name of
-- the agent's default group. No contact data is read.
with

users as (
    select
        *,
        {{ latest_copy_rank('user_id', parse_timestamp_utc('_fivetran_synced')) }} as copy_rank
    from {{ ref('base_zendesk__user') }}
    where user_role in ('agent', 'admin')
),

groups_ranked as (
    select
        *,
        {{ latest_copy_rank('group_id', '_fivetran_synced') }} as copy_rank
    from {{ ref('base_zendesk__group') }}
),

final as (
    select
        'zendesk' as source_system,
        'zendesk.user' as source_table,
        users.source_row_number,
        false as is_repeated_header,
        case when users.copy_rank > 1 then 'duplicate' end as source_rejection_reason,
        {{ json_object_text(
            ['agent_id', 'user_role', 'team', 'hired_at', '_loaded_at'],
            {'agent_id': 'users.user_id', 'user_role': 'users.user_role', 'team': 'groups_ranked.group_name',
             'hired_at': 'users.created_at', '_loaded_at': 'users._fivetran_synced'}
        ) }} as raw_record,
        {{ parse_timestamp_utc('users._fivetran_synced') }} as _loaded_at,
        {{ invalid_timestamp_reason('users._fivetran_synced') }} as _loaded_at__invalid_reason,
        {{ source_key('zendesk', 'users.user_id') }} as agent_id,
        groups_ranked.group_name as team,
        {{ parse_timestamp_utc('users.created_at') }} as hired_at,
        {{ invalid_timestamp_reason('users.created_at') }} as hired_at__invalid_reason
    from users
    left join groups_ranked
        on users.default_group_id = groups_ranked.group_id and groups_ranked.copy_rank = 1
)

select * from final
