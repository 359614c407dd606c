-- The connector's user rows, one per raw row, without their contact data: the rows the audit accounts for
-- (zendesk.user, end users as customers, agents and admins as agents).
with

source as (
    {{ select_numbered_raw_rows(raw_source('zendesk', 'user')) }}
),

final as (
    select
        source_row_number,
        {{ clean_key('id') }} as user_id,
        lower({{ clean_text('role') }}) as user_role,
        {{ clean_key('default_group_id') }} as default_group_id,
        {{ connector_timestamp_text('created_at') }} as created_at,
        {{ connector_timestamp_text('_fivetran_synced') }} as _fivetran_synced
    from source
)

select * from final
