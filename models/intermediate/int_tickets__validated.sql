-- Every raw ticket row with its rejection reason (null = kept); orphan customer and agent keys are nulled.
-- Incremental: a run re-judges the rows of the ticket ids that new raw rows touch, and rows with an orphan
-- reference when the customer or agent may have arrived since.
{{
    config(**incremental_config(
        unique_key=['source_table', 'source_row_number'],
    ))
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

-- Incremental: besides the copies of the keys new rows touch, the rows whose verdict depends on another table
-- that changed since: an unknown customer or agent when customers or agents were re-judged or re-staged.
tickets as (
    {% call rejudged_raw_rows(ref('int_tickets__unioned'), 'ticket_id') %}
        select
            ticket_id,
            source_table,
            source_row_number
        from {{ this }}
        where
            (
                customer_id__invalid_reason is not null
                and exists (
                    select 1 from {{ ref('int_customers__validated') }}
                    where {{ rebuilt_since_last_run() }}
                )
            )
            or (
                agent_id__invalid_reason is not null
                and exists (
                    select 1 from {{ ref('int_agents__unioned') }}
                    where {{ rebuilt_since_last_run() }}
                )
            )
    {% endcall %}
),

tickets_ranked as (
    select
        *,
        {{ rejection_reason(
            'ticket_id',
            checks=[
                ['invalid_timestamp', 'created_at is null'],
                ['future_timestamp', is_after_its_load('created_at', '_loaded_at')],
            ],
            latest_by=['_loaded_at', 'created_at']
        ) }} as rejection_reason
    from tickets
),

references_checked as (
    select
        tickets_ranked.*,
        {{ known_reference('tickets_ranked.customer_id', 'kept_customers.customer_id') }} as known_customer_id,
        {{ unknown_reference_reason('tickets_ranked.customer_id', 'kept_customers.customer_id') }}
            as customer_id__invalid_reason,
        {{ known_reference('tickets_ranked.agent_id', 'kept_agents.agent_id') }} as known_agent_id,
        {{ unknown_reference_reason('tickets_ranked.agent_id', 'kept_agents.agent_id') }}
            as agent_id__invalid_reason
    from tickets_ranked
    left join kept_customers
        on tickets_ranked.customer_id = kept_customers.customer_id
    left join kept_agents
        on tickets_ranked.agent_id = kept_agents.agent_id
),

final as (
    select
        source_system,
        source_table,
        source_row_number,
        ticket_id,
        known_customer_id as customer_id,
        customer_id__invalid_reason,
        known_agent_id as agent_id,
        agent_id__invalid_reason,
        channel,
        channel__invalid_reason,
        priority,
        priority__invalid_reason,
        status,
        status__invalid_reason,
        handle_time_seconds,
        handle_time_seconds__invalid_reason,
        reopen_count,
        reopen_count__invalid_reason,
        created_at,
        first_response_at,
        first_response_at__invalid_reason,
        solved_at,
        solved_at__invalid_reason,
        _loaded_at,
        _loaded_at__invalid_reason,
        rejection_reason,
        -- The raw record is kept only where the audit shows it.
        {{ audited_raw_record('tickets') }} as raw_record
    from references_checked
)

{{ select_with_batch_at('final') }}
