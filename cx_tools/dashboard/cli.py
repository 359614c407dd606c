"""The command line: `python -m cx_tools.dashboard --duckdb target/cx.duckdb --out target/dashboard/index.html`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cx_tools.dashboard.page import write_dashboard

DEFAULT_DUCKDB = "target/cx.duckdb"
DEFAULT_OUT = "target/dashboard/index.html"

EPILOG = """\
The page reads the marts schema only, one section per mart it finds
(fct_cx_scores_vs_target, fct_cx_scores, fct_response_rates, fct_agent_scores,
fct_detractor_follow_up, fct_response_themes); a section whose mart, or a column
it needs, is missing is left out. Every number comes from the marts as they
are. plotly.js and the stylesheet are inlined, so the page opens from disk
offline; its header and footer name the warehouse file and when it was built.

exit status: 0 when the page was written, 1 when there is no warehouse at --duckdb.

example:
  python -m cx_tools.dashboard --duckdb target/cx.duckdb --out target/dashboard/index.html
"""


def parser() -> argparse.ArgumentParser:
    """The argument parser (its --help describes every option)."""
    result = argparse.ArgumentParser(
        prog="python -m cx_tools.dashboard",
        description="Write the static, self-contained CX dashboard (one HTML file) from the marts of a warehouse.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    result.add_argument(
        "--duckdb", type=Path, metavar="PATH", default=Path(os.environ.get("CX_DUCKDB_PATH", DEFAULT_DUCKDB)),
        help=f"DuckDB warehouse to read (opened read-only; built by `make build`); default $CX_DUCKDB_PATH, "
             f"else {DEFAULT_DUCKDB}",
    )
    result.add_argument(
        "--out", type=Path, metavar="FILE", default=Path(DEFAULT_OUT),
        help=f"HTML file to write (its folder is created; an existing file is replaced); default {DEFAULT_OUT}",
    )
    return result


def main(argv: list[str] | None = None) -> int:
    """Write the page; prints where, and the sections drawn. Returns the exit status."""
    args = parser().parse_args(argv)
    if not args.duckdb.exists():
        print(f"No warehouse at {args.duckdb}: run `make build` (or dbt build) first.", file=sys.stderr)
        return 1
    titles = write_dashboard(args.duckdb, args.out)
    print(f"Wrote {args.out} ({len(titles)} sections: {'; '.join(titles)})")
    return 0
