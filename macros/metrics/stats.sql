{#- Shares, confidence bounds and significance: the one definition of each, reused by every mart. -#}

{#- numerator / denominator as a share 0-1 (a `_rate`); null when the denominator is 0. -#}
{% macro share(numerator, denominator) -%}
    case
        when ({{ denominator }}) > 0
            then cast({{ cx_metrics.as_double(numerator) }} / ({{ denominator }}) as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- Wilson score interval (z = 1.96) of a success share, in percent 0-100 (Wilson, JASA 22, 1927):
    100 × (q + z²/2n ∓ z·sqrt(q(1 − q)/n + z²/4n²)) / (1 + z²/n). `bound` is 'lower' or 'upper'. Null when there is no
    trial; exactly 0 (lower) without a success and exactly 100 (upper) when every trial succeeds (the formula gives
    those, but floating point leaves a residue of about 1e-15). -#}
{% macro wilson_bound_95(successes, trials, bound) -%}
    {%- set q = "(" ~ cx_metrics.as_double(successes) ~ " / (" ~ trials ~ "))" -%}
    {%- set n = cx_metrics.as_double(trials) -%}
    case
        {% if bound == 'lower' -%}
        when ({{ successes }}) = 0 and ({{ trials }}) > 0 then cast(0.0 as {{ cx_metrics.type_double() }})
        {%- else -%}
        when ({{ successes }}) = ({{ trials }}) and ({{ trials }}) > 0 then cast(100.0 as {{ cx_metrics.type_double() }})
        {%- endif %}
        when ({{ trials }}) > 0
            then cast(
                100.0 * (
                    {{ q }} + 1.96 * 1.96 / (2.0 * {{ n }})
                    {{ '-' if bound == 'lower' else '+' }} 1.96 * sqrt({{ q }} * (1.0 - {{ q }}) / {{ n }} + 1.96 * 1.96 / (4.0 * {{ n }} * {{ n }}))
                ) / (1.0 + 1.96 * 1.96 / {{ n }})
                as {{ cx_metrics.type_double() }}
            )
    end
{%- endmacro %}


{#- `expression` limited to low..high (numbers). -#}
{% macro clip_to_range(expression, low, high) -%}
    least(greatest({{ expression }}, {{ low }}), {{ high }})
{%- endmacro %}


{#- The 97.5% quantile of Student's t with `degrees_of_freedom` (≥ 1): exact to 6 decimals up to 30 degrees (the
    table), then the Cornish-Fisher expansion around z = 1.959964 (error below 3e-6 there, Abramowitz & Stegun
    26.7.5). -#}
{% macro t_quantile_975(degrees_of_freedom) -%}
    {%- set table = [12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
        2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
        2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272] -%}
    {%- set z = 1.959964 -%}
    {%- set df = cx_metrics.as_double(degrees_of_freedom) -%}
    case
        {%- for quantile in table %}
        when {{ degrees_of_freedom }} = {{ loop.index }} then {{ quantile }}
        {%- endfor %}
        when {{ degrees_of_freedom }} > {{ table | length }}
            then {{ z }} + {{ (z ** 3 + z) / 4 }} / {{ df }}
                + {{ (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96 }} / ({{ df }} * {{ df }})
                + {{ (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384 }} / ({{ df }} * {{ df }} * {{ df }})
    end
{%- endmacro %}


{#- 95% t interval of a mean from the count, sum and sum of squares of its values: mean ∓ t(0.975, n − 1) × s / √n,
    s the sample standard deviation, clipped to low..high (the scale). Null below two values or when the values do
    not vary (s = 0: the interval would claim certainty; a variance below 1e-12 is floating-point residue, far below
    the smallest real spread of answers on a grid). -#}
{% macro mean_interval_95(value_count, value_sum, value_sum_of_squares, bound, low, high) -%}
    {%- set n = cx_metrics.as_double(value_count) -%}
    {%- set mean = "(" ~ value_sum ~ " / " ~ n ~ ")" -%}
    {%- set variance = "((" ~ value_sum_of_squares ~ " - " ~ value_sum ~ " * " ~ mean ~ ") / (" ~ n ~ " - 1.0))" -%}
    case
        when {{ value_count }} > 1 and {{ variance }} > 1e-12
            then cast({{ cx_metrics.clip_to_range(
                mean ~ (' - ' if bound == 'lower' else ' + ') ~ cx_metrics.t_quantile_975(value_count ~ ' - 1')
                ~ ' * sqrt(' ~ variance ~ ' / ' ~ n ~ ')', low, high) }} as {{ cx_metrics.type_double() }})
    end
{%- endmacro %}


{#- 95% interval of the difference estimate_1 − estimate_2 of two independent estimates, each with its own 95%
    interval, by the method of variance estimates recovery (MOVER: Zou & Donner, Computational Statistics & Data
    Analysis 52, 2008; with Wilson intervals it is Newcombe's hybrid score interval, method 10 of Newcombe 1998):
    lower = d − √((e₁ − l₁)² + (u₂ − e₂)²), upper = d + √((u₁ − e₁)² + (e₂ − l₂)²). Null when either interval is. -#}
{% macro difference_interval_95(estimate_1, lower_1, upper_1, estimate_2, lower_2, upper_2, bound) -%}
    {%- if bound == 'lower' -%}
    cast(
        ({{ estimate_1 }}) - ({{ estimate_2 }})
        - sqrt((({{ estimate_1 }}) - ({{ lower_1 }})) * (({{ estimate_1 }}) - ({{ lower_1 }}))
            + (({{ upper_2 }}) - ({{ estimate_2 }})) * (({{ upper_2 }}) - ({{ estimate_2 }})))
        as {{ cx_metrics.type_double() }}
    )
    {%- else -%}
    cast(
        ({{ estimate_1 }}) - ({{ estimate_2 }})
        + sqrt((({{ upper_1 }}) - ({{ estimate_1 }})) * (({{ upper_1 }}) - ({{ estimate_1 }}))
            + (({{ estimate_2 }}) - ({{ lower_2 }})) * (({{ estimate_2 }}) - ({{ lower_2 }})))
        as {{ cx_metrics.type_double() }}
    )
    {%- endif -%}
{%- endmacro %}


{#- Too few answers to infer from: fewer than var('cx_min_responses_for_inference') (30). Intervals are still
    published; significance flags are null on such rows. -#}
{% macro is_low_sample(responses) -%}
    (coalesce({{ responses }}, 0) < {{ var('cx_min_responses_for_inference', 30) }})
{%- endmacro %}


{#- Significance of a change at 95% from the interval of the difference: true when it excludes 0, false when it
    holds 0; null (not tested) when either period has fewer than var('cx_min_responses_for_inference') answers or
    the interval is unknown. -#}
{% macro is_significant_difference_95(difference_lower, difference_upper, responses_1, responses_2) -%}
    case
        when
            not {{ cx_metrics.is_low_sample(responses_1) }}
            and not {{ cx_metrics.is_low_sample(responses_2) }}
            and ({{ difference_lower }}) is not null
            and ({{ difference_upper }}) is not null
            then ({{ difference_lower }}) > 0 or ({{ difference_upper }}) < 0
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
