"""Print the headline table: NPS, CES and CSAT by programme and touchpoint for the latest complete quarter
(is_complete_period: the data covers the whole quarter), each with its 95% interval.

Reads `marts.fct_cx_scores` only (no metric is computed here) from the DuckDB warehouse, opened read-only, and
prints the table to stdout (a row marked `low n` has fewer than 30 answers: read its interval, not the point).
Writes nothing.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

HEADLINE_SQL = """
    select
        program,
        touchpoint,
        responses,
        nps_responses,
        nps,
        nps_lower_95,
        nps_upper_95,
        ces_avg,
        ces_lower_95,
        ces_upper_95,
        csat_pct,
        csat_lower_95,
        csat_upper_95,
        is_low_sample
    from marts.fct_cx_scores
    where period_grain = 'quarter'
        and period_start = ?
    order by program, touchpoint
"""
LATEST_COMPLETE_QUARTER_SQL = """
    select max(period_start) from marts.fct_cx_scores where period_grain = 'quarter' and is_complete_period
"""

EPILOG = """\
exit status: 0 when the table was printed (also when no quarter is complete yet: it says so); 1 when there is no
warehouse at --duckdb (build it first: make build); 2 on bad arguments.

examples:
  python -m cx_tools.headline --duckdb target/cx.duckdb
  CX_DUCKDB_PATH=/data/cx.duckdb python -m cx_tools.headline
  make headline                                            # the same through make (CX_DUCKDB_PATH's warehouse)
"""
COLUMNS = ["program", "touchpoint", "responses", "NPS n", "NPS", "95% interval", "CES (1-7)", "95% interval",
           "CSAT %", "95% interval", ""]


def _fmt(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _interval(lower: object, upper: object, digits: int = 1) -> str:
    return "–" if lower is None or upper is None else f"{lower:.{digits}f}..{upper:.{digits}f}"


def headline_rows(duckdb_path: Path) -> tuple[str | None, list[tuple]]:
    """The latest complete quarter's start date and its rows from fct_cx_scores."""
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        quarter = con.execute(LATEST_COMPLETE_QUARTER_SQL).fetchone()[0]
        rows = con.execute(HEADLINE_SQL, [quarter]).fetchall() if quarter else []
    return (str(quarter) if quarter else None), rows


def render(quarter: str | None, rows: list[tuple]) -> str:
    if not rows:
        return "fct_cx_scores has no complete quarter of customer responses yet."
    cells = [
        [r[0], r[1], _fmt(r[2]), _fmt(r[3]), _fmt(r[4]), _interval(r[5], r[6]), _fmt(r[7], 2),
         _interval(r[8], r[9], 2), _fmt(r[10]), _interval(r[11], r[12]), "low n" if r[13] else ""]
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(COLUMNS)]
    numeric = range(2, len(COLUMNS))

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if i in numeric else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths)))

    out = [f"Customer experience, latest complete quarter, starting {quarter}", line(COLUMNS).rstrip(),
           line(["-" * w for w in widths])]
    out += [line(c).rstrip() for c in cells]
    out.append("low n: fewer than 30 answers (cx_min_responses_for_inference); read the interval, not the point.")
    return "\n".join(out)


def parser() -> argparse.ArgumentParser:
    """The argument parser (its --help describes every option)."""
    result = argparse.ArgumentParser(prog="python -m cx_tools.headline", description=__doc__, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument(
        "--duckdb",
        type=Path,
        metavar="PATH",
        default=Path(os.environ.get("CX_DUCKDB_PATH", "target/cx.duckdb")),
        help="DuckDB warehouse file built by dbt, opened read-only (default: $CX_DUCKDB_PATH, else "
             "target/cx.duckdb)",
    )
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the headline table of the warehouse the command line names; returns the exit status (see EPILOG)."""
    args = parser().parse_args(argv)
    if not args.duckdb.exists():
        print(f"No warehouse at {args.duckdb}: run `make build` first.", file=sys.stderr)
        return 1
    quarter, rows = headline_rows(args.duckdb)
    print(render(quarter, rows))
    print(f"\nWarehouse: {args.duckdb.resolve()}  (schemas: marts, audit, staging, intermediate, restricted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
