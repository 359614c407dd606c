-- Every survey row of every source with its rejection reason (null = kept) and its resolved scales.
with

surveys as (
    select * from {{ ref('int_surveys__unioned') }}
),

scale_checks as (
    select
        *,
        coalesce(ces_scale_min, {{ var('default_ces_scale_min') }}) < coalesce(
            ces_scale_max, {{ var('default_ces_scale_max') }}
        ) as is_ces_scale_usable,
        coalesce(csat_scale_max, {{ var('default_csat_scale_max') }}) >= 2 as is_csat_scale_usable
    from surveys
),

scales_resolved as (
    -- An empty or unreadable scale field means the default. A CES scale that cannot work (min not below max)
    -- falls back to the default 1-7, recorded on its max when one was given, else on the clashing min. A CSAT max
    -- below 2 cannot be judged at all: the survey keeps no CSAT scale and its CSAT answers are nulled
    -- (int_survey_responses__validated).
    select
        source_system,
        source_table,
        source_row_number,
        is_repeated_header,
        source_rejection_reason,
        survey_id,
        survey_name,
        program,
        program__invalid_reason,
        touchpoint,
        touchpoint__invalid_reason,
        audience,
        case
            when is_ces_scale_usable then coalesce(ces_scale_min, {{ var('default_ces_scale_min') }})
            else {{ var('default_ces_scale_min') }}
        end as ces_scale_min,
        case
            when is_ces_scale_usable then coalesce(ces_scale_max, {{ var('default_ces_scale_max') }})
            else {{ var('default_ces_scale_max') }}
        end as ces_scale_max,
        case
            when is_csat_scale_usable then coalesce(csat_scale_max, {{ var('default_csat_scale_max') }})
        end as csat_scale_max,
        coalesce(
            ces_scale_min__invalid_reason,
            case when not is_ces_scale_usable and ces_scale_max is null then 'out_of_range' end
        ) as ces_scale_min__invalid_reason,
        coalesce(
            ces_scale_max__invalid_reason,
            case when not is_ces_scale_usable and ces_scale_max is not null then 'out_of_range' end
        ) as ces_scale_max__invalid_reason,
        coalesce(
            csat_scale_max__invalid_reason, case when not is_csat_scale_usable then 'out_of_range' end
        ) as csat_scale_max__invalid_reason,
        _loaded_at,
        _loaded_at__invalid_reason,
        raw_record
    from scale_checks
),

judged as (
    select
        *,
        {{ rejection_reason('survey_id', checks=[['invalid_audience', 'audience is null']]) }} as rejection_reason
    from scales_resolved
),

final as (
    select
        source_system,
        source_table,
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
