-- Customers of the helpdesk source (var cx_helpdesk_source), one row per source row.
{{ config(materialized='view') }}

{{ union_sources('customers', {
    'cx': 'stg_helpdesk__customers',
    'zendesk': 'stg_zendesk__customers',
}) }}
