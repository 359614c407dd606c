-- The connector's invitation rows, one per raw row: the rows the audit accounts for (qualtrics.distribution_contact).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('qualtrics', 'distribution_contact') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('distribution_id') }} as distribution_id,
        {{ clean_key('contact_id') }} as contact_id,
        {{ clean_key('response_id') }} as response_id,
        {{ connector_timestamp_text('sent_at') }} as sent_at,
        {{ connector_timestamp_text('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
