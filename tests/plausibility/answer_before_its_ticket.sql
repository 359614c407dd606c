{{ config(severity='warn', tags=['plausibility']) }}
-- Plausibility (a warning, not an error): answers about a ticket submitted before the ticket was created. Lists
-- the rows.
select
    responses.response_id,
    responses.ticket_id,
    responses.submitted_at,
    tickets.created_at
from {{ ref('fct_survey_responses') }} as responses
inner join {{ ref('fct_tickets') }} as tickets
    on responses.ticket_id = tickets.ticket_id
where responses.submitted_at < tickets.created_at
