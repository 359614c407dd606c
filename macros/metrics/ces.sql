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


{#- 95% t interval of a CES average on the canonical 1-7 scale, from the count, sum and sum of squares of the
    normalised answers (mean_interval_95): mean ∓ t(0.975, n − 1) × s / √n, clipped to 1..7. Null below two answers
    or when every answer is the same (no spread measured). `bound` is 'lower' or 'upper'. -#}
{% macro ces_interval_95(ces_responses, ces_normalised_sum, ces_normalised_sum_of_squares, bound) -%}
    {{ cx_metrics.mean_interval_95(ces_responses, ces_normalised_sum, ces_normalised_sum_of_squares, bound, 1.0, 7.0) }}
{%- endmacro %}
