"""The page itself: header, navigation, the sections in order, footer, the stylesheet (dashboard.css, shipped in
this package) and plotly.js inlined once, so the file opens from disk with nothing fetched."""
from __future__ import annotations

import html
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go

from cx_tools.dashboard.queries import Marts
from cx_tools.dashboard.sections import Section, build_sections
from cx_tools.stamps import file_state, utc_text

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
STYLESHEET = "dashboard.css"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The page's CSS, read from dashboard.css beside this module (inlined in the page, never linked)."""
    return resources.files(__package__).joinpath(STYLESHEET).read_text(encoding="utf-8")


def build_stamp(duckdb_path: Path, built_at: datetime | None = None) -> str:
    """`(file modified ...), built <time> UTC`: when the page was drawn from the warehouse, and the file's age."""
    return f"({file_state(duckdb_path)}), built {utc_text(built_at)}"


def _body(sections: list[Section]) -> tuple[str, str]:
    """The navigation links and the <section> elements; plotly.js goes with the first figure only."""
    parts: list[str] = []
    nav: list[str] = []
    first_figure = True
    for i, section in enumerate(sections):
        anchor = f"section-{i + 1}"
        nav.append(f'<a href="#{anchor}">{html.escape(section.title.split(",")[0])}</a>')
        body = [f'<h2>{html.escape(section.title)}</h2>', f'<p class="intro">{html.escape(section.intro)}</p>']
        for block in section.blocks:
            if isinstance(block, go.Figure):
                body.append(block.to_html(
                    full_html=False, include_plotlyjs=first_figure, include_mathjax=False, config=PLOTLY_CONFIG,
                ))
                first_figure = False
            else:
                body.append(block)
        parts.append(f'<section id="{anchor}">{"".join(body)}</section>')
    if not parts:
        parts.append("<section><h2>No marts found</h2><p>Build the project first (dbt build).</p></section>")
    return "".join(nav), "".join(parts)


def render(sections: list[Section], source: str, data_through: Any, built: str = "") -> str:
    """The page: every figure a plotly div; plotly.js inlined once, before the first figure. `source` names the
    warehouse file, `built` when the page was drawn from it (build_stamp)."""
    nav, parts = _body(sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer experience dashboard</title>
<style>
{stylesheet()}</style>
</head>
<body>
<header>
<h1>Customer experience: NPS, CES, CSAT</h1>
<p>Customer answers through {html.escape(str(data_through))} · from the marts of
<code id="cx-warehouse">{html.escape(source)}</code> <span id="cx-built">{html.escape(built)}</span></p>
</header>
<nav>{nav}</nav>
<main>
{parts}
</main>
<footer>Static page written by <code>python -m cx_tools.dashboard</code> (make dashboard) from
<code>{html.escape(source)}</code>; every number is read from the marts; metric definitions are in the dbt docs
(make docs).</footer>
</body>
</html>
"""


def write_dashboard(duckdb_path: Path, out: Path) -> list[str]:
    """Write the page for the warehouse at `duckdb_path` to `out`; returns the titles of the sections drawn."""
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        marts = Marts(con)
        sections = build_sections(marts)
        data_through = marts.as_of_date()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(sections, str(duckdb_path.resolve()), data_through, build_stamp(duckdb_path)),
                   encoding="utf-8")
    return [s.title for s in sections]
