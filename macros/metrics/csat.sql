{#- Customer Satisfaction: top-two-box share of CSAT answers. -#}

{% macro csat_is_satisfied(score, scale_max) -%}
    ({{ score }} >= {{ scale_max }} - 1)
{%- endmacro %}


{% macro csat_pct(csat_satisfied, csat_responses) -%}
    case
        when {{ csat_responses }} > 0
            then cast(100.0 * {{ cx_metrics.as_double(csat_satisfied) }} / {{ csat_responses }} as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- The CSAT counts of a group, as aggregate columns: csat_responses, csat_satisfied. -#}
{% macro csat_counts(is_csat_satisfied) -%}
    count({{ is_csat_satisfied }}) as csat_responses,
        count(case when {{ is_csat_satisfied }} then 1 end) as csat_satisfied
{%- endmacro %}


{#- 95% Wilson score interval of the CSAT, in percent (Wilson, JASA 22, 1927; Newcombe, Statistics in Medicine 17,
    1998): it stays inside 0..100 and keeps a width when every answer is satisfied or none is. `bound` is 'lower' or
    'upper'; null without an answer. -#}
{% macro csat_interval_95(csat_satisfied, csat_responses, bound) -%}
    {{ cx_metrics.wilson_bound_95(csat_satisfied, csat_responses, bound) }}
{%- endmacro %}
