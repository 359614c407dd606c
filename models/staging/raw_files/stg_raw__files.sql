-- One row per raw file read from CX_RAW_DIR, with its physical record count (macros/raw/raw_files.sql): the raw
-- side of audit_row_counts, counted independently of the reader that staging uses.
{{ config(materialized='table') }}

{{ select_raw_files() }}
