-- Zendesk end users as customers in the contract's staged shape, one row per user row that is not an agent or
-- admin (those are agents: stg_zendesk__agents). A user_role other than end-user is rejected (invalid_role). The
-- connector has no plan or demographics; signup_date is when the user was created. No contact data is read.
with

users as (
    select
        *,
        {{ latest_copy_rank('user_id', parse_timestamp_utc('_fivetran_synced')) }} as copy_rank
    from {{ ref('base_zendesk__user') }}
    where user_role is null or user_role not in ('agent', 'admin')
),

final as (
    select
        'zendesk' as source_system,
        'zendesk.user' as source_table,
        source_row_number,
        false as is_repeated_header,
        case
            when copy_rank > 1 then 'duplicate'
            when coalesce(user_role, '') <> 'end-user' then 'invalid_role'
        end as source_rejection_reason,
        {{ json_object_text(
            ['customer_id', 'user_role', 'signup_date', '_loaded_at'],
            {'customer_id': 'user_id', 'user_role': 'user_role', 'signup_date': 'created_at', '_loaded_at': '_fivetran_synced'}
        ) }} as raw_record,
        {{ parse_timestamp_utc('_fivetran_synced') }} as _loaded_at,
        {{ invalid_timestamp_reason('_fivetran_synced') }} as _loaded_at__invalid_reason,
        {{ source_key('zendesk', 'user_id') }} as customer_id,
        cast(null as {{ dbt.type_string() }}) as plan,
        cast(null as {{ dbt.type_string() }}) as plan__invalid_reason,
        cast(null as {{ dbt.type_string() }}) as country,
        cast(null as {{ dbt.type_string() }}) as age_band,
        cast(null as {{ dbt.type_string() }}) as gender,
        cast(null as {{ dbt.type_string() }}) as gender__invalid_reason,
        cast(null as {{ dbt.type_string() }}) as income_band,
        {{ parse_date('created_at') }} as signup_date,
        case
            when created_at is not null and {{ parse_date('created_at') }} is null then 'invalid_date'
        end as signup_date__invalid_reason,
        cast(null as {{ dbt.type_timestamp() }}) as churned_at,
        cast(null as {{ dbt.type_string() }}) as churned_at__invalid_reason
    from users
)

select * from final
