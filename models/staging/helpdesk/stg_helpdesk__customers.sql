-- email and full_name are never selected: contact data stops at the raw layer.
-- Staged by delivery: incremental runs read only raw files not staged yet (macros/raw/delivered_raw_rows.sql).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('helpdesk', 'customers') }}
),

trimmed as (
    select
        source_row_number,
        source_file_name,
        {{ raw_record_json('helpdesk', 'customers', exclude=['email', 'full_name']) }} as raw_record,
        {{ is_repeated_header('helpdesk', 'customers') }} as is_repeated_header,
        {{ source_key('cx', clean_key('customer_id')) }} as customer_id,
        {{ to_snake_case('plan') }} as plan,
        {{ invalid_category_reason('plan') }} as plan__invalid_reason,
        upper({{ clean_text('country') }}) as country,
        {{ clean_text('age_band') }} as age_band,
        {{ to_snake_case('gender') }} as gender,
        {{ invalid_category_reason('gender') }} as gender__invalid_reason,
        {{ clean_text('income_band') }} as income_band,
        {{ clean_text('signup_date') }} as signup_date,
        {{ clean_text('churned_at') }} as churned_at,
        {{ clean_text('_loaded_at') }} as _loaded_at
    from source
),

final as (
    select
        'cx' as source_system,
        'customers' as source_table,
        source_row_number,
        source_file_name,
        is_repeated_header,
        plan__invalid_reason,
        gender__invalid_reason,
        customer_id,
        plan,
        country,
        age_band,
        gender,
        income_band,
        {{ parse_date('signup_date') }} as signup_date,
        case
            when signup_date is not null and {{ parse_date('signup_date') }} is null then 'invalid_date'
        end as signup_date__invalid_reason,
        {{ parse_timestamp_utc('churned_at') }} as churned_at,
        {{ invalid_timestamp_reason('churned_at') }} as churned_at__invalid_reason,
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
