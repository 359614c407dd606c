-- Conservation per source table: raw rows (the files' physical records) = rows the reader returned (the unions)
-- = kept rows (marts) + rejected rows (audit).
with

row_counts as (
    {{ select_row_counts(ref('audit_rejected_rows')) }}
),

final as (
    select
        source_system,
        source_table,
        raw_rows,
        read_rows,
        kept_rows,
        rejected_rows,
        raw_rows = read_rows and raw_rows = kept_rows + rejected_rows as is_reconciled
    from row_counts
)

select * from final
