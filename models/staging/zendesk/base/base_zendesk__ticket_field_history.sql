-- The connector's ticket field changes, one per raw row. The satisfaction records (field satisfaction_score, other
-- than unoffered: an offer is an invitation, good and bad are answers) are the rows the audit accounts for; the
-- rest is ticket history (status changes give solved_at and reopen_count).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('zendesk', 'ticket_field_history') }}
),

cleaned as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('ticket_id') }} as ticket_id,
        lower({{ clean_text('field_name') }}) as field_name,
        {{ clean_text('value') }} as field_value,
        {{ connector_timestamp_text('updated') }} as updated,
        {{ connector_timestamp_text('_fivetran_synced') }} as _fivetran_synced
    from source
),

final as (
    select
        *,
        coalesce(
            field_name = 'satisfaction_score' and lower(coalesce(field_value, '')) <> 'unoffered', false
        ) as is_satisfaction_record
    from cleaned
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
