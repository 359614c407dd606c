-- Agents of the helpdesk source (var cx_helpdesk_source), one row per source row.
{{ config(materialized='view') }}

{{ union_sources('agents', {
    'cx': 'stg_helpdesk__agents',
    'zendesk': 'stg_zendesk__agents',
}) }}
