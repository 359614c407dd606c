-- The floor: fct_cx_scores in one hand-written DuckDB statement, straight from the raw survey_responses and
-- surveys files, with the project's cleaning rules (trimming, snake case, strict integers and ISO timestamps,
-- survey scale defaults, rejection of missing ids, invalid timestamps, unknown surveys and duplicates: the latest
-- _loaded_at, then submitted_at, then raw record, then file position wins). No audit trail, no other table.
-- __RESPONSES__ and __SURVEYS__ are replaced by the project's raw reads (cx_tools.load_raw.duckdb_text_select),
-- __GRAINS__ by the list of period grains. cx_tools/bench.py runs it and tests/python/test_bench.py checks it equals
-- the mart.
with

surveys_raw as (
    select
        row_number() over () as source_row_number,
        cast(json_object(
            'survey_id', survey_id, 'survey_name', survey_name, 'program', program, 'touchpoint', touchpoint,
            'audience', audience, 'ces_scale_min', ces_scale_min, 'ces_scale_max', ces_scale_max,
            'csat_scale_max', csat_scale_max, '_loaded_at', _loaded_at
        ) as varchar) as raw_record,
        nullif(trim(survey_id, ' ' || chr(9) || chr(10) || chr(13)), '') as survey_id,
        coalesce(nullif(trim(regexp_replace(lower(nullif(trim(program, ' ' || chr(9) || chr(10) || chr(13)), '')),
            '[^a-z0-9]+', '_', 'g'), '_'), ''), 'unknown') as program,
        coalesce(nullif(trim(regexp_replace(lower(nullif(trim(touchpoint, ' ' || chr(9) || chr(10) || chr(13)), '')),
            '[^a-z0-9]+', '_', 'g'), '_'), ''), 'unknown') as touchpoint,
        coalesce(nullif(trim(regexp_replace(lower(nullif(trim(audience, ' ' || chr(9) || chr(10) || chr(13)), '')),
            '[^a-z0-9]+', '_', 'g'), '_'), ''), 'customer') as audience,
        nullif(trim(ces_scale_min, ' ' || chr(9) || chr(10) || chr(13)), '') as ces_min_text,
        nullif(trim(ces_scale_max, ' ' || chr(9) || chr(10) || chr(13)), '') as ces_max_text,
        nullif(trim(csat_scale_max, ' ' || chr(9) || chr(10) || chr(13)), '') as csat_max_text,
        nullif(trim(_loaded_at, ' ' || chr(9) || chr(10) || chr(13)), '') as loaded_text
    from __SURVEYS__
),

