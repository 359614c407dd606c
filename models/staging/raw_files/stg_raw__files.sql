-- One row per raw file read from CX_RAW_DIR, with its physical record count (macros/raw/raw_files.sql): the raw
-- side of audit_row_counts, counted independently of the reader that staging uses. A file the delivery ledger
-- holds unchanged (same size and modification time) keeps the count it was judged with and is not opened again.
{{ config(materialized='table') }}

{{ select_raw_files(judged=judged_raw_files()) }}
