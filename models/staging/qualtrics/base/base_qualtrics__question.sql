{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('qualtrics', 'question') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('survey_id') }} as survey_id,
        {{ clean_key('id') }} as question_id,
        upper({{ clean_text('selector') }}) as selector,
        coalesce({{ parse_boolean(clean_text('_fivetran_deleted')) }}, false) as is_deleted,
        {{ connector_timestamp('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
