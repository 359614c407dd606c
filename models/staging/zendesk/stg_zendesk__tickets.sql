-- Zendesk tickets in the contract's staged shape, one row per ticket row. Of several copies of one ticket id the
-- latest synced decides (the others are duplicates); a deleted ticket is rejected (deleted). From the field
-- history: solved_at is the latest change of status to solved, reopen_count the changes from solved to any
-- status but closed. first_response_at is the earliest public comment by an agent or admin at or after the
-- ticket's creation. The connector has no handle time: handle_time_seconds is null, never 0.
with

tickets as (
    select
        *,
        {{ latest_copy_rank('ticket_id', parse_timestamp_utc('_fivetran_synced')) }} as copy_rank
    from {{ ref('base_zendesk__ticket') }}
),

status_changes as (
    select
        ticket_id,
        lower(field_value) as status,
        lag(lower(field_value)) over (
            partition by ticket_id order by {{ parse_timestamp_utc('updated') }}, source_row_number
        ) as previous_status,
        {{ parse_timestamp_utc('updated') }} as changed_at
    from {{ ref('base_zendesk__ticket_field_history') }}
    where field_name = 'status'
),

status_history as (
    select
        ticket_id,
        max(case when status = 'solved' then changed_at end) as solved_at,
        count(case when previous_status = 'solved' and status not in ('solved', 'closed') then 1 end) as reopen_count
    from status_changes
    group by 1
),

agents as (
    select distinct user_id
    from {{ ref('base_zendesk__user') }}
    where user_role in ('agent', 'admin')
),

agent_comments as (
    select
        ticket_comments.ticket_id,
        ticket_comments.created_at
    from {{ ref('base_zendesk__ticket_comment') }} as ticket_comments
    inner join agents
        on ticket_comments.user_id = agents.user_id
    where ticket_comments.is_public
),

first_responses as (
    select
        tickets.ticket_id,
        tickets.source_row_number,
        min(agent_comments.created_at) as first_response_at
    from tickets
    inner join agent_comments
        on
            tickets.ticket_id = agent_comments.ticket_id
            and agent_comments.created_at >= {{ parse_timestamp_utc('tickets.created_at') }}
    group by 1, 2
),

final as (
    select
        'zendesk' as source_system,
        'zendesk.ticket' as source_table,
        tickets.source_row_number,
        false as is_repeated_header,
        case
            when tickets.copy_rank > 1 then 'duplicate'
            when tickets.status = 'deleted' then 'deleted'
        end as source_rejection_reason,
        {{ json_object_text(
            ['ticket_id', 'customer_id', 'agent_id', 'channel', 'priority', 'status', 'created_at',
             'first_response_at', 'solved_at', 'reopen_count', '_loaded_at'],
            {'ticket_id': 'tickets.ticket_id', 'customer_id': 'tickets.requester_id',
             'agent_id': 'tickets.assignee_id', 'channel': 'tickets.via_channel', 'priority': 'tickets.priority',
             'status': 'tickets.status', 'created_at': 'tickets.created_at',
             'first_response_at': 'cast(first_responses.first_response_at as ' ~ dbt.type_string() ~ ')',
             'solved_at': 'cast(status_history.solved_at as ' ~ dbt.type_string() ~ ')',
             'reopen_count': 'cast(status_history.reopen_count as ' ~ dbt.type_string() ~ ')',
             '_loaded_at': 'tickets._fivetran_synced'}
        ) }} as raw_record,
        {{ parse_timestamp_utc('tickets._fivetran_synced') }} as _loaded_at,
        {{ invalid_timestamp_reason('tickets._fivetran_synced') }} as _loaded_at__invalid_reason,
        {{ source_key('zendesk', 'tickets.ticket_id') }} as ticket_id,
        {{ source_key('zendesk', 'tickets.requester_id') }} as customer_id,
        {{ source_key('zendesk', 'tickets.assignee_id') }} as agent_id,
        {{ to_snake_case('tickets.via_channel') }} as channel,
        {{ invalid_category_reason('tickets.via_channel') }} as channel__invalid_reason,
        {{ to_snake_case('tickets.priority') }} as priority,
        {{ invalid_category_reason('tickets.priority') }} as priority__invalid_reason,
        {{ to_snake_case('tickets.status') }} as status,
        {{ invalid_category_reason('tickets.status') }} as status__invalid_reason,
        {{ parse_timestamp_utc('tickets.created_at') }} as created_at,
        first_responses.first_response_at,
        cast(null as {{ dbt.type_string() }}) as first_response_at__invalid_reason,
        status_history.solved_at,
        cast(null as {{ dbt.type_string() }}) as solved_at__invalid_reason,
        cast(null as integer) as handle_time_seconds,
        cast(null as {{ dbt.type_string() }}) as handle_time_seconds__invalid_reason,
        cast(coalesce(status_history.reopen_count, 0) as integer) as reopen_count,
        cast(null as {{ dbt.type_string() }}) as reopen_count__invalid_reason
    from tickets
    left join status_history
        on tickets.ticket_id = status_history.ticket_id
    left join first_responses
        on
            tickets.ticket_id = first_responses.ticket_id
            and tickets.source_row_number = first_responses.source_row_number
)

select * from final
