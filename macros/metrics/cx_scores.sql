{#- The score marts' columns, from the score registry (var cx_scores in dbt_project.yml): cx_score_counts() inside
    a group by, cx_score_measures() over its result (fct_cx_scores, fct_cx_scores_by_segment), the comparison
    with the targets (fct_cx_scores_vs_target) and with the previous period (fct_cx_score_changes). A score's kind
    says which of the score macros (nps.sql, ces.sql, csat.sql) count and measure it; the formulas live there. -#}

{#- Aggregate columns of a group of responses: responses, then each score's <name>_responses and counts. With
    partial=true, a mean's sums stay exact decimals, for partial counts that cx_score_counts_rollup() adds up. -#}
{% macro cx_score_counts(partial=false) -%}
    count(*) as responses
    {%- for score in var('cx_scores') %},
        {{ cx_metrics.score_counts(score, partial) }}
    {%- endfor %}
{%- endmacro %}


{#- The columns of cx_score_counts() for a group of partial counts (cx_score_counts(partial=true) rows, e.g. days
    rolled up into months): the counts added up, a mean's sums from their exact partial sums. -#}
{% macro cx_score_counts_rollup() -%}
    cast(sum(responses) as {{ dbt.type_bigint() }}) as responses
    {%- for score in var('cx_scores') %}
        {%- for column in cx_metrics.score_count_columns(score) %},
        {% if score.kind == 'mean' and column != score.name ~ '_responses' -%}
        {{ cx_metrics.exact_sum_of_partial_sums(column) }}
        {%- else -%}
        cast(sum({{ column }}) as {{ dbt.type_bigint() }})
        {%- endif %} as {{ column }}
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}


{#- The measure columns of fct_cx_scores, in its order, from the columns of cx_score_counts(): responses, each
    score with its counts and 95% interval, and whether the row has too few answers to infer from. -#}
{% macro cx_score_measures() -%}
    responses,
    {%- for score in var('cx_scores') %}
        {{ cx_metrics.score_measures(score) }},
    {%- endfor %}
        {{ cx_metrics.is_low_sample('responses') }} as is_low_sample
{%- endmacro %}


{#- The response-level answers the scores are counted from (each score's `answer`), as columns of `relation`. -#}
{% macro cx_score_answers(relation) -%}
    {%- for score in var('cx_scores') -%}
        {{ relation }}.{{ score.answer }}{{ ',' if not loop.last }}
    {% endfor -%}
{%- endmacro %}


{#- Each score next to its target (`targets`: the cx_score_targets seed) as columns of fct_cx_scores_vs_target:
    per score its answers, value, interval, target and gap; then per score whether it is on target and whether
    its whole interval lies below the target. -#}
{% macro cx_score_vs_target_columns(scores, targets) -%}
    {%- for score in var('cx_scores') %}
        {{ scores }}.{{ score.name }}_responses,
        {{ scores }}.{{ score.score }},
        {%- if score.kind == 'net_promoter' %}
        {{ scores }}.{{ score.name }}_moe_95,
        {%- endif %}
        {{ scores }}.{{ score.name }}_lower_95,
        {{ scores }}.{{ score.name }}_upper_95,
        {{ targets }}.{{ score.name }}_target,
        {{ scores }}.{{ score.score }} - {{ targets }}.{{ score.name }}_target as {{ score.name }}_vs_target,
    {%- endfor %}
    {%- for score in var('cx_scores') %}
        {{ scores }}.{{ score.score }} >= {{ targets }}.{{ score.name }}_target as is_{{ score.name }}_on_target,
        {{ scores }}.{{ score.name }}_upper_95 < {{ targets }}.{{ score.name }}_target
            as is_{{ score.name }}_below_target_beyond_interval{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- The estimate each score's interval is built around (score_interval_centre), as <name>_interval_centre columns
    of a fct_cx_scores row: what the interval of a change between two periods is built from. -#}
{% macro cx_score_interval_centres() -%}
    {%- for score in var('cx_scores') %}
        {{ cx_metrics.score_interval_centre(score) }} as {{ score.name }}_interval_centre{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- Each score of `current` next to the same score of `previous` (fct_cx_scores rows with cx_score_interval_centres()):
    the answers and values of both periods, the change and its 95% interval (difference_interval_95). -#}
{% macro cx_score_changes(current, previous) -%}
    {%- for score in var('cx_scores') %}
        {%- set n = score.name ~ '_responses' %}
        {{ current }}.{{ n }},
        {{ previous }}.{{ n }} as previous_{{ n }},
        {{ current }}.{{ score.score }},
        {{ previous }}.{{ score.score }} as previous_{{ score.score }},
        {{ current }}.{{ score.score }} - {{ previous }}.{{ score.score }} as {{ score.name }}_change,
        {%- for bound in ['lower', 'upper'] %}
        {{ cx_metrics.difference_interval_95(
            current ~ '.' ~ score.name ~ '_interval_centre',
            current ~ '.' ~ score.name ~ '_lower_95', current ~ '.' ~ score.name ~ '_upper_95',
            previous ~ '.' ~ score.name ~ '_interval_centre',
            previous ~ '.' ~ score.name ~ '_lower_95', previous ~ '.' ~ score.name ~ '_upper_95', bound
        ) }} as {{ score.name }}_change_{{ bound }}_95{{ ',' if not loop.last }}
        {%- endfor %}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- Whether each score's change (columns of cx_score_changes()) is significant at 95%: is_<name>_change_significant,
    null when either period has too few answers. -#}
{% macro cx_score_change_significance() -%}
    {%- for score in var('cx_scores') %}
        {{ cx_metrics.is_significant_difference_95(
            score.name ~ '_change_lower_95', score.name ~ '_change_upper_95',
            score.name ~ '_responses', 'previous_' ~ score.name ~ '_responses'
        ) }} as is_{{ score.name }}_change_significant{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- The column names of cx_score_changes() and then cx_score_change_significance(), in fct_cx_score_changes' order. -#}
{% macro cx_score_change_columns() -%}
    {%- for score in var('cx_scores') %}
        {{ score.name }}_responses,
        previous_{{ score.name }}_responses,
        {{ score.score }},
        previous_{{ score.score }},
        {{ score.name }}_change,
        {{ score.name }}_change_lower_95,
        {{ score.name }}_change_upper_95,
    {%- endfor %}
    {%- for score in var('cx_scores') %}
        is_{{ score.name }}_change_significant{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- True when any score's change is significant, false when none is and at least one could be judged, else null. -#}
{% macro is_any_cx_score_change_significant() -%}
    {%- set flags = [] -%}
    {%- for score in var('cx_scores') -%}
        {%- do flags.append('is_' ~ score.name ~ '_change_significant') -%}
    {%- endfor -%}
    case
        when {{ flags | join(' or ') }} then true
        when coalesce({{ flags | join(', ') }}) is not null then false
    end
{%- endmacro %}


{#- One score's kind, below: which score macros count it, measure it and centre its interval. -#}

{#- The count columns of one score, in order: <name>_responses, then its counts. -#}
{% macro score_count_columns(score) -%}
    {%- set roles = {
        'net_promoter': ['promoters', 'passives', 'detractors'],
        'mean': ['sum', 'sum_of_squares'],
        'top_box_share': ['satisfied'],
    } -%}
    {%- if score.kind not in roles -%}
        {{ exceptions.raise_compiler_error(
            "var cx_scores: score '" ~ score.name ~ "' has kind '" ~ score.kind ~ "'; the kinds are "
            ~ roles.keys() | list | join(', ')) }}
    {%- endif -%}
    {%- set columns = [score.name ~ '_responses'] -%}
    {%- for role in roles[score.kind] -%}
        {%- do columns.append(score.counts[role]) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{#- The aggregate columns of one score over a group of responses (cx_score_counts). -#}
{% macro score_counts(score, partial=false) -%}
    {%- set columns = cx_metrics.score_count_columns(score) -%}
    {%- if score.kind == 'net_promoter' -%}
        {{ cx_metrics.nps_counts(score.answer, *columns) }}
    {%- elif score.kind == 'mean' -%}
        {%- set exact_sum = cx_metrics.exact_partial_sum if partial else cx_metrics.exact_sum -%}
        count({{ score.answer }}) as {{ columns[0] }},
        {{ exact_sum(score.answer) }} as {{ columns[1] }},
        {{ exact_sum(score.answer ~ ' * ' ~ score.answer) }} as {{ columns[2] }}
    {%- else -%}
        {{ cx_metrics.csat_counts(score.answer, *columns) }}
    {%- endif -%}
{%- endmacro %}


{#- The measure columns of one score in fct_cx_scores, from its count columns. -#}
{% macro score_measures(score) -%}
    {%- set columns = cx_metrics.score_count_columns(score) -%}
    {%- set n = columns[0] -%}
    {%- set lower = score.name ~ '_lower_95' -%}
    {%- set upper = score.name ~ '_upper_95' -%}
    {%- if score.kind == 'net_promoter' -%}
        {%- set promoters, passives, detractors = columns[1], columns[2], columns[3] -%}
        {{ n }},
        {{ promoters }},
        {{ passives }},
        {{ detractors }},
        {{ cx_metrics.nps(promoters, detractors, n) }} as {{ score.score }},
        {{ cx_metrics.nps_margin_of_error_95(promoters, detractors, n) }} as {{ score.name }}_moe_95,
        {{ cx_metrics.nps_interval_95(promoters, detractors, n, 'lower') }} as {{ lower }},
        {{ cx_metrics.nps_interval_95(promoters, detractors, n, 'upper') }} as {{ upper }}
    {%- elif score.kind == 'mean' -%}
        {{ n }},
        {{ cx_metrics.ces_average(columns[1], n) }} as {{ score.score }},
        {{ cx_metrics.ces_interval_95(n, columns[1], columns[2], 'lower') }} as {{ lower }},
        {{ cx_metrics.ces_interval_95(n, columns[1], columns[2], 'upper') }} as {{ upper }}
    {%- else -%}
        {{ n }},
        {{ columns[1] }},
        {{ cx_metrics.csat_pct(columns[1], n) }} as {{ score.score }},
        {{ cx_metrics.csat_interval_95(columns[1], n, 'lower') }} as {{ lower }},
        {{ cx_metrics.csat_interval_95(columns[1], n, 'upper') }} as {{ upper }}
    {%- endif -%}
{%- endmacro %}


{#- The estimate one score's interval is built around, from the columns of a fct_cx_scores row: the adjusted-Wald
    centre for a net promoter score (nps_interval_95), the value itself otherwise. -#}
{% macro score_interval_centre(score) -%}
    {%- if score.kind == 'net_promoter' -%}
        {%- set columns = cx_metrics.score_count_columns(score) -%}
        {{ cx_metrics.nps_adjusted_centre(columns[1], columns[3], columns[0]) }}
    {%- else -%}
        {{ score.score }}
    {%- endif -%}
{%- endmacro %}
