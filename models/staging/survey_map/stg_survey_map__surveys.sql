-- The survey_map seed: the connectors' surveys that go into the marts, one row per seed row, numbered in file
-- order for the audit (source_table survey_map). Normalised like the six-file contract's surveys.
{%- set map_columns = ['source_system', 'survey_id', 'program', 'touchpoint', 'audience', 'nps_question_id',
    'ces_question_id', 'csat_question_id', 'reason_question_id', 'improvement_question_id', 'follow_up_question_id',
    'ces_scale_min', 'ces_scale_max', 'csat_scale_max'] %}

with

source as (
    {{ select_numbered_raw_rows(ref('survey_map'), loaded=false) }}
),

final as (
    select
        source_row_number,
        {{ json_object_text(map_columns) }} as raw_record,
        lower({{ clean_text('source_system') }}) as source_system,
        {{ clean_key('survey_id') }} as survey_id,
        coalesce({{ to_snake_case('program') }}, 'unknown') as program,
        {{ invalid_category_reason('program') }} as program__invalid_reason,
        coalesce({{ to_snake_case('touchpoint') }}, 'unknown') as touchpoint,
        {{ invalid_category_reason('touchpoint') }} as touchpoint__invalid_reason,
        {{ normalised_audience(to_snake_case('audience'), clean_text('audience')) }} as audience,
        {{ clean_key('nps_question_id') }} as nps_question_id,
        {{ clean_key('ces_question_id') }} as ces_question_id,
        {{ clean_key('csat_question_id') }} as csat_question_id,
        {{ clean_key('reason_question_id') }} as reason_question_id,
        {{ clean_key('improvement_question_id') }} as improvement_question_id,
        {{ clean_key('follow_up_question_id') }} as follow_up_question_id,
        {{ parse_integer(clean_text('ces_scale_min')) }} as ces_scale_min,
        {{ invalid_integer_reason(clean_text('ces_scale_min'), 0, 999999999) }} as ces_scale_min__invalid_reason,
        {{ parse_integer(clean_text('ces_scale_max')) }} as ces_scale_max,
        {{ invalid_integer_reason(clean_text('ces_scale_max'), 0, 999999999) }} as ces_scale_max__invalid_reason,
        {{ parse_integer(clean_text('csat_scale_max')) }} as csat_scale_max,
        {{ invalid_integer_reason(clean_text('csat_scale_max'), 0, 999999999) }} as csat_scale_max__invalid_reason
    from source
)

select * from final
