{#- Employee confidentiality: the one definition of the floor and of the grains employee answers are published at. -#}

{#- The grains of var('enps_period_grains'), checked: exactly one grain of var('cx_period_grains'). Two grains nest
    or overlap (a month inside its quarter, a week across two months), so a reader could subtract a published group
    from a larger one and recover a group below the floor: the build stops instead. -#}
{% macro enps_period_grains() -%}
    {%- set grains = var('enps_period_grains') -%}
    {%- if grains is string -%}{%- set grains = [grains] -%}{%- endif -%}
    {%- if grains | length != 1 or grains[0] not in var('cx_period_grains') -%}
        {{ exceptions.raise_compiler_error(
            "enps_period_grains must name exactly one grain of cx_period_grains (got " ~ grains
            ~ "): groups published at two grains can be subtracted from each other to reveal a group below the "
            ~ "confidentiality floor.") }}
    {%- endif -%}
    {{ return(grains) }}
{%- endmacro %}


{#- True for an employee-audience group with fewer respondents than var('enps_min_group_size'): its answers (or
    answered counts) are not shown. -#}
{% macro is_employee_group_below_floor(audience, respondents) -%}
    ({{ audience }} = 'employee' and coalesce({{ respondents }}, 0) < {{ var('enps_min_group_size') }})
{%- endmacro %}
