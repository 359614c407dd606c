"""Great Expectations checks on the DuckDB warehouse, kept as code.

- `suites.py`   builds the GX 1.x ExpectationSuites: one per raw source table and one per table of schema `marts`.
                Tables and key columns are discovered from the warehouse and the dbt manifest; value rules come from
                column names, so a mart added later is covered without editing this package.
- `checkpoint.py` reads each table into pandas (DuckDB opened read-only), runs one checkpoint per suite on an
                ephemeral GX context, writes Data Docs (HTML) and prints a one-line summary per suite.

Run it with `make validate` or `python -m cx_tools.validation --help`.
"""
