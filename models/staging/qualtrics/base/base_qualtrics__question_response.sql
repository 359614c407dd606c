{{ config(**incremental_config(unique_key='source_row_number')) }}

with

source as (
    {{ select_delivered_raw_rows('qualtrics', 'question_response') }}
),

final as (
    select
        source_row_number,
        source_file_name,
        {{ clean_key('response_id') }} as response_id,
        {{ clean_key('question_id') }} as question_id,
        {{ clean_text('sub_question_key') }} as sub_question_key,
        {{ clean_text('loop_id') }} as loop_id,
        {{ clean_text('value') }} as answer_value,
        {{ clean_text('text') }} as answer_text,
        {{ connector_timestamp('_fivetran_synced') }} as _fivetran_synced
    from source
)

select
    *,
    {{ batch_at() }} as _batch_at
from final
