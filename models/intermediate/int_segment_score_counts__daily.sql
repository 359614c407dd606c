-- Partial CX score counts of customer-audience responses per day, programme, touchpoint and segment (one
-- customer or response attribute at a time): what fct_cx_scores_by_segment rolls up into every period grain.
-- Reads the kept rows of the validated models (the same rows as fct_survey_responses and dim_customers), so that
-- intermediate never reads a mart.
-- Incremental: replaces the days holding a response re-judged since the last run and the days of the responses
-- of customers re-judged since then.
{{ config(**incremental_config(unique_key='submitted_date')) }}

{% call replaced_groups() %}
    select cast(rejudged.submitted_at as date) as submitted_date
    from {{ ref('int_survey_responses__validated') }} as rejudged
    where
        {{ rebuilt_since_last_run('rejudged._batch_at') }}
        and rejudged.submitted_at is not null
    union
    select cast(responses.submitted_at as date) as submitted_date
    from {{ ref('int_survey_responses__validated') }} as responses
    inner join {{ ref('int_customers__validated') }} as changed_customers
        on responses.customer_id = changed_customers.customer_id
    where {{ rebuilt_since_last_run('changed_customers._batch_at') }}
{% endcall %}

with

kept_responses as (
    select * from {{ ref('int_survey_responses__validated') }}
    where
        rejection_reason is null
        and audience = 'customer'
),

responses as (
    select
        cast(submitted_at as date) as submitted_date,
        program,
        touchpoint,
        channel,
        customer_id,
        {{ nps_category('nps_score') }} as nps_category,
        {{ ces_normalised('ces_score', 'ces_scale_min', 'ces_scale_max') }} as ces_score_normalised,
        {{ csat_is_satisfied('csat_score', 'csat_scale_max') }} as is_csat_satisfied
    from kept_responses
    where {{ in_replaced_groups('cast(submitted_at as date)') }}
),

customers as (
    select * from {{ ref('int_customers__validated') }}
    where rejection_reason is null
),

segment_names as (
    select 'channel' as segment_name
    union all
    select 'plan' as segment_name
    union all
    select 'country' as segment_name
    union all
    select 'age_band' as segment_name
    union all
    select 'gender' as segment_name
    union all
    select 'income_band' as segment_name
),

responses_by_segment as (
    select
        responses.submitted_date,
        responses.program,
        responses.touchpoint,
        segment_names.segment_name,
        coalesce(
            case segment_names.segment_name
                when 'channel' then responses.channel
                when 'plan' then customers.plan
                when 'country' then customers.country
                when 'age_band' then customers.age_band
                when 'gender' then customers.gender
                when 'income_band' then customers.income_band
            end,
            'unknown'
        ) as segment_value,
        {{ cx_score_answers('responses') }}
    from responses
    left join customers
        on responses.customer_id = customers.customer_id
    cross join segment_names
),

counted as (
    select
        submitted_date,
        program,
        touchpoint,
        segment_name,
        segment_value,
        {{ cx_score_counts(partial=true) }}
    from responses_by_segment
    group by 1, 2, 3, 4, 5
),

final as (
    select
        *,
        {{ batch_at() }} as _batch_at
    from counted
)

select * from final
