{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('qualtrics', 'survey_embedded_data') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('response_id') }} as response_id,
        {{ clean_text('key') }} as field_key,
        {{ clean_text('value') }} as field_value,
        {{ connector_timestamp('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
