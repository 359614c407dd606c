-- Staged by delivery: incremental runs read only raw files not staged yet (macros/raw/delivered_raw_rows.sql).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('survey_platform', 'survey_invitations') }}
),

trimmed as (
    select
        source_row_number,
        source_file_name,
        {{ raw_record_json('survey_platform', 'survey_invitations') }} as raw_record,
        {{ is_repeated_header('survey_platform', 'survey_invitations') }} as is_repeated_header,
        {{ source_key('cx', clean_key('invitation_id')) }} as invitation_id,
        {{ source_key('cx', clean_key('survey_id')) }} as survey_id,
        {{ helpdesk_key(clean_key('customer_id')) }} as customer_id,
        {{ to_snake_case('channel') }} as channel,
        {{ invalid_category_reason('channel') }} as channel__invalid_reason,
        {{ clean_text('sent_at') }} as sent_at,
        {{ clean_text('_loaded_at') }} as _loaded_at
    from source
),

final as (
    select
        'cx' as source_system,
        'survey_invitations' as source_table,
        source_row_number,
        source_file_name,
        is_repeated_header,
        channel__invalid_reason,
        invitation_id,
        survey_id,
        customer_id,
        channel,
        {{ parse_timestamp_utc('sent_at') }} as sent_at,
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
