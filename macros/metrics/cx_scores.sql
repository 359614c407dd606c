{#- The aggregation behind fct_cx_scores, shared by every mart with the same measures (e.g. by segment):
    cx_score_counts() inside a group by, cx_score_measures() over its result. -#}

{#- Aggregate columns of a group of responses: responses, the NPS counts, ces_responses, ces_normalised_sum,
    ces_normalised_sum_of_squares (for the CES interval) and the CSAT counts. Arguments name the response-level columns. With partial=true, ces_normalised_sum stays
    and its sum of squares stay exact decimals, for partial counts that cx_score_counts_rollup() adds up later. -#}
{% macro cx_score_counts(
    nps_category='nps_category',
    ces_score_normalised='ces_score_normalised',
    is_csat_satisfied='is_csat_satisfied',
    partial=false
) -%}
    count(*) as responses,
        {{ cx_metrics.nps_counts(nps_category) }},
        count({{ ces_score_normalised }}) as ces_responses,
        {% if partial -%}
        {{ cx_metrics.exact_partial_sum(ces_score_normalised) }}
        {%- else -%}
        {{ cx_metrics.exact_sum(ces_score_normalised) }}
        {%- endif %} as ces_normalised_sum,
        {% if partial -%}
        {{ cx_metrics.exact_partial_sum(ces_score_normalised ~ ' * ' ~ ces_score_normalised) }}
        {%- else -%}
        {{ cx_metrics.exact_sum(ces_score_normalised ~ ' * ' ~ ces_score_normalised) }}
        {%- endif %} as ces_normalised_sum_of_squares,
        {{ cx_metrics.csat_counts(is_csat_satisfied) }}
{%- endmacro %}


{#- The columns of cx_score_counts() for a group of partial counts (cx_score_counts(partial=true) rows, e.g. days
    rolled up into months): the counts added up, ces_normalised_sum from its exact partial sums. -#}
{% macro cx_score_counts_rollup() -%}
    cast(sum(responses) as {{ dbt.type_bigint() }}) as responses,
        cast(sum(nps_responses) as {{ dbt.type_bigint() }}) as nps_responses,
        cast(sum(promoters) as {{ dbt.type_bigint() }}) as promoters,
        cast(sum(passives) as {{ dbt.type_bigint() }}) as passives,
        cast(sum(detractors) as {{ dbt.type_bigint() }}) as detractors,
        cast(sum(ces_responses) as {{ dbt.type_bigint() }}) as ces_responses,
        {{ cx_metrics.exact_sum_of_partial_sums('ces_normalised_sum') }} as ces_normalised_sum,
        {{ cx_metrics.exact_sum_of_partial_sums('ces_normalised_sum_of_squares') }} as ces_normalised_sum_of_squares,
        cast(sum(csat_responses) as {{ dbt.type_bigint() }}) as csat_responses,
        cast(sum(csat_satisfied) as {{ dbt.type_bigint() }}) as csat_satisfied
{%- endmacro %}


{#- The measure columns of fct_cx_scores, in its order, from the columns of cx_score_counts(): each score with its
    95% interval, and whether the row has too few answers to infer from. -#}
{% macro cx_score_measures() -%}
    responses,
        nps_responses,
        promoters,
        passives,
        detractors,
        {{ cx_metrics.nps('promoters', 'detractors', 'nps_responses') }} as nps,
        {{ cx_metrics.nps_margin_of_error_95('promoters', 'detractors', 'nps_responses') }} as nps_moe_95,
        {{ cx_metrics.nps_interval_95('promoters', 'detractors', 'nps_responses', 'lower') }} as nps_lower_95,
        {{ cx_metrics.nps_interval_95('promoters', 'detractors', 'nps_responses', 'upper') }} as nps_upper_95,
        ces_responses,
        {{ cx_metrics.ces_average('ces_normalised_sum', 'ces_responses') }} as ces_avg,
        {{ cx_metrics.ces_interval_95(
            'ces_responses', 'ces_normalised_sum', 'ces_normalised_sum_of_squares', 'lower') }} as ces_lower_95,
        {{ cx_metrics.ces_interval_95(
            'ces_responses', 'ces_normalised_sum', 'ces_normalised_sum_of_squares', 'upper') }} as ces_upper_95,
        csat_responses,
        csat_satisfied,
        {{ cx_metrics.csat_pct('csat_satisfied', 'csat_responses') }} as csat_pct,
        {{ cx_metrics.csat_interval_95('csat_satisfied', 'csat_responses', 'lower') }} as csat_lower_95,
        {{ cx_metrics.csat_interval_95('csat_satisfied', 'csat_responses', 'upper') }} as csat_upper_95,
        {{ cx_metrics.is_low_sample('responses') }} as is_low_sample
{%- endmacro %}
