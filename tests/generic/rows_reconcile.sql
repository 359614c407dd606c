{#- Row conservation: fails for every row where raw rows differ from kept rows + rejected rows. -#}
{% test rows_reconcile(model, raw_rows_column, kept_rows_column, rejected_rows_column) %}
    select *
    from {{ model }}
    where {{ raw_rows_column }} is null
        or {{ kept_rows_column }} is null
        or {{ rejected_rows_column }} is null
        or {{ raw_rows_column }} != {{ kept_rows_column }} + {{ rejected_rows_column }}
{% endtest %}
