-- Tickets of the helpdesk source (var cx_helpdesk_source), one row per source row.
{{ config(materialized='view') }}

{{ union_sources('tickets', {
    'cx': 'stg_helpdesk__tickets',
    'zendesk': 'stg_zendesk__tickets',
}) }}
