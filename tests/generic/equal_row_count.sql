{#- Fails (one row) when the model and `compare_model` do not have the same number of rows. -#}
{% test equal_row_count(model, compare_model) %}
    select
        model_rows,
        compare_model_rows
    from (
        select
            (select count(*) from {{ model }}) as model_rows,
            (select count(*) from {{ compare_model }}) as compare_model_rows
    ) as row_counts
    where model_rows <> compare_model_rows
{% endtest %}
