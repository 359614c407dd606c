-- Zendesk's satisfaction records (ticket_field_history, field satisfaction_score, other than unoffered), one
-- row each, with the ticket they are about: an offer is an invitation, good and bad are answers on a 2-point
-- CSAT scale (good 2, bad 1). A ticket's latest answer is its one response; its earlier answers are superseded,
-- and the records of a deleted ticket are not answers (deleted_ticket).
{{ config(enabled='zendesk' in survey_sources()) }}

with

records as (
    select * from {{ ref('base_zendesk__ticket_field_history') }}
    where is_satisfaction_record
),

tickets_ranked as (
    select
        *,
        {{ latest_copy_rank('ticket_id', parse_timestamp_utc('_fivetran_synced')) }} as copy_rank
    from {{ ref('base_zendesk__ticket') }}
),

tickets as (
    select * from tickets_ranked
    where copy_rank = 1
),

comments_ranked as (
    select
        ticket_id,
        field_value as rating_comment,
        {{ latest_copy_rank('ticket_id', parse_timestamp_utc('updated')) }} as recency_rank
    from {{ ref('base_zendesk__ticket_field_history') }}
    where field_name = 'satisfaction_comment'
),

classified as (
    select
        records.*,
        lower(records.field_value) = 'offered' as is_offer,
        case lower(records.field_value) when 'good' then '2' when 'bad' then '1' else records.field_value end
            as csat_score,
        tickets.requester_id,
        tickets.status = 'deleted' as is_ticket_deleted
    from records
    left join tickets
        on records.ticket_id = tickets.ticket_id
),

final as (
    select
        classified.*,
        case
            when not classified.is_offer
                then {{ latest_copy_rank(
                    'classified.ticket_id, classified.is_offer',
                    parse_timestamp_utc('classified.updated'),
                    'classified.source_row_number'
                ) }}
        end as answer_rank,
        max(case when classified.is_offer then 1 else 0 end) over (partition by classified.ticket_id) = 1
            as was_offered,
        latest_comments.rating_comment
    from classified
    left join comments_ranked as latest_comments
        on classified.ticket_id = latest_comments.ticket_id and latest_comments.recency_rank = 1
)

select * from final
