-- Customer attributes for slicing scores; no contact data (dropped in staging).
-- Incremental: replaces every customer with a copy re-judged since the last run, whatever its new verdict.
{{ config(**incremental_config(unique_key='customer_id')) }}

{% call replaced_groups() %}
    {{ keys_rebuilt_since_last_run(ref('int_customers__validated'), 'customer_id') }}
{% endcall %}

with

validated_customers as (
    select * from {{ ref('int_customers__validated') }}
    where
        rejection_reason is null
        and {{ in_replaced_groups() }}
),

final as (
    select
        customer_id,
        source_system,
        plan,
        country,
        age_band,
        gender,
        income_band,
        churned_at is not null as is_churned,
        signup_date,
        cast(churned_at as date) as churned_date,
        churned_at,
        _loaded_at
    from validated_customers
)

-- A re-delivered customer whose attributes did not change keeps its _batch_at: the segment counts skip it.
{{ select_with_batch_at('final', key='customer_id', ignored_columns=['_loaded_at']) }}
