{#- Customer Satisfaction: top-two-box share of CSAT answers. -#}

{% macro csat_is_satisfied(score, scale_max) -%}
    ({{ score }} >= {{ scale_max }} - 1)
{%- endmacro %}


{% macro csat_pct(csat_satisfied, csat_responses) -%}
    case
        when {{ csat_responses }} > 0
            then cast(100.0 * {{ csat_satisfied }} / {{ csat_responses }} as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}
