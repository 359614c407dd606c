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


{#- The NPS counts of a group, as aggregate columns: nps_responses, promoters, passives, detractors (or the names
    given, for another score counted as a net promoter score). -#}
{% macro nps_counts(
    nps_category,
    nps_responses='nps_responses',
    promoters='promoters',
    passives='passives',
    detractors='detractors'
) -%}
    count({{ nps_category }}) as {{ nps_responses }},
        count(case when {{ nps_category }} = 'promoter' then 1 end) as {{ promoters }},
        count(case when {{ nps_category }} = 'passive' then 1 end) as {{ passives }},
        count(case when {{ nps_category }} = 'detractor' then 1 end) as {{ detractors }}
{%- endmacro %}


{#- 95% adjusted-Wald interval of the NPS, in NPS points (Rocks, "Interval estimation for the net promoter score",
    The American Statistician 70(4), 2016): add 3/4 to the promoters and to the detractors and 3 to n, then take the
    Wald interval of p̃ − d̃ with variance (p̃ + d̃ − (p̃ − d̃)²) / ñ, clipped to −100..100. Unlike the plain Wald margin
    (nps_moe_95), it keeps a width when every answer is a promoter, even at n = 1. `bound` is 'lower' or 'upper';
    null when n is 0. -#}
{% macro nps_interval_95(promoters, detractors, nps_responses, bound) -%}
    {%- set n = "(" ~ cx_metrics.as_double(nps_responses) ~ " + 3.0)" -%}
    {%- set p = "((" ~ cx_metrics.as_double(promoters) ~ " + 0.75) / " ~ n ~ ")" -%}
    {%- set d = "((" ~ cx_metrics.as_double(detractors) ~ " + 0.75) / " ~ n ~ ")" -%}
    {%- set centre = "(" ~ p ~ " - " ~ d ~ ")" -%}
    {%- set margin = "1.96 * sqrt((" ~ p ~ " + " ~ d ~ " - " ~ centre ~ " * " ~ centre ~ ") / " ~ n ~ ")" -%}
    case
        when {{ nps_responses }} > 0
            then cast(100.0 * {{ cx_metrics.clip_to_range(
                centre ~ (' - ' if bound == 'lower' else ' + ') ~ margin, -1.0, 1.0) }} as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- The centre of the adjusted-Wald interval in NPS points, 100 × (p̃ − d̃): the estimate that the interval and the
    significance of a change between two periods are built around. -#}
{% macro nps_adjusted_centre(promoters, detractors, nps_responses) -%}
    case
        when {{ nps_responses }} > 0
            then cast(
                100.0 * ({{ cx_metrics.as_double(promoters) }} - {{ cx_metrics.as_double(detractors) }})
                / ({{ cx_metrics.as_double(nps_responses) }} + 3.0)
                as {{ cx_metrics.type_double() }}
            )
    end
{%- endmacro %}
