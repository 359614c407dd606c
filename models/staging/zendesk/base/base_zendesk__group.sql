{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('zendesk', 'group') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('id') }} as group_id,
        {{ clean_text('name') }} as group_name,
        {{ connector_timestamp('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
