-- Zendesk's satisfaction answers in the contract's staged shape, one row per good/bad record: the response is
-- keyed by its ticket and submitted when rated, by the ticket's requester; the rating's comment
-- (satisfaction_comment) is its reason_text.
{{ config(enabled='zendesk' in survey_sources()) }}

with

ratings as (
    select * from {{ ref('stg_zendesk__satisfaction_ratings') }}
    where not is_offer
),

final as (
    select
        'zendesk' as source_system,
        'zendesk.ticket_field_history' as source_table,
        source_row_number,
        false as is_repeated_header,
        case
            when is_ticket_deleted then 'deleted_ticket'
            when answer_rank > 1 then 'duplicate'
        end as source_rejection_reason,
        {{ json_object_text(
            ['response_id', 'survey_id', 'customer_id', 'ticket_id', 'submitted_at', 'csat_score', 'reason_text',
             '_loaded_at'],
            {'response_id': 'ticket_id', 'survey_id': "cast('satisfaction' as " ~ dbt.type_string() ~ ")", 'customer_id': 'requester_id',
             'ticket_id': 'ticket_id', 'submitted_at': 'updated', 'csat_score': 'field_value',
             'reason_text': redact_contact_data('rating_comment'), '_loaded_at': '_fivetran_synced'}
        ) }} as raw_record,
        {{ parse_timestamp_utc('_fivetran_synced') }} as _loaded_at,
        {{ invalid_timestamp_reason('_fivetran_synced') }} as _loaded_at__invalid_reason,
        {{ source_key('zendesk', 'ticket_id') }} as response_id,
        {{ source_key('zendesk', "'satisfaction'") }} as survey_id,
        case when was_offered then {{ source_key('zendesk', 'ticket_id') }} end as invitation_id,
        {{ helpdesk_key('requester_id') }} as customer_id,
        cast(null as {{ dbt.type_string() }}) as employee_id,
        {{ helpdesk_key('ticket_id') }} as ticket_id,
        cast(null as {{ dbt.type_string() }}) as channel,
        cast(null as {{ dbt.type_string() }}) as channel__invalid_reason,
        {{ parse_timestamp_utc('updated') }} as submitted_at,
        cast(null as {{ dbt.type_string() }}) as nps_score_text,
        cast(null as {{ dbt.type_string() }}) as ces_score_text,
        csat_score as csat_score_text,
        {{ redact_contact_data('rating_comment') }} as reason_text,
        cast(null as {{ dbt.type_string() }}) as improvement_text,
        cast(null as boolean) as is_follow_up_ok,
        cast(null as {{ dbt.type_string() }}) as follow_up_ok__invalid_reason
    from ratings
)

select * from final
