-- Conservation per raw table, counted in three independent places:
-- raw rows (staging is one row per raw row) = kept rows (in the mart) + rejected rows (in the audit).
{%- set tables = audited_tables() %}

with

rejected_rows as (
    select * from {{ ref('audit_rejected_rows') }}
),

{% for table in tables -%}
{{ table.source_table }}_counts as (
    select
        '{{ table.source_table }}' as source_table,
        (select count(*) from {{ ref(table.staging) }}) as raw_rows,
        (select count(*) from {{ ref(table.mart) }}) as kept_rows,
        (select count(*) from rejected_rows where source_table = '{{ table.source_table }}') as rejected_rows
),

{% endfor -%}
final as (
    {%- for table in tables %}
    select
        source_table,
        raw_rows,
        kept_rows,
        rejected_rows,
        raw_rows = kept_rows + rejected_rows as is_reconciled
    from {{ table.source_table }}_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from final
