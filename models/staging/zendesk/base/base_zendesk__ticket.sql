-- The connector's ticket rows, one per raw row: the rows the audit accounts for (zendesk.ticket). Subjects and
-- descriptions (free text with contact data) are never read.
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('zendesk', 'ticket') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('id') }} as ticket_id,
        {{ clean_key('requester_id') }} as requester_id,
        {{ clean_key('assignee_id') }} as assignee_id,
        {{ clean_text('via_channel') }} as via_channel,
        {{ clean_text('priority') }} as priority,
        lower({{ clean_text('status') }}) as status,
        {{ connector_timestamp_text('created_at') }} as created_at,
        {{ connector_timestamp_text('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
