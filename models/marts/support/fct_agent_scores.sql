-- Support operations and customer scores per agent and period: tickets count in the period they were solved,
-- survey answers about the agent's tickets in the period they were submitted. Besides the calendar grains, a
-- rolling_12_months grain (the 12 months ending on the as-of date) gives people with few ratings a fair sample.
-- Rankings are fair: only agents with at least var('agent_min_ratings') CSAT ratings in the period are ranked,
-- the best by the lower bound of their interval, the worst by the upper bound.
-- Incremental: replaces every (grain, period) that holds a ticket re-judged since the last run (by solved_at), a
-- response re-judged since then or one about a re-judged ticket (by submitted_at), each at its old time too, the
-- periods of an agent whose team changed and every period the as-of date completed; and the rolling 12 months
-- when any of those changed or the as-of date moved.
{{ config(**incremental_config(unique_key=['period_grain', 'period_start'])) }}

{% call replaced_groups() %}
    with

    calendar_periods as (
        {{ periods_rebuilt_since_last_run(ref('int_tickets__validated'), 'solved_at') }}
        union
        {{ periods_rebuilt_since_last_run(ref('int_survey_responses__validated'), 'submitted_at') }}
        union
        select distinct
            period_grains.period_grain,
            {{ period_start('period_grains.period_grain', 'responses.submitted_at') }} as period_start
        from {{ ref('fct_survey_responses') }} as responses
        cross join ({{ select_period_grains() }}) as period_grains
        where responses.ticket_id in (
            {{ keys_rebuilt_since_last_run(ref('int_tickets__validated'), 'ticket_id') }}
        )
        union
        select
            built.period_grain,
            built.period_start
        from {{ this }} as built
        left join {{ ref('dim_agents') }} as agents
            on built.agent_id = agents.agent_id
        where
            built.period_grain != 'rolling_12_months'
            and built.agent_id != 'unknown'
            and built.team is distinct from coalesce(agents.team, 'unknown')
        union
        {{ periods_whose_completeness_changed() }}
    ),

    current_rolling_window as (
        select
            'rolling_12_months' as period_grain,
            window_start as period_start
        from ({{ select_rolling_12_months() }}) as rolling_window
    )

    select * from calendar_periods
    union
    -- The rolling 12 months, stored and current, when anything changed or the window moved.
    select * from (
        select * from current_rolling_window
        union
        select period_grain, period_start from {{ this }}
        where period_grain = 'rolling_12_months'
    ) as rolling_windows
    where
        exists (select 1 from calendar_periods)
        or not exists (
            select 1 from {{ this }} as built
            inner join current_rolling_window
                on
                    built.period_grain = current_rolling_window.period_grain
                    and built.period_start = current_rolling_window.period_start
        )
{% endcall %}

with

tickets as (
    select * from {{ ref('fct_tickets') }}
),

agents as (
    select * from {{ ref('dim_agents') }}
),

ticket_survey_responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        ticket_id is not null
        and audience = 'customer'
        and program = 'transactional'
),

period_grains as (
    {{ select_period_grains() }}
),

as_of as (
    {{ select_as_of_date() }}
),

rolling_window as (
    {{ select_rolling_12_months() }}
),

responses_about_tickets as (
    select
        tickets.agent_id,
        ticket_survey_responses.nps_category,
        ticket_survey_responses.is_csat_satisfied,
        ticket_survey_responses.submitted_at as event_at
    from ticket_survey_responses
    inner join tickets
        on ticket_survey_responses.ticket_id = tickets.ticket_id
),

agent_events as (
    select
        agent_id,
        ticket_id,
        cast(null as {{ dbt.type_string() }}) as nps_category,
        first_response_minutes,
        handle_time_seconds,
        is_first_contact_resolution,
        cast(null as boolean) as is_csat_satisfied,
        solved_at as event_at
    from tickets
    where
        solved_at is not null
        and {{ not_before_replaced_groups('solved_at', 'period_start') }}
    union all
    select
        agent_id,
        cast(null as {{ dbt.type_string() }}) as ticket_id,
        nps_category,
        cast(null as {{ type_double() }}) as first_response_minutes,
        cast(null as integer) as handle_time_seconds,
        cast(null as boolean) as is_first_contact_resolution,
        is_csat_satisfied,
        event_at
    from responses_about_tickets
    where {{ not_before_replaced_groups('event_at', 'period_start') }}
),

