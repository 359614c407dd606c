-- Kept employee-audience answers with the respondent's team: the only place an employee answer is tied to a
-- person. Marts publish employee answers only as fct_enps_scores, behind its confidentiality floor.
with

validated_responses as (
    select * from {{ ref('int_survey_responses__validated') }}
    where
        rejection_reason is null
        and audience = 'employee'
),

final as (
    select
        response_id,
        source_system,
        survey_id,
        employee_id,
        program,
        touchpoint,
        {{ nps_category('nps_score') }} as nps_category,
        nps_score,
        submitted_at
    from validated_responses
)

select * from final
