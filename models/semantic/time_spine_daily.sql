-- MetricFlow's time spine: one row per calendar day, 2015-01-01 to 2039-12-31 (covers any plausible export;
-- widen the bounds here if data ever falls outside). Declared to the semantic layer with `time_spine:` in
-- _semantic__models.yml.
with

days as (
    select cast(generate_series as date) as date_day
    from generate_series(
        cast('2015-01-01' as timestamp),
        cast('2039-12-31' as timestamp),
        interval '1 day'
    )
),

final as (
    select date_day
    from days
)

select * from final
