-- One row per kept customer-audience response. Employee answers never reach a mart at row level: they live in
-- the restricted schema (int_employee_responses) and are published only by fct_enps_scores, behind its floor.
-- Incremental: replaces every response with a copy re-judged since the last run, whatever its new verdict or
-- audience.
{{ config(**incremental_config(unique_key='response_id')) }}

{% call replaced_groups() %}
    {{ keys_rebuilt_since_last_run(ref('int_survey_responses__validated'), 'response_id') }}
{% endcall %}

with

validated_responses as (
    select * from {{ ref('int_survey_responses__validated') }}
    where
        rejection_reason is null
        and audience = 'customer'
        and {{ in_replaced_groups() }}
),

final as (
    select
        response_id,
        source_system,
        survey_id,
        invitation_id,
        customer_id,
        ticket_id,
        program,
        touchpoint,
        audience,
        channel,
        {{ nps_category('nps_score') }} as nps_category,
        reason_text,
        improvement_text,
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
