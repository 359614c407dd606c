-- Every raw customer row with its rejection reason (null = kept).
with

customers as (
    select * from {{ ref('stg_helpdesk__customers') }}
),

final as (
    select
        *,
        {{ rejection_reason('customer_id') }} as rejection_reason,
        {{ batch_at() }} as _batch_at
    from customers
)

select * from final
