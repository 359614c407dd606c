{#- Fails for every non-null score outside its own row's scale [scale_min_column, scale_max_column]
    (a CES answer checked against its survey's CES scale, say). -#}
{% test score_within_scale(model, column_name, scale_min_column, scale_max_column) %}
    select
        {{ column_name }} as score,
        {{ scale_min_column }} as scale_min,
        {{ scale_max_column }} as scale_max
    from {{ model }}
    where {{ column_name }} is not null
        and not ({{ column_name }} between {{ scale_min_column }} and {{ scale_max_column }})
{% endtest %}
