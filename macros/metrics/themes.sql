{#- Text as compared by the theme classifier: lower case without accents, applied alike to the answer and to
    the keyword pattern, so 'Très LENT' matches 'tres lent' and 'Долго' matches 'долго'. DuckDB strips every
    diacritic (strip_accents, full Unicode); other engines fold the common Latin accents with translate(). -#}
{% macro text_for_matching(expression) -%}
    {{ return(adapter.dispatch('text_for_matching', 'cx_metrics')(expression)) }}
{%- endmacro %}

{% macro default__text_for_matching(expression) -%}
    translate(
        lower({{ expression }}),
        'áàâäãåāéèêëēíìîïīóòôöõøōúùûüūçñýÿßœæ',
        'aaaaaaaeeeeeiiiiiooooooouuuuucnyysoa'
    )
{%- endmacro %}

{% macro duckdb__text_for_matching(expression) -%}
    lower(strip_accents({{ expression }}))
{%- endmacro %}
