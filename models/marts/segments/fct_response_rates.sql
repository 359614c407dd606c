-- Invitations and the share answered, per period the invitation was sent, audience, programme, touchpoint and
-- channel. Employee surveys are kept apart (audience) and only at the eNPS grains: a group with fewer answers than
-- the eNPS floor shows its invitations but no answered count or rate.
-- Incremental: replaces every (grain, period) that holds an invitation re-judged or recomputed since the last
-- run, at its old sent_at as well as its new one, and every period the as-of date completed.
{{ config(**incremental_config(unique_key=['period_grain', 'period_start'])) }}

{% call replaced_groups() %}
    {{ periods_rebuilt_since_last_run(ref('int_survey_invitations__validated'), 'sent_at') }}
    union
    {{ periods_rebuilt_since_last_run(ref('int_survey_invitations__answered'), 'sent_at') }}
    union
    {{ periods_whose_completeness_changed() }}
{% endcall %}

with

invitations as (
    select * from {{ ref('int_survey_invitations__answered') }}
    where {{ not_before_replaced_groups('sent_at', 'period_start') }}
),

period_grains as (
    {{ select_period_grains() }}
),

as_of as (
    {{ select_as_of_date() }}
),

invitations_flagged as (
    select
        invitations.invitation_id,
        invitations.audience,
        coalesce(invitations.program, 'unknown') as program,
        coalesce(invitations.touchpoint, 'unknown') as touchpoint,
        coalesce(invitations.channel, 'unknown') as channel,
        invitations.is_responded,
        invitations.sent_at
    from invitations
),

invitations_by_period as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'invitations_flagged.sent_at') }} as period_start,
        invitations_flagged.audience,
        invitations_flagged.program,
        invitations_flagged.touchpoint,
        invitations_flagged.channel,
        invitations_flagged.is_responded
    from invitations_flagged
    cross join period_grains
    where
        invitations_flagged.audience = 'customer'
        or period_grains.period_grain in ('{{ enps_period_grains() | join("', '") }}')
),

replaced_invitations_by_period as (
    select * from invitations_by_period
    where {{ in_replaced_groups() }}
),

counted as (
    select
        period_grain,
        period_start,
        audience,
        program,
        touchpoint,
        channel,
        count(*) as invitations,
        count(case when is_responded then 1 end) as responded
    from replaced_invitations_by_period
    group by 1, 2, 3, 4, 5, 6
),

final as (
    select
        counted.period_grain,
        counted.period_start,
        counted.audience,
        counted.program,
        counted.touchpoint,
        counted.channel,
        counted.invitations,
        case
            when not {{ is_employee_group_below_floor('counted.audience', 'counted.responded') }}
                then counted.responded
        end as responded,
        case
            when not {{ is_employee_group_below_floor('counted.audience', 'counted.responded') }}
                then {{ share('counted.responded', 'counted.invitations') }}
        end as response_rate,
        {{ is_employee_group_below_floor('counted.audience', 'counted.responded') }} as is_suppressed,
        {{ is_complete_period('counted.period_grain', 'counted.period_start', 'as_of.as_of_date') }}
            as is_complete_period,
        {{ batch_at() }} as _batch_at
    from counted
    cross join as_of
)

select * from final
