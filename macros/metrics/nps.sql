{#- Net Promoter Score: the one definition of the NPS category, score and margin of error. -#}

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
            then cast(100.0 * ({{ promoters }} - {{ detractors }}) / {{ nps_responses }} as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{% macro nps_margin_of_error_95(promoters, detractors, nps_responses) -%}
    {%- set p = "(1.0 * " ~ promoters ~ " / " ~ nps_responses ~ ")" -%}
    {%- set d = "(1.0 * " ~ detractors ~ " / " ~ nps_responses ~ ")" -%}
    case
        when {{ nps_responses }} > 0
            then cast(
                1.96 * 100.0 * sqrt(({{ p }} + {{ d }} - ({{ p }} - {{ d }}) * ({{ p }} - {{ d }})) / {{ nps_responses }})
                as {{ cx_metrics.type_double() }}
            )
    end
{%- endmacro %}
