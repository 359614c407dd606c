with

source as (
    {{ select_numbered_raw_rows(raw_source('zendesk', 'group')) }}
),

final as (
    select
        source_row_number,
        {{ clean_key('id') }} as group_id,
        {{ clean_text('name') }} as group_name,
        {{ connector_timestamp('_fivetran_synced') }} as _fivetran_synced
    from source
)

select * from final
