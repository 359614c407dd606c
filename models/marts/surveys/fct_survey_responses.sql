-- One row per kept customer-audience response. Employee answers never reach a mart at row level: they live in
-- the restricted schema (int_employee_responses) and are published only by fct_enps_scores, behind its floor.
-- Incremental: the responses re-judged since the last run replace their rows (a response id once kept stays
-- kept: later copies only compete for which one is kept).
{{
    config(**incremental_config(
        unique_key='response_id',
        post_hook="delete from {{ this }} where audience is null",
    ))
}}

with

rebuilt_responses as (
    select * from {{ ref('int_survey_responses__validated') }}
    where
        rejection_reason is null
        and {{ rebuilt_since_last_run() }}
),

validated_responses as (
    select * from rebuilt_responses
    where audience = 'customer'
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
),

{% if is_incremental() %}
-- One marker row (no audience) per re-judged response that is not a customer answer, so that delete+insert also
-- clears a response whose survey became an employee one; the post-hook drops the markers.
non_customer_markers as (
    select
        response_id,
        {%- for column in ['source_system', 'survey_id', 'invitation_id', 'customer_id', 'ticket_id', 'program', 'touchpoint',
            'audience', 'channel', 'nps_category', 'reason_text', 'improvement_text'] %}
        cast(null as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
        cast(null as integer) as nps_score,
        cast(null as integer) as ces_score,
        cast(null as integer) as ces_scale_min,
        cast(null as integer) as ces_scale_max,
        cast(null as {{ type_double() }}) as ces_score_normalised,
        cast(null as integer) as csat_score,
        cast(null as integer) as csat_scale_max,
        cast(null as boolean) as is_csat_satisfied,
        cast(null as boolean) as is_follow_up_ok,
        cast(null as date) as submitted_date,
        cast(null as {{ dbt.type_timestamp() }}) as submitted_at,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at,
        _batch_at
    from rebuilt_responses
    where audience != 'customer'
),
{% endif %}

customer_responses as (
    select * from final
    {%- if is_incremental() %}
    union all
    select * from non_customer_markers
    {%- endif %}
)

select * from customer_responses
