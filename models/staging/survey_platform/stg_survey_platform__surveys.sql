with

source as (
    {{ select_numbered_raw_rows(raw_source('survey_platform', 'surveys')) }}
),

trimmed as (
    select
        source_row_number,
        {{ raw_record_json('survey_platform', 'surveys') }} as raw_record,
        {{ is_repeated_header('survey_platform', 'surveys') }} as is_repeated_header,
        {{ clean_key('survey_id') }} as survey_id,
        {{ clean_text('survey_name') }} as survey_name,
        {{ to_snake_case('program') }} as program,
        {{ invalid_category_reason('program') }} as program__invalid_reason,
        {{ to_snake_case('touchpoint') }} as touchpoint,
        {{ invalid_category_reason('touchpoint') }} as touchpoint__invalid_reason,
        {{ to_snake_case('audience') }} as audience,
        {{ clean_text('audience') }} as audience_text,
        {{ clean_text('ces_scale_min') }} as ces_scale_min,
        {{ clean_text('ces_scale_max') }} as ces_scale_max,
        {{ clean_text('csat_scale_max') }} as csat_scale_max,
        {{ clean_text('_loaded_at') }} as _loaded_at
    from source
),

parsed as (
    select
        source_row_number,
        is_repeated_header,
        program__invalid_reason,
        touchpoint__invalid_reason,
        raw_record,
        survey_id,
        survey_name,
        coalesce(program, 'unknown') as program,
        coalesce(touchpoint, 'unknown') as touchpoint,
        {{ normalised_audience('audience', 'audience_text') }} as audience,
        {{ parse_integer('ces_scale_min') }} as ces_scale_min_given,
        {{ parse_integer('ces_scale_max') }} as ces_scale_max_given,
        {{ parse_integer('csat_scale_max') }} as csat_scale_max_given,
        {{ invalid_integer_reason('ces_scale_min', 0, 999999999) }} as ces_scale_min_format_reason,
        {{ invalid_integer_reason('ces_scale_max', 0, 999999999) }} as ces_scale_max_format_reason,
        {{ invalid_integer_reason('csat_scale_max', 0, 999999999) }} as csat_scale_max_format_reason,
        {{ parse_timestamp_utc('_loaded_at') }} as _loaded_at,
        {{ invalid_timestamp_reason('_loaded_at') }} as _loaded_at__invalid_reason
    from trimmed
),

scales_resolved as (
    -- A CES scale that cannot work (min not below max) falls back to the default. A CSAT max below 2 cannot be
    -- judged at all: the survey keeps no CSAT scale and its CSAT answers are nulled (int_survey_responses__validated).
    select
        *,
        coalesce(ces_scale_min_given, {{ var('default_ces_scale_min') }}) < coalesce(
            ces_scale_max_given, {{ var('default_ces_scale_max') }}
        ) as is_ces_scale_usable,
        coalesce(csat_scale_max_given, {{ var('default_csat_scale_max') }}) >= 2 as is_csat_scale_usable
    from parsed
),

final as (
    select
        source_row_number,
        is_repeated_header,
        program__invalid_reason,
        touchpoint__invalid_reason,
        survey_id,
        survey_name,
        program,
        touchpoint,
        audience,
        case
            when is_ces_scale_usable then coalesce(ces_scale_min_given, {{ var('default_ces_scale_min') }})
            else {{ var('default_ces_scale_min') }}
        end as ces_scale_min,
        case
            when is_ces_scale_usable then coalesce(ces_scale_max_given, {{ var('default_ces_scale_max') }})
            else {{ var('default_ces_scale_max') }}
        end as ces_scale_max,
        case
            when is_csat_scale_usable then coalesce(csat_scale_max_given, {{ var('default_csat_scale_max') }})
        end as csat_scale_max,
        -- An unusable CES scale is recorded on its max when one was given, else on the clashing min.
        coalesce(
            ces_scale_min_format_reason,
            case when not is_ces_scale_usable and ces_scale_max_given is null then 'out_of_range' end
        ) as ces_scale_min__invalid_reason,
        coalesce(
            ces_scale_max_format_reason,
            case when not is_ces_scale_usable and ces_scale_max_given is not null then 'out_of_range' end
        ) as ces_scale_max__invalid_reason,
        coalesce(
            csat_scale_max_format_reason, case when not is_csat_scale_usable then 'out_of_range' end
        ) as csat_scale_max__invalid_reason,
        _loaded_at__invalid_reason,
        _loaded_at,
        raw_record
    from scales_resolved
)

select * from final
