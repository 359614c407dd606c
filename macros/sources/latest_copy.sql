{#- A connector row's rank among the copies of one key: 1 for the copy that counts, the latest by `latest_by` (nulls
    oldest), then the later in its table. Fivetran re-delivers a changed row with a new _fivetran_synced, so the
    latest sync is the row's state. -#}
{% macro latest_copy_rank(partition_by, latest_by, row_order_column='source_row_number') -%}
    row_number() over (
        partition by {{ partition_by }}
        order by {{ latest_by }} desc nulls last, {{ row_order_column }} desc
    )
{%- endmacro %}
