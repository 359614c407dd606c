{#- The contract tables the audit trail covers, in one list so the audit models never disagree. Per table:
      contract_table: the six-file contract's table;  key: its key column;
      union: the intermediate model that unions it from every selected source (one row per source row);
      validated: its int_*__validated model;
      kept: the models holding its kept rows, each kept row in exactly one (employee answers are not in the mart);
      checked_columns: columns whose bad values are nulled and recorded (each has `<column>__invalid_reason`);
      staged_columns: the columns every source's staging model gives it besides staged_lineage_columns(), cleaned
        and parsed but not yet judged: what the union selects from each;
      sources: per source system, the source table its rows come from: the audit's `source_table` (the
        six-file contract's file name, or <connector schema>.<table> for a connector; the survey definitions of
        the connectors come from the survey_map seed). Which systems are selected: survey_sources() for the
        survey tables, helpdesk_source() for the helpdesk tables (`side`). -#}
{% macro audited_tables() -%}
    {{ return([
        {'contract_table': 'surveys', 'key': 'survey_id', 'side': 'survey',
         'union': 'int_surveys__unioned', 'validated': 'int_surveys__validated', 'kept': ['dim_surveys'],
         'checked_columns': ['program', 'touchpoint', 'ces_scale_min', 'ces_scale_max', 'csat_scale_max', '_loaded_at'],
         'staged_columns': ['survey_id', 'survey_name', 'program', 'program__invalid_reason', 'touchpoint',
                            'touchpoint__invalid_reason', 'audience', 'ces_scale_min',
                            'ces_scale_min__invalid_reason', 'ces_scale_max', 'ces_scale_max__invalid_reason',
                            'csat_scale_max', 'csat_scale_max__invalid_reason'],
         'sources': {'cx': 'surveys', 'qualtrics': 'survey_map', 'zendesk': 'survey_map'}},
        {'contract_table': 'survey_invitations', 'key': 'invitation_id', 'side': 'survey',
         'union': 'int_survey_invitations__unioned', 'validated': 'int_survey_invitations__validated',
         'kept': ['int_survey_invitations__answered'],
         'checked_columns': ['customer_id', 'channel', '_loaded_at'],
         'staged_columns': ['invitation_id', 'survey_id', 'customer_id', 'channel', 'channel__invalid_reason', 'sent_at'],
         'sources': {'cx': 'survey_invitations', 'qualtrics': 'qualtrics.distribution_contact',
                     'zendesk': 'zendesk.ticket_field_history'}},
        {'contract_table': 'survey_responses', 'key': 'response_id', 'side': 'survey',
         'union': 'int_survey_responses__unioned', 'validated': 'int_survey_responses__validated',
         'kept': ['fct_survey_responses', 'int_employee_responses'],
         'checked_columns': ['invitation_id', 'customer_id', 'ticket_id', 'channel', 'nps_score', 'ces_score', 'csat_score',
                             'follow_up_ok', '_loaded_at'],
         'staged_columns': ['response_id', 'survey_id', 'invitation_id', 'customer_id', 'employee_id', 'ticket_id', 'channel',
                            'channel__invalid_reason', 'submitted_at', 'nps_score_text', 'ces_score_text',
                            'csat_score_text', 'reason_text', 'improvement_text', 'is_follow_up_ok',
                            'follow_up_ok__invalid_reason'],
         'sources': {'cx': 'survey_responses', 'qualtrics': 'qualtrics.survey_response',
                     'zendesk': 'zendesk.ticket_field_history'}},
        {'contract_table': 'tickets', 'key': 'ticket_id', 'side': 'helpdesk',
         'union': 'int_tickets__unioned', 'validated': 'int_tickets__validated', 'kept': ['fct_tickets'],
         'checked_columns': ['customer_id', 'agent_id', 'channel', 'priority', 'status', 'first_response_at', 'solved_at', 'handle_time_seconds',
                             'reopen_count', '_loaded_at'],
         'staged_columns': ['ticket_id', 'customer_id', 'agent_id', 'channel', 'channel__invalid_reason', 'priority',
                            'priority__invalid_reason', 'status', 'status__invalid_reason', 'created_at',
                            'first_response_at', 'first_response_at__invalid_reason', 'solved_at',
                            'solved_at__invalid_reason', 'handle_time_seconds',
                            'handle_time_seconds__invalid_reason', 'reopen_count', 'reopen_count__invalid_reason'],
         'sources': {'cx': 'tickets', 'zendesk': 'zendesk.ticket'}},
        {'contract_table': 'customers', 'key': 'customer_id', 'side': 'helpdesk',
         'union': 'int_customers__unioned', 'validated': 'int_customers__validated', 'kept': ['dim_customers'],
         'checked_columns': ['plan', 'gender', 'signup_date', 'churned_at', '_loaded_at'],
         'staged_columns': ['customer_id', 'plan', 'plan__invalid_reason', 'country', 'age_band', 'gender',
                            'gender__invalid_reason', 'income_band', 'signup_date', 'signup_date__invalid_reason',
                            'churned_at', 'churned_at__invalid_reason'],
         'sources': {'cx': 'customers', 'zendesk': 'zendesk.user'}},
        {'contract_table': 'agents', 'key': 'agent_id', 'side': 'helpdesk',
         'union': 'int_agents__unioned', 'validated': 'int_agents__validated', 'kept': ['dim_agents'],
         'checked_columns': ['hired_at', '_loaded_at'],
         'staged_columns': ['agent_id', 'team', 'hired_at', 'hired_at__invalid_reason'],
         'sources': {'cx': 'agents', 'zendesk': 'zendesk.user'}},
    ]) }}
{%- endmacro %}


