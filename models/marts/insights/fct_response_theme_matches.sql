-- Open-text reasons classified into themes by the response_themes seed: one row per answer and theme it
-- mentions (several per answer allowed), `unclassified` when it mentions none. Patterns match on word
-- boundaries (words_for_matching); a trailing `*` makes the last word a prefix.
-- Incremental: replaces every response with a copy re-judged since the last run, as fct_survey_responses does
-- (a changed response_themes seed needs --full-refresh).
{{ config(**incremental_config(unique_key='response_id')) }}

{% call replaced_groups() %}
    {{ keys_rebuilt_since_last_run(ref('int_survey_responses__validated'), 'response_id') }}
{% endcall %}

with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where
        audience = 'customer'
        and reason_text is not null
        and {{ in_replaced_groups() }}
),

themes as (
    select
        -- The seed's declared type may differ from text functions' (varchar and text on PostgreSQL).
        cast(theme as {{ dbt.type_string() }}) as theme,
        cast(keyword_pattern as {{ dbt.type_string() }}) as keyword_pattern
    from {{ ref('response_themes') }}
),

-- Normalised once per answer, not once per (answer, keyword) pair of the join below.
responses_normalised as {{ materialized_cte() }} (
    select
        response_id,
        {{ words_for_matching('reason_text') }} as reason_words
    from responses
),

-- ' on hold ' for a phrase, ' deliver' for the prefix pattern 'deliver*' (no space after: any word ending).
themes_normalised as {{ materialized_cte() }} (
    select
        theme,
        keyword_pattern,
        case
            when keyword_pattern like '%*'
                then rtrim({{ words_for_matching(dbt.replace('keyword_pattern', "'*'", "''")) }})
            else {{ words_for_matching('keyword_pattern') }}
        end as keyword_words
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
            responses_normalised.reason_words
            like {{ dbt.concat(["'%'", 'themes_normalised.keyword_words', "'%'"]) }}
),

theme_matches as (
    select
        response_id,
        theme,
        {{ sorted_text_list('keyword_pattern', "', '") }} as matched_keywords
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

matched_responses as (
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
),

final as (
    select
        *,
        {{ batch_at() }} as _batch_at
    from matched_responses
)

select * from final
