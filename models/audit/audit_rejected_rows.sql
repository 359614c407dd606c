-- Every raw row that did not make it into a mart, with the reason and the raw record.
-- Incremental: the entries of the raw rows re-judged since the last run replace their earlier entries.
{{ config(**incremental_config(unique_key=['source_table', 'source_row_number'])) }}

{% call replaced_groups() %}
    {{ select_rows_rebuilt_since_last_run() }}
{% endcall %}

with

rejected_rows as (
    {{ select_rejected_rows() }}
)

select * from rejected_rows
