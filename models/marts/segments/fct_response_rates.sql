-- Invitations and the share answered, per period the invitation was sent, programme, touchpoint and channel.
with

invitations as (
    select * from {{ ref('fct_survey_invitations') }}
),

period_grains as (
    {{ select_period_grains() }}
),

invitations_flagged as (
    select
        invitations.invitation_id,
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
        invitations_flagged.program,
        invitations_flagged.touchpoint,
        invitations_flagged.channel,
        count(*) as invitations,
        count(case when invitations_flagged.is_responded then 1 end) as responded
    from invitations_flagged
    cross join period_grains
    group by 1, 2, 3, 4, 5
),

final as (
    select
        period_grain,
        period_start,
        program,
        touchpoint,
        channel,
        invitations,
        responded,
        {{ share('responded', 'invitations') }} as response_rate
    from counted
)

select * from final
