-- One row per kept response. Incremental: the responses re-judged since the last run replace their rows (a
-- response id once kept stays kept: later copies only compete for which one is kept).
{{
    config(**incremental_config(
        unique_key='response_id',
    ))
}}

with

validated_responses as (
    select * from {{ ref('int_survey_responses__validated') }}
    where
        rejection_reason is null
        and {{ rebuilt_since_last_run() }}
),

final as (
    select
        response_id,
        survey_id,
        invitation_id,
        customer_id,
        ticket_id,
        program,
        touchpoint,
        audience,
        channel,
        {{ nps_category('nps_score') }} as nps_category,
        -- Employee answers stay anonymous here: no employee key, no free text (see int_employee_responses).
        case when audience != 'employee' then reason_text end as reason_text,
        case when audience != 'employee' then improvement_text end as improvement_text,
        nps_score,
        ces_score,
        ces_scale_min,
        ces_scale_max,
        {{ ces_normalised('ces_score', 'ces_scale_min', 'ces_scale_max') }} as ces_score_normalised,
        csat_score,
        csat_scale_max,
        {{ csat_is_satisfied('csat_score', 'csat_scale_max') }} as is_csat_satisfied,
        is_follow_up_ok,
        cast(submitted_at as date) as submitted_date,
        submitted_at,
        _loaded_at,
        _batch_at
    from validated_responses
)

select * from final
