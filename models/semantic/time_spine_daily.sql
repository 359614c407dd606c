-- MetricFlow's time spine: one row per calendar day, 2015-01-01 to 2039-12-31 (covers any plausible export;
-- widen the bounds here if data ever falls outside). Declared to the semantic layer with `time_spine:` in
-- _semantic__models.yml.
with

days as (
    {{ dbt.date_spine('day', "cast('2015-01-01' as date)", "cast('2040-01-01' as date)") }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
