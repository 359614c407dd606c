-- Every raw row that did not make it into a mart, with the reason and the raw record.
with

rejected_rows as (
    {{ select_rejected_rows() }}
)

select * from rejected_rows