{#- The lineage columns of every staged row: which source and row it is, the reason its source's adapter rejected it
    (or null), its raw record (JSON text, contact fields left out) and its load time. -#}
{% macro staged_lineage_columns() -%}
    {{ return(['source_system', 'source_table', 'source_row_number', 'is_repeated_header', 'source_rejection_reason', 'raw_record',
              '_loaded_at', '_loaded_at__invalid_reason']) }}
{%- endmacro %}


{#- The entry of audited_tables() for `contract_table`. -#}
{% macro audited_table(contract_table) -%}
    {{ return((cx_metrics.audited_tables() | selectattr('contract_table', 'equalto', contract_table) | list)[0]) }}
{%- endmacro %}


{#- The source tables of `table` (an audited_tables() entry) in this build: [{source_system, source_table}], in the
    order of the selected sources. -#}
{% macro selected_source_tables(table) -%}
    {%- set systems = cx_metrics.survey_sources() if table.side == 'survey' else [cx_metrics.helpdesk_source()] -%}
    {%- set selected = [] -%}
    {%- for system in systems if system in table.sources -%}
        {%- do selected.append({'source_system': system, 'source_table': table.sources[system]}) -%}
    {%- endfor -%}
    {{ return(selected) }}
{%- endmacro %}


{#- Rejected rows of every audited table: source_system, source_table, source_row_number, source_key, reason,
    raw_record, _batch_at. Incremental: those re-judged since the model's last run. -#}
{% macro select_rejected_rows() -%}
    {%- for table in cx_metrics.audited_tables() %}
    select
        source_system,
        source_table,
        source_row_number,
        {{ table.key }} as source_key,
        rejection_reason as reason,
        raw_record,
        _batch_at
    from {{ ref(table.validated) }}
    where rejection_reason is not null
        {%- if is_incremental() %}
        and {{ cx_metrics.rebuilt_since_last_run() }}
        {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- The raw rows of every audited table re-judged since the model's last run: source_table, source_row_number.
    The groups an audit model replaces (replaced_groups), so that a row kept now loses its earlier entries. -#}
{% macro select_rows_rebuilt_since_last_run() -%}
    {%- for table in cx_metrics.audited_tables() %}
    select
        source_table,
        source_row_number
    from {{ ref(table.validated) }}
    where {{ cx_metrics.rebuilt_since_last_run() }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- Nulled values of kept rows: source_system, source_table, source_row_number, source_key, column_name, raw_value,
    reason, _batch_at. The raw value is read back from the row's raw record, so it is exactly what the file held.
    Incremental: the nulled values of the rows re-judged since the model's last run. -#}
{% macro select_invalid_values() -%}
    {%- set selects = [] %}
    {%- for table in cx_metrics.audited_tables() %}
        {%- for column in table.checked_columns %}
            {%- set nulled_values %}
    select
        source_system,
        source_table,
        source_row_number,
        {{ table.key }} as source_key,
        '{{ column }}' as column_name,
        {{ cx_metrics.json_text_value('raw_record', column) }} as raw_value,
        {{ column }}__invalid_reason as reason,
        _batch_at
    from {{ ref(table.validated) }}
    where rejection_reason is null
        and {{ column }}__invalid_reason is not null
        {%- if is_incremental() %}
        and {{ cx_metrics.rebuilt_since_last_run() }}
        {%- endif %}
            {%- endset %}
            {%- do selects.append(nulled_values) %}
        {%- endfor %}
    {%- endfor %}
    {{ selects | join('\n    union all') }}
{%- endmacro %}


{#- Row counts per source table (a source table that feeds two contract tables, such as Zendesk's user table,
    which holds customers and agents, is one row): raw rows, counted from the files' physical records
    (stg_raw__files) by a pass independent of the reader; read rows, the rows of the source table in the contract
    tables' unions; kept rows, counted in the models in `kept`; rejected rows, in `rejected_rows_relation` (the
    audit_rejected_rows model). The survey definitions of the connectors come from the survey_map seed: their raw
    rows are the seed's rows of that system. The satisfaction ratings of Zendesk are the rows of its
    ticket_field_history with field_name satisfaction_score other than unoffered (the other rows of that table
    are ticket attributes, not records): their raw rows are counted in base_zendesk__ticket_field_history. -#}
{% macro select_row_counts(rejected_rows_relation) -%}
    {%- set parts = [] -%}
    {%- for table in cx_metrics.audited_tables() -%}
        {%- for source in cx_metrics.selected_source_tables(table) -%}
            {%- do parts.append({'table': table, 'source': source}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set source_tables = [] -%}
    {%- for part in parts if part.source not in source_tables -%}
        {%- do source_tables.append(part.source) -%}
    {%- endfor -%}
    {%- for source in source_tables %}
    {%- set system_literal = "'" ~ source.source_system ~ "'" %}
    {%- set table_literal = "'" ~ source.source_table ~ "'" %}
    select
        {{ system_literal }} as source_system,
        {{ table_literal }} as source_table,
        (
            {%- if source.source_table == 'survey_map' %}
            select count(*) from {{ ref('survey_map') }} where trim(source_system) = {{ system_literal }}
            {%- elif source.source_table == 'zendesk.ticket_field_history' %}
            select count(*) from {{ ref('base_zendesk__ticket_field_history') }} where is_satisfaction_record
            {%- else %}
            select coalesce(sum(physical_records), 0) from {{ ref('stg_raw__files') }}
            where source_table = {{ table_literal }}
            {%- endif %}
        ) as raw_rows,
        (
            {%- for part in parts if part.source == source %}
            (
                select count(*) from {{ ref(part.table.union) }}
                where source_system = {{ system_literal }} and source_table = {{ table_literal }}
            )
            {%- if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as read_rows,
        (
            {%- for part in parts if part.source == source %}
            {%- set outer_loop = loop %}
            {%- for kept in part.table.kept %}
            (select count(*) from {{ ref(kept) }} where source_system = {{ system_literal }})
            {%- if not (loop.last and outer_loop.last) %} +{% endif %}
            {%- endfor %}
            {%- endfor %}
        ) as kept_rows,
        (
            select count(*) from {{ rejected_rows_relation }}
            where source_system = {{ system_literal }} and source_table = {{ table_literal }}
        ) as rejected_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- The raw record where the audit shows it (a rejected row, or a kept row with a nulled value), else null, so the
    validated models do not keep a JSON copy of every clean raw row. Reads the columns raw_record,
    rejection_reason and the `<column>__invalid_reason` of each checked column of `contract_table`. -#}
{% macro audited_raw_record(contract_table) -%}
    {%- set table = cx_metrics.audited_table(contract_table) -%}
    case
        when rejection_reason is not null
            {%- for column in table.checked_columns %}
            or {{ column }}__invalid_reason is not null
            {%- endfor %}
            then raw_record
    end
{%- endmacro %}
