{{ config(severity='warn', tags=['plausibility']) }}
-- Plausibility (a warning, not an error): answers dated before the customer signed up. Lists the rows.
select
    responses.response_id,
    responses.customer_id,
    responses.submitted_at,
    customers.signup_date
from {{ ref('fct_survey_responses') }} as responses
inner join {{ ref('dim_customers') }} as customers
    on responses.customer_id = customers.customer_id
where responses.submitted_date < customers.signup_date
