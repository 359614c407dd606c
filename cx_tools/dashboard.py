"""Write the static customer-experience dashboard: one self-contained HTML page that opens from disk, offline.

Reads the marts only, from the DuckDB warehouse opened read-only; no metric is computed here (NPS, CES, CSAT, their
95 % intervals, the verdicts against target, response rates, agent ranks, theme lifts and the completeness of each
period all come from the marts as they are). plotly.js is inlined in the page, so nothing is fetched when it opens.

Sections, each drawn only when its mart (and the columns it needs) exists:

- scorecard of the latest complete quarter against targets, each score with its 95 % interval and a verdict
  judged against that interval (fct_cx_scores_vs_target)
- NPS, CES and CSAT by touchpoint and month, with 95 % interval bands (fct_cx_scores)
- relational vs transactional touchpoints side by side, by quarter, with 95 % interval error bars (fct_cx_scores)
- response rates by touchpoint and channel, customer surveys and employee surveys apart (fct_response_rates)
- agent leaderboard, best by the lower bound and worst by the upper bound of CSAT (fct_agent_scores)
- the call list of detractors awaiting follow-up (fct_detractor_follow_up)
- themes ranked by detractor lift (fct_response_themes)

Intervals are drawn from the marts' *_lower_95 / *_upper_95 columns only: a row without an interval gets no band,
and no band is ever drawn with zero width. A chart showing a period that is not complete yet (is_complete_period)
says so in a caption.

The header (and footer) name the warehouse file the page was drawn from, and when.

    python -m cx_tools.dashboard --duckdb target/cx.duckdb --out target/dashboard/index.html
"""
from __future__ import annotations

import argparse
import html
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cx_tools.stamps import file_state, utc_text

SCHEMA = "marts"
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a",
)
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
# Fixed y ranges, so an interval wider than the scale does not squash the line.
AXIS_RANGES = {"nps": [-105, 105], "ces_avg": [0.8, 7.2], "csat_pct": [-3, 103]}


@dataclass(frozen=True)
class Score:
    key: str          # nps | ces | csat: the prefix of the mart's columns
    label: str
    column: str       # the point estimate
    count: str        # the answers behind it
    lower: str
    upper: str
    digits: int


SCORES = (
    Score("nps", "NPS", "nps", "nps_responses", "nps_lower_95", "nps_upper_95", 1),
    Score("ces", "CES (1-7)", "ces_avg", "ces_responses", "ces_lower_95", "ces_upper_95", 2),
    Score("csat", "CSAT %", "csat_pct", "csat_responses", "csat_lower_95", "csat_upper_95", 1),
)
# Verdict of a score against its target, judged against the score's own 95 % interval (fct_cx_scores_vs_target).
VERDICTS = {
    "on_target": ("on target", "ok"),
    "beyond_interval": ("below target, beyond its interval", "bad"),
    "inside_interval": ("below target, inside its interval", "warn"),
    "no_interval": ("no interval (n too small)", "muted"),
    "no_target": ("no target", "muted"),
    "no_answers": ("no answers", "muted"),
}
VERDICT_COLOURS = {"ok": "#2ca02c", "bad": "#d62728", "warn": "#ff7f0e", "muted": "#7f7f7f"}
UNRANKED_REASONS = {
    "too_few_ratings": "too few CSAT ratings (fewer than the agent_min_ratings threshold)",
    "no_ratings": "no CSAT ratings",
    "unknown_agent": "tickets without a known agent",
}
SUPPRESSED_TEXT = "suppressed (fewer than 5 answered)"


Row = dict[str, Any]


