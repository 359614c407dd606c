-- What customers write about, per quarter: how often each theme comes up in the reasons and the NPS and
-- detractor share of the answers that mention it. Frequent themes with a low NPS cost the most.
with

themes as (
    select * from {{ ref('fct_response_themes') }}
    where period_grain = 'quarter'
),

final as (
    select
        period_start as quarter_start,
        theme,
        answers,
        answers_with_reason,
        answer_share,
        nps_responses,
        detractor_share,
        nps
    from themes
)

select * from final
order by 1 desc, 3 desc, 2 asc
