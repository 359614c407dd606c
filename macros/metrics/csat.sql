{#- Customer Satisfaction: the share of satisfied CSAT answers. On a scale of 4 points or more an answer is satisfied
    in the top two boxes (score >= max - 1); on a 2- or 3-point scale (good/bad, or sad/neutral/happy) top-two-box would
    count the middle or even the bottom answer, so only the top box is satisfied. A scale below 2 has no answers (the
    survey's csat_scale_max is nulled in staging): null. -#}

{% macro csat_is_satisfied(score, scale_max) -%}
    (case
        when {{ scale_max }} >= 4 then {{ score }} >= {{ scale_max }} - 1
        when {{ scale_max }} >= 2 then {{ score }} = {{ scale_max }}
    end)
{%- endmacro %}


{% macro csat_pct(csat_satisfied, csat_responses) -%}
    case
        when {{ csat_responses }} > 0
            then cast(100.0 * {{ cx_metrics.as_double(csat_satisfied) }} / {{ csat_responses }} as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- The CSAT counts of a group, as aggregate columns: csat_responses, csat_satisfied (or the names given, for another
    score counted as a top-box share). -#}
{% macro csat_counts(is_csat_satisfied, csat_responses='csat_responses', csat_satisfied='csat_satisfied') -%}
    count({{ is_csat_satisfied }}) as {{ csat_responses }},
        count(case when {{ is_csat_satisfied }} then 1 end) as {{ csat_satisfied }}
{%- endmacro %}


{#- 95% Wilson score interval of the CSAT, in percent (Wilson, JASA 22, 1927; Newcombe, Statistics in Medicine 17,
    1998): it stays inside 0..100 and keeps a width when every answer is satisfied or none is. `bound` is 'lower' or
    'upper'; null without an answer. -#}
{% macro csat_interval_95(csat_satisfied, csat_responses, bound) -%}
    {{ cx_metrics.wilson_bound_95(csat_satisfied, csat_responses, bound) }}
{%- endmacro %}
