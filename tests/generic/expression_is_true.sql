{#- Fails for every row where `expression` is false or null (rows outside `where`, if given, are skipped). -#}
{% test expression_is_true(model, expression, where_clause=none, column_name=none) %}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
    {%- if where_clause %} and ({{ where_clause }}){% endif %}
{% endtest %}
