-- What customers write about, per quarter: how often each theme comes up in the reasons, and whether detractors
-- raise it more than everyone else (detractor_lift over the baseline detractor share, with its significance).
-- Themes with a high, significant lift and many answers cost the most.
with

themes as (
    select * from {{ ref('fct_response_themes') }}
    where period_grain = 'quarter'
),

final as (
    select
        period_start as quarter_start,
        is_complete_period,
        theme,
        answers,
        answers_with_reason,
        answer_share,
        nps_responses,
        detractor_share,
        baseline_detractor_share,
        detractor_lift,
        is_lift_significant,
        detractor_mention_share,
        promoter_mention_share,
        nps
    from themes
)

select * from final
order by 1 desc, 10 desc nulls last, 4 desc, 3 asc
