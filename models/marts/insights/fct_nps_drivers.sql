-- Which support measure moves the NPS: per quarter and touchpoint, the correlation of each ticket driver with the
-- NPS answer about the ticket, the regression slope and the rank by absolute correlation.
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        audience = 'customer'
        and program = 'transactional'
        and ticket_id is not null
        and nps_score is not null
),

tickets as (
    select * from {{ ref('fct_tickets') }}
),

drivers as (
    select 'first_response_minutes' as driver
    union all
    select 'handle_time_seconds' as driver
    union all
    select 'reopen_count' as driver
    union all
    select 'is_first_contact_resolution' as driver
),

answers_joined_to_tickets as (
    select
        {{ period_start("'quarter'", 'responses.submitted_at') }} as quarter_start,
        responses.touchpoint,
        cast(responses.nps_score as {{ type_double() }}) as nps_score,
        tickets.first_response_minutes,
        cast(tickets.handle_time_seconds as {{ type_double() }}) as handle_time_seconds,
        cast(tickets.reopen_count as {{ type_double() }}) as reopen_count,
        case
            when tickets.is_first_contact_resolution then 1.0
            when not tickets.is_first_contact_resolution then 0.0
        end as is_first_contact_resolution
    from responses
    inner join tickets
        on responses.ticket_id = tickets.ticket_id
),

driver_values as (
    select
        answers_joined_to_tickets.quarter_start,
        answers_joined_to_tickets.touchpoint,
        drivers.driver,
        answers_joined_to_tickets.nps_score,
        cast(
            case drivers.driver
                when 'first_response_minutes' then answers_joined_to_tickets.first_response_minutes
                when 'handle_time_seconds' then answers_joined_to_tickets.handle_time_seconds
                when 'reopen_count' then answers_joined_to_tickets.reopen_count
                when 'is_first_contact_resolution' then answers_joined_to_tickets.is_first_contact_resolution
            end
            as {{ type_double() }}
        ) as driver_value
    from answers_joined_to_tickets
    cross join drivers
),

correlated as (
    select
        quarter_start,
        touchpoint,
        driver,
        cast(regr_count(nps_score, driver_value) as bigint) as answers,
        {{ exact_avg('driver_value') }} as driver_avg,
        -- Null, not NaN, when the driver or the score does not vary (or fewer than two pairs).
        -- corr() and regr_slope() computed from exact sums (see the macros): identical on every rebuild.
        {{ stable_statistic(pearson_correlation('nps_score', 'driver_value')) }} as correlation_with_nps,
        {{ stable_statistic(regression_slope('nps_score', 'driver_value')) }} as nps_slope
    from driver_values
    group by 1, 2, 3
),

as_of as (
    {{ select_as_of_date() }}
),

final as (
    select
        quarter_start,
        touchpoint,
        driver,
        answers,
        driver_avg,
        correlation_with_nps,
        nps_slope,
        case
            when correlation_with_nps is not null
                then cast(rank() over (
                    partition by quarter_start, touchpoint
                    order by abs(correlation_with_nps) desc nulls last
                ) as {{ dbt.type_bigint() }})
        end as correlation_rank,
        {{ is_complete_period("'quarter'", 'quarter_start', '(select as_of_date from as_of)') }}
            as is_complete_period
    from correlated
)

select * from final
