-- Every raw customer row with its rejection reason (null = kept).
-- Incremental: a run re-judges the rows of the customer ids that new raw rows touch.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='source_row_number',
    )
}}

with

customers as (
    {{ rejudged_raw_rows(ref('stg_helpdesk__customers'), 'customer_id') }}
),

final as (
    select
        *,
        {{ rejection_reason('customer_id') }} as rejection_reason
    from customers
),

-- The raw record is kept only where the audit shows it.
audited as (
    select * replace ({{ audited_raw_record('customers') }} as raw_record)
    from final
)

{{ select_with_batch_at('audited') }}
