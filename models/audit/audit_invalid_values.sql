-- Every value of a kept row that was nulled because it broke its rule, with the raw value and the reason.
-- Each validated model carries a `<column>__invalid_reason` next to the cleaned column.
{%- set checked_columns = {
    'surveys': ['ces_scale_min', 'ces_scale_max', 'csat_scale_max', '_loaded_at'],
    'survey_invitations': ['customer_id', '_loaded_at'],
    'survey_responses': [
        'invitation_id', 'customer_id', 'ticket_id', 'nps_score', 'ces_score', 'csat_score',
        'follow_up_ok', '_loaded_at'
    ],
    'tickets': [
        'customer_id', 'agent_id', 'first_response_at', 'solved_at', 'handle_time_seconds',
        'reopen_count', '_loaded_at'
    ],
    'customers': ['signup_date', 'churned_at', '_loaded_at'],
    'agents': ['hired_at', '_loaded_at'],
} %}
{%- set checks = [] %}
{%- for table in audited_tables() %}
    {%- for column in checked_columns[table.source_table] %}
        {%- do checks.append({'table': table, 'column': column}) %}
    {%- endfor %}
{%- endfor %}

with

{% for table in audited_tables() -%}
{{ table.source_table }}_kept as (
    select * from {{ ref(table.validated) }}
    where rejection_reason is null
),

{% endfor -%}
invalid_values as (
    {%- for check in checks %}
    select
        '{{ check.table.source_table }}' as source_table,
        source_row_number,
        {{ check.table.key }} as source_key,
        '{{ check.column }}' as column_name,
        {{ json_text_value('raw_record', check.column) }} as raw_value,
        {{ check.column }}__invalid_reason as reason
    from {{ check.table.source_table }}_kept
    where {{ check.column }}__invalid_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from invalid_values
