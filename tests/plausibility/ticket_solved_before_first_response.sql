{{ config(severity='warn', tags=['plausibility']) }}
-- Plausibility (a warning, not an error): tickets solved before their first response. Lists the rows.
select
    ticket_id,
    first_response_at,
    solved_at
from {{ ref('fct_tickets') }}
where solved_at < first_response_at
