"""Write the static customer-experience dashboard: one self-contained HTML page that opens from disk, offline.

Reads the marts only, from the DuckDB warehouse opened read-only; no metric is computed here (NPS, CES, CSAT, their
95 % intervals, the verdicts against target, response rates, agent ranks, theme lifts and the completeness of each
period all come from the marts as they are). plotly.js is inlined in the page, so nothing is fetched when it opens.

One job per module:

- ``queries``: every SQL statement, against the marts schema (``Marts``), and the columns each section needs
- ``formatting``: how a mart value is written (numbers, intervals, escaping, verdict labels)
- ``figures``: the plotly figures; intervals from the marts' *_lower_95 / *_upper_95 columns only, never a
  zero-width band
- ``tables``: the HTML tables, captions and notes of the sections
- ``sections``: the sections in page order, each drawn only when its mart (and the columns it needs) exists
- ``page``: the page (header and footer name the warehouse file and when it was built) and ``dashboard.css``
- ``cli`` / ``__main__``: the command line

    python -m cx_tools.dashboard --duckdb target/cx.duckdb --out target/dashboard/index.html
"""
from __future__ import annotations

from cx_tools.dashboard.cli import main
from cx_tools.dashboard.formatting import score_verdict
from cx_tools.dashboard.page import build_stamp, render, write_dashboard
from cx_tools.dashboard.queries import SCHEMA, SCORES, Marts, Row, Score
from cx_tools.dashboard.sections import (SECTIONS, Section, agents_section, build_sections, follow_up_section,
                                         programs_section, response_rates_section, scorecard_section,
                                         themes_section, trends_section)

__all__ = [
    "SCHEMA", "SCORES", "SECTIONS", "Marts", "Row", "Score", "Section", "agents_section", "build_sections",
    "build_stamp", "follow_up_section", "main", "programs_section", "render", "response_rates_section",
    "score_verdict", "scorecard_section", "themes_section", "trends_section", "write_dashboard",
]
