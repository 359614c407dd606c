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


{#- Binomial standard error of the CSAT, in percentage points: 100 × sqrt(q (1 − q) / n), q the satisfied share. -#}
{% macro csat_standard_error(csat_satisfied, csat_responses) -%}
    {%- set q = "(" ~ cx_metrics.as_double(csat_satisfied) ~ " / " ~ csat_responses ~ ")" -%}
    case
        when {{ csat_responses }} > 0
            then cast(100.0 * sqrt({{ q }} * (1.0 - {{ q }}) / {{ csat_responses }}) as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- The CSAT counts of a group, as aggregate columns: csat_responses, csat_satisfied. -#}
{% macro csat_counts(is_csat_satisfied) -%}
    count({{ is_csat_satisfied }}) as csat_responses,
        count(case when {{ is_csat_satisfied }} then 1 end) as csat_satisfied
{%- endmacro %}
