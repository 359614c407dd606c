-- Every value of a kept row that was nulled because it broke its rule, with the raw value and the reason.
with

invalid_values as (
    {{ select_invalid_values() }}
)

select * from invalid_values
