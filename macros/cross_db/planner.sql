{#- Planner hints that only some engines take. -#}

{#- The keyword that makes a CTE computed once (`name as materialized (...)`), where the engine would otherwise inline
    it into each use: PostgreSQL inlines a CTE used once, so an expression on it is recomputed for every row a join
    pairs it with. Empty on engines that compute it once anyway or have no such keyword (Spark). -#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'cx_metrics')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}
{%- endmacro %}

{% macro postgres__materialized_cte() -%}
    materialized
{%- endmacro %}
