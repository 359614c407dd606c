-- Survey definitions of every selected survey source (var cx_survey_sources), one row per source row. The
-- connectors' surveys are the rows of the survey_map seed.
{{ config(materialized='view') }}

{{ union_sources('surveys', {
    'cx': 'stg_survey_platform__surveys',
    'qualtrics': 'stg_qualtrics__surveys',
    'zendesk': 'stg_zendesk__surveys',
}) }}
