with

source as (
    {{ select_numbered_raw_rows(raw_source('qualtrics', 'distribution')) }}
),

final as (
    select
        source_row_number,
        {{ clean_key('id') }} as distribution_id,
        {{ clean_key('survey_link_survey_id') }} as survey_id,
        {{ connector_timestamp('_fivetran_synced') }} as _fivetran_synced
    from source
)

select * from final
