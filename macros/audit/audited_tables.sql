{#- The raw tables the audit trail covers, in one list so the audit models never disagree. Per table:
      source_table: raw file name without extension;  key: its key column;
      staging: its staging model (one row per raw row);  validated: its int_*__validated model;
      kept: the models holding its kept rows, each kept row in exactly one (employee answers are not in the mart);
      checked_columns: columns whose bad values are nulled and recorded (each has `<column>__invalid_reason`). -#}
{% macro audited_tables() -%}
    {{ return([
        {'source_table': 'surveys', 'key': 'survey_id',
         'staging': 'stg_survey_platform__surveys', 'validated': 'int_surveys__validated', 'kept': ['dim_surveys'],
         'checked_columns': ['program', 'touchpoint', 'ces_scale_min', 'ces_scale_max', 'csat_scale_max', '_loaded_at']},
        {'source_table': 'survey_invitations', 'key': 'invitation_id',
         'staging': 'stg_survey_platform__survey_invitations', 'validated': 'int_survey_invitations__validated',
         'kept': ['int_survey_invitations__answered'],
         'checked_columns': ['customer_id', 'channel', '_loaded_at']},
        {'source_table': 'survey_responses', 'key': 'response_id',
         'staging': 'stg_survey_platform__survey_responses', 'validated': 'int_survey_responses__validated',
         'kept': ['fct_survey_responses', 'int_employee_responses'],
         'checked_columns': ['invitation_id', 'customer_id', 'ticket_id', 'channel', 'nps_score', 'ces_score', 'csat_score',
                             'follow_up_ok', '_loaded_at']},
        {'source_table': 'tickets', 'key': 'ticket_id',
         'staging': 'stg_helpdesk__tickets', 'validated': 'int_tickets__validated', 'kept': ['fct_tickets'],
         'checked_columns': ['customer_id', 'agent_id', 'channel', 'priority', 'status', 'first_response_at', 'solved_at', 'handle_time_seconds',
                             'reopen_count', '_loaded_at']},
        {'source_table': 'customers', 'key': 'customer_id',
         'staging': 'stg_helpdesk__customers', 'validated': 'int_customers__validated', 'kept': ['dim_customers'],
         'checked_columns': ['plan', 'gender', 'signup_date', 'churned_at', '_loaded_at']},
        {'source_table': 'agents', 'key': 'agent_id',
         'staging': 'stg_helpdesk__agents', 'validated': 'int_agents__validated', 'kept': ['dim_agents'],
         'checked_columns': ['hired_at', '_loaded_at']},
    ]) }}
{%- endmacro %}


{#- Rejected rows of every audited table: source_table, source_row_number, source_key, reason, raw_record,
    _batch_at. Incremental (the model keyed on source_table and source_row_number): every row re-judged since
    the model's last run, a kept one with a null reason so that it replaces an earlier rejection; the model's
    post-hook then drops the null reasons. -#}
{% macro select_rejected_rows() -%}
    {%- for table in cx_metrics.audited_tables() %}
    select
        '{{ table.source_table }}' as source_table,
        source_row_number,
        {{ table.key }} as source_key,
        rejection_reason as reason,
        raw_record,
        _batch_at
    from {{ ref(table.validated) }}
    {%- if is_incremental() %}
    where {{ cx_metrics.rebuilt_since_last_run() }}
    {%- else %}
    where rejection_reason is not null
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- Nulled values of kept rows: source_table, source_row_number, source_key, column_name, raw_value, reason,
    _batch_at. The raw value is read back from the row's raw record, so it is exactly what the file held.
    Incremental (the model keyed on source_table and source_row_number): the nulled values of the rows
    re-judged since the model's last run, plus one marker row (null column_name) per re-judged row so that its
    earlier entries are replaced even when it has none left; the model's post-hook drops the markers. -#}
{% macro select_invalid_values() -%}
    {%- set selects = [] %}
    {%- for table in cx_metrics.audited_tables() %}
        {%- for column in table.checked_columns %}
            {%- set nulled_values %}
    select
        '{{ table.source_table }}' as source_table,
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
        {%- if is_incremental() %}
            {%- set markers %}
    select
        '{{ table.source_table }}' as source_table,
        source_row_number,
        {{ table.key }} as source_key,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as raw_value,
        cast(null as {{ dbt.type_string() }}) as reason,
        _batch_at
    from {{ ref(table.validated) }}
    where {{ cx_metrics.rebuilt_since_last_run() }}
            {%- endset %}
            {%- do selects.append(markers) %}
        {%- endif %}
    {%- endfor %}
    {{ selects | join('\n    union all') }}
{%- endmacro %}


{#- Row counts per audited table from four independent places: raw rows (the files' physical records,
    stg_raw__files), read rows (staging, one per row the reader returned), kept rows (the models in `kept`) and rejected rows
    (`rejected_rows_relation`, the audit_rejected_rows model). -#}
{% macro select_row_counts(rejected_rows_relation) -%}
    {%- for table in cx_metrics.audited_tables() %}
    select
        '{{ table.source_table }}' as source_table,
        (
            select coalesce(sum(physical_records), 0) from {{ ref('stg_raw__files') }}
            where source_table = '{{ table.source_table }}'
        ) as raw_rows,
        (select count(*) from {{ ref(table.staging) }}) as read_rows,
        (
            {%- for kept in table.kept %}
            (select count(*) from {{ ref(kept) }}){% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as kept_rows,
        (
            select count(*) from {{ rejected_rows_relation }}
            where source_table = '{{ table.source_table }}'
        ) as rejected_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- The raw record where the audit shows it (a rejected row, or a kept row with a nulled value), else null, so the
    validated models do not keep a JSON copy of every clean raw row. Reads the columns raw_record,
    rejection_reason and the `<column>__invalid_reason` of each checked column of `source_table`. -#}
{% macro audited_raw_record(source_table) -%}
    {%- set table = (cx_metrics.audited_tables() | selectattr('source_table', 'equalto', source_table) | list)[0] -%}
    case
        when rejection_reason is not null
            {%- for column in table.checked_columns %}
            or {{ column }}__invalid_reason is not null
            {%- endfor %}
            then raw_record
    end
{%- endmacro %}
