-- The closed-loop work list: detractors who agreed to be contacted, oldest first, with what they said and the
-- agent of the ticket they answered about. Compile with `dbt compile --select detractor_follow_up_list`.
with

follow_up as (
    select * from {{ ref('fct_detractor_follow_up') }}
),

final as (
    select
        response_id,
        customer_id,
        ticket_id,
        agent_id,
        program,
        touchpoint,
        reason_text,
        improvement_text,
        nps_score,
        days_since_answer,
        submitted_date
    from follow_up
)

select * from final
order by 10 desc, 9 asc, 1 asc
