{#- First day of the period of `grain` (day, week = ISO week from Monday, month, quarter, year) holding the timestamp.
    `grain` is a SQL expression, so one scan can bucket into every grain. -#}
{% macro period_start(grain, timestamp_expression) -%}
    cast(date_trunc({{ grain }}, {{ timestamp_expression }}) as date)
{%- endmacro %}


{#- One row per period grain of `var('cx_period_grains')`, column `period_grain`: cross-join it to bucket
    every row into every grain in one scan. -#}
{% macro select_period_grains() -%}
    {%- for grain in var('cx_period_grains') %}
    select '{{ grain }}' as period_grain
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- The length of one period of each grain, as (date part, count): the one place that knows a week is 7 days and
    a quarter 3 months. -#}
{% macro period_lengths() -%}
    {{ return({'day': ('day', 1), 'week': ('day', 7), 'month': ('month', 1), 'quarter': ('month', 3),
        'year': ('month', 12)}) }}
{%- endmacro %}


{#- The first day of the period `periods` periods after (negative: before) the one starting at `period_start`, for
    each grain of var('cx_period_grains'); `grain` is a SQL expression. -#}
{% macro shifted_period_start(grain, period_start, periods) -%}
    {%- set lengths = cx_metrics.period_lengths() -%}
    cast(
        case {{ grain }}
            {%- for name in var('cx_period_grains') %}
            {%- if name not in lengths %}
            {{ exceptions.raise_compiler_error("cx_period_grains: unknown grain '" ~ name ~ "' (known: "
                ~ lengths.keys() | join(', ') ~ ")") }}
            {%- endif %}
            when '{{ name }}' then {{ dbt.dateadd(lengths[name][0], lengths[name][1] * periods, period_start) }}
            {%- endfor %}
        end
        as date
    )
{%- endmacro %}


{#- True when the data covers the whole period: its last day is on or before the as-of date (select_as_of_date(),
    the last day the data covers), so a period still being filled, such as the current quarter, says so. Null when
    the as-of date is unknown (no answer at all). -#}
{% macro is_complete_period(grain, period_start, as_of_date) -%}
    ({{ cx_metrics.shifted_period_start(grain, period_start, 1) }} <= {{ dbt.dateadd('day', 1, as_of_date) }})
{%- endmacro %}
