with

source as (
    {{ select_numbered_raw_rows(raw_source('qualtrics', 'survey_embedded_data')) }}
),

final as (
    select
        source_row_number,
        {{ clean_key('response_id') }} as response_id,
        {{ clean_text('key') }} as field_key,
        {{ clean_text('value') }} as field_value,
        {{ connector_timestamp('_fivetran_synced') }} as _fivetran_synced
    from source
)

select * from final
