-- Zendesk's satisfaction offers in the contract's staged shape, one row per offered record: the invitation is
-- keyed by its ticket, sent when offered, to the ticket's requester.
{{ config(enabled='zendesk' in survey_sources()) }}

with

offers as (
    select * from {{ ref('stg_zendesk__satisfaction_ratings') }}
    where is_offer
),

final as (
    select
        'zendesk' as source_system,
        'zendesk.ticket_field_history' as source_table,
        source_row_number,
        false as is_repeated_header,
        case when is_ticket_deleted then 'deleted_ticket' end as source_rejection_reason,
        {{ json_object_text(
            ['invitation_id', 'survey_id', 'customer_id', 'sent_at', '_loaded_at'],
            {'invitation_id': 'ticket_id', 'survey_id': "cast('satisfaction' as " ~ dbt.type_string() ~ ")", 'customer_id': 'requester_id',
             'sent_at': 'updated', '_loaded_at': '_fivetran_synced'}
        ) }} as raw_record,
        {{ parse_timestamp_utc('_fivetran_synced') }} as _loaded_at,
        {{ invalid_timestamp_reason('_fivetran_synced') }} as _loaded_at__invalid_reason,
        {{ source_key('zendesk', 'ticket_id') }} as invitation_id,
        {{ source_key('zendesk', "'satisfaction'") }} as survey_id,
        {{ helpdesk_key('requester_id') }} as customer_id,
        cast(null as {{ dbt.type_string() }}) as channel,
        cast(null as {{ dbt.type_string() }}) as channel__invalid_reason,
        {{ parse_timestamp_utc('updated') }} as sent_at
    from offers
)

select * from final
