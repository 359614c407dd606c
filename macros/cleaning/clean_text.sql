{#- Text cleaning shared by every staging model. The patterns are macros (bare regular expressions in the syntax
    DuckDB, PostgreSQL and Spark share), so the SQL, the docs and the tests cite one definition. -#}

{#- The characters trimmed from both ends of every raw value: ASCII whitespace and every Unicode space, the
    zero-width space and the byte-order mark (U+FEFF inside a file). -#}
{% macro unicode_space_code_points() -%}
    {{ return([9, 10, 11, 12, 13, 32, 133, 160, 5760]
        + range(8192, 8204) | list
        + [8232, 8233, 8239, 8287, 12288, 65279]) }}
{%- endmacro %}


{#- Trim every character of unicode_space_code_points() at both ends; an empty result is missing (null). -#}
{% macro clean_text(expression) -%}
    nullif({{ cx_metrics.trim_code_points(expression, cx_metrics.unicode_space_code_points()) }}, '')
{%- endmacro %}


{#- A key (an id of any table): trimmed, NFC-normalised so one key never counts twice by its encoding, and hashed
    when it looks like an email (`hashed_` + md5 of the key), so an email used as an id is never published while
    references to it still match. -#}
{% macro clean_key(expression) -%}
    {%- set key = cx_metrics.nfc_normalize(cx_metrics.clean_text(expression)) -%}
    case
        when {{ cx_metrics.regexp_full_match(key, cx_metrics.email_shaped_key_pattern()) }}
            then 'hashed_' || {{ dbt.hash(key) }}
        else {{ key }}
    end
{%- endmacro %}

{% macro email_shaped_key_pattern() -%}
    [^@\s]+@[^@\s]+\.[^@\s]+
{%- endmacro %}


{#- Lower snake case that keeps every language: lower case, NFC, then every run of characters that are not a
    Unicode letter, mark or digit becomes one `_`, none at the ends. Null when the value is empty or holds no
    letter or digit at all (invalid_category_reason says which). -#}
{% macro to_snake_case(expression) -%}
    {%- set lowered = cx_metrics.nfc_normalize('lower(' ~ cx_metrics.clean_text(expression) ~ ')') -%}
    {%- set underscored = cx_metrics.regexp_replace_all(lowered, '[^' ~ cx_metrics.letter_or_digit_class() ~ ']+', '_') -%}
    nullif({{ cx_metrics.trim_characters(underscored, "'_'") }}, '')
{%- endmacro %}

{#- `invalid_category` when a non-empty value holds no letter or digit (an emoji, punctuation), else null. -#}
{% macro invalid_category_reason(expression) -%}
    case
        when {{ cx_metrics.clean_text(expression) }} is not null and {{ cx_metrics.to_snake_case(expression) }} is null
            then 'invalid_category'
    end
{%- endmacro %}


{#- Free text with contact data replaced: emails by `[email]`, then phone numbers by `[phone]`. -#}
{% macro redact_contact_data(expression) -%}
    {{ cx_metrics.regexp_replace_all(cx_metrics.redact_emails(expression), cx_metrics.phone_pattern(), '[phone]') }}
{%- endmacro %}

{#- Text with emails replaced by `[email]`. Only a value holding an @ can hold one, and finding the @ costs a
    fraction of the regular expression, which most values (ids, dates, scores) never need. -#}
{% macro redact_emails(expression) -%}
    case
        when {{ dbt.position("'@'", expression) }} > 0
            then {{ cx_metrics.regexp_replace_all(expression, cx_metrics.email_pattern(), '[email]') }}
        else {{ expression }}
    end
{%- endmacro %}

{#- An email address inside text. -#}
{% macro email_pattern() -%}
    [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}
{%- endmacro %}

{#- A phone number inside text: 7 or more digits, an optional leading + or (, and up to two of space . / ( ) -
    between digits. No upper bound, so a longer run (a card number) goes whole. -#}
{% macro phone_pattern() -%}
    \+?\(?[0-9]([ ./()-]{0,2}[0-9]){6,}
{%- endmacro %}


{#- The audience of a survey from its snake-cased value and its trimmed text: `customer` or `employee` through the
    synonyms of vars cx_customer_audiences and cx_employee_audiences, `customer` when empty, and null for anything
    else (the survey is then rejected as invalid_audience, never kept unclassified). -#}
{% macro normalised_audience(snake_cased, trimmed) -%}
    case
        when {{ trimmed }} is null then 'customer'
        when {{ snake_cased }} in ('{{ var("cx_customer_audiences") | join("', '") }}') then 'customer'
        when {{ snake_cased }} in ('{{ var("cx_employee_audiences") | join("', '") }}') then 'employee'
    end
{%- endmacro %}