agent_events_with_team as (
    select
        coalesce(agent_events.agent_id, 'unknown') as agent_id,
        coalesce(agents.team, 'unknown') as team,
        agent_events.ticket_id,
        agent_events.nps_category,
        agent_events.first_response_minutes,
        agent_events.handle_time_seconds,
        agent_events.is_first_contact_resolution,
        agent_events.is_csat_satisfied,
        agent_events.event_at
    from agent_events
    left join agents
        on agent_events.agent_id = agents.agent_id
),

agent_events_by_period as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'agent_events_with_team.event_at') }} as period_start,
        agent_events_with_team.*
    from agent_events_with_team
    cross join period_grains
    union all
    select
        'rolling_12_months' as period_grain,
        rolling_window.window_start as period_start,
        agent_events_with_team.*
    from agent_events_with_team
    inner join rolling_window
        on
            cast(agent_events_with_team.event_at as date)
            between rolling_window.window_start and rolling_window.window_end
),

counted as (
    select
        period_grain,
        period_start,
        agent_id,
        team,
        count(ticket_id) as tickets_solved,
        {{ exact_avg('first_response_minutes') }} as avg_first_response_minutes,
        cast(avg(handle_time_seconds) as {{ type_double() }}) as avg_handle_time_seconds,
        count(is_first_contact_resolution) as fcr_known_tickets,
        count(case when is_first_contact_resolution then 1 end) as fcr_tickets,
        {{ csat_counts('is_csat_satisfied') }},
        {{ nps_counts('nps_category') }}
    from agent_events_by_period
    where {{ in_replaced_groups() }}
    group by 1, 2, 3, 4
),

scored as (
    select
        period_grain,
        period_start,
        agent_id,
        team,
        tickets_solved,
        avg_first_response_minutes,
        avg_handle_time_seconds,
        fcr_tickets,
        {{ share('fcr_tickets', 'fcr_known_tickets') }} as fcr_rate,
        csat_responses,
        csat_satisfied,
        {{ csat_pct('csat_satisfied', 'csat_responses') }} as csat_pct,
        {{ csat_interval_95('csat_satisfied', 'csat_responses', 'lower') }} as csat_lower_95,
        {{ csat_interval_95('csat_satisfied', 'csat_responses', 'upper') }} as csat_upper_95,
        case
            when agent_id = 'unknown' then 'unknown_agent'
            when csat_responses = 0 then 'no_ratings'
            when csat_responses < {{ var('agent_min_ratings', 10) }} then 'too_few_ratings'
        end as unranked_reason,
        nps_responses,
        promoters,
        passives,
        detractors,
        {{ nps('promoters', 'detractors', 'nps_responses') }} as nps
    from counted
),

-- Columns in the order of the contract (_support__models.yml), which the table is built in.
final as (
    select
        scored.*,
        case
            when scored.unranked_reason is null
                then cast(rank() over (
                    partition by scored.period_grain, scored.period_start, scored.unranked_reason is null
                    order by scored.csat_lower_95 desc
                ) as {{ dbt.type_bigint() }})
        end as csat_best_rank,
        case
            when scored.unranked_reason is null
                then cast(rank() over (
                    partition by scored.period_grain, scored.period_start, scored.unranked_reason is null
                    order by scored.csat_upper_95 asc
                ) as {{ dbt.type_bigint() }})
        end as csat_worst_rank,
        case
            when scored.period_grain = 'rolling_12_months' then true
            else {{ is_complete_period('scored.period_grain', 'scored.period_start', 'as_of.as_of_date') }}
        end as is_complete_period,
        {{ batch_at() }} as _batch_at
    from scored
    cross join as_of
)

select * from final
