{#- Why a raw row is rejected, or null when it is kept. One reason per row, the first that applies:
    `repeated_header` (the row repeats the header line), `missing_id` (empty key), the reason its source's
    adapter gave (`source_reason_column`: a Qualtrics preview, a deleted Zendesk ticket, a superseded copy, ...),
    then each (reason, condition) pair of `checks` in order, then `duplicate`.
    Duplicates are ranked only among rows that passed the earlier checks: the latest by `latest_by`
    (columns, nulls oldest) survives; copies that tie there are ordered by their raw record text, so the
    outcome never depends on the order of rows in the file.

    Arguments:
      key_column: the row's key column.
      checks: list of [reason, SQL condition that is true when the row must be rejected].
      latest_by: columns ordering the copies of one key, most recent first.
      row_order_column: the row's position in its file; only separates copies identical to the letter.
      raw_record_column: the row's raw record (JSON text), the content tie-breaker.
      repeated_header_column: the row's is_repeated_header flag (staging).
      source_reason_column: the reason the source's adapter rejected the row with, or null (staging). -#}
{% macro rejection_reason(key_column, checks=[], latest_by=['_loaded_at'], row_order_column='source_row_number', raw_record_column='raw_record', repeated_header_column='is_repeated_header', source_reason_column='source_rejection_reason') -%}
    {%- set first_failed_check -%}
        case
            when {{ repeated_header_column }} then 'repeated_header'
            when {{ key_column }} is null then 'missing_id'
            when {{ source_reason_column }} is not null then {{ source_reason_column }}
            {%- for reason, condition in checks %}
            when {{ condition }} then '{{ reason }}'
            {%- endfor %}
        end
    {%- endset -%}
    coalesce(
        {{ first_failed_check }},
        case
            when row_number() over (
                partition by {{ key_column }}, ({{ first_failed_check }}) is null
                order by
                    {%- for column in latest_by %} {{ column }} desc nulls last,{% endfor %} {{ cx_metrics.in_byte_order(raw_record_column) }} desc, {{ row_order_column }} desc
            ) > 1 then 'duplicate'
        end
    )
{%- endmacro %}


{#- `reference_column` when it names a kept row of the referenced model, else null (an orphan). -#}
{% macro known_reference(reference_column, referenced_key) -%}
    case when {{ referenced_key }} is not null then {{ reference_column }} end
{%- endmacro %}

{% macro unknown_reference_reason(reference_column, referenced_key) -%}
    case when {{ reference_column }} is not null and {{ referenced_key }} is null then 'unknown_reference' end
{%- endmacro %}


{#- True when an event stamped `event_at` is later than its own load time (`loaded_at`) plus var('cx_clock_skew_days'):
    it cannot have happened yet (rejected as future_timestamp). Unknown when either is null (no check). -#}
{% macro is_after_its_load(event_at, loaded_at) -%}
    {{ event_at }} > {{ dbt.dateadd('day', var('cx_clock_skew_days') | int, loaded_at) }}
{%- endmacro %}
