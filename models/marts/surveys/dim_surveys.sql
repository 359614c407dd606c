with

validated_surveys as (
    select * from {{ ref('int_surveys__validated') }}
    where rejection_reason is null
),

final as (
    select
        survey_id,
        source_system,
        survey_name,
        program,
        touchpoint,
        audience,
        ces_scale_min,
        ces_scale_max,
        csat_scale_max,
        _loaded_at
    from validated_surveys
)

select * from final
