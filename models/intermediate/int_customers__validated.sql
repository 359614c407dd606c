-- Every raw customer row with its rejection reason (null = kept).
-- Incremental: a run re-judges the rows of the customer ids that new raw rows touch.
{{
    config(**incremental_config(
        unique_key=['source_table', 'source_row_number'],
    ))
}}

with

customers as (
    {{ rejudged_raw_rows(ref('int_customers__unioned'), 'customer_id') }}
),

judged as (
    select
        *,
        {{ rejection_reason('customer_id') }} as rejection_reason
    from customers
),

final as (
    select
        source_system,
        source_table,
        source_row_number,
        customer_id,
        plan,
        plan__invalid_reason,
        country,
        age_band,
        gender,
        gender__invalid_reason,
        income_band,
        signup_date,
        signup_date__invalid_reason,
        churned_at,
        churned_at__invalid_reason,
        _loaded_at,
        _loaded_at__invalid_reason,
        -- The raw record is kept only where the audit shows it.
        {{ audited_raw_record('customers') }} as raw_record,
        rejection_reason
    from judged
)

{{ select_with_batch_at('final') }}
