-- The delivery ledger: every raw file the warehouse has judged, with its size, modification time and record
-- count when it was judged, and the run that judged it. A judged file must not change: its rows are identified
-- by their place in it, so before every incremental run check_raw_files compares the folder with this ledger
-- and stops on a judged file that was rewritten or removed (a full refresh rebuilds the ledger).
-- Built after the audit row counts, so a file is recorded only by a run that judged and reconciled it.
{{ config(**incremental_config(unique_key=['source_table', 'file_name'])) }}

with

raw_files as (
    select * from {{ ref('stg_raw__files') }}
),

reconciled_tables as (
    select
        source_system,
        source_table
    from {{ ref('audit_row_counts') }}
),

-- A connector's other tables (question_response, ticket_comment, ...) are judged with its audited ones.
reconciled_systems as (
    select distinct source_system
    from reconciled_tables
),

final as (
    select
        coalesce(reconciled_tables.source_system, reconciled_systems.source_system) as source_system,
        raw_files.source_table,
        raw_files.file_name,
        raw_files.file_path,
        raw_files.file_format,
        raw_files.size_bytes,
        raw_files.modified_at,
        raw_files.physical_records,
        '{{ invocation_id }}' as judged_by_invocation_id,
        {{ batch_at() }} as _batch_at
    from raw_files
    left join reconciled_tables
        on raw_files.source_table = reconciled_tables.source_table
    left join reconciled_systems
        on raw_files.source_table like reconciled_systems.source_system || '.%'
    where reconciled_tables.source_table is not null or reconciled_systems.source_system is not null
)

select * from final
{% if is_incremental() -%}
-- Incremental: only the files not judged yet (a judged file that changed has stopped the run).
where not exists (
    select 1
    from {{ this }} as judged
    where
        judged.source_table = final.source_table
        and judged.file_name = final.file_name
)
{%- endif %}
