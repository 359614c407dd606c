-- Qualtrics invitations in the contract's staged shape, one row per distribution_contact row: the invitation
-- (distribution_id, contact_id) to the survey its distribution links to, sent at sent_at. The customer is the one
-- of the response it led to (Qualtrics knows contacts, not helpdesk customers); the connector has no channel.
with

contacts as (
    select * from {{ ref('base_qualtrics__distribution_contact') }}
),

distributions_ranked as (
    select
        *,
        {{ latest_copy_rank('distribution_id', '_fivetran_synced') }} as copy_rank
    from {{ ref('base_qualtrics__distribution') }}
),

distributions as (
    select * from distributions_ranked
    where copy_rank = 1
),

response_customers as (
    select
        response_id,
        min(customer_id) as customer_id
    from {{ ref('stg_qualtrics__survey_responses') }}
    group by 1
),

final as (
    select
        'qualtrics' as source_system,
        'qualtrics.distribution_contact' as source_table,
        contacts.source_row_number,
        false as is_repeated_header,
        cast(null as {{ dbt.type_string() }}) as source_rejection_reason,
        {{ json_object_text(
            ['invitation_id', 'survey_id', 'customer_id', 'sent_at', '_loaded_at'],
            {'invitation_id': "contacts.distribution_id || ':' || contacts.contact_id",
             'survey_id': 'distributions.survey_id', 'customer_id': 'response_customers.customer_id',
             'sent_at': 'contacts.sent_at', '_loaded_at': 'contacts._fivetran_synced'}
        ) }} as raw_record,
        {{ parse_timestamp_utc('contacts._fivetran_synced') }} as _loaded_at,
        {{ invalid_timestamp_reason('contacts._fivetran_synced') }} as _loaded_at__invalid_reason,
        {{ source_key('qualtrics', "contacts.distribution_id || ':' || contacts.contact_id") }} as invitation_id,
        {{ source_key('qualtrics', 'distributions.survey_id') }} as survey_id,
        response_customers.customer_id,
        cast(null as {{ dbt.type_string() }}) as channel,
        cast(null as {{ dbt.type_string() }}) as channel__invalid_reason,
        {{ parse_timestamp_utc('contacts.sent_at') }} as sent_at
    from contacts
    left join distributions
        on contacts.distribution_id = distributions.distribution_id
    left join response_customers
        on {{ source_key('qualtrics', 'contacts.response_id') }} = response_customers.response_id
)

select * from final
