"""Print the headline table: NPS, CES and CSAT by programme and touchpoint for the latest quarter.

Reads `marts.fct_cx_scores` only (no metric is computed here) from the DuckDB warehouse, opened read-only.

    python -m cx_tools.headline --duckdb target/cx.duckdb
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
        nps_moe_95,
        ces_avg,
        csat_pct
    from marts.fct_cx_scores
    where period_grain = 'quarter'
        and period_start = (
            select max(period_start) from marts.fct_cx_scores where period_grain = 'quarter'
        )
    order by program, touchpoint
"""

COLUMNS = ["program", "touchpoint", "responses", "NPS n", "NPS", "± (95%)", "CES (1-7)", "CSAT %"]


def _fmt(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def headline_rows(duckdb_path: Path) -> tuple[str | None, list[tuple]]:
    """The latest quarter's start date and its rows from fct_cx_scores."""
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        rows = con.execute(HEADLINE_SQL).fetchall()
        quarter = con.execute(
            "select max(period_start) from marts.fct_cx_scores where period_grain = 'quarter'"
        ).fetchone()[0]
    return (str(quarter) if quarter else None), rows


def render(quarter: str | None, rows: list[tuple]) -> str:
    if not rows:
        return "fct_cx_scores has no customer responses yet."
    cells = [
        [r[0], r[1], _fmt(r[2]), _fmt(r[3]), _fmt(r[4]), _fmt(r[5]), _fmt(r[6], 2), _fmt(r[7])] for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(COLUMNS)]
    numeric = range(2, len(COLUMNS))

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if i in numeric else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths)))

    out = [f"Customer experience, quarter starting {quarter}", line(COLUMNS), line(["-" * w for w in widths])]
    out += [line(c) for c in cells]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duckdb",
        type=Path,
        default=Path(os.environ.get("CX_DUCKDB_PATH", "target/cx.duckdb")),
        help="DuckDB warehouse file built by dbt (default: $CX_DUCKDB_PATH or target/cx.duckdb)",
    )
    args = parser.parse_args(argv)
    if not args.duckdb.exists():
        print(f"No warehouse at {args.duckdb}: run `make build` first.", file=sys.stderr)
        return 1
    quarter, rows = headline_rows(args.duckdb)
    print(render(quarter, rows))
    print(f"\nWarehouse: {args.duckdb.resolve()}  (schemas: marts, audit, staging, intermediate)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
