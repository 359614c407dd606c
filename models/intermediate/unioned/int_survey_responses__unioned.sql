-- Responses of every selected survey source (var cx_survey_sources), one row per source row; Zendesk's
-- satisfaction ratings are responses too.
{{ config(materialized='view') }}

{{ union_sources('survey_responses', {
    'cx': 'stg_survey_platform__survey_responses',
    'qualtrics': 'stg_qualtrics__survey_responses',
    'zendesk': 'stg_zendesk__survey_responses',
}) }}
