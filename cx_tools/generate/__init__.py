"""Deterministic synthetic raw data for the cx_metrics project.

Writes the six raw files of the contract (surveys, survey_invitations, survey_responses, tickets,
customers, agents) as RFC 4180 CSV. The same arguments always produce byte-identical files.

    python -m cx_tools.generate --responses 2000 --seed 7 --out data/sample --dirty-share 0.02

``--format parquet`` writes the same text as Parquet (every column VARCHAR, so the Parquet files hold
exactly the text the CSV holds); ``--layout parts`` writes each table as a folder of ``--parts`` part
files instead of one file (``survey_responses/part-00000.csv`` ...), split on row boundaries, each CSV part
with the header.

Two engines (``--engine``) write the same contract, shape and kinds of defects:

- ``python``, the default up to ``FAST_ENGINE_THRESHOLD`` (200,000) responses: ``python_engine``, row by
  row, standard library only for CSV (Parquet is the CSV converted with the duckdb package), about 6k
  responses/s. It wrote the committed sample and the test fixtures, and keeps writing them byte for byte.
- ``fast``, the default above: ``duckdb_engine``, one DuckDB ``COPY (SELECT ...) TO`` per output
  file over row numbers, every value a hash-based function of (seed, table, row number). It streams
  (nothing is held in Python), uses every core, writes CSV or Parquet directly in either layout and is
  deterministic too (same arguments, same CSV bytes): 10M responses with their tickets, invitations and
  customers in well under 2 minutes on 2 cores, within 4 GB. Its rows are not the Python engine's rows
  (other random numbers; response k answers one invitation of the k-th of N equal slices of the
  invitations instead of selection sampling; a copy follows its original by 1-40 rows, but the first row
  of a file is never copied; "unknown" ids are numbered past the last real one); see its docstring.

Shape (clean rows, before any dirty extras): 12 surveys, 40 agents, customers = max(1, round(N/4)),
tickets = max(1, round(0.6 N)), invitations = max(N, round(2.5 N)), responses = N. Every response
answers one invitation of the same survey and customer (Python engine: selection sampling over the
invitation stream, so neither responses nor invitations are held in memory); responses to the support
and agent surveys reference the ticket their invitation was sent for; employee (eNPS) responses carry an
employee_id (an agent_id) and no customer_id.

With ``--dirty-share F`` about a share F of the rows of each file gets one defect drawn from a
per-file list (``DEFECTS``: missing id, bad timestamps, unknown survey, exact duplicate, edited duplicate
with a later _loaded_at, re-submitted answer, non-integer / out-of-range / padded scores, unknown
references, bad booleans, messy text, ...). Defects that add rows (duplicates) add them a few rows
later in the same file, so raw row counts exceed the clean counts above.

The package:

- ``spec``: what both engines share (sizes, surveys, value distributions, dirty-case definitions, argument rules);
- ``python_engine``: ``generate()``, the row-by-row engine (CSV files);
- ``duckdb_engine``: ``generate_fast()``, the vectorised engine (every format and layout directly);
- ``layout``: the Python engine's CSV folder as Parquet and/or part files (``write_layout``);
- ``connectors``: the same data as the Qualtrics and Zendesk tables Fivetran lands (``--shape``);
- ``cli`` (and ``__main__``): the command line.

The engines' and the specification's names are re-exported here (``from cx_tools.generate import generate``);
the command line's come from ``cx_tools.generate.cli``, which sits on top of the others.
"""
from __future__ import annotations

from cx_tools.generate.duckdb_engine import FastGenerator, generate_fast
from cx_tools.generate.layout import FORMATS, LAYOUTS, csv_to_parquet, split_csv, write_layout
from cx_tools.generate.python_engine import TableWriter, fmt_loaded, fmt_ts, generate
from cx_tools.generate.spec import (AGE_BANDS, BAD_BOOLEANS, BAD_DATES, BAD_TIMESTAMPS, COMMON_DEFECTS, COUNTRIES, DAY,
                                    DEFECTS, EXTRA_ROW_DEFECTS, FIRST, FOLLOW_UP, GENDERS, HOUR, I_CHANNELS,
                                    IMPROVEMENTS, INCOME_BANDS, LAST, MAX_COPY_DISTANCE, MESSY_TEXTS, N_AGENTS,
                                    NON_INTEGERS, NPS_W, PLANS, PRIORITIES, REASONS, STATUSES, SURVEYS, T_CHANNELS,
                                    TEAMS, check_arguments, table_sizes)

__all__ = [
    # engines
    "generate", "generate_fast", "FastGenerator", "TableWriter", "fmt_ts", "fmt_loaded",
    # formats and layouts
    "FORMATS", "LAYOUTS", "csv_to_parquet", "split_csv", "write_layout",
    # the shared specification
    "AGE_BANDS", "BAD_BOOLEANS", "BAD_DATES", "BAD_TIMESTAMPS", "COMMON_DEFECTS", "COUNTRIES", "DAY", "DEFECTS",
    "EXTRA_ROW_DEFECTS", "FIRST", "FOLLOW_UP", "GENDERS", "HOUR", "I_CHANNELS", "IMPROVEMENTS", "INCOME_BANDS",
    "LAST", "MAX_COPY_DISTANCE", "MESSY_TEXTS", "N_AGENTS", "NON_INTEGERS", "NPS_W", "PLANS", "PRIORITIES",
    "REASONS", "STATUSES", "SURVEYS", "T_CHANNELS", "TEAMS", "check_arguments", "table_sizes",
]
