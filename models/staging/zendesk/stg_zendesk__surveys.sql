-- Zendesk's satisfaction survey as survey_map defines it (survey_id satisfaction), in the contract's staged
-- shape. Only when cx_survey_sources includes zendesk (the folder is also built for the helpdesk alone).
{{ config(enabled='zendesk' in survey_sources()) }}

with

mapped_surveys as (
    select * from {{ ref('stg_survey_map__surveys') }}
    where source_system = 'zendesk'
),

final as (
    select
        'zendesk' as source_system,
        'survey_map' as source_table,
        source_row_number,
        false as is_repeated_header,
        cast(null as {{ dbt.type_string() }}) as source_rejection_reason,
        raw_record,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at,
        cast(null as {{ dbt.type_string() }}) as _loaded_at__invalid_reason,
        {{ source_key('zendesk', 'survey_id') }} as survey_id,
        'Zendesk satisfaction rating' as survey_name,
        program,
        program__invalid_reason,
        touchpoint,
        touchpoint__invalid_reason,
        audience,
        ces_scale_min,
        ces_scale_min__invalid_reason,
        ces_scale_max,
        ces_scale_max__invalid_reason,
        -- good/bad is a 2-point scale whatever the map leaves empty.
        coalesce(csat_scale_max, 2) as csat_scale_max,
        csat_scale_max__invalid_reason
    from mapped_surveys
)

select * from final
