-- Staged by delivery: incremental runs read only raw files not staged yet (macros/raw/delivered_raw_rows.sql).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('survey_platform', 'survey_responses') }}
),

trimmed as (
    select
        source_row_number,
        source_file_name,
        {{ raw_record_json(
            'survey_platform', 'survey_responses', free_text=['reason_text', 'improvement_text']
        ) }} as raw_record,
        {{ is_repeated_header('survey_platform', 'survey_responses') }} as is_repeated_header,
        {{ source_key('cx', clean_key('response_id')) }} as response_id,
        {{ source_key('cx', clean_key('survey_id')) }} as survey_id,
        {{ source_key('cx', clean_key('invitation_id')) }} as invitation_id,
        {{ helpdesk_key(clean_key('customer_id')) }} as customer_id,
        {{ helpdesk_key(clean_key('employee_id')) }} as employee_id,
        {{ helpdesk_key(clean_key('ticket_id')) }} as ticket_id,
        {{ to_snake_case('channel') }} as channel,
        {{ invalid_category_reason('channel') }} as channel__invalid_reason,
        {{ clean_text('submitted_at') }} as submitted_at,
        {{ clean_text('nps_score') }} as nps_score,
        {{ clean_text('ces_score') }} as ces_score,
        {{ clean_text('csat_score') }} as csat_score,
        {{ redact_contact_data(clean_text('reason_text')) }} as reason_text,
        {{ redact_contact_data(clean_text('improvement_text')) }} as improvement_text,
        {{ clean_text('follow_up_ok') }} as follow_up_ok,
        {{ clean_text('_loaded_at') }} as _loaded_at
    from source
),

final as (
    -- Scores stay text here: whether a CES or CSAT answer is valid depends on its survey's scale.
    select
        'cx' as source_system,
        'survey_responses' as source_table,
        source_row_number,
        source_file_name,
        is_repeated_header,
        channel__invalid_reason,
        response_id,
        survey_id,
        invitation_id,
        customer_id,
        employee_id,
        ticket_id,
        channel,
        nps_score as nps_score_text,
        ces_score as ces_score_text,
        csat_score as csat_score_text,
        reason_text,
        improvement_text,
        {{ parse_boolean('follow_up_ok') }} as is_follow_up_ok,
        {{ invalid_boolean_reason('follow_up_ok') }} as follow_up_ok__invalid_reason,
        {{ parse_timestamp_utc('submitted_at') }} as submitted_at,
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
