-- Support operations and customer scores per agent and period: tickets count in the period they were solved,
-- survey answers about the agent's tickets in the period they were submitted.
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

solved_tickets as (
    select
        ticket_id,
        agent_id,
        first_response_minutes,
        handle_time_seconds,
        is_first_contact_resolution,
        solved_at as event_at
    from tickets
    where solved_at is not null
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
        event_at
    from solved_tickets
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
),

agent_events_by_period as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'agent_events.event_at') }} as period_start,
        coalesce(agent_events.agent_id, 'unknown') as agent_id,
        coalesce(agents.team, 'unknown') as team,
        agent_events.ticket_id,
        agent_events.nps_category,
        agent_events.first_response_minutes,
        agent_events.handle_time_seconds,
        agent_events.is_first_contact_resolution,
        agent_events.is_csat_satisfied
    from agent_events
    cross join period_grains
    left join agents
        on agent_events.agent_id = agents.agent_id
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
        {{ wilson_lower_bound_95('csat_satisfied', 'csat_responses') }} as csat_wilson_lower_95,
        nps_responses,
        promoters,
        passives,
        detractors,
        {{ nps('promoters', 'detractors', 'nps_responses') }} as nps
    from counted
),

final as (
    select
        period_grain,
        period_start,
        agent_id,
        team,
        tickets_solved,
        avg_first_response_minutes,
        avg_handle_time_seconds,
        fcr_tickets,
        fcr_rate,
        csat_responses,
        csat_satisfied,
        csat_pct,
        csat_wilson_lower_95,
        case
            when csat_wilson_lower_95 is not null
                then cast(rank() over (
                    partition by period_grain, period_start, csat_wilson_lower_95 is null
                    order by csat_wilson_lower_95 desc
                ) as {{ dbt.type_bigint() }})
        end as csat_rank,
        nps_responses,
        promoters,
        passives,
        detractors,
        nps
    from scored
)

select * from final
