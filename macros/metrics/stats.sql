{#- Shares, confidence bounds and significance: the one definition of each, reused by every mart. -#}

{#- numerator / denominator as a share 0-1 (a `_rate`); null when the denominator is 0. -#}
{% macro share(numerator, denominator) -%}
    case
        when ({{ denominator }}) > 0
            then cast({{ cx_metrics.as_double(numerator) }} / ({{ denominator }}) as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- Wilson score lower bound (z = 1.96) of a success share, in percent 0-100:
    100 × (q + z²/2n − z·sqrt(q(1 − q)/n + z²/4n²)) / (1 + z²/n). Null when there is no trial; exactly 0 without
    a success (the formula is 0 there, but floating point leaves a residue of about 1e-15). -#}
{% macro wilson_lower_bound_95(successes, trials) -%}
    {%- set q = "(" ~ cx_metrics.as_double(successes) ~ " / (" ~ trials ~ "))" -%}
    {%- set n = cx_metrics.as_double(trials) -%}
    case
        when ({{ successes }}) = 0 and ({{ trials }}) > 0 then cast(0.0 as {{ cx_metrics.type_double() }})
        when ({{ trials }}) > 0
            then cast(
                100.0 * (
                    {{ q }} + 1.96 * 1.96 / (2.0 * {{ n }})
                    - 1.96 * sqrt({{ q }} * (1.0 - {{ q }}) / {{ n }} + 1.96 * 1.96 / (4.0 * {{ n }} * {{ n }}))
                ) / (1.0 + 1.96 * 1.96 / {{ n }})
                as {{ cx_metrics.type_double() }}
            )
    end
{%- endmacro %}


{#- Standard error of the difference of two independent estimates: sqrt(se₁² + se₂²); null when either is null. -#}
{% macro change_standard_error(standard_error_1, standard_error_2) -%}
    cast(
        sqrt(({{ standard_error_1 }}) * ({{ standard_error_1 }}) + ({{ standard_error_2 }}) * ({{ standard_error_2 }}))
        as {{ cx_metrics.type_double() }}
    )
{%- endmacro %}


{#- Two-sided z-test at 95%: |change| > 1.96 × its standard error. Null (not testable) when either is null or
    the standard error is 0 (every answer alike in both periods: the normal approximation says nothing). -#}
{% macro is_significant_change_95(change, change_standard_error) -%}
    case
        when ({{ change_standard_error }}) > 0
            then abs({{ change }}) > 1.96 * ({{ change_standard_error }})
    end
{%- endmacro %}


{#- Sum and mean of a double that do not depend on the order rows are aggregated in (floating-point addition is
    not associative, so a parallel sum can differ in the last bit between two builds of the same data), nor on the
    engine: each value is taken to 12 decimals, summed exactly as a decimal, and the result rounded once to a
    double. 12, not more: engines convert a double to a decimal differently beyond its 15th significant digit
    (PostgreSQL keeps 15, Spark the shortest exact text, DuckDB the binary value), and values here are below 1000. -#}
{% macro exact_decimal(expression) -%}
    cast({{ expression }} as decimal(38, 12))
{%- endmacro %}

{% macro exact_sum(expression) -%}
    cast(sum({{ cx_metrics.exact_decimal(expression) }}) as {{ cx_metrics.type_double() }})
{%- endmacro %}

{#- exact_sum split in two steps: an exact decimal partial sum per group, then the sum of partial sums as a
    double; the result is the same as exact_sum over all the rows. -#}
{% macro exact_partial_sum(expression) -%}
    cast(sum({{ cx_metrics.exact_decimal(expression) }}) as decimal(38, 18))
{%- endmacro %}

{% macro exact_sum_of_partial_sums(partial_sums) -%}
    cast(sum({{ partial_sums }}) as {{ cx_metrics.type_double() }})
{%- endmacro %}

{% macro exact_avg(expression) -%}
    cast(avg({{ cx_metrics.exact_decimal(expression) }}) as {{ cx_metrics.type_double() }})
{%- endmacro %}


{#- A floating-point statistic (corr, regr_slope, a standard error from stddev_samp) rounded to 10 decimals, so the last-bit noise of
    parallel aggregation does not make two builds of the same data differ. -#}
{% macro stable_statistic(expression) -%}
    {{ cx_metrics.round_double(expression, 10) }}
{%- endmacro %}


{#- True when `expression` takes at least two distinct values over the rows where `paired_with` is not null
    (the pairs a regression aggregate uses). Exact, unlike a variance compared with 0. -#}
{% macro varies(expression, paired_with) -%}
    (
        min(case when {{ paired_with }} is not null then {{ expression }} end)
        < max(case when {{ paired_with }} is not null then {{ expression }} end)
    )
{%- endmacro %}


{#- Pearson correlation and least-squares slope of y on x over the rows where both are non-null, computed from
    exact (decimal) sums: the same statistics as corr() and regr_slope(), but bit-for-bit identical whatever the
    order in which threads combine partial sums. Null when x (or, for the correlation, y) does not vary. -#}
{% macro _paired_sum(expression, y, x) -%}
    cast(sum(case when {{ y }} is not null and {{ x }} is not null
        then {{ cx_metrics.exact_decimal(expression) }} end) as {{ cx_metrics.type_double() }})
{%- endmacro %}

{% macro _paired_count(y, x) -%}
    cast(count(case when {{ y }} is not null and {{ x }} is not null then 1 end) as {{ cx_metrics.type_double() }})
{%- endmacro %}

{% macro pearson_correlation(y, x) -%}
    {%- set n = cx_metrics._paired_count(y, x) -%}
    {%- set covariance = "(" ~ n ~ " * " ~ cx_metrics._paired_sum(x ~ " * " ~ y, y, x) ~ " - "
        ~ cx_metrics._paired_sum(x, y, x) ~ " * " ~ cx_metrics._paired_sum(y, y, x) ~ ")" -%}
    {%- set x_spread = "(" ~ n ~ " * " ~ cx_metrics._paired_sum(x ~ " * " ~ x, y, x) ~ " - "
        ~ cx_metrics._paired_sum(x, y, x) ~ " * " ~ cx_metrics._paired_sum(x, y, x) ~ ")" -%}
    {%- set y_spread = "(" ~ n ~ " * " ~ cx_metrics._paired_sum(y ~ " * " ~ y, y, x) ~ " - "
        ~ cx_metrics._paired_sum(y, y, x) ~ " * " ~ cx_metrics._paired_sum(y, y, x) ~ ")" -%}
    case
        when {{ cx_metrics.varies(x, y) }} and {{ cx_metrics.varies(y, x) }}
            then cast({{ covariance }} / sqrt({{ x_spread }} * {{ y_spread }}) as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}

{% macro regression_slope(y, x) -%}
    {%- set n = cx_metrics._paired_count(y, x) -%}
    case
        when {{ cx_metrics.varies(x, y) }}
            then cast(
                ({{ n }} * {{ cx_metrics._paired_sum(x ~ " * " ~ y, y, x) }}
                    - {{ cx_metrics._paired_sum(x, y, x) }} * {{ cx_metrics._paired_sum(y, y, x) }})
                / ({{ n }} * {{ cx_metrics._paired_sum(x ~ " * " ~ x, y, x) }}
                    - {{ cx_metrics._paired_sum(x, y, x) }} * {{ cx_metrics._paired_sum(x, y, x) }})
                as {{ cx_metrics.type_double() }}
            )
    end
{%- endmacro %}
