{#- Text functions whose name or syntax differs between DuckDB, PostgreSQL and Spark. Patterns are bare regular
    expressions (not SQL literals) in the syntax all three share: classes, groups, alternation, {n} repeats. -#}

{#- `expression` without any of the characters of `characters` (a SQL text expression) at either end. -#}
{% macro trim_characters(expression, characters) -%}
    {{ return(adapter.dispatch('trim_characters', 'cx_metrics')(expression, characters)) }}
{%- endmacro %}

{% macro default__trim_characters(expression, characters) -%}
    trim({{ expression }}, {{ characters }})
{%- endmacro %}

{#- Spark's two-argument trim() takes its arguments the other way round: the standard form is unambiguous. -#}
{% macro spark__trim_characters(expression, characters) -%}
    trim(both {{ characters }} from {{ expression }})
{%- endmacro %}


{#- The text without any of the characters with these code points at either end. DuckDB's trim() tests every
    character against the whole set, far slower than a regular expression that finds a value with nothing to trim
    (most values): only those with one go through trim() (docs/benchmarks.md). -#}
{% macro trim_code_points(expression, code_points) -%}
    {{ return(adapter.dispatch('trim_code_points', 'cx_metrics')(expression, code_points)) }}
{%- endmacro %}

{% macro default__trim_code_points(expression, code_points) -%}
    {{ cx_metrics.trim_characters(expression, cx_metrics.text_of_code_points(code_points)) }}
{%- endmacro %}

{% macro duckdb__trim_code_points(expression, code_points) -%}
    {%- set character_class -%}
        [{% for point in code_points %}\x{{ '{' ~ '%x' % point ~ '}' }}{% endfor %}]
    {%- endset -%}
    case
        when regexp_matches({{ expression }}, '^{{ character_class }}|{{ character_class }}$')
            then {{ cx_metrics.trim_characters(expression, cx_metrics.text_of_code_points(code_points)) }}
        else {{ expression }}
    end
{%- endmacro %}


{#- True when the whole text matches `pattern` (not just a part of it); null when the text is null. -#}
{% macro regexp_full_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match', 'cx_metrics')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro postgres__regexp_full_match(expression, pattern) -%}
    ({{ expression }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{#- Spark's rlike finds a match anywhere: anchor it (\z, since Java's $ also matches before a final line break).
    Spark unescapes backslashes in string literals, so each one is doubled. -#}
{% macro spark__regexp_full_match(expression, pattern) -%}
    ({{ expression }} rlike '{{ ("^(?:" ~ pattern ~ ")\\z") | replace("\\", "\\\\") }}')
{%- endmacro %}


{#- Every match of `pattern` replaced by `replacement`, where `\1` names the first group. -#}
{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'cx_metrics')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{#- Java's replacement syntax names a group $1; backslashes are doubled for Spark's string literals. -#}
{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace(
        {{ expression }},
        '{{ pattern | replace("\\", "\\\\") }}',
        '{{ modules.re.sub("\\\\([0-9])", "$\\1", replacement) | replace("\\", "\\\\") }}'
    )
{%- endmacro %}


{#- Text as compared by the theme classifier: lower case without accents, applied alike to the answer and to
    the keyword pattern, so 'Très LENT' matches 'tres lent' and 'Долго' matches 'долго'. DuckDB strips every
    diacritic (strip_accents, full Unicode); the other engines fold the common Latin accents with translate(). -#}
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


{#- Text as words for the theme classifier: text_for_matching(), every run of characters that are not letters or
    digits made one space, and a space on each side, so ' late again ' holds ' again ' and ' against ' does not.
    Characters of scripts written without spaces (kana, CJK ideographs, Thai) become words of their own, so a
    pattern in those scripts matches anywhere, as a substring. -#}
{% macro words_for_matching(expression) -%}
    {%- set unspaced_scripts = 'ぁ-ヿ㐀-䶿一-鿿豈-﫿ก-๿' -%}
    {%- set folded = cx_metrics.text_for_matching(expression) -%}
    {%- set spaced = cx_metrics.regexp_replace_all(folded, '([' ~ unspaced_scripts ~ '])', ' \\1 ') -%}
    {%- set words = cx_metrics.regexp_replace_all(spaced, '[^' ~ cx_metrics.letter_or_digit_class() ~ ']+', ' ') -%}
    {{ dbt.concat(["' '", cx_metrics.trim_characters(words, "' '"), "' '"]) }}
{%- endmacro %}


{#- Text that orders by its bytes (code points), whatever the database's collation: the tie-breaks that decide which
    duplicate is kept must not depend on a server setting. DuckDB and Spark compare bytes already. -#}
{% macro in_byte_order(expression) -%}
    {{ return(adapter.dispatch('in_byte_order', 'cx_metrics')(expression)) }}
{%- endmacro %}

{% macro default__in_byte_order(expression) -%}
    {{ expression }}
{%- endmacro %}

{% macro postgres__in_byte_order(expression) -%}
    ({{ expression }} collate "C")
{%- endmacro %}


{#- The values of a text column of a group joined by `delimiter` (a SQL text literal), in byte order of the values.
    dbt's listagg cannot order on Spark; sorting the collected values does. -#}
{% macro sorted_text_list(expression, delimiter) -%}
    {{ return(adapter.dispatch('sorted_text_list', 'cx_metrics')(expression, delimiter)) }}
{%- endmacro %}

{% macro default__sorted_text_list(expression, delimiter) -%}
    {{ dbt.listagg(expression, delimiter, 'order by ' ~ cx_metrics.in_byte_order(expression)) }}
{%- endmacro %}

{% macro spark__sorted_text_list(expression, delimiter) -%}
    array_join(array_sort(collect_list({{ expression }})), {{ delimiter }})
{%- endmacro %}


{#- A text literal holding the characters with these Unicode code points (for trim sets). Spark's chr() stops at 255,
    so it gets a literal with \u escapes, which its parser reads. -#}
{% macro text_of_code_points(code_points) -%}
    {{ return(adapter.dispatch('text_of_code_points', 'cx_metrics')(code_points)) }}
{%- endmacro %}

{% macro default__text_of_code_points(code_points) -%}
    ({%- for point in code_points %}chr({{ point }}){{ ' || ' if not loop.last }}{% endfor -%})
{%- endmacro %}

{% macro spark__text_of_code_points(code_points) -%}
    '{%- for point in code_points %}\u{{ '%04X' % point }}{% endfor -%}'
{%- endmacro %}


{#- Unicode NFC normalisation, so a composed é and e + combining accent are the same text. Spark has no SQL
    function for it: the ICU4J library it ships does it (try_reflect gives null for null). -#}
{% macro nfc_normalize(expression) -%}
    {{ return(adapter.dispatch('nfc_normalize', 'cx_metrics')(expression)) }}
{%- endmacro %}

{% macro default__nfc_normalize(expression) -%}
    nfc_normalize({{ expression }})
{%- endmacro %}

{% macro postgres__nfc_normalize(expression) -%}
    normalize({{ expression }}, NFC)
{%- endmacro %}

{#- ASCII text is NFC already: only other text pays for the Java call. -#}
{% macro spark__nfc_normalize(expression) -%}
    case
        when {{ expression }} rlike '^[\\x00-\\x7F]*$' then {{ expression }}
        else try_reflect('com.ibm.icu.text.Normalizer', 'compose', {{ expression }}, false)
    end
{%- endmacro %}


{#- The inside of a bracket expression matching one letter, combining mark or digit of any script. PostgreSQL has no
    \p{..} classes: its [:alnum:] follows the database's LC_CTYPE, which must be a UTF-8 locale (C.UTF-8 or
    en_US.UTF-8; the "C" locale knows only ASCII). -#}
{% macro letter_or_digit_class() -%}
    {{ return(adapter.dispatch('letter_or_digit_class', 'cx_metrics')()) }}
{%- endmacro %}

{% macro default__letter_or_digit_class() -%}
    \p{L}\p{M}\p{N}
{%- endmacro %}

{% macro postgres__letter_or_digit_class() -%}
    [:alnum:]
{%- endmacro %}


{#- Stop the query with `message` (a SQL text expression) as the error, when evaluated: for a condition in the data
    that must stop the build with a message naming what is wrong (a CASE evaluates it only for the rows that need
    it). DuckDB's error(), Spark's raise_error(); PostgreSQL has no such function, so the message is cast to an
    integer (and back to text, the type of the expression) and its text appears in the cast error. -#}
{% macro fail_with(message) -%}
    {{ return(adapter.dispatch('fail_with', 'cx_metrics')(message)) }}
{%- endmacro %}

{% macro default__fail_with(message) -%}
    error({{ message }})
{%- endmacro %}

{% macro postgres__fail_with(message) -%}
    cast(cast({{ message }} as integer) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__fail_with(message) -%}
    raise_error({{ message }})
{%- endmacro %}