class Marts:
    """Read-only access to the marts schema of a DuckDB warehouse."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._columns: dict[str, set[str]] = {}
        for table, column in con.execute(
            "select table_name, column_name from information_schema.columns where table_schema = ?", [SCHEMA]
        ).fetchall():
            self._columns.setdefault(table, set()).add(column)
        self._as_of: Any = ...

    def touchpoint_colours(self) -> dict[str, str]:
        """One colour per touchpoint of fct_cx_scores, the same in every chart."""
        if not self.has("fct_cx_scores", ["touchpoint"]):
            return {}
        touchpoints = [r[0] for r in self.con.execute(f"select distinct touchpoint from {SCHEMA}.fct_cx_scores").fetchall()]
        return _colour_map(touchpoints)

    def has(self, table: str, columns: Sequence[str] = ()) -> bool:
        return table in self._columns and set(columns) <= self._columns[table]

    def columns(self, table: str) -> set[str]:
        return self._columns.get(table, set())

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        result = self.con.execute(sql, list(params))
        names = [d[0] for d in result.description]
        return [dict(zip(names, values)) for values in result.fetchall()]

    def reporting_period(self, table: str, grain: str = "quarter") -> tuple[Any, bool]:
        """The latest complete period of `grain` in `table` (is_complete_period) and True; when no period of that
        grain is complete yet, the latest one and False. (None, False) when the table has no row of that grain."""
        latest_complete, latest = self.con.execute(
            f"select max(period_start) filter (where is_complete_period), max(period_start) "
            f"from {SCHEMA}.{table} where period_grain = ?", [grain]
        ).fetchone()
        return (latest_complete, True) if latest_complete is not None else (latest, False)

    def as_of_date(self) -> Any:
        """The last day the data covers, as the marts publish it (as_of_date), else the latest day of fct_cx_scores."""
        if self._as_of is ...:
            self._as_of = None
            for table in ("fct_detractor_follow_up", "fct_customer_loyalty"):
                if self.has(table, ["as_of_date"]):
                    self._as_of = self.con.execute(f"select max(as_of_date) from {SCHEMA}.{table}").fetchone()[0]
                    if self._as_of is not None:
                        break
            if self._as_of is None and self.has("fct_cx_scores", ["period_grain", "period_start"]):
                self._as_of = self.con.execute(
                    f"select max(period_start) from {SCHEMA}.fct_cx_scores where period_grain = 'day'"
                ).fetchone()[0]
        return self._as_of


@dataclass
class Section:
    title: str
    intro: str
    # The section's body in order: HTML strings and plotly figures.
    blocks: list[str | go.Figure] = field(default_factory=list)

    @property
    def figures(self) -> list[go.Figure]:
        return [b for b in self.blocks if isinstance(b, go.Figure)]

    @property
    def html_blocks(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    def add_figure(self, fig: go.Figure, caption: str | None = None) -> None:
        if caption:
            self.blocks.append(caption)
        self.blocks.append(fig)

    def add_html(self, block: str) -> None:
        self.blocks.append(block)


def _fmt(value: Any, digits: int = 1, suffix: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}{suffix}"
    return f"{value}{suffix}"


def _interval(lower: Any, upper: Any, digits: int = 1) -> str:
    if lower is None or upper is None:
        return "no interval"
    return f"{_fmt(lower, digits)} – {_fmt(upper, digits)}"


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _name(value: Any) -> str:
    """An identifier such as support_interaction, escaped, free to wrap after its underscores."""
    return _esc(value).replace("_", "_<wbr>")


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _colour_map(keys: Sequence[str]) -> dict[str, str]:
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(sorted(set(keys)))}


def _pct(share: float | None) -> float | None:
    """A 0-1 share from a mart as percent, for display."""
    return None if share is None else 100.0 * share


def _style(fig: go.Figure, height: int, title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        height=height,
        autosize=True,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        template="plotly_white",
        hoverlabel={"namelength": -1},
        legend={"orientation": "h", "y": -0.08},
    )
    fig.update_yaxes(automargin=True)
    return fig


def _has_interval(lower: Any, upper: Any) -> bool:
    """A drawable interval: both bounds known and apart (a zero-width band is never drawn)."""
    return lower is not None and upper is not None and upper > lower


def _error_bar(value: float, lower: float, upper: float) -> tuple[float, float]:
    """Asymmetric error-bar lengths (up, down) from the mart's bounds, clamped at 0 when the point estimate lies
    outside its adjusted interval (n = 1): the bar then runs from the estimate to the far bound."""
    return max(0.0, upper - value), max(0.0, value - lower)


def _error_trace(points: Sequence[Row], value: str, lower: str, upper: str, colour: str, meta: dict[str, Any],
                 horizontal: bool = False, category: Callable[[Row], Any] | None = None,
                 position: str = "period_start", marker: dict[str, Any] | None = None,
                 key: Callable[[Row], list[Any]] | None = None) -> go.Scatter | None:
    """The error bars of the points that have a drawable interval, as their own scatter trace (plotly draws a
    zero-length bar for a missing error value, so rows without an interval are left out instead)."""
    shown = [p for p in points if p[value] is not None and _has_interval(p[lower], p[upper])]
    if not shown:
        return None
    bars = [_error_bar(p[value], p[lower], p[upper]) for p in shown]
    error = {"type": "data", "symmetric": False, "array": [b[0] for b in bars], "arrayminus": [b[1] for b in bars],
             "thickness": 1.2, "width": 3, "color": colour}
    where = [category(p) if category else p[position] for p in shown]
    values = [p[value] for p in shown]
    trace = go.Scatter(
        x=values if horizontal else where, y=where if horizontal else values, mode="markers",
        marker=marker or {"size": 5, "color": colour}, hoverinfo="skip", showlegend=False,
        name=f"{meta.get('label', '')} 95% interval", meta=meta,
        customdata=[key(p) for p in shown] if key else None,
    )
    if horizontal:
        trace.error_x = error
    else:
        trace.error_y = error
    return trace


def _band_trace(points: Sequence[Row], value: str, lower: str, upper: str, colour: str,
                meta: dict[str, Any]) -> tuple[go.Scatter | None, list[Row]]:
    """A filled 95 % band over each run of consecutive points with a drawable interval (one closed shape per run,
    runs split by a gap); returns it and the isolated points (a run of one) that need an error bar instead."""
    runs: list[list[Row]] = [[]]
    for p in points:
        if p[value] is not None and _has_interval(p[lower], p[upper]):
            runs[-1].append(p)
        elif runs[-1]:
            runs.append([])
    xs: list[Any] = []
    ys: list[Any] = []
    singles: list[Row] = []
    for run in runs:
        if len(run) == 1:
            singles.extend(run)
        elif len(run) > 1:
            if xs:
                xs.append(None)
                ys.append(None)
            xs += [p["period_start"] for p in run] + [p["period_start"] for p in run][::-1]
            ys += [p[upper] for p in run] + [p[lower] for p in run][::-1]
    if not xs:
        return None, singles
    return go.Scatter(
        x=xs, y=ys, fill="toself", fillcolor=_rgba(colour, 0.18), line={"width": 0}, mode="lines",
        hoverinfo="skip", showlegend=False, name=f"{meta.get('label', '')} 95% band", meta=meta,
    ), singles


def _incomplete_caption(marts: Marts, periods: Sequence[tuple[str, Any]]) -> str | None:
    """The caption naming the incomplete periods a chart shows: `periods` are its (grain, period_start) pairs whose
    row says is_complete_period = false."""
    unique = sorted(set(periods), key=lambda p: (str(p[1]), p[0]))
    if not unique:
        return None
    named = ", ".join(f"{grain.replace('_', ' ')} starting {start}" for grain, start in unique)
    as_of = marts.as_of_date()
    through = f" (data through {as_of})" if as_of is not None else ""
    label = "Incomplete period" if len(unique) == 1 else "Incomplete periods"
    data = " ".join(f"{grain}:{start}" for grain, start in unique)
    return f'<p class="caption incomplete" data-incomplete="{_esc(data)}">{label}: {html.escape(named)}{through}.</p>'


def _incomplete(rows: Sequence[Row], grain: str) -> list[tuple[str, Any]]:
    return [(grain, r["period_start"]) for r in rows if r.get("is_complete_period") is False]


# --------------------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------------------

def score_verdict(row: Row, score: Score) -> str:
    """The verdict key of one score of a fct_cx_scores_vs_target row, read from the mart's boolean columns."""
    if row.get(f"{score.key}_target") is None:
        return "no_target"
    on_target = row.get(f"is_{score.key}_on_target")
    if on_target is None:
        return "no_answers"
    if on_target:
        return "on_target"
    beyond = row.get(f"is_{score.key}_below_target_beyond_interval")
    if beyond is None:
        return "no_interval"
    return "beyond_interval" if beyond else "inside_interval"


