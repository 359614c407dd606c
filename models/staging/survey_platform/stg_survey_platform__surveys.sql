-- Staged by delivery: incremental runs read only raw files not staged yet (macros/raw/delivered_raw_rows.sql).
{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('survey_platform', 'surveys') }}
),

trimmed as (
    select
        source_row_number,
        source_file_name,
        {{ raw_record_json('survey_platform', 'surveys') }} as raw_record,
        {{ is_repeated_header('survey_platform', 'surveys') }} as is_repeated_header,
        {{ source_key('cx', clean_key('survey_id')) }} as survey_id,
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

final as (
    -- The scales as given (parsed, or null with the reason); defaults and the scales that cannot work are
    -- resolved in int_surveys__validated, for every source alike.
    select
        'cx' as source_system,
        'surveys' as source_table,
        source_row_number,
        source_file_name,
        is_repeated_header,
        program__invalid_reason,
        touchpoint__invalid_reason,
        survey_id,
        survey_name,
        coalesce(program, 'unknown') as program,
        coalesce(touchpoint, 'unknown') as touchpoint,
        {{ normalised_audience('audience', 'audience_text') }} as audience,
        {{ parse_integer('ces_scale_min') }} as ces_scale_min,
        {{ parse_integer('ces_scale_max') }} as ces_scale_max,
        {{ parse_integer('csat_scale_max') }} as csat_scale_max,
        {{ invalid_integer_reason('ces_scale_min', 0, 999999999) }} as ces_scale_min__invalid_reason,
        {{ invalid_integer_reason('ces_scale_max', 0, 999999999) }} as ces_scale_max__invalid_reason,
        {{ invalid_integer_reason('csat_scale_max', 0, 999999999) }} as csat_scale_max__invalid_reason,
        {{ parse_timestamp_utc('_loaded_at') }} as _loaded_at,
        {{ invalid_timestamp_reason('_loaded_at') }} as _loaded_at__invalid_reason,
        raw_record,
        cast(null as {{ dbt.type_string() }}) as source_rejection_reason
    from trimmed
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
