{#- true/false/yes/no/1/0 in any case; anything else is null (and `invalid_boolean_reason` says so). -#}
{% macro parse_boolean(expression) -%}
    case
        when lower({{ expression }}) in ('true', 'yes', '1') then true
        when lower({{ expression }}) in ('false', 'no', '0') then false
    end
{%- endmacro %}

{% macro invalid_boolean_reason(expression) -%}
    case
        when {{ expression }} is not null
            and {{ cx_metrics.parse_boolean(expression) }} is null
            then 'invalid_boolean'
    end
{%- endmacro %}
