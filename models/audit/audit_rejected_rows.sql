-- Every raw row that did not make it into a mart, with the reason and the raw record.
-- Incremental: the entries of the raw rows re-judged since the last run replace their earlier entries.
{{
    config(**incremental_config(
        unique_key=['source_table', 'source_row_number'],
        post_hook="delete from {{ this }} where reason is null",
    ))
}}
with

rejected_rows as (
    {{ select_rejected_rows() }}
)

select * from rejected_rows
