-- Qualtrics responses in the contract's staged shape, one row per survey_response row. The scores are the
-- answers (question_response) to the questions survey_map names, outside matrices and loops; the customer,
-- ticket and employee come from embedded data; the invitation is the distribution contact that led to the
-- response. Of several copies of one response id the latest synced decides (the others are duplicates), then
-- only live responses count: status 0 (normal), 4 (imported) and 16 (offline), finished unless
-- qualtrics_include_unfinished. A survey outside survey_map is judged in int_survey_responses__validated
-- (unmapped_survey).
with

responses as (
    select
        *,
        {{ latest_copy_rank('response_id', parse_timestamp_utc('_fivetran_synced')) }} as copy_rank
    from {{ ref('base_qualtrics__survey_response') }}
),

surveys as (
    select * from {{ ref('stg_qualtrics__surveys') }}
),

answers_ranked as (
    select
        *,
        {{ latest_copy_rank('response_id, question_id', '_fivetran_synced') }} as copy_rank
    from {{ ref('base_qualtrics__question_response') }}
    where sub_question_key is null and loop_id is null
),

answers as (
    select * from answers_ranked
    where copy_rank = 1
),

response_surveys as (
    select distinct
        response_id,
        survey_id
    from responses
),

scores as (
    select
        answers.response_id,
        max(case when answers.question_id = surveys.nps_question_id then answers.answer_value end) as nps_score,
        max(case when answers.question_id = surveys.ces_question_id then answers.answer_value end) as ces_score,
        max(case when answers.question_id = surveys.csat_question_id then answers.answer_value end) as csat_score,
        max(
            case
                when answers.question_id = surveys.reason_question_id
                    then coalesce(answers.answer_text, answers.answer_value)
            end
        ) as reason_text,
        max(
            case
                when answers.question_id = surveys.improvement_question_id
                    then coalesce(answers.answer_text, answers.answer_value)
            end
        ) as improvement_text,
        max(case when answers.question_id = surveys.follow_up_question_id then answers.answer_value end) as follow_up_ok
    from answers
    inner join response_surveys
        on answers.response_id = response_surveys.response_id
    inner join surveys
        on response_surveys.survey_id = surveys.qualtrics_survey_id
    group by 1
),

embedded_ranked as (
    select
        *,
        {{ latest_copy_rank('response_id, field_key', '_fivetran_synced') }} as copy_rank
    from {{ ref('base_qualtrics__survey_embedded_data') }}
),

embedded_keys as (
    select
        response_id,
        max(case when field_key = '{{ var("qualtrics_customer_id_key") }}' then field_value end) as customer_id,
        max(case when field_key = '{{ var("qualtrics_ticket_id_key") }}' then field_value end) as ticket_id,
        max(case when field_key = '{{ var("qualtrics_employee_id_key") }}' then field_value end) as employee_id
    from embedded_ranked
    where copy_rank = 1
    group by 1
),

invitations as (
    select
        response_id,
        min(distribution_id || ':' || contact_id) as invitation_id
    from {{ ref('base_qualtrics__distribution_contact') }}
    where response_id is not null and distribution_id is not null and contact_id is not null
    group by 1
),

final as (
    select
        'qualtrics' as source_system,
        'qualtrics.survey_response' as source_table,
        responses.source_row_number,
        false as is_repeated_header,
        case
            when responses.copy_rank > 1 then 'duplicate'
            when responses.status is null or responses.status not in (0, 4, 16) then 'not_a_live_response'
            when not responses.is_finished and not {{ var('qualtrics_include_unfinished') }} then 'unfinished'
        end as source_rejection_reason,
        -- The record as the contract would hold it, assembled from the connector's tables (the audit reads
        -- nulled values back from it), with the connector's status and finished flag.
        {{ json_object_text(
            ['response_id', 'survey_id', 'status', 'finished', 'invitation_id', 'customer_id', 'employee_id',
             'ticket_id', 'channel', 'submitted_at', 'nps_score', 'ces_score', 'csat_score', 'reason_text',
             'improvement_text', 'follow_up_ok', '_loaded_at'],
            {'response_id': 'responses.response_id', 'survey_id': 'responses.survey_id',
             'status': 'responses.status_text', 'finished': 'responses.finished_text',
             'invitation_id': 'invitations.invitation_id', 'customer_id': 'embedded_keys.customer_id',
             'employee_id': 'embedded_keys.employee_id', 'ticket_id': 'embedded_keys.ticket_id',
             'channel': 'responses.distribution_channel', 'submitted_at': 'responses.recorded_date',
             'nps_score': 'scores.nps_score', 'ces_score': 'scores.ces_score', 'csat_score': 'scores.csat_score',
             'reason_text': redact_contact_data('scores.reason_text'),
             'improvement_text': redact_contact_data('scores.improvement_text'),
             'follow_up_ok': 'scores.follow_up_ok', '_loaded_at': 'responses._fivetran_synced'}
        ) }} as raw_record,
        {{ parse_timestamp_utc('responses._fivetran_synced') }} as _loaded_at,
        {{ invalid_timestamp_reason('responses._fivetran_synced') }} as _loaded_at__invalid_reason,
        {{ source_key('qualtrics', 'responses.response_id') }} as response_id,
        {{ source_key('qualtrics', 'responses.survey_id') }} as survey_id,
        {{ source_key('qualtrics', 'invitations.invitation_id') }} as invitation_id,
        {{ helpdesk_key(clean_key('embedded_keys.customer_id')) }} as customer_id,
        {{ helpdesk_key(clean_key('embedded_keys.employee_id')) }} as employee_id,
        {{ helpdesk_key(clean_key('embedded_keys.ticket_id')) }} as ticket_id,
        {{ to_snake_case('responses.distribution_channel') }} as channel,
        {{ invalid_category_reason('responses.distribution_channel') }} as channel__invalid_reason,
        {{ parse_timestamp_utc('responses.recorded_date') }} as submitted_at,
        scores.nps_score as nps_score_text,
        scores.ces_score as ces_score_text,
        scores.csat_score as csat_score_text,
        {{ redact_contact_data('scores.reason_text') }} as reason_text,
        {{ redact_contact_data('scores.improvement_text') }} as improvement_text,
        {{ parse_boolean('scores.follow_up_ok') }} as is_follow_up_ok,
        {{ invalid_boolean_reason('scores.follow_up_ok') }} as follow_up_ok__invalid_reason
    from responses
    left join scores
        on responses.response_id = scores.response_id
    left join embedded_keys
        on responses.response_id = embedded_keys.response_id
    left join invitations
        on responses.response_id = invitations.response_id
)

select * from final
