-- The connector's user rows, one per raw row, without their contact data: the rows the audit accounts for
-- (zendesk.user, end users as customers, agents and admins as agents).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('zendesk', 'user') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('id') }} as user_id,
        lower({{ clean_text('role') }}) as user_role,
        {{ clean_key('default_group_id') }} as default_group_id,
        {{ connector_timestamp_text('created_at') }} as created_at,
        {{ connector_timestamp_text('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
