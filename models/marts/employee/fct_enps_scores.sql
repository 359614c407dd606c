-- Employee NPS per period and team, plus an all_teams total, behind a confidentiality floor with
-- complementary suppression (see the model description).
with

employee_responses as (
    select * from {{ ref('int_employee_responses') }}
),

agents as (
    select * from {{ ref('dim_agents') }}
),

-- The one grain of var('enps_period_grains') (enps_period_grains() stops the build on more).
period_grains as (
    select * from (
        {{ select_period_grains() }}
    ) as all_period_grains
    where period_grain in ('{{ enps_period_grains() | join("', '") }}')
),

as_of as (
    {{ select_as_of_date() }}
),

responses_by_period as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'employee_responses.submitted_at') }} as period_start,
        coalesce(agents.team, 'unknown') as team,
        coalesce(employee_responses.employee_id, employee_responses.response_id) as respondent_id,
        employee_responses.nps_category
    from employee_responses
    cross join period_grains
    left join agents
        on employee_responses.employee_id = agents.agent_id
),

team_counts as (
    select
        period_grain,
        period_start,
        team,
        false as is_all_teams,
        count(distinct respondent_id) as respondents,
        count(*) as responses,
        {{ nps_counts('nps_category') }}
    from responses_by_period
    group by 1, 2, 3
),

all_teams_counts as (
    select
        period_grain,
        period_start,
        'all_teams' as team,
        true as is_all_teams,
        count(distinct respondent_id) as respondents,
        count(*) as responses,
        {{ nps_counts('nps_category') }}
    from responses_by_period
    group by 1, 2
),

-- Primary suppression: fewer respondents than the floor.
team_counts_flagged as (
    select
        *,
        {{ is_employee_group_below_floor("'employee'", 'respondents') }} as is_below_floor
    from team_counts
),

-- Complementary suppression: the all_teams total minus the visible teams must not reveal fewer than the floor
-- of respondents, so while the suppressed teams of a period hold fewer than the floor together, the smallest
-- visible team (then the next, by respondents then name) is suppressed too.
team_counts_ranked as (
    select
        *,
        sum(case when is_below_floor then respondents else 0 end)
            over (partition by period_grain, period_start)
            as below_floor_respondents,
        coalesce(
            sum(case when not is_below_floor then respondents else 0 end) over (
                partition by period_grain, period_start
                order by is_below_floor desc, respondents asc, team asc
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as smaller_visible_respondents
    from team_counts_flagged
),

teams_suppressed as (
    select
        period_grain,
        period_start,
        team,
        is_all_teams,
        respondents,
        responses,
        nps_responses,
        promoters,
        passives,
        detractors,
        case
            when is_below_floor then 'below_min_group_size'
            when
                below_floor_respondents > 0
                and below_floor_respondents + smaller_visible_respondents < {{ var('enps_min_group_size') }}
                then 'complementary'
        end as suppression_reason
    from team_counts_ranked
),

all_teams_suppressed as (
    select
        *,
        case
            when {{ is_employee_group_below_floor("'employee'", 'respondents') }} then 'below_min_group_size'
        end as suppression_reason
    from all_teams_counts
),

groups_suppressed as (
    select * from teams_suppressed
    union all
    select
        period_grain,
        period_start,
        team,
        is_all_teams,
        respondents,
        responses,
        nps_responses,
        promoters,
        passives,
        detractors,
        suppression_reason
    from all_teams_suppressed
),

final as (
    select
        period_grain,
        period_start,
        team,
        suppression_reason,
        case when suppression_reason is null then respondents end as respondents,
        case when suppression_reason is null then responses end as responses,
        case when suppression_reason is null then nps_responses end as nps_responses,
        case when suppression_reason is null then promoters end as promoters,
        case when suppression_reason is null then passives end as passives,
        case when suppression_reason is null then detractors end as detractors,
        case
            when suppression_reason is null then {{ nps('promoters', 'detractors', 'nps_responses') }}
        end as enps,
        case
            when suppression_reason is null
                then {{ nps_margin_of_error_95('promoters', 'detractors', 'nps_responses') }}
        end as enps_moe_95,
        case
            when suppression_reason is null
                then {{ nps_interval_95('promoters', 'detractors', 'nps_responses', 'lower') }}
        end as enps_lower_95,
        case
            when suppression_reason is null
                then {{ nps_interval_95('promoters', 'detractors', 'nps_responses', 'upper') }}
        end as enps_upper_95,
        suppression_reason is not null as is_suppressed,
        is_all_teams,
        {{ is_complete_period('period_grain', 'period_start', '(select as_of_date from as_of)') }}
            as is_complete_period
    from groups_suppressed
)

select * from final