SCORECARD_COLUMNS = ["period_grain", "period_start", "program", "touchpoint", "responses", "is_low_sample",
                     "is_complete_period"] + [
    column for s in SCORES for column in (
        s.column, s.count, s.lower, s.upper, f"{s.key}_target", f"is_{s.key}_on_target",
        f"is_{s.key}_below_target_beyond_interval",
    )
]


def scorecard_section(marts: Marts) -> Section | None:
    """The latest complete quarter against the targets of the cx_score_targets seed, each score with its interval."""
    table = "fct_cx_scores_vs_target"
    if not marts.has(table, SCORECARD_COLUMNS):
        return None
    quarter, complete = marts.reporting_period(table)
    if quarter is None:
        return None
    rows = marts.rows(
        f"select {', '.join(SCORECARD_COLUMNS)} from {SCHEMA}.{table} "
        "where period_grain = 'quarter' and period_start = ? order by program, touchpoint",
        [quarter],
    )
    if not rows:
        return None
    which = "latest complete quarter" if complete else "latest quarter (not complete yet)"
    section = Section(
        f"Scorecard, {which}, starting {quarter}",
        f"The {which} against target ({table}), each score with its 95 % interval (NPS: adjusted Wald, CES: t "
        "interval, CSAT: Wilson) and the number of answers behind it. A miss is \"beyond its interval\" when even "
        "the top of the interval is below target (not explained by sampling noise), \"inside its interval\" when "
        "the score is below target but the interval reaches it; \"no interval (n too small)\" when the mart "
        "publishes no interval. \"low n\": fewer than 30 answers, read the interval rather than the point.",
    )
    caption = _incomplete_caption(marts, _incomplete(rows, "quarter"))
    if caption:
        section.add_html(caption)
    section.add_html(_scorecard_table(rows))
    section.add_figure(_scorecard_figure(rows))
    return section


