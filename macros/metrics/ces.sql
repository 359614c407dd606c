{#- Customer Effort Score: answers are rescaled to the canonical 1-7 scale, then averaged. -#}

{% macro ces_normalised(score, scale_min, scale_max) -%}
    cast(1.0 + {{ cx_metrics.as_double(score ~ ' - ' ~ scale_min) }} * 6.0 / ({{ scale_max }} - {{ scale_min }}) as {{ cx_metrics.type_double() }})
{%- endmacro %}


{#- Mean of normalised answers from a sum and a count, so any roll-up of the parts stays exact. -#}
{% macro ces_average(ces_normalised_sum, ces_responses) -%}
    case
        when {{ ces_responses }} > 0
            then cast({{ cx_metrics.as_double(ces_normalised_sum) }} / {{ ces_responses }} as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- Standard error of a CES average: the sample standard deviation of the normalised answers over sqrt(n);
    null below two answers (no spread to measure). -#}
{% macro ces_standard_error(ces_stddev, ces_responses) -%}
    case
        when {{ ces_responses }} > 1
            then cast({{ ces_stddev }} / sqrt({{ ces_responses }}) as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}
