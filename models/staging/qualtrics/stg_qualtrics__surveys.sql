-- The Qualtrics surveys of survey_map in the contract's staged shape (one row per map row), with the questions
-- that hold each score. The NPS question is the map's, else the survey's one non-deleted question with selector
-- NPS; a CES or CSAT scale left empty in the map is the min and max recode_value of the question's non-deleted
-- options. Deleted surveys, questions and options are ignored as definitions.
with

mapped_surveys as (
    select * from {{ ref('stg_survey_map__surveys') }}
    where source_system = 'qualtrics'
),

surveys_ranked as (
    select
        *,
        {{ latest_copy_rank('survey_id', '_fivetran_synced') }} as copy_rank
    from {{ ref('base_qualtrics__survey') }}
),

surveys as (
    select * from surveys_ranked
    where copy_rank = 1 and not is_deleted
),

questions_ranked as (
    select
        *,
        {{ latest_copy_rank('survey_id, question_id', '_fivetran_synced') }} as copy_rank
    from {{ ref('base_qualtrics__question') }}
),

nps_questions as (
    select
        survey_id,
        count(*) as nps_questions,
        min(question_id) as nps_question_id
    from questions_ranked
    where copy_rank = 1 and not is_deleted and selector = 'NPS'
    group by 1
),

options_ranked as (
    select
        *,
        {{ latest_copy_rank('survey_id, question_id, option_key', '_fivetran_synced') }} as copy_rank
    from {{ ref('base_qualtrics__question_option') }}
),

option_scales as (
    select
        survey_id,
        question_id,
        min(recode_value) as lowest_recode_value,
        max(recode_value) as highest_recode_value
    from options_ranked
    where copy_rank = 1 and not is_deleted
    group by 1, 2
),

final as (
    select
        'qualtrics' as source_system,
        'survey_map' as source_table,
        mapped_surveys.source_row_number,
        false as is_repeated_header,
        cast(null as {{ dbt.type_string() }}) as source_rejection_reason,
        mapped_surveys.raw_record,
        surveys._fivetran_synced as _loaded_at,
        cast(null as {{ dbt.type_string() }}) as _loaded_at__invalid_reason,
        {{ source_key('qualtrics', 'mapped_surveys.survey_id') }} as survey_id,
        surveys.survey_name,
        mapped_surveys.program,
        mapped_surveys.program__invalid_reason,
        mapped_surveys.touchpoint,
        mapped_surveys.touchpoint__invalid_reason,
        mapped_surveys.audience,
        coalesce(mapped_surveys.ces_scale_min, ces_options.lowest_recode_value) as ces_scale_min,
        mapped_surveys.ces_scale_min__invalid_reason,
        coalesce(mapped_surveys.ces_scale_max, ces_options.highest_recode_value) as ces_scale_max,
        mapped_surveys.ces_scale_max__invalid_reason,
        coalesce(mapped_surveys.csat_scale_max, csat_options.highest_recode_value) as csat_scale_max,
        mapped_surveys.csat_scale_max__invalid_reason,
        -- The questions of each score, for stg_qualtrics__survey_responses.
        mapped_surveys.survey_id as qualtrics_survey_id,
        case
            when mapped_surveys.nps_question_id is not null then mapped_surveys.nps_question_id
            when nps_questions.nps_questions > 1 then {{ fail_with(
                "'Qualtrics survey ' || mapped_surveys.survey_id || ' has ' || cast(nps_questions.nps_questions as "
                ~ dbt.type_string() ~ ") || ' questions with selector NPS and survey_map names none of them:"
                ~ " set its nps_question_id'"
            ) }}
            else nps_questions.nps_question_id
        end as nps_question_id,
        mapped_surveys.ces_question_id,
        mapped_surveys.csat_question_id,
        mapped_surveys.reason_question_id,
        mapped_surveys.improvement_question_id,
        mapped_surveys.follow_up_question_id
    from mapped_surveys
    left join surveys
        on mapped_surveys.survey_id = surveys.survey_id
    left join nps_questions
        on mapped_surveys.survey_id = nps_questions.survey_id
    left join option_scales as ces_options
        on
            mapped_surveys.survey_id = ces_options.survey_id
            and mapped_surveys.ces_question_id = ces_options.question_id
    left join option_scales as csat_options
        on
            mapped_surveys.survey_id = csat_options.survey_id
            and mapped_surveys.csat_question_id = csat_options.question_id
)

select * from final
