{#- Which sources a build reads: vars cx_survey_sources and cx_helpdesk_source, by default the environment variables
    CX_SURVEY_SOURCES and CX_HELPDESK_SOURCE, else cx (the same default is written in dbt_project.yml's folder
    configs and the sources' enabled flags, where macros cannot be called). -#}

{#- The survey sources, as a list in the order cx, qualtrics, zendesk. The var may be a list or comma-separated
    text; an unknown name, or none at all, stops the build naming it. -#}
{% macro survey_sources() -%}
    {%- set given = var('cx_survey_sources', env_var('CX_SURVEY_SOURCES', 'cx')) -%}
    {%- set names = (given.split(',') if given is string else given) | map('string') | map('trim') | map('lower')
        | reject('equalto', '') | list -%}
    {%- set known = ['cx', 'qualtrics', 'zendesk'] -%}
    {%- for name in names if name not in known -%}
        {{ exceptions.raise_compiler_error(
            "cx_survey_sources (env CX_SURVEY_SOURCES): unknown survey source '" ~ name ~ "'; choose from "
            ~ known | join(', ')) }}
    {%- endfor -%}
    {%- if not names -%}
        {{ exceptions.raise_compiler_error(
            "cx_survey_sources (env CX_SURVEY_SOURCES) is empty; choose one or more of " ~ known | join(', ')) }}
    {%- endif -%}
    {{ return(known | select('in', names) | list) }}
{%- endmacro %}


{#- The helpdesk source: cx or zendesk; anything else stops the build naming it. -#}
{% macro helpdesk_source() -%}
    {%- set name = var('cx_helpdesk_source', env_var('CX_HELPDESK_SOURCE', 'cx')) | string | trim | lower -%}
    {%- if name not in ['cx', 'zendesk'] -%}
        {{ exceptions.raise_compiler_error(
            "cx_helpdesk_source (env CX_HELPDESK_SOURCE): unknown helpdesk source '" ~ name ~ "'; choose cx or zendesk") }}
    {%- endif -%}
    {{ return(name) }}
{%- endmacro %}


{#- True when the build reads only the six-file contract (the default). -#}
{% macro is_contract_only() -%}
    {{ return(cx_metrics.survey_sources() == ['cx'] and cx_metrics.helpdesk_source() == 'cx') }}
{%- endmacro %}


{#- A key of `source_system` as the marts hold it, prefixed with the system's name and a colon (qualtrics:R_1,
    zendesk:123, cx:R1), so keys of different sources never collide. A build of the six-file contract alone keeps
    its keys as they are. -#}
{% macro source_key(source_system, expression) -%}
    {%- if source_system == 'cx' and cx_metrics.is_contract_only() -%}
    {{ expression }}
    {%- else -%}
    ('{{ source_system }}:' || {{ expression }})
    {%- endif -%}
{%- endmacro %}


{#- A reference from a survey answer to the helpdesk (customer, ticket, agent), keyed as the helpdesk source keys it. -#}
{% macro helpdesk_key(expression) -%}
    {{ cx_metrics.source_key(cx_metrics.helpdesk_source(), expression) }}
{%- endmacro %}
