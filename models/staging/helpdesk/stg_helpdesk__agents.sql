-- email and full_name are never selected: contact data stops at the raw layer.
-- Staged by delivery: incremental runs read only raw files not staged yet (macros/raw/delivered_raw_rows.sql).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('helpdesk', 'agents') }}
),

trimmed as (
    select
        source_row_number,
        source_file_name,
        {{ raw_record_json('helpdesk', 'agents', exclude=['email', 'full_name']) }} as raw_record,
        {{ is_repeated_header('helpdesk', 'agents') }} as is_repeated_header,
        {{ source_key('cx', clean_key('agent_id')) }} as agent_id,
        {{ clean_text('team') }} as team,
        {{ clean_text('hired_at') }} as hired_at,
        {{ clean_text('_loaded_at') }} as _loaded_at
    from source
),

final as (
    select
        'cx' as source_system,
        'agents' as source_table,
        source_row_number,
        source_file_name,
        is_repeated_header,
        agent_id,
        team,
        {{ parse_timestamp_utc('hired_at') }} as hired_at,
        {{ invalid_timestamp_reason('hired_at') }} as hired_at__invalid_reason,
        {{ parse_timestamp_utc('_loaded_at') }} as _loaded_at,
        {{ invalid_timestamp_reason('_loaded_at') }} as _loaded_at__invalid_reason,
        raw_record,
        cast(null as {{ dbt.type_string() }}) as source_rejection_reason
    from trimmed
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
