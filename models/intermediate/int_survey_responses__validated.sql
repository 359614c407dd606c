-- Every response row of every source with its rejection reason (null = kept), its survey's attributes and scales,
-- scores validated against that scale (invalid = not answered) and orphan references nulled.
-- Incremental: a run re-judges the rows of the response ids that new raw rows touch, plus rows whose verdict
-- depends on another table that may have changed since (unknown survey or reference; survey attributes).
{{
    config(**incremental_config(
        unique_key=['source_table', 'source_row_number'],
    ))
}}

with

kept_surveys as (
    select * from {{ ref('int_surveys__validated') }}
    where rejection_reason is null
),

kept_invitations as (
    select invitation_id from {{ ref('int_survey_invitations__validated') }}
    where rejection_reason is null
),

kept_customers as (
    select customer_id from {{ ref('int_customers__validated') }}
    where rejection_reason is null
),

kept_tickets as (
    select ticket_id from {{ ref('int_tickets__validated') }}
    where rejection_reason is null
),

-- Incremental: besides the copies of the keys new rows touch, the rows whose verdict depends on another table
-- that changed since: an unknown survey now known, changed survey attributes, and an unknown invitation, customer or
-- ticket when that table was re-judged.
responses as (
    {% call rejudged_raw_rows(ref('int_survey_responses__unioned'), 'response_id') %}
        select
            judged.response_id,
            judged.source_table,
            judged.source_row_number
        from {{ this }} as judged
        left join kept_surveys
            on judged.survey_id = kept_surveys.survey_id
        where
            (judged.rejection_reason = 'unknown_survey' and kept_surveys.survey_id is not null)
            or judged.program is distinct from kept_surveys.program
            or judged.touchpoint is distinct from kept_surveys.touchpoint
            or judged.audience is distinct from kept_surveys.audience
            or judged.ces_scale_min is distinct from kept_surveys.ces_scale_min
            or judged.ces_scale_max is distinct from kept_surveys.ces_scale_max
            or judged.csat_scale_max is distinct from kept_surveys.csat_scale_max
            or (
                judged.invitation_id__invalid_reason is not null
                and exists (
                    select 1 from {{ ref('int_survey_invitations__validated') }}
                    where {{ rebuilt_since_last_run() }}
                )
            )
            or (
                judged.customer_id__invalid_reason is not null
                and exists (
                    select 1 from {{ ref('int_customers__validated') }}
                    where {{ rebuilt_since_last_run() }}
                )
            )
            or (
                judged.ticket_id__invalid_reason is not null
                and exists (
                    select 1 from {{ ref('int_tickets__validated') }}
                    where {{ rebuilt_since_last_run() }}
                )
            )
    {% endcall %}
),

responses_joined_to_surveys as (
    select
        responses.*,
        kept_surveys.survey_id as known_survey_id,
        kept_surveys.program,
        kept_surveys.touchpoint,
        kept_surveys.audience,
        kept_surveys.ces_scale_min,
        kept_surveys.ces_scale_max,
        kept_surveys.csat_scale_max,
        -- A connector's surveys are those of survey_map: a survey outside it is unmapped, not unknown.
        {{ rejection_reason(
            'responses.response_id',
            checks=[
                ['invalid_timestamp', 'responses.submitted_at is null'],
                ['future_timestamp', is_after_its_load('responses.submitted_at', 'responses._loaded_at')],
                ['unmapped_survey', "kept_surveys.survey_id is null and responses.source_system <> 'cx'"],
                ['unknown_survey', 'kept_surveys.survey_id is null'],
            ],
            row_order_column='responses.source_row_number',
            raw_record_column='responses.raw_record',
            repeated_header_column='responses.is_repeated_header',
            source_reason_column='responses.source_rejection_reason',
            latest_by=['responses._loaded_at', 'responses.submitted_at']
        ) }} as rejection_reason
    from responses
    left join kept_surveys
        on responses.survey_id = kept_surveys.survey_id
),

scores_validated as (
    select
        *,
        {{ valid_integer('nps_score_text', 0, 10) }} as nps_score,
        {{ invalid_integer_reason('nps_score_text', 0, 10) }} as nps_score__invalid_reason,
        {{ valid_integer('ces_score_text', 'ces_scale_min', 'ces_scale_max') }} as ces_score,
        {{ invalid_integer_reason('ces_score_text', 'ces_scale_min', 'ces_scale_max') }} as ces_score__invalid_reason,
        -- A survey without a usable CSAT scale (max below 2) has no valid CSAT answer.
        case
            when csat_scale_max is not null then {{ valid_integer('csat_score_text', 1, 'csat_scale_max') }}
        end as csat_score,
        case
            when csat_score_text is not null and csat_scale_max is null and known_survey_id is not null
                then 'invalid_scale'
            else {{ invalid_integer_reason('csat_score_text', 1, 'csat_scale_max') }}
        end as csat_score__invalid_reason
    from responses_joined_to_surveys
),

references_checked as (
    select
        scores_validated.*,
        {{ known_reference('scores_validated.invitation_id', 'kept_invitations.invitation_id') }}
            as known_invitation_id,
        {{ unknown_reference_reason('scores_validated.invitation_id', 'kept_invitations.invitation_id') }}
            as invitation_id__invalid_reason,
        {{ known_reference('scores_validated.customer_id', 'kept_customers.customer_id') }} as known_customer_id,
        {{ unknown_reference_reason('scores_validated.customer_id', 'kept_customers.customer_id') }}
            as customer_id__invalid_reason,
        {{ known_reference('scores_validated.ticket_id', 'kept_tickets.ticket_id') }} as known_ticket_id,
        {{ unknown_reference_reason('scores_validated.ticket_id', 'kept_tickets.ticket_id') }}
            as ticket_id__invalid_reason
    from scores_validated
    left join kept_invitations
        on scores_validated.invitation_id = kept_invitations.invitation_id
    left join kept_customers
        on scores_validated.customer_id = kept_customers.customer_id
    left join kept_tickets
        on scores_validated.ticket_id = kept_tickets.ticket_id
),

final as (
    select
        source_system,
        source_table,
        source_row_number,
        response_id,
        survey_id,
        known_invitation_id as invitation_id,
        invitation_id__invalid_reason,
        known_customer_id as customer_id,
        customer_id__invalid_reason,
        employee_id,
        known_ticket_id as ticket_id,
        ticket_id__invalid_reason,
        program,
        touchpoint,
        audience,
        channel,
        channel__invalid_reason,
        reason_text,
        improvement_text,
        nps_score,
        nps_score__invalid_reason,
        ces_score,
        ces_score__invalid_reason,
        ces_scale_min,
        ces_scale_max,
        csat_score,
        csat_score__invalid_reason,
        csat_scale_max,
        is_follow_up_ok,
        follow_up_ok__invalid_reason,
        submitted_at,
        _loaded_at,
        _loaded_at__invalid_reason,
        rejection_reason,
        -- The raw record is kept only where the audit shows it.
        {{ audited_raw_record('survey_responses') }} as raw_record
    from references_checked
)

{{ select_with_batch_at('final') }}
