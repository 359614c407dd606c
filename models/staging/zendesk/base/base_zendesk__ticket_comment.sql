{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('zendesk', 'ticket_comment') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('ticket_id') }} as ticket_id,
        {{ clean_key('user_id') }} as user_id,
        {{ parse_boolean(clean_text('public')) }} as is_public,
        {{ connector_timestamp('created') }} as created_at,
        {{ connector_timestamp('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
