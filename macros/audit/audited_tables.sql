{#- The raw tables the audit trail covers, in one list so the audit models never disagree. Per table:
      source_table: raw file name without extension;  key: its key column;
      staging: its staging model (one row per raw row);  validated: its int_*__validated model;
      mart: the model holding its kept rows;
      checked_columns: columns whose bad values are nulled and recorded (each has `<column>__invalid_reason`). -#}
{% macro audited_tables() -%}
    {{ return([
        {'source_table': 'surveys', 'key': 'survey_id',
         'staging': 'stg_survey_platform__surveys', 'validated': 'int_surveys__validated', 'mart': 'dim_surveys',
         'checked_columns': ['ces_scale_min', 'ces_scale_max', 'csat_scale_max', '_loaded_at']},
        {'source_table': 'survey_invitations', 'key': 'invitation_id',
         'staging': 'stg_survey_platform__survey_invitations', 'validated': 'int_survey_invitations__validated',
         'mart': 'fct_survey_invitations',
         'checked_columns': ['customer_id', '_loaded_at']},
        {'source_table': 'survey_responses', 'key': 'response_id',
         'staging': 'stg_survey_platform__survey_responses', 'validated': 'int_survey_responses__validated',
         'mart': 'fct_survey_responses',
         'checked_columns': ['invitation_id', 'customer_id', 'ticket_id', 'nps_score', 'ces_score', 'csat_score',
                             'follow_up_ok', '_loaded_at']},
        {'source_table': 'tickets', 'key': 'ticket_id',
         'staging': 'stg_helpdesk__tickets', 'validated': 'int_tickets__validated', 'mart': 'fct_tickets',
         'checked_columns': ['customer_id', 'agent_id', 'first_response_at', 'solved_at', 'handle_time_seconds',
                             'reopen_count', '_loaded_at']},
        {'source_table': 'customers', 'key': 'customer_id',
         'staging': 'stg_helpdesk__customers', 'validated': 'int_customers__validated', 'mart': 'dim_customers',
         'checked_columns': ['signup_date', 'churned_at', '_loaded_at']},
        {'source_table': 'agents', 'key': 'agent_id',
         'staging': 'stg_helpdesk__agents', 'validated': 'int_agents__validated', 'mart': 'dim_agents',
         'checked_columns': ['hired_at', '_loaded_at']},
    ]) }}
{%- endmacro %}


{#- Rejected rows of every audited table: source_table, source_row_number, source_key, reason, raw_record. -#}
{% macro select_rejected_rows() -%}
    {%- for table in cx_metrics.audited_tables() %}
    select
        '{{ table.source_table }}' as source_table,
        source_row_number,
        {{ table.key }} as source_key,
        rejection_reason as reason,
        raw_record
    from {{ ref(table.validated) }}
    where rejection_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- Nulled values of kept rows: source_table, source_row_number, source_key, column_name, raw_value, reason.
    The raw value is read back from the row's raw record, so it is exactly what the file held. -#}
{% macro select_invalid_values() -%}
    {%- set branches = [] %}
    {%- for table in cx_metrics.audited_tables() %}
        {%- for column in table.checked_columns %}
            {%- do branches.append({'table': table, 'column': column}) %}
        {%- endfor %}
    {%- endfor %}
    {%- for branch in branches %}
    select
        '{{ branch.table.source_table }}' as source_table,
        source_row_number,
        {{ branch.table.key }} as source_key,
        '{{ branch.column }}' as column_name,
        {{ cx_metrics.json_text_value('raw_record', branch.column) }} as raw_value,
        {{ branch.column }}__invalid_reason as reason
    from {{ ref(branch.table.validated) }}
    where rejection_reason is null
        and {{ branch.column }}__invalid_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- Row counts per audited table from three independent places: raw rows (staging, one per raw row),
    kept rows (the mart) and rejected rows (`rejected_rows_relation`, the audit_rejected_rows model). -#}
{% macro select_row_counts(rejected_rows_relation) -%}
    {%- for table in cx_metrics.audited_tables() %}
    select
        '{{ table.source_table }}' as source_table,
        (select count(*) from {{ ref(table.staging) }}) as raw_rows,
        (select count(*) from {{ ref(table.mart) }}) as kept_rows,
        (
            select count(*) from {{ rejected_rows_relation }}
            where source_table = '{{ table.source_table }}'
        ) as rejected_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- The text value of `key` in a JSON object held as text. -#}
{% macro json_text_value(json_text, key) -%}
    {{ return(adapter.dispatch('json_text_value', 'cx_metrics')(json_text, key)) }}
{%- endmacro %}

{% macro default__json_text_value(json_text, key) -%}
    json_extract_string({{ json_text }}, '$."{{ key }}"')
{%- endmacro %}
