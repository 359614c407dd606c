-- Staged by delivery: incremental runs read only raw files not staged yet (macros/raw/delivered_raw_rows.sql).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('helpdesk', 'tickets') }}
),

trimmed as (
    select
        source_row_number,
        source_file_name,
        {{ raw_record_json('helpdesk', 'tickets') }} as raw_record,
        {{ is_repeated_header('helpdesk', 'tickets') }} as is_repeated_header,
        {{ source_key('cx', clean_key('ticket_id')) }} as ticket_id,
        {{ source_key('cx', clean_key('customer_id')) }} as customer_id,
        {{ source_key('cx', clean_key('agent_id')) }} as agent_id,
        {{ to_snake_case('channel') }} as channel,
        {{ invalid_category_reason('channel') }} as channel__invalid_reason,
        {{ to_snake_case('priority') }} as priority,
        {{ invalid_category_reason('priority') }} as priority__invalid_reason,
        {{ to_snake_case('status') }} as status,
        {{ invalid_category_reason('status') }} as status__invalid_reason,
        {{ clean_text('created_at') }} as created_at,
        {{ clean_text('first_response_at') }} as first_response_at,
        {{ clean_text('solved_at') }} as solved_at,
        {{ clean_text('handle_time_seconds') }} as handle_time_seconds,
        {{ clean_text('reopen_count') }} as reopen_count,
        {{ clean_text('_loaded_at') }} as _loaded_at
    from source
),

parsed as (
    select
        source_row_number,
        source_file_name,
        is_repeated_header,
        channel__invalid_reason,
        priority__invalid_reason,
        status__invalid_reason,
        ticket_id,
        customer_id,
        agent_id,
        channel,
        priority,
        status,
        {{ valid_integer('handle_time_seconds', 0, var('max_handle_time_seconds')) }} as handle_time_seconds,
        {{ invalid_integer_reason('handle_time_seconds', 0, var('max_handle_time_seconds')) }}
            as handle_time_seconds__invalid_reason,
        {{ valid_integer('reopen_count', 0, var('max_reopen_count')) }} as reopen_count,
        {{ invalid_integer_reason('reopen_count', 0, var('max_reopen_count')) }} as reopen_count__invalid_reason,
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ parse_timestamp_utc('first_response_at') }} as first_response_at_parsed,
        {{ invalid_timestamp_reason('first_response_at') }} as first_response_at_format_reason,
        {{ parse_timestamp_utc('solved_at') }} as solved_at_parsed,
        {{ invalid_timestamp_reason('solved_at') }} as solved_at_format_reason,
        {{ parse_timestamp_utc('_loaded_at') }} as _loaded_at,
        {{ invalid_timestamp_reason('_loaded_at') }} as _loaded_at__invalid_reason,
        raw_record
    from trimmed
),

final as (
    -- A response or solve stamped before the ticket existed cannot be right: null it and say why.
    select
        'cx' as source_system,
        'tickets' as source_table,
        source_row_number,
        source_file_name,
        is_repeated_header,
        channel__invalid_reason,
        priority__invalid_reason,
        status__invalid_reason,
        ticket_id,
        customer_id,
        agent_id,
        channel,
        priority,
        status,
        handle_time_seconds,
        handle_time_seconds__invalid_reason,
        reopen_count,
        reopen_count__invalid_reason,
        created_at,
        case
            when first_response_at_parsed >= created_at or created_at is null then first_response_at_parsed
        end as first_response_at,
        coalesce(
            first_response_at_format_reason,
            case when first_response_at_parsed < created_at then 'before_created_at' end
        ) as first_response_at__invalid_reason,
        case when solved_at_parsed >= created_at or created_at is null then solved_at_parsed end as solved_at,
        coalesce(
            solved_at_format_reason,
            case when solved_at_parsed < created_at then 'before_created_at' end
        ) as solved_at__invalid_reason,
        _loaded_at,
        _loaded_at__invalid_reason,
        raw_record,
        cast(null as {{ dbt.type_string() }}) as source_rejection_reason
    from parsed
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
