{#- Complementary disclosure check. Within each partition, when the total row shows `count_column`, the total
    minus the shown non-total rows (what the suppressed rows hold together) must be 0 or at least `min_value`.
    Fails for every partition where a reader could subtract their way to a group below the floor. -#}
{% test suppressed_complement_meets_floor(model, count_column, total_flag_column, partition_columns, min_value) %}
    with

    totals as (
        select
            {{ partition_columns | join(', ') }},
            {{ count_column }} as total_count
        from {{ model }}
        where {{ total_flag_column }} and {{ count_column }} is not null
    ),

    shown_parts as (
        select
            {{ partition_columns | join(', ') }},
            sum({{ count_column }}) as shown_count
        from {{ model }}
        where not {{ total_flag_column }}
        group by {{ partition_columns | join(', ') }}
    )

    select
        totals.*,
        shown_parts.shown_count,
        totals.total_count - coalesce(shown_parts.shown_count, 0) as hidden_count
    from totals
    left join shown_parts
        on
            {%- for column in partition_columns %}
            {% if not loop.first %}and {% endif %}totals.{{ column }} = shown_parts.{{ column }}
            {%- endfor %}
    where
        totals.total_count - coalesce(shown_parts.shown_count, 0) > 0
        and totals.total_count - coalesce(shown_parts.shown_count, 0) < {{ min_value }}
{% endtest %}
