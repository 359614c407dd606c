-- The closed-loop call list, as fct_detractor_follow_up publishes it: longest waiting first.
select
    response_id,
    customer_id,
    ticket_id,
    agent_id,
    program,
    touchpoint,
    nps_score,
    reason_text,
    days_since_answer,
    submitted_date,
    as_of_date,
    cast(as_of_date as varchar) as as_of_label
from marts.fct_detractor_follow_up
order by days_since_answer desc, submitted_date, response_id
