{#- Share-of-total bounds: fails for every row where the part is negative or larger than its total
    (promoters of NPS answers, satisfied of CSAT answers, responded of invitations, ...). -#}
{% test part_of_total(model, column_name, total_column) %}
    select
        {{ column_name }} as part,
        {{ total_column }} as total
    from {{ model }}
    where {{ column_name }} < 0
        or {{ column_name }} > {{ total_column }}
{% endtest %}
