-- Every raw survey row with its rejection reason (null = kept).
with

surveys as (
    select * from {{ ref('stg_survey_platform__surveys') }}
),

final as (
    select
        *,
        {{ rejection_reason('survey_id') }} as rejection_reason,
        {{ batch_at() }} as _batch_at
    from surveys
)

-- The raw record is kept only where the audit shows it.
select * replace ({{ audited_raw_record('surveys') }} as raw_record)
from final
