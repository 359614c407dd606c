{#- Net Promoter Score: the one definition of the NPS category, score, standard error and margin of error. -#}

{% macro nps_category(score) -%}
    case
        when {{ score }} between 9 and 10 then 'promoter'
        when {{ score }} between 7 and 8 then 'passive'
        when {{ score }} between 0 and 6 then 'detractor'
    end
{%- endmacro %}


{% macro nps(promoters, detractors, nps_responses) -%}
    case
        when {{ nps_responses }} > 0
            then cast(100.0 * {{ cx_metrics.as_double(promoters ~ ' - ' ~ detractors) }} / {{ nps_responses }} as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- Standard error of the NPS in NPS points: 100 × sqrt((p + d − (p − d)²) / n), p and d the promoter and
    detractor shares (the NPS is the mean of +1/0/−1 scores, whose variance is p + d − (p − d)²). With `z`, the
    result is z × the standard error (a margin of error), multiplied in front so it rounds exactly as before. -#}
{% macro nps_standard_error(promoters, detractors, nps_responses, z=none) -%}
    {%- set p = "(" ~ cx_metrics.as_double(promoters) ~ " / " ~ nps_responses ~ ")" -%}
    {%- set d = "(" ~ cx_metrics.as_double(detractors) ~ " / " ~ nps_responses ~ ")" -%}
    case
        when {{ nps_responses }} > 0
            then cast(
                {% if z is not none %}{{ z }} * {% endif %}100.0
                * sqrt(({{ p }} + {{ d }} - ({{ p }} - {{ d }}) * ({{ p }} - {{ d }})) / {{ nps_responses }})
                as {{ cx_metrics.type_double() }}
            )
    end
{%- endmacro %}


{#- 95% margin of error: 1.96 × the NPS standard error. -#}
{% macro nps_margin_of_error_95(promoters, detractors, nps_responses) -%}
    {{ cx_metrics.nps_standard_error(promoters, detractors, nps_responses, z=1.96) }}
{%- endmacro %}


{#- The NPS counts of a group, as aggregate columns: nps_responses, promoters, passives, detractors. -#}
{% macro nps_counts(nps_category) -%}
    count({{ nps_category }}) as nps_responses,
        count(case when {{ nps_category }} = 'promoter' then 1 end) as promoters,
        count(case when {{ nps_category }} = 'passive' then 1 end) as passives,
        count(case when {{ nps_category }} = 'detractor' then 1 end) as detractors
{%- endmacro %}
