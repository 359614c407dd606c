-- Invitations of every selected survey source (var cx_survey_sources), one row per source row.
{{ config(materialized='view') }}

{{ union_sources('survey_invitations', {
    'cx': 'stg_survey_platform__survey_invitations',
    'qualtrics': 'stg_qualtrics__survey_invitations',
    'zendesk': 'stg_zendesk__survey_invitations',
}) }}
