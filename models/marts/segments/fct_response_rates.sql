-- Invitations and the share answered, per period the invitation was sent, audience, programme, touchpoint and
-- channel. Employee surveys are kept apart (audience) and only at the eNPS grains: a group with fewer answers than
-- the eNPS floor shows its invitations but no answered count or rate.
with

invitations as (
    select * from {{ ref('int_survey_invitations__answered') }}
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

counted as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'invitations_flagged.sent_at') }} as period_start,
        invitations_flagged.audience,
        invitations_flagged.program,
        invitations_flagged.touchpoint,
        invitations_flagged.channel,
        count(*) as invitations,
        count(case when invitations_flagged.is_responded then 1 end) as responded
    from invitations_flagged
    cross join period_grains
    where
        invitations_flagged.audience = 'customer'
        or period_grains.period_grain in ('{{ enps_period_grains() | join("', '") }}')
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
            as is_complete_period
    from counted
    cross join as_of
)

select * from final
