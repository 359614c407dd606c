-- What customers talk about, per theme and period: answers mentioning the theme, the share of detractors among
-- them and their NPS (fct_response_theme_matches, rolled up with the NPS macros).
with

theme_matches as (
    select * from {{ ref('fct_response_theme_matches') }}
),

period_grains as (
    {{ select_period_grains() }}
),

matches_by_period as (
    select
        period_grains.period_grain,
        {{ period_start('period_grains.period_grain', 'theme_matches.submitted_at') }} as period_start,
        theme_matches.theme,
        theme_matches.response_id,
        theme_matches.nps_category
    from theme_matches
    cross join period_grains
),

answers_by_period as (
    select
        period_grain,
        period_start,
        count(distinct response_id) as answers_with_reason
    from matches_by_period
    group by 1, 2
),

counted as (
    select
        period_grain,
        period_start,
        theme,
        count(*) as answers,
        {{ nps_counts('nps_category') }}
    from matches_by_period
    group by 1, 2, 3
),

final as (
    select
        counted.period_grain,
        counted.period_start,
        counted.theme,
        counted.answers,
        answers_by_period.answers_with_reason,
        {{ share('counted.answers', 'answers_by_period.answers_with_reason') }} as answer_share,
        counted.nps_responses,
        counted.promoters,
        counted.passives,
        counted.detractors,
        {{ share('counted.detractors', 'counted.nps_responses') }} as detractor_share,
        {{ nps('counted.promoters', 'counted.detractors', 'counted.nps_responses') }} as nps
    from counted
    inner join answers_by_period
        on
            counted.period_grain = answers_by_period.period_grain
            and counted.period_start = answers_by_period.period_start
)

select * from final
