-- What customers talk about, per theme and period: answers mentioning the theme, the share of detractors among
-- them against the baseline share of detractors among every answer with a reason (the lift, and whether it is
-- significant), how often detractors and promoters mention it, and the theme's NPS.
-- Incremental: replaces every (grain, period) that holds a response whose theme matches were recomputed since the
-- last run, or a response re-judged since then (at its old submitted_at too: a re-submission can move an answer,
-- or leave it without a reason), and every period the as-of date completed.
{{ config(**incremental_config(unique_key=['period_grain', 'period_start'])) }}

{% call replaced_groups() %}
    {{ periods_rebuilt_since_last_run(ref('fct_response_theme_matches'), 'submitted_at') }}
    union
    {{ periods_rebuilt_since_last_run(ref('int_survey_responses__validated'), 'submitted_at') }}
    union
    {{ periods_whose_completeness_changed() }}
{% endcall %}

with

theme_matches as (
    select * from {{ ref('fct_response_theme_matches') }}
    where {{ not_before_replaced_groups('submitted_at', 'period_start') }}
),

period_grains as (
    {{ select_period_grains() }}
),

as_of as (
    {{ select_as_of_date() }}
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

replaced_matches_by_period as (
    select * from matches_by_period
    where {{ in_replaced_groups() }}
),

-- Every answer with a reason once (an answer matching two themes has two rows above): the baseline.
answers_with_reason as (
    select distinct
        period_grain,
        period_start,
        response_id,
        nps_category
    from replaced_matches_by_period
),

baseline as (
    select
        period_grain,
        period_start,
        count(*) as answers_with_reason,
        {{ nps_counts('nps_category') }}
    from answers_with_reason
    group by 1, 2
),

counted as (
    select
        period_grain,
        period_start,
        theme,
        count(*) as answers,
        {{ nps_counts('nps_category') }}
    from replaced_matches_by_period
    group by 1, 2, 3
),

measured as (
    select
        counted.period_grain,
        counted.period_start,
        counted.theme,
        counted.answers,
        baseline.answers_with_reason,
        {{ share('counted.answers', 'baseline.answers_with_reason') }} as answer_share,
        counted.nps_responses,
        counted.promoters,
        counted.passives,
        counted.detractors,
        {{ share('counted.detractors', 'counted.nps_responses') }} as detractor_share,
        {{ wilson_bound_95('counted.detractors', 'counted.nps_responses', 'lower') }} / 100.0
            as detractor_share_lower_95,
        {{ wilson_bound_95('counted.detractors', 'counted.nps_responses', 'upper') }} / 100.0
            as detractor_share_upper_95,
        {{ share('baseline.detractors', 'baseline.nps_responses') }} as baseline_detractor_share,
        {{ share('counted.detractors', 'baseline.detractors') }} as detractor_mention_share,
        {{ share('counted.promoters', 'baseline.promoters') }} as promoter_mention_share,
        {{ nps('counted.promoters', 'counted.detractors', 'counted.nps_responses') }} as nps
    from counted
    inner join baseline
        on
            counted.period_grain = baseline.period_grain
            and counted.period_start = baseline.period_start
),

final as (
    select
        measured.period_grain,
        measured.period_start,
        measured.theme,
        measured.answers,
        measured.answers_with_reason,
        measured.answer_share,
        measured.nps_responses,
        measured.promoters,
        measured.passives,
        measured.detractors,
        measured.detractor_share,
        measured.detractor_share_lower_95,
        measured.detractor_share_upper_95,
        measured.baseline_detractor_share,
        {{ share('measured.detractor_share', 'measured.baseline_detractor_share') }} as detractor_lift,
        -- The baseline is measured on every answer with a reason, the theme's share on a part of them: the lift
        -- is significant when the baseline lies outside the theme's own 95% interval.
        case
            when
                not {{ is_low_sample('measured.nps_responses') }}
                and measured.baseline_detractor_share is not null
                then
                    measured.baseline_detractor_share < measured.detractor_share_lower_95
                    or measured.baseline_detractor_share > measured.detractor_share_upper_95
        end as is_lift_significant,
        measured.detractor_mention_share,
        measured.promoter_mention_share,
        measured.nps,
        {{ is_low_sample('measured.nps_responses') }} as is_low_sample,
        {{ is_complete_period('measured.period_grain', 'measured.period_start', 'as_of.as_of_date') }}
            as is_complete_period,
        {{ batch_at() }} as _batch_at
    from measured
    cross join as_of
)

select * from final
