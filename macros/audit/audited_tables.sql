{#- The raw tables the audit trail covers: the source table name, its staging model (one row per raw row),
    its validated model, the mart holding its kept rows, and its key column. One list, so the
    rejected-rows, invalid-values and row-count models never disagree. -#}
{% macro audited_tables() -%}
    {{ return([
        {'source_table': 'surveys', 'key': 'survey_id', 'staging': 'stg_survey_platform__surveys',
         'validated': 'int_surveys__validated', 'mart': 'dim_surveys'},
        {'source_table': 'survey_invitations', 'key': 'invitation_id', 'staging': 'stg_survey_platform__survey_invitations',
         'validated': 'int_survey_invitations__validated', 'mart': 'fct_survey_invitations'},
        {'source_table': 'survey_responses', 'key': 'response_id', 'staging': 'stg_survey_platform__survey_responses',
         'validated': 'int_survey_responses__validated', 'mart': 'fct_survey_responses'},
        {'source_table': 'tickets', 'key': 'ticket_id', 'staging': 'stg_helpdesk__tickets',
         'validated': 'int_tickets__validated', 'mart': 'fct_tickets'},
        {'source_table': 'customers', 'key': 'customer_id', 'staging': 'stg_helpdesk__customers',
         'validated': 'int_customers__validated', 'mart': 'dim_customers'},
        {'source_table': 'agents', 'key': 'agent_id', 'staging': 'stg_helpdesk__agents',
         'validated': 'int_agents__validated', 'mart': 'dim_agents'},
    ]) }}
{%- endmacro %}


{#- The text value of `key` in a JSON object held as text. -#}
{% macro json_text_value(json_text, key) -%}
    {{ return(adapter.dispatch('json_text_value', 'cx_metrics')(json_text, key)) }}
{%- endmacro %}

{% macro default__json_text_value(json_text, key) -%}
    json_extract_string({{ json_text }}, '$."{{ key }}"')
{%- endmacro %}
