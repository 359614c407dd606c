-- Every value of a kept row that was nulled because it broke its rule, with the raw value and the reason.
-- Incremental: the entries of the raw rows re-judged since the last run replace their earlier entries.
{{ config(**incremental_config(unique_key=['source_table', 'source_row_number'])) }}

{% call replaced_groups() %}
    {{ select_rows_rebuilt_since_last_run() }}
{% endcall %}

with

invalid_values as (
    {{ select_invalid_values() }}
)

select * from invalid_values
