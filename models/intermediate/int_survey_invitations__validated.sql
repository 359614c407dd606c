-- Every raw invitation row with its rejection reason (null = kept); orphan customer keys are nulled.
-- Incremental: a run re-judges the rows of the invitation ids that new raw rows touch, and rows with an
-- unknown survey or customer that may have arrived since.
{{
    config(**incremental_config(
        unique_key=['source_table', 'source_row_number'],
    ))
}}

with

kept_surveys as (
    select survey_id from {{ ref('int_surveys__validated') }}
    where rejection_reason is null
),

kept_customers as (
    select customer_id from {{ ref('int_customers__validated') }}
    where rejection_reason is null
),

-- Incremental: besides the copies of the keys new rows touch, the rows whose verdict depends on another table
-- that changed since: an unknown survey now known, an unknown customer when customers were re-judged.
invitations as (
    {% call rejudged_raw_rows(ref('int_survey_invitations__unioned'), 'invitation_id') %}
        select
            judged.invitation_id,
            judged.source_table,
            judged.source_row_number
        from {{ this }} as judged
        left join kept_surveys
            on judged.survey_id = kept_surveys.survey_id
        where
            (judged.rejection_reason = 'unknown_survey' and kept_surveys.survey_id is not null)
            or (
                judged.customer_id__invalid_reason is not null
                and exists (
                    select 1 from {{ ref('int_customers__validated') }}
                    where {{ rebuilt_since_last_run() }}
                )
            )
    {% endcall %}
),

invitations_ranked as (
    select
        invitations.*,
        -- A connector's surveys are those of survey_map: a survey outside it is unmapped, not unknown.
        {{ rejection_reason(
            'invitations.invitation_id',
            checks=[
                ['invalid_timestamp', 'invitations.sent_at is null'],
                ['future_timestamp', is_after_its_load('invitations.sent_at', 'invitations._loaded_at')],
                ['unmapped_survey', "kept_surveys.survey_id is null and invitations.source_system <> 'cx'"],
                ['unknown_survey', 'kept_surveys.survey_id is null'],
            ],
            row_order_column='invitations.source_row_number',
            raw_record_column='invitations.raw_record',
            repeated_header_column='invitations.is_repeated_header',
            source_reason_column='invitations.source_rejection_reason',
            latest_by=['invitations._loaded_at', 'invitations.sent_at']
        ) }} as rejection_reason
    from invitations
    left join kept_surveys
        on invitations.survey_id = kept_surveys.survey_id
),

references_checked as (
    select
        invitations_ranked.*,
        {{ known_reference('invitations_ranked.customer_id', 'kept_customers.customer_id') }} as known_customer_id,
        {{ unknown_reference_reason('invitations_ranked.customer_id', 'kept_customers.customer_id') }}
            as customer_id__invalid_reason
    from invitations_ranked
    left join kept_customers
        on invitations_ranked.customer_id = kept_customers.customer_id
),

final as (
    select
        source_system,
        source_table,
        source_row_number,
        invitation_id,
        survey_id,
        known_customer_id as customer_id,
        customer_id__invalid_reason,
        channel,
        channel__invalid_reason,
        sent_at,
        _loaded_at,
        _loaded_at__invalid_reason,
        rejection_reason,
        -- The raw record is kept only where the audit shows it.
        {{ audited_raw_record('survey_invitations') }} as raw_record
    from references_checked
)

{{ select_with_batch_at('final') }}