surveys_parsed as (
    select
        *,
        case when regexp_full_match(ces_min_text, '[0-9]+(\.0+)?')
            and try_cast(split_part(ces_min_text, '.', 1) as decimal(38, 0)) <= 999999999
            then cast(try_cast(split_part(ces_min_text, '.', 1) as decimal(38, 0)) as integer)
        end as ces_min_given,
        case when regexp_full_match(ces_max_text, '[0-9]+(\.0+)?')
            and try_cast(split_part(ces_max_text, '.', 1) as decimal(38, 0)) <= 999999999
            then cast(try_cast(split_part(ces_max_text, '.', 1) as decimal(38, 0)) as integer)
        end as ces_max_given,
        case when regexp_full_match(csat_max_text, '[0-9]+(\.0+)?')
            and try_cast(split_part(csat_max_text, '.', 1) as decimal(38, 0)) <= 999999999
            then cast(try_cast(split_part(csat_max_text, '.', 1) as decimal(38, 0)) as integer)
        end as csat_max_given,
        case when regexp_full_match(loaded_text, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?')
            then case when right(loaded_text, 1) = 'Z' or left(right(loaded_text, 6), 1) in ('+', '-')
                then cast(timezone('UTC', try_cast(regexp_replace(loaded_text, '(\.[0-9]{6})[0-9]+', '\1') as timestamptz)) as timestamp)
                else try_cast(left(loaded_text, 26) as timestamp) end
        end as loaded_at
    from surveys_raw
),

kept_surveys as (
    select
        survey_id,
        program,
        touchpoint,
        audience,
        case when coalesce(ces_min_given, 1) < coalesce(ces_max_given, 7) then coalesce(ces_min_given, 1) else 1 end
            as ces_scale_min,
        case when coalesce(ces_min_given, 1) < coalesce(ces_max_given, 7) then coalesce(ces_max_given, 7) else 7 end
            as ces_scale_max,
        case when coalesce(csat_max_given, 5) >= 2 then coalesce(csat_max_given, 5) end as csat_scale_max
    from surveys_parsed
    where survey_id is not null
    qualify row_number() over (
        partition by survey_id order by loaded_at desc nulls last, raw_record desc, source_row_number desc
    ) = 1
),

responses_raw as (
    select
        row_number() over () as source_row_number,
        cast(json_object(
            'response_id', response_id, 'survey_id', survey_id, 'invitation_id', invitation_id,
            'customer_id', customer_id, 'employee_id', employee_id, 'ticket_id', ticket_id, 'channel', channel,
            'submitted_at', submitted_at, 'nps_score', nps_score, 'ces_score', ces_score, 'csat_score', csat_score,
            'reason_text', reason_text, 'improvement_text', improvement_text, 'follow_up_ok', follow_up_ok,
            '_loaded_at', _loaded_at
        ) as varchar) as raw_record,
        nullif(trim(response_id, ' ' || chr(9) || chr(10) || chr(13)), '') as response_id,
        nullif(trim(survey_id, ' ' || chr(9) || chr(10) || chr(13)), '') as survey_id,
        nullif(trim(submitted_at, ' ' || chr(9) || chr(10) || chr(13)), '') as submitted_text,
        nullif(trim(_loaded_at, ' ' || chr(9) || chr(10) || chr(13)), '') as loaded_text,
        nullif(trim(nps_score, ' ' || chr(9) || chr(10) || chr(13)), '') as nps_text,
        nullif(trim(ces_score, ' ' || chr(9) || chr(10) || chr(13)), '') as ces_text,
        nullif(trim(csat_score, ' ' || chr(9) || chr(10) || chr(13)), '') as csat_text
    from __RESPONSES__
),

responses_parsed as (
    select
        responses_raw.*,
        case when regexp_full_match(submitted_text, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?')
            then case when right(submitted_text, 1) = 'Z' or left(right(submitted_text, 6), 1) in ('+', '-')
                then cast(timezone('UTC', try_cast(regexp_replace(submitted_text, '(\.[0-9]{6})[0-9]+', '\1') as timestamptz)) as timestamp)
                else try_cast(left(submitted_text, 26) as timestamp) end
        end as submitted_at,
        case when regexp_full_match(loaded_text, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?')
            then case when right(loaded_text, 1) = 'Z' or left(right(loaded_text, 6), 1) in ('+', '-')
                then cast(timezone('UTC', try_cast(regexp_replace(loaded_text, '(\.[0-9]{6})[0-9]+', '\1') as timestamptz)) as timestamp)
                else try_cast(left(loaded_text, 26) as timestamp) end
        end as loaded_at,
        kept_surveys.survey_id as known_survey_id,
        kept_surveys.program,
        kept_surveys.touchpoint,
        kept_surveys.audience,
        kept_surveys.ces_scale_min,
        kept_surveys.ces_scale_max,
        kept_surveys.csat_scale_max
    from responses_raw
    left join kept_surveys
        on responses_raw.survey_id = kept_surveys.survey_id
),

kept_responses as (
    select
        *,
        case when regexp_full_match(nps_text, '[0-9]+(\.0+)?')
            and try_cast(split_part(nps_text, '.', 1) as decimal(38, 0)) <= 999999999
            then cast(try_cast(split_part(nps_text, '.', 1) as decimal(38, 0)) as integer)
        end as nps_value,
        case when regexp_full_match(ces_text, '[0-9]+(\.0+)?')
            and try_cast(split_part(ces_text, '.', 1) as decimal(38, 0)) <= 999999999
            then cast(try_cast(split_part(ces_text, '.', 1) as decimal(38, 0)) as integer)
        end as ces_value,
        case when regexp_full_match(csat_text, '[0-9]+(\.0+)?')
            and try_cast(split_part(csat_text, '.', 1) as decimal(38, 0)) <= 999999999
            then cast(try_cast(split_part(csat_text, '.', 1) as decimal(38, 0)) as integer)
        end as csat_value
    from responses_parsed
    where response_id is not null and submitted_at is not null and known_survey_id is not null
    qualify row_number() over (
        partition by response_id
        order by loaded_at desc nulls last, submitted_at desc nulls last, raw_record desc, source_row_number desc
    ) = 1
),

customer_responses as (
    select
        submitted_at,
        program,
        touchpoint,
        case
            when nps_value between 9 and 10 then 'promoter'
            when nps_value between 7 and 8 then 'passive'
            when nps_value between 0 and 6 then 'detractor'
        end as nps_category,
        case when ces_value between ces_scale_min and ces_scale_max
            then cast(1.0 + (ces_value - ces_scale_min) * 6.0 / (ces_scale_max - ces_scale_min) as double)
        end as ces_score_normalised,
        case
            when csat_value between 1 and csat_scale_max
                then case when csat_scale_max >= 4 then csat_value >= csat_scale_max - 1 else csat_value = csat_scale_max end
        end as is_csat_satisfied
    from kept_responses
    where audience = 'customer'
),

counted as (
    select
        grains.period_grain,
        cast(date_trunc(grains.period_grain, customer_responses.submitted_at) as date) as period_start,
        customer_responses.program,
        customer_responses.touchpoint,
        count(*) as responses,
        count(nps_category) as nps_responses,
        count(case when nps_category = 'promoter' then 1 end) as promoters,
        count(case when nps_category = 'passive' then 1 end) as passives,
        count(case when nps_category = 'detractor' then 1 end) as detractors,
        count(ces_score_normalised) as ces_responses,
        cast(sum(cast(ces_score_normalised as decimal(38, 12))) as double) as ces_normalised_sum,
        count(is_csat_satisfied) as csat_responses,
        count(case when is_csat_satisfied then 1 end) as csat_satisfied
    from customer_responses
    cross join (select unnest(__GRAINS__) as period_grain) as grains
    group by 1, 2, 3, 4
)

select
    period_grain,
    period_start,
    program,
    touchpoint,
    responses,
    nps_responses,
    promoters,
    passives,
    detractors,
    case when nps_responses > 0 then cast(100.0 * (promoters - detractors) / nps_responses as double) end as nps,
    case when nps_responses > 0 then cast(1.96 * 100.0 * sqrt(
        ((1.0 * promoters / nps_responses) + (1.0 * detractors / nps_responses)
        - ((1.0 * promoters / nps_responses) - (1.0 * detractors / nps_responses))
        * ((1.0 * promoters / nps_responses) - (1.0 * detractors / nps_responses))) / nps_responses) as double)
    end as nps_moe_95,
    ces_responses,
    case when ces_responses > 0 then cast(1.0 * ces_normalised_sum / ces_responses as double) end as ces_avg,
    csat_responses,
    csat_satisfied,
    case when csat_responses > 0 then cast(100.0 * csat_satisfied / csat_responses as double) end as csat_pct
from counted
