-- Every raw ticket row with its rejection reason (null = kept); orphan customer and agent keys are nulled.
-- Incremental: a run re-judges the rows of the ticket ids that new raw rows touch, and rows with an orphan
-- reference (the customer or agent may have arrived since).
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='source_row_number',
    )
}}

with

kept_customers as (
    select customer_id from {{ ref('int_customers__validated') }}
    where rejection_reason is null
),

kept_agents as (
    select agent_id from {{ ref('int_agents__validated') }}
    where rejection_reason is null
),

{% set also_rejudged %}
            select ticket_id, source_row_number from {{ this }}
            where customer_id__invalid_reason is not null or agent_id__invalid_reason is not null
{%- endset %}

tickets as (
    {{ rejudged_raw_rows(ref('stg_helpdesk__tickets'), 'ticket_id', also_rejudged=also_rejudged) }}
),

tickets_ranked as (
    select
        *,
        {{ rejection_reason(
            'ticket_id',
            checks=[['invalid_timestamp', 'created_at is null']],
            latest_by=['_loaded_at', 'created_at']
        ) }} as rejection_reason
    from tickets
),

final as (
    select
        tickets_ranked.source_row_number,
        tickets_ranked.ticket_id,
        {{ known_reference('tickets_ranked.customer_id', 'kept_customers.customer_id') }} as customer_id,
        {{ unknown_reference_reason('tickets_ranked.customer_id', 'kept_customers.customer_id') }}
            as customer_id__invalid_reason,
        {{ known_reference('tickets_ranked.agent_id', 'kept_agents.agent_id') }} as agent_id,
        {{ unknown_reference_reason('tickets_ranked.agent_id', 'kept_agents.agent_id') }}
            as agent_id__invalid_reason,
        tickets_ranked.channel,
        tickets_ranked.priority,
        tickets_ranked.status,
        tickets_ranked.handle_time_seconds,
        tickets_ranked.handle_time_seconds__invalid_reason,
        tickets_ranked.reopen_count,
        tickets_ranked.reopen_count__invalid_reason,
        tickets_ranked.created_at,
        tickets_ranked.first_response_at,
        tickets_ranked.first_response_at__invalid_reason,
        tickets_ranked.solved_at,
        tickets_ranked.solved_at__invalid_reason,
        tickets_ranked._loaded_at,
        tickets_ranked._loaded_at__invalid_reason,
        tickets_ranked.rejection_reason,
        tickets_ranked.raw_record
    from tickets_ranked
    left join kept_customers
        on tickets_ranked.customer_id = kept_customers.customer_id
    left join kept_agents
        on tickets_ranked.agent_id = kept_agents.agent_id
),

-- The raw record is kept only where the audit shows it.
audited as (
    select * replace ({{ audited_raw_record('tickets') }} as raw_record)
    from final
)

{{ select_with_batch_at('audited') }}
