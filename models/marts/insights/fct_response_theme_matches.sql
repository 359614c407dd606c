-- Open-text reasons classified into themes by the response_themes seed: one row per answer and theme it
-- mentions (several per answer allowed), `unclassified` when it mentions none.
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        audience = 'customer'
        and reason_text is not null
),

themes as (
    select * from {{ ref('response_themes') }}
),

responses_normalised as (
    select
        response_id,
        {{ text_for_matching('reason_text') }} as reason_text_for_matching
    from responses
),

themes_normalised as (
    select
        theme,
        keyword_pattern,
        {{ text_for_matching('keyword_pattern') }} as keyword_pattern_for_matching
    from themes
),

keyword_matches as (
    select
        responses_normalised.response_id,
        themes_normalised.theme,
        themes_normalised.keyword_pattern
    from responses_normalised
    inner join themes_normalised
        on
            responses_normalised.reason_text_for_matching
            like {{ dbt.concat(["'%'", 'themes_normalised.keyword_pattern_for_matching', "'%'"]) }}
),

theme_matches as (
    select
        response_id,
        theme,
        {{ dbt.listagg('keyword_pattern', "', '", 'order by keyword_pattern') }} as matched_keywords
    from keyword_matches
    group by 1, 2
),

unclassified as (
    select
        responses.response_id,
        'unclassified' as theme,
        cast(null as {{ dbt.type_string() }}) as matched_keywords
    from responses
    where not exists (
        select 1 from keyword_matches
        where keyword_matches.response_id = responses.response_id
    )
),

all_matches as (
    select * from theme_matches
    union all
    select * from unclassified
),

final as (
    select
        all_matches.response_id,
        all_matches.theme,
        responses.program,
        responses.touchpoint,
        responses.nps_category,
        all_matches.matched_keywords,
        responses.reason_text,
        responses.nps_score,
        responses.submitted_date,
        responses.submitted_at
    from all_matches
    inner join responses
        on all_matches.response_id = responses.response_id
)

select * from final
