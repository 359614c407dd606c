-- Every raw survey row with its rejection reason (null = kept).
with

surveys as (
    select * from {{ ref('stg_survey_platform__surveys') }}
),

judged as (
    select
        *,
        {{ rejection_reason('survey_id', checks=[['invalid_audience', 'audience is null']]) }} as rejection_reason
    from surveys
),

final as (
    select
        source_row_number,
        survey_id,
        survey_name,
        program,
        program__invalid_reason,
        touchpoint,
        touchpoint__invalid_reason,
        audience,
        ces_scale_min,
        ces_scale_max,
        csat_scale_max,
        ces_scale_min__invalid_reason,
        ces_scale_max__invalid_reason,
        csat_scale_max__invalid_reason,
        _loaded_at__invalid_reason,
        _loaded_at,
        -- The raw record is kept only where the audit shows it.
        {{ audited_raw_record('surveys') }} as raw_record,
        rejection_reason,
        {{ batch_at() }} as _batch_at
    from judged
)

select * from final
