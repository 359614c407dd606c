-- The connector's response rows, one per raw row: the rows the audit accounts for (qualtrics.survey_response).
-- Recipients' emails, names, IP addresses and locations are never read.
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('qualtrics', 'survey_response') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('id') }} as response_id,
        {{ clean_key('survey_id') }} as survey_id,
        {{ connector_timestamp_text('recorded_date') }} as recorded_date,
        {{ clean_text('distribution_channel') }} as distribution_channel,
        {{ parse_integer(clean_text('status')) }} as status,
        {{ clean_text('status') }} as status_text,
        {{ clean_text('finished') }} as finished_text,
        {{ parse_boolean(clean_text('finished')) }} as is_finished,
        {{ connector_timestamp_text('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
