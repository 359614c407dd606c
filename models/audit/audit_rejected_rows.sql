-- Every raw row that did not make it into a mart, with the reason and the raw record.
{%- set tables = audited_tables() %}

with

{% for table in tables -%}
{{ table.source_table }}_rejected as (
    select
        '{{ table.source_table }}' as source_table,
        source_row_number,
        {{ table.key }} as source_key,
        rejection_reason as reason,
        raw_record
    from {{ ref(table.validated) }}
    where rejection_reason is not null
),

{% endfor -%}
final as (
    {%- for table in tables %}
    select * from {{ table.source_table }}_rejected
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from final