def _scorecard_table(rows: list[Row]) -> str:
    group_head = "".join(f'<th colspan="3" class="group">{html.escape(s.label)}</th>' for s in SCORES)
    sub_head = "".join('<th>score · 95% · n</th><th>target</th><th>verdict</th>' for _ in SCORES)
    head = (f'<tr><th rowspan="2" class="name">touchpoint</th><th rowspan="2">answers</th>{group_head}</tr>'
            f"<tr>{sub_head}</tr>")
    body = []
    for r in rows:
        cells = [
            f'<td class="name">{_name(r["touchpoint"])}<br><small>{_name(r["program"])}</small></td>',
            f'<td>{_fmt(r["responses"])}' + ('<br><small class="warn">low n</small>' if r["is_low_sample"] else "")
            + "</td>",
        ]
        for s in SCORES:
            value = r[s.column]
            score_cell = (
                "–" if value is None else
                f"<b>{_fmt(value, s.digits)}</b><br><small>{_interval(r[s.lower], r[s.upper], s.digits)}"
                f" · n={_fmt(r[s.count])}</small>"
            )
            verdict = score_verdict(r, s)
            text, css = VERDICTS[verdict]
            cells += [
                f'<td class="score" data-score="{s.key}">{score_cell}</td>',
                f'<td>{_fmt(r[f"{s.key}_target"], 0 if s.key != "ces" else 1)}</td>',
                f'<td class="verdict {css}" data-verdict="{verdict}" data-score="{s.key}" '
                f'data-program="{_esc(r["program"])}" data-touchpoint="{_esc(r["touchpoint"])}" '
                f'data-period-start="{_esc(r["period_start"])}">{html.escape(text)}</td>',
            ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="table-wrap"><table class="scorecard" id="scorecard"><thead>{head}</thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _scorecard_figure(rows: list[Row]) -> go.Figure:
    """NPS, CES and CSAT side by side: the score, its 95 % interval and the target, coloured by verdict."""
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[s.label for s in SCORES])
    label = lambda r: f"{r['touchpoint']} ({r['program']})"  # noqa: E731
    categories = [label(r) for r in rows]
    for col, s in enumerate(SCORES, start=1):
        shown = [r for r in rows if r[s.column] is not None]
        colours = [VERDICT_COLOURS[VERDICTS[score_verdict(r, s)][1]] for r in shown]
        bars = _error_trace(shown, s.column, s.lower, s.upper, "#555",
                            {"chart": "scorecard", "score": s.key, "label": s.label},
                            horizontal=True, category=label, marker={"size": 1, "color": "#555"},
                            key=lambda r: [r["program"], r["touchpoint"]])
        if bars is not None:
            fig.add_trace(bars, row=1, col=col)
        fig.add_trace(go.Scatter(
            x=[r[s.column] for r in shown], y=[label(r) for r in shown], mode="markers", showlegend=False,
            name=s.label, marker={"size": 10, "color": colours, "line": {"width": 1, "color": "#333"}},
            customdata=[[_interval(r[s.lower], r[s.upper], s.digits), r[s.count],
                         VERDICTS[score_verdict(r, s)][0]] for r in shown],
            hovertemplate=f"%{{y}}<br>{s.label} %{{x:.{s.digits}f}}<br>95%: %{{customdata[0]}}"
                          "<br>answers: %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        ), row=1, col=col)
        targets = [r for r in shown if r[f"{s.key}_target"] is not None]
        if targets:
            fig.add_trace(go.Scatter(
                x=[r[f"{s.key}_target"] for r in targets], y=[label(r) for r in targets], mode="markers",
                marker={"symbol": "line-ns-open", "size": 16, "line": {"width": 2}, "color": "#222"},
                name="target", showlegend=col == 1, hovertemplate="%{y}<br>target %{x}<extra></extra>",
            ), row=1, col=col)
        fig.update_xaxes(range=AXIS_RANGES.get(s.column), row=1, col=col)
    fig.update_yaxes(categoryorder="array", categoryarray=categories[::-1])
    fig.update_annotations(font_size=12)
    _style(fig, 150 + 30 * len(rows), "Scores with their 95% interval against target")
    fig.update_layout(margin={"l": 10, "r": 10})
    return fig


def trends_section(marts: Marts) -> Section | None:
    """NPS, CES and CSAT per touchpoint and month, with the mart's 95 % interval as a band."""
    if not marts.has("fct_cx_scores", ["period_grain", "period_start", "program", "touchpoint", "is_complete_period"]):
        return None
    columns = marts.columns("fct_cx_scores")
    section = Section(
        "Trends by touchpoint",
        "Monthly scores of customer answers per touchpoint (fct_cx_scores). The shaded band is the 95 % interval "
        "published by the mart (*_lower_95 to *_upper_95): a month-to-month move inside the band is noise. A month "
        "without an interval (too few answers, or no spread) has no band; a lone month with one has an error bar. "
        "An open marker is a month not complete yet.",
    )
    colours = marts.touchpoint_colours()
    for s in SCORES:
        if not {s.column, s.count, s.lower, s.upper} <= columns:
            continue
        rows = marts.rows(
            f"""
            select program, touchpoint, period_start, {s.column} as score, {s.count} as n,
                {s.lower} as low, {s.upper} as high, is_complete_period
            from {SCHEMA}.fct_cx_scores
            where period_grain = 'month' and {s.column} is not null
            order by program, touchpoint, period_start
            """
        )
        if not rows:
            continue
        panels = sorted({(r["program"], r["touchpoint"]) for r in rows})
        n_cols = 3
        n_rows = math.ceil(len(panels) / n_cols)
        fig = make_subplots(
            rows=n_rows, cols=n_cols, shared_xaxes=True, shared_yaxes=True, vertical_spacing=0.07,
            horizontal_spacing=0.04, subplot_titles=[f"{tp} ({prog})" for prog, tp in panels],
        )
        for i, (prog, tp) in enumerate(panels):
            pts = [r for r in rows if (r["program"], r["touchpoint"]) == (prog, tp)]
            row, col = i // n_cols + 1, i % n_cols + 1
            colour = colours[tp]
            meta = {"chart": "trends", "score": s.key, "program": prog, "touchpoint": tp, "label": tp}
            band, singles = _band_trace(pts, "score", "low", "high", colour, {**meta, "band": True})
            if band is not None:
                fig.add_trace(band, row=row, col=col)
            bars = _error_trace(singles, "score", "low", "high", colour, meta)
            if bars is not None:
                fig.add_trace(bars, row=row, col=col)
            fig.add_trace(go.Scatter(
                x=[r["period_start"] for r in pts], y=[r["score"] for r in pts], mode="lines+markers", name=tp,
                showlegend=False, line={"color": colour, "width": 2},
                marker={"size": 5, "color": colour,
                        "symbol": ["circle" if r["is_complete_period"] else "circle-open" for r in pts]},
                customdata=[[r["n"], _interval(r["low"], r["high"], s.digits),
                             "" if r["is_complete_period"] else "<br>incomplete month"] for r in pts],
                hovertemplate=(
                    f"<b>{tp}</b><br>%{{x|%b %Y}}<br>{s.label}: %{{y:.{s.digits}f}}<br>95%: %{{customdata[1]}}"
                    "<br>answers: %{customdata[0]}%{customdata[2]}<extra></extra>"
                ),
            ), row=row, col=col)
        fig.update_annotations(font_size=11)
        fig.update_yaxes(range=AXIS_RANGES.get(s.column))
        section.add_figure(_style(fig, 230 * n_rows + 90, f"{s.label} by touchpoint and month"),
                           _incomplete_caption(marts, _incomplete(rows, "month")))
    return section if section.figures else None


def programs_section(marts: Marts) -> Section | None:
    """Relational and transactional touchpoints side by side, by quarter, with 95 % interval error bars."""
    needed = ["period_grain", "period_start", "program", "touchpoint", "is_complete_period"] + [
        c for s in SCORES for c in (s.column, s.count, s.lower, s.upper)]
    if not marts.has("fct_cx_scores", needed):
        return None
    programs = ("relational", "transactional")
    score_columns = ", ".join(c for s in SCORES for c in (s.column, s.count, s.lower, s.upper))
    rows = marts.rows(
        f"""
        select program, touchpoint, period_start, is_complete_period, {score_columns}
        from {SCHEMA}.fct_cx_scores
        where period_grain = 'quarter' and program in ('relational', 'transactional')
        order by program, touchpoint, period_start
        """
    )
    if not rows:
        return None
    colours = marts.touchpoint_colours()
    titles = [
        f"{s.label} – {prog}" + ("" if any(r["program"] == prog and r[s.column] is not None for r in rows)
                                 else " (no answers on this scale)")
        for s in SCORES for prog in programs
    ]
    fig = make_subplots(
        rows=3, cols=2, shared_xaxes=True, vertical_spacing=0.08, horizontal_spacing=0.06, subplot_titles=titles,
    )
    for col, prog in enumerate(programs, start=1):
        touchpoints = sorted({r["touchpoint"] for r in rows if r["program"] == prog})
        for tp in touchpoints:
            pts = [r for r in rows if (r["program"], r["touchpoint"]) == (prog, tp)]
            for row, s in enumerate(SCORES, start=1):
                shown = [r for r in pts if r[s.column] is not None]
                if not shown:
                    continue
                bars = _error_trace(shown, s.column, s.lower, s.upper, colours[tp],
                                    {"chart": "programs", "score": s.key, "program": prog, "touchpoint": tp,
                                     "label": tp})
                if bars is not None:
                    fig.add_trace(bars, row=row, col=col)
                fig.add_trace(go.Scatter(
                    x=[r["period_start"] for r in shown], y=[r[s.column] for r in shown],
                    mode="lines+markers", name=tp, legendgroup=tp, showlegend=row == 1,
                    line={"color": colours[tp]},
                    marker={"color": colours[tp],
                            "symbol": ["circle" if r["is_complete_period"] else "circle-open" for r in shown]},
                    customdata=[[r[s.count], _interval(r[s.lower], r[s.upper], s.digits)] for r in shown],
                    hovertemplate=f"<b>{tp}</b><br>%{{x|%Y Q%q}}<br>{s.label}: %{{y:.{s.digits}f}}"
                    "<br>95%: %{customdata[1]}<br>answers: %{customdata[0]}<extra></extra>",
                ), row=row, col=col)
    fig.update_annotations(font_size=12)
    for row, s in enumerate(SCORES, start=1):
        fig.update_yaxes(range=AXIS_RANGES.get(s.column), row=row)
    section = Section(
        "Relational vs transactional",
        "Quarterly scores of the relational programme (how customers feel about us overall) beside the "
        "transactional one (how a given interaction went), per touchpoint; error bars are the mart's 95 % "
        "intervals (a quarter without one has none). Scores are not averaged across touchpoints: read each line "
        "on its own. An open marker is a quarter not complete yet.",
    )
    section.add_figure(_style(fig, 900, "Relational vs transactional, by quarter"),
                       _incomplete_caption(marts, _incomplete(rows, "quarter")))
    return section


RATE_COLUMNS = ["period_grain", "period_start", "audience", "program", "touchpoint", "channel", "invitations",
                "responded", "response_rate", "is_suppressed", "is_complete_period"]


def response_rates_section(marts: Marts) -> Section | None:
    """Response rates of the latest complete quarter: customer surveys as a heatmap, employee surveys apart."""
    if not marts.has("fct_response_rates", RATE_COLUMNS):
        return None
    quarter, complete = marts.reporting_period("fct_response_rates")
    if quarter is None:
        return None
    rows = marts.rows(
        f"""
        select {', '.join(RATE_COLUMNS)}
        from {SCHEMA}.fct_response_rates
        where period_grain = 'quarter' and period_start = ?
        order by audience, program, touchpoint, channel
        """,
        [quarter],
    )
    if not rows:
        return None
    which = "latest complete quarter" if complete else "latest quarter (not complete yet)"
    section = Section(
        f"Response rates, {which}, starting {quarter}",
        "Share of the invitations sent in the quarter that got at least one answer, per touchpoint and channel "
        "(fct_response_rates.response_rate); each cell shows the rate and how many of its invitations were "
        "answered. Employee surveys are shown apart from customer surveys: an employee group with fewer than 5 "
        "answers is suppressed by the mart to protect anonymity.",
    )
    caption = _incomplete_caption(marts, _incomplete(rows, "quarter"))
    customers = [r for r in rows if r["audience"] == "customer"]
    employees = [r for r in rows if r["audience"] == "employee"]
    if customers:
        section.add_figure(_rates_heatmap(customers), caption)
    if employees:
        if caption and not customers:
            section.add_html(caption)
        section.add_html(_employee_rates_table(employees))
    return section


def _rate_label(row: Row) -> str:
    return f"{row['program']} · {row['touchpoint']}"


def _rates_heatmap(rows: list[Row]) -> go.Figure:
    labels = sorted({_rate_label(r) for r in rows})
    channels = sorted({r["channel"] for r in rows})
    by_key = {(_rate_label(r), r["channel"]): r for r in rows}

    def cell(lab: str, ch: str) -> Row:
        return by_key.get((lab, ch), {})

    z = [[_pct(cell(lab, ch).get("response_rate")) for ch in channels] for lab in labels]
    text = [[
        "" if not cell(lab, ch) else
        f"{_fmt(_pct(cell(lab, ch)['response_rate']), 0, '%')}<br>{cell(lab, ch)['responded']} of "
        f"{cell(lab, ch)['invitations']}"
        for ch in channels] for lab in labels]
    custom = [[[cell(lab, ch).get("responded"), cell(lab, ch).get("invitations")] for ch in channels]
              for lab in labels]
    fig = go.Figure(go.Heatmap(
        z=z, x=channels, y=labels, customdata=custom, colorscale="Blues", zmin=0, zmax=100,
        text=text, texttemplate="%{text}", textfont={"size": 11}, name="customer",
        colorbar={"title": {"text": "response rate %"}, "thickness": 12},
        hovertemplate="%{y}<br>%{x}: %{z:.1f}%<br>%{customdata[0]} answered of %{customdata[1]} invitations"
                      "<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    return _style(fig, 140 + 36 * len(labels), "Customer surveys: response rate (answered of invitations)")


def _employee_rates_table(rows: list[Row]) -> str:
    labels = sorted({_rate_label(r) for r in rows})
    channels = sorted({r["channel"] for r in rows})
    by_key = {(_rate_label(r), r["channel"]): r for r in rows}
    head = '<tr><th class="name">employee survey</th>' + "".join(f"<th>{_name(ch)}</th>" for ch in channels) + "</tr>"
    body = []
    for lab in labels:
        cells = [f'<td class="name">{_name(lab)}<br><small>employee</small></td>']
        for ch in channels:
            r = by_key.get((lab, ch))
            if r is None:
                cells.append("<td>–</td>")
                continue
            attrs = (f'data-audience="employee" data-program="{_esc(r["program"])}" '
                     f'data-touchpoint="{_esc(r["touchpoint"])}" data-channel="{_esc(r["channel"])}" '
                     f'data-invitations="{_esc(r["invitations"])}" data-responded="{_esc(r["responded"])}" '
                     f'data-suppressed="{"true" if r["is_suppressed"] else "false"}"')
            if r["is_suppressed"]:
                cells.append(f'<td class="rate suppressed" {attrs}>{SUPPRESSED_TEXT}<br>'
                             f'<small>{r["invitations"]} invitations</small></td>')
            else:
                rate = r["response_rate"]
                shade = f' style="background:{_rgba("#1f77b4", 0.1 + 0.6 * rate)}"' if rate is not None else ""
                cells.append(f'<td class="rate" {attrs}{shade}>{_fmt(_pct(rate), 0, "%")}<br>'
                             f'<small>{_fmt(r["responded"])} of {r["invitations"]} answered</small></td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return ('<h3>Employee surveys (audience: employee)</h3>'
            '<div class="table-wrap"><table class="rates employee-rates" data-audience="employee">'
            f'<thead>{head}</thead><tbody>{"".join(body)}</tbody></table></div>')


AGENT_COLUMNS = ["period_grain", "period_start", "agent_id", "team", "csat_responses", "csat_pct", "csat_lower_95",
                 "csat_upper_95", "csat_best_rank", "csat_worst_rank", "unranked_reason", "is_complete_period"]


def agents_section(marts: Marts, top: int = 10) -> Section | None:
    """Fair agent ranks of the latest complete quarter (best by the lower bound of CSAT, worst by the upper bound),
    ranked agents only, and the same for the rolling 12 months for people with few ratings in a quarter."""
    if not marts.has("fct_agent_scores", AGENT_COLUMNS):
        return None
    quarter, complete = marts.reporting_period("fct_agent_scores")
    if quarter is None:
        return None
    which = "latest complete quarter" if complete else "latest quarter (not complete yet)"
    section = Section(
        f"Agent leaderboard, {which}, starting {quarter}",
        "Only ranked agents are listed (fct_agent_scores): the best by the lower bound of their 95 % CSAT "
        "interval (csat_best_rank), the worst by its upper bound (csat_worst_rank), so one perfect or one bad "
        f"rating neither tops nor sinks the list. Top {top} of each shown; the dot is the CSAT %, the bar its "
        "Wilson interval, n the CSAT ratings. Agents with few ratings in a quarter are ranked over the rolling "
        "12 months (period grain rolling_12_months) further down.",
    )
    grains = [("quarter", quarter, complete)]
    rolling, rolling_complete = marts.reporting_period("fct_agent_scores", "rolling_12_months")
    if rolling is not None:
        grains.append(("rolling_12_months", rolling, rolling_complete))
    for grain, start, is_complete in grains:
        rows = marts.rows(
            f"select {', '.join(AGENT_COLUMNS)} from {SCHEMA}.fct_agent_scores "
            "where period_grain = ? and period_start = ?", [grain, start],
        )
        unranked = marts.rows(
            f"""
            select unranked_reason, count(*) as agents
            from {SCHEMA}.fct_agent_scores
            where period_grain = ? and period_start = ? and unranked_reason is not null
            group by 1 order by 2 desc, 1
            """, [grain, start],
        )
        ranked = [r for r in rows if r["unranked_reason"] is None]
        period = ("this quarter" if grain == "quarter" else f"the rolling 12 months starting {start}")
        section.add_html(_unranked_line(period, grain, start, len(rows), unranked))
        if not ranked:
            section.add_html(f'<p class="note">No agent has enough CSAT ratings to be ranked in {period}.</p>')
            continue
        best = sorted(ranked, key=lambda r: (r["csat_best_rank"], r["agent_id"]))[:top]
        worst = sorted(ranked, key=lambda r: (r["csat_worst_rank"], r["agent_id"]))[:top]
        title = ("CSAT by agent, quarter" if grain == "quarter"
                 else "CSAT by agent, rolling 12 months (for people with few ratings in a quarter)")
        section.add_figure(_agents_figure(best, worst, grain, title),
                           _incomplete_caption(marts, [] if is_complete else [(grain, start)]))
    return section


def _unranked_line(period: str, grain: str, start: Any, total: int, unranked: list[Row]) -> str:
    count = sum(r["agents"] for r in unranked)
    reasons = "; ".join(
        f'{r["agents"]} {html.escape(UNRANKED_REASONS.get(r["unranked_reason"], r["unranked_reason"]))} '
        f'(<code>{_esc(r["unranked_reason"])}</code>)' for r in unranked
    )
    extra = ("" if grain != "quarter" or not count else
             " Agents with too few ratings in a quarter can be read on the rolling_12_months grain below.")
    return (f'<p class="note unranked" data-grain="{_esc(grain)}" data-period-start="{_esc(start)}" '
            f'data-unranked="{count}">{count} of {total} agents unranked in {html.escape(period)}'
            + (f": {reasons}." if reasons else ".") + html.escape(extra) + "</p>")


def _agents_figure(best: list[Row], worst: list[Row], grain: str, title: str) -> go.Figure:
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        row_heights=[max(len(best), 1), max(len(worst), 1)],
                        subplot_titles=["Best, by the lower bound of CSAT (csat_best_rank)",
                                        "Worst, by the upper bound of CSAT (csat_worst_rank)"])
    for row, (rank, agents, colour) in enumerate(
            (("csat_best_rank", best, "#2ca02c"), ("csat_worst_rank", worst, "#d62728")), start=1):
        label = lambda r, rank=rank: f"#{r[rank]} {r['agent_id']} · {r['team']} · n={r['csat_responses']}"  # noqa: E731
        bars = _error_trace(agents, "csat_pct", "csat_lower_95", "csat_upper_95", colour,
                            {"chart": "agents", "grain": grain, "rank": rank, "label": rank},
                            horizontal=True, category=label, marker={"size": 1, "color": colour},
                            key=lambda r: [r["agent_id"]])
        if bars is not None:
            fig.add_trace(bars, row=row, col=1)
        fig.add_trace(go.Scatter(
            x=[r["csat_pct"] for r in agents], y=[label(r) for r in agents], mode="markers", showlegend=False,
            marker={"size": 9, "color": colour, "symbol": "diamond"}, name=rank,
            customdata=[[_interval(r["csat_lower_95"], r["csat_upper_95"]), r["csat_responses"]] for r in agents],
            hovertemplate="%{y}<br>CSAT %{x:.1f}%<br>95%: %{customdata[0]}<br>ratings: %{customdata[1]}"
                          "<extra></extra>",
        ), row=row, col=1)
        fig.update_yaxes(autorange="reversed", row=row, col=1)
    fig.update_xaxes(range=[0, 102])
    fig.update_xaxes(title_text="CSAT % with its 95% interval", row=2, col=1)
    fig.update_annotations(font_size=12)
    return _style(fig, 170 + 28 * (len(best) + len(worst)), title)


FOLLOW_UP_COLUMNS = ["response_id", "customer_id", "ticket_id", "agent_id", "program", "touchpoint", "reason_text",
                     "nps_score", "days_since_answer", "submitted_date", "as_of_date"]


def follow_up_section(marts: Marts) -> Section | None:
    """The closed-loop call list: every detractor answer awaiting follow-up, one row each."""
    if not marts.has("fct_detractor_follow_up", FOLLOW_UP_COLUMNS):
        return None
    rows = marts.rows(
        f"select {', '.join(FOLLOW_UP_COLUMNS)} from {SCHEMA}.fct_detractor_follow_up "
        "order by days_since_answer desc, submitted_date, response_id"
    )
    as_of = max((r["as_of_date"] for r in rows if r["as_of_date"] is not None), default=None)
    section = Section(
        "Detractors to follow up",
        "The call list (fct_detractor_follow_up): detractor answers of customers who agreed to be contacted, "
        "longest waiting first" + (f", as of {as_of}." if as_of else "."),
    )
    section.add_html(
        f'<div class="kpi"><span class="kpi-value" id="follow-up-count">{len(rows)}</span>'
        '<span class="kpi-label">detractors awaiting follow-up</span></div>'
    )
    head = ('<tr><th class="name">touchpoint</th><th>NPS</th><th>days since answer</th><th>customer</th><th>ticket</th>'
            '<th>agent</th><th class="name">reason</th></tr>')
    body = "".join(
        f'<tr class="follow-up" data-response-id="{_esc(r["response_id"])}">'
        f'<td class="name">{_name(r["touchpoint"])}<br><small>{_name(r["program"])}</small></td>'
        f'<td>{_fmt(r["nps_score"])}</td><td>{_fmt(r["days_since_answer"])}'
        f'<br><small>{_esc(r["submitted_date"])}</small></td>'
        f'<td>{_esc(r["customer_id"]) or "–"}</td><td>{_esc(r["ticket_id"]) or "–"}</td>'
        f'<td>{_esc(r["agent_id"]) or "–"}</td><td class="text">{_esc(r["reason_text"]) or "–"}</td></tr>'
        for r in rows
    )
    if rows:
        section.add_html(f'<div class="table-wrap scroll"><table class="call-list" id="follow-up-list">'
                         f'<thead>{head}</thead><tbody>{body}</tbody></table></div>')
    else:
        section.add_html('<p class="note">Nobody to call: the list is empty.</p>')
    return section


THEME_COLUMNS = ["period_grain", "period_start", "theme", "answers", "nps_responses", "detractor_share",
                 "detractor_share_lower_95", "detractor_share_upper_95", "baseline_detractor_share", "detractor_lift",
                 "is_lift_significant", "detractor_mention_share", "promoter_mention_share", "is_low_sample",
                 "is_complete_period"]
SIGNIFICANCE = {True: ("significant", "bad", "#d62728"), False: ("not significant", "muted", "#1f77b4"),
                None: ("too few answers", "muted", "#aaaaaa")}


def themes_section(marts: Marts) -> Section | None:
    """Themes of the latest complete quarter ranked by detractor lift, with n and significance."""
    if not marts.has("fct_response_themes", THEME_COLUMNS):
        return None
    quarter, complete = marts.reporting_period("fct_response_themes")
    if quarter is None:
        return None
    rows = marts.rows(
        f"""
        select {', '.join(THEME_COLUMNS)}
        from {SCHEMA}.fct_response_themes
        where period_grain = 'quarter' and period_start = ?
        order by detractor_lift desc nulls last, theme
        """,
        [quarter],
    )
    if not rows:
        return None
    which = "latest complete quarter" if complete else "latest quarter (not complete yet)"
    section = Section(
        f"Theme impact, {which}, starting {quarter}",
        "What customers write about (fct_response_themes), ranked by detractor lift: the share of detractors among "
        "the answers mentioning the theme over that share among every answer with a reason (above 1: detractors "
        "raise it more than the average answer). Significant when the baseline lies outside the theme's 95 % "
        "interval; \"too few answers\" below 30 NPS answers mentioning the theme (n). In the chart, a red dot is a "
        "significant lift, blue not significant, grey too few answers; the bar is the 95 % interval of the detractor "
        "share and the black tick the baseline.",
    )
    label = lambda r: f"{r['theme']} (n={r['nps_responses']})"  # noqa: E731
    shown = [{**r, "share": _pct(r["detractor_share"]), "low": _pct(r["detractor_share_lower_95"]),
              "high": _pct(r["detractor_share_upper_95"]), "baseline": _pct(r["baseline_detractor_share"])}
             for r in rows if r["detractor_share"] is not None]
    caption = _incomplete_caption(marts, _incomplete(rows, "quarter"))
    section.add_html(_themes_table(rows))
    if shown:
        fig = go.Figure()
        bars = _error_trace(shown, "share", "low", "high", "#555", {"chart": "themes", "label": "detractor share"},
                            horizontal=True, category=label, marker={"size": 1, "color": "#555"},
                            key=lambda r: [r["theme"]])
        if bars is not None:
            fig.add_trace(bars)
        fig.add_trace(go.Scatter(
            x=[r["share"] for r in shown], y=[label(r) for r in shown], mode="markers", name="detractor share",
            marker={"size": 10, "color": [SIGNIFICANCE[r["is_lift_significant"]][2] for r in shown]},
            customdata=[[_fmt(r["detractor_lift"], 2), SIGNIFICANCE[r["is_lift_significant"]][0],
                         _interval(r["low"], r["high"])] for r in shown],
            hovertemplate="%{y}<br>detractor share %{x:.1f}% (95%: %{customdata[2]})<br>lift %{customdata[0]}, "
                          "%{customdata[1]}<extra></extra>",
        ))
        baselines = [r for r in shown if r["baseline"] is not None]
        fig.add_trace(go.Scatter(
            x=[r["baseline"] for r in baselines], y=[label(r) for r in baselines], mode="markers",
            name="baseline (every answer with a reason)",
            marker={"symbol": "line-ns-open", "size": 16, "line": {"width": 2}, "color": "#222"},
            hovertemplate="%{y}<br>baseline detractor share %{x:.1f}%<extra></extra>",
        ))
        fig.update_yaxes(categoryorder="array", categoryarray=[label(r) for r in shown][::-1])
        fig.update_xaxes(title_text="detractor share of the answers mentioning the theme (%)", rangemode="tozero")
        _style(fig, 200 + 30 * len(shown), "Themes by detractor lift: detractor share against the baseline")
        fig.update_layout(legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}, margin={"t": 90})
        section.add_figure(fig, caption)
    elif caption:
        section.add_html(caption)
    return section


def _themes_table(rows: list[Row]) -> str:
    head = ('<tr><th>#</th><th class="name">theme</th><th>detractor lift</th><th>significance</th><th>n (NPS answers)</th>'
            '<th>detractor share · 95%</th><th>baseline</th><th>share of detractors mentioning</th>'
            '<th>share of promoters mentioning</th></tr>')
    body = []
    for i, r in enumerate(rows, start=1):
        text, css, _ = SIGNIFICANCE[r["is_lift_significant"]]
        significance = {True: "true", False: "false", None: "null"}[r["is_lift_significant"]]
        body.append(
            f'<tr class="theme" data-theme="{_esc(r["theme"])}" data-significance="{significance}">'
            f'<td>{i}</td><td class="name">{_name(r["theme"])}</td><td>{_fmt(r["detractor_lift"], 2)}</td>'
            f'<td class="{css}">{text}</td><td>{_fmt(r["nps_responses"])}'
            + ('<br><small class="warn">low n</small>' if r["is_low_sample"] else "") + "</td>"
            f'<td>{_fmt(_pct(r["detractor_share"]), 0, "%")}<br><small>'
            f'{_interval(_pct(r["detractor_share_lower_95"]), _pct(r["detractor_share_upper_95"]), 0)}</small></td>'
            f'<td>{_fmt(_pct(r["baseline_detractor_share"]), 0, "%")}</td>'
            f'<td>{_fmt(_pct(r["detractor_mention_share"]), 0, "%")}</td>'
            f'<td>{_fmt(_pct(r["promoter_mention_share"]), 0, "%")}</td></tr>'
        )
    return (f'<div class="table-wrap"><table class="themes" id="themes"><thead>{head}</thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


SECTIONS: tuple[Callable[[Marts], Section | None], ...] = (
    scorecard_section, trends_section, programs_section, response_rates_section, agents_section,
    follow_up_section, themes_section,
)


# --------------------------------------------------------------------------------------------------------------
# Page
# --------------------------------------------------------------------------------------------------------------

CSS = """
*, *::before, *::after { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222;
       background: #f6f7f9; }
header { background: #1f2d3d; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px 0; font-size: 22px; }
header p { margin: 0; opacity: .8; font-size: 13px; }
header code, footer code { overflow-wrap: anywhere; }
nav { padding: 8px 32px; background: #fff; border-bottom: 1px solid #e3e6ea; font-size: 13px; }
nav a { margin-right: 16px; color: #1f5f99; text-decoration: none; display: inline-block; }
main { padding: 16px 32px 40px; max-width: 1400px; }
section { background: #fff; border: 1px solid #e3e6ea; border-radius: 6px; padding: 16px 20px; margin: 16px 0;
          min-width: 0; overflow-wrap: break-word; }
section h2 { margin: 0 0 6px; font-size: 18px; }
section h3 { margin: 14px 0 6px; font-size: 15px; }
section p.intro { margin: 0 0 10px; color: #555; font-size: 13px; max-width: 1000px; }
p.caption.incomplete { margin: 6px 0; padding: 4px 10px; font-size: 13px; background: #fff6e5;
                       border-left: 4px solid #ff7f0e; }
p.note { font-size: 13px; color: #444; margin: 8px 0; }
.table-wrap { max-width: 100%; overflow-x: auto; }
.table-wrap.scroll { max-height: 520px; overflow-y: auto; }
table { border-collapse: collapse; font-size: 13px; margin-bottom: 12px; }
table th, table td { border-bottom: 1px solid #eee; padding: 4px 8px; text-align: right; vertical-align: top; }
table th { font-weight: 600; background: #fafbfc; }
table .name, table td.text { text-align: left; }
table small { color: #666; }
table.scorecard { width: 100%; }
table.scorecard th.group { text-align: center; border-bottom: 2px solid #ccd; }
table.scorecard td.verdict { text-align: left; font-size: 12px; min-width: 6em; }
table.call-list td.text { min-width: 12em; }
table.rates td.rate, table.rates th { text-align: center; min-width: 7em; }
table.rates th.name { text-align: left; min-width: 0; }
table.rates td.suppressed { background: repeating-linear-gradient(45deg, #f1f1f1, #f1f1f1 6px, #e6e6e6 6px,
                            #e6e6e6 12px); color: #555; }
.ok { color: #2ca02c; } .warn { color: #c76a00; } .bad { color: #d62728; font-weight: bold; } .muted { color: #777; }
.kpi { display: inline-block; padding: 8px 16px; border-left: 4px solid #d62728; background: #fbf1f1;
       margin-bottom: 10px; }
.kpi-value { font-size: 32px; font-weight: 600; margin-right: 10px; }
.kpi-label { color: #555; }
.plotly-graph-div { max-width: 100%; }
footer { color: #777; font-size: 12px; padding: 0 32px 24px; }
@media (max-width: 960px) {
  header, nav { padding-left: 12px; padding-right: 12px; }
  main { padding: 8px 10px 24px; }
  section { padding: 10px 10px; }
  table { font-size: 11px; }
  table th, table td { padding: 3px 4px; }
  table.scorecard td.verdict { font-size: 11px; min-width: 0; }
}
"""


def build_sections(marts: Marts) -> list[Section]:
    return [s for s in (make(marts) for make in SECTIONS) if s is not None]


def build_stamp(duckdb_path: Path, built_at: datetime | None = None) -> str:
    """`(file modified ...), built <time> UTC`: when the page was drawn from the warehouse, and the file's age."""
    return f"({file_state(duckdb_path)}), built {utc_text(built_at)}"


def render(sections: list[Section], source: str, data_through: Any, built: str = "") -> str:
    """The page: every figure a plotly div; plotly.js inlined once, before the first figure. `source` names the
    warehouse file, `built` when the page was drawn from it (build_stamp)."""
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
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer experience dashboard</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Customer experience: NPS, CES, CSAT</h1>
<p>Customer answers through {html.escape(str(data_through))} · from the marts of
<code id="cx-warehouse">{html.escape(source)}</code> <span id="cx-built">{html.escape(built)}</span></p>
</header>
<nav>{"".join(nav)}</nav>
<main>
{"".join(parts)}
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the static, self-contained CX dashboard (one HTML file) from the marts of a warehouse.",
    )
    parser.add_argument(
        "--duckdb", type=Path, default=Path(os.environ.get("CX_DUCKDB_PATH", "target/cx.duckdb")),
        help="DuckDB warehouse to read (opened read-only); default $CX_DUCKDB_PATH or target/cx.duckdb",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("target/dashboard/index.html"),
        help="HTML file to write; default target/dashboard/index.html",
    )
    args = parser.parse_args(argv)
    if not args.duckdb.exists():
        print(f"No warehouse at {args.duckdb}: run `make build` (or dbt build) first.", file=sys.stderr)
        return 1
    titles = write_dashboard(args.duckdb, args.out)
    print(f"Wrote {args.out} ({len(titles)} sections: {'; '.join(titles)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
