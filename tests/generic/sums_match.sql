{#- A slicing of a table must add up to it. Groups the model by `key_columns` + `partition_columns`, sums each of
    `measure_columns`, and fails for every group whose sums differ from the `compare_model` row with the same key,
    and for every `compare_model` row missing from a partition (e.g. a segment_name) of the model. -#}
{% test sums_match(model, compare_model, key_columns, measure_columns, partition_columns=[]) %}
    {%- set group_columns = key_columns + partition_columns %}
    with

    model_sums as (
        select
            {{ group_columns | join(', ') }},
            {%- for measure in measure_columns %}
            sum({{ measure }}) as {{ measure }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        from {{ model }}
        group by {{ group_columns | join(', ') }}
    ),

    partitions as (
        select distinct
            {%- for column in partition_columns %}
            {{ column }},
            {%- endfor %}
            1 as partition_marker
        from {{ model }}
    ),

    expected as (
        select
            {%- for column in key_columns + measure_columns %}
            compare_rows.{{ column }},
            {%- endfor %}
            {%- for column in partition_columns %}
            partitions.{{ column }},
            {%- endfor %}
            partitions.partition_marker
        from {{ compare_model }} as compare_rows
        cross join partitions
    )

    select
        {%- for column in group_columns %}
        coalesce(model_sums.{{ column }}, expected.{{ column }}) as {{ column }},
        {%- endfor %}
        {%- for measure in measure_columns %}
        model_sums.{{ measure }} as model_{{ measure }},
        expected.{{ measure }} as expected_{{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from model_sums
    full outer join expected
        on
            {%- for column in group_columns %}
            {% if not loop.first %}and {% endif %}model_sums.{{ column }} = expected.{{ column }}
            {%- endfor %}
    where
        {%- for measure in measure_columns %}
        {% if not loop.first %}or {% endif %}coalesce(model_sums.{{ measure }}, -1) <> coalesce(expected.{{ measure }}, -1)
        {%- endfor %}
{% endtest %}
