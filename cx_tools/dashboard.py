"""Write the static customer-experience dashboard: one self-contained HTML page that opens from disk, offline.

Reads the marts only, from the DuckDB warehouse opened read-only; no metric is computed here (NPS, its margin of
error, CES, CSAT, response rates, Wilson bounds and targets all come from the marts as they are). plotly.js is
inlined in the page, so nothing is fetched when it opens.

Sections, each drawn only when its mart (and the columns it needs) exists:

- NPS, CES and CSAT by touchpoint and month, with 95 % margin-of-error bands where the mart has one (fct_cx_scores)
- relational vs transactional touchpoints side by side, by quarter (fct_cx_scores)
- latest-quarter scorecard against targets (fct_cx_scores_vs_target, or its former name fct_cx_scorecard)
- response rates by touchpoint and channel (fct_response_rates)
- agent leaderboard by the Wilson lower bound of CSAT (fct_agent_scores)
- detractors awaiting follow-up (fct_detractor_follow_up)
- theme impact (fct_response_themes)

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
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
from plotly.subplots import make_subplots

SCHEMA = "marts"
SCORECARD_MARTS = ("fct_cx_scores_vs_target", "fct_cx_scorecard")
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a",
)
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
# Fixed y ranges, so a margin-of-error band wider than the scale does not squash the line.
AXIS_RANGES = {"nps": [-105, 105], "ces_avg": [0.8, 7.2], "csat_pct": [-3, 103]}
# Score columns of fct_cx_scores: (label, score column, count column, optional margin-of-error column).
SCORES = (
    ("NPS", "nps", "nps_responses", "nps_moe_95"),
    ("CES (1-7)", "ces_avg", "ces_responses", "ces_moe_95"),
    ("CSAT %", "csat_pct", "csat_responses", "csat_moe_95"),
)


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

    def latest_period(self, table: str, grain: str = "quarter") -> Any:
        return self.con.execute(
            f"select max(period_start) from {SCHEMA}.{table} where period_grain = ?", [grain]
        ).fetchone()[0]


@dataclass
class Section:
    title: str
    intro: str
    figures: list[go.Figure] = field(default_factory=list)
    html_blocks: list[str] = field(default_factory=list)


def _fmt(value: Any, digits: int = 1, suffix: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}{suffix}"
    return f"{value}{suffix}"


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _colour_map(keys: Sequence[str]) -> dict[str, str]:
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(sorted(set(keys)))}


def _style(fig: go.Figure, height: int, title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 16}},
        height=height,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        template="plotly_white",
        hoverlabel={"namelength": -1},
        legend={"orientation": "h", "y": -0.08},
    )
    return fig


# --------------------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------------------

def trends_section(marts: Marts) -> Section | None:
    """NPS, CES and CSAT per touchpoint and month; a band of ± the mart's 95 % margin of error where it has one."""
    if not marts.has("fct_cx_scores", ["period_grain", "period_start", "program", "touchpoint"]):
        return None
    columns = marts.columns("fct_cx_scores")
    section = Section(
        "Trends by touchpoint",
        "Monthly scores of customer answers per touchpoint (fct_cx_scores). The shaded band is the 95 % margin "
        "of error published by the mart (nps_moe_95): a month-to-month move inside the band is noise. "
        "CES and CSAT are drawn without a band unless the mart publishes their margin of error.",
    )
    for label, score, count, moe in SCORES:
        if score not in columns:
            continue
        has_moe = moe in columns
        moe_sql = f"{score} - {moe} as low, {score} + {moe} as high" if has_moe else "null as low, null as high"
        rows = marts.rows(
            f"""
            select program, touchpoint, period_start, {score} as score, {count} as n, {moe_sql}
            from {SCHEMA}.fct_cx_scores
            where period_grain = 'month' and {score} is not null
            order by program, touchpoint, period_start
            """
        )
        if not rows:
            continue
        panels = sorted({(r["program"], r["touchpoint"]) for r in rows})
        colours = marts.touchpoint_colours()
        n_cols = 3
        n_rows = math.ceil(len(panels) / n_cols)
        fig = make_subplots(
            rows=n_rows, cols=n_cols, shared_xaxes=True, shared_yaxes=True, vertical_spacing=0.07,
            horizontal_spacing=0.04, subplot_titles=[f"{tp} ({prog})" for prog, tp in panels],
        )
        for i, (prog, tp) in enumerate(panels):
            pts = [r for r in rows if (r["program"], r["touchpoint"]) == (prog, tp)]
            x = [r["period_start"] for r in pts]
            row, col = i // n_cols + 1, i % n_cols + 1
            colour = colours[tp]
            if has_moe and any(r["low"] is not None for r in pts):
                fig.add_trace(go.Scatter(
                    x=x + x[::-1], y=[r["high"] for r in pts] + [r["low"] for r in pts][::-1],
                    fill="toself", fillcolor=_rgba(colour, 0.18), line={"width": 0}, hoverinfo="skip",
                    showlegend=False, name=f"{tp} 95% band",
                ), row=row, col=col)
            fig.add_trace(go.Scatter(
                x=x, y=[r["score"] for r in pts], mode="lines+markers", name=tp, showlegend=False,
                line={"color": colour, "width": 2}, marker={"size": 5},
                customdata=[[r["n"], r["low"], r["high"]] for r in pts],
                hovertemplate=(
                    f"<b>{tp}</b><br>%{{x|%b %Y}}<br>{label}: %{{y:.1f}}"
                    + ("<br>95%: %{customdata[1]:.1f} to %{customdata[2]:.1f}" if has_moe else "")
                    + "<br>answers: %{customdata[0]}<extra></extra>"
                ),
            ), row=row, col=col)
        fig.update_annotations(font_size=11)
        fig.update_yaxes(range=AXIS_RANGES.get(score))
        section.figures.append(_style(fig, 230 * n_rows + 90, f"{label} by touchpoint and month"))
    return section if section.figures else None


def programs_section(marts: Marts) -> Section | None:
    """Relational and transactional touchpoints side by side, by quarter, with the NPS margin of error as error bars."""
    if not marts.has("fct_cx_scores", ["period_grain", "period_start", "program", "touchpoint", "nps"]):
        return None
    columns = marts.columns("fct_cx_scores")
    programs = ("relational", "transactional")
    rows = marts.rows(
        f"""
        select program, touchpoint, period_start, nps, {'nps_moe_95' if 'nps_moe_95' in columns else 'null'} as nps_moe_95,
            {'ces_avg' if 'ces_avg' in columns else 'null'} as ces_avg,
            {'csat_pct' if 'csat_pct' in columns else 'null'} as csat_pct,
            nps_responses
        from {SCHEMA}.fct_cx_scores
        where period_grain = 'quarter' and program in ('relational', 'transactional')
        order by program, touchpoint, period_start
        """
    )
    if not rows:
        return None
    colours = marts.touchpoint_colours()
    metrics = [("NPS", "nps"), ("CES (1-7)", "ces_avg"), ("CSAT %", "csat_pct")]
    titles = [
        f"{label} – {prog}" + ("" if any(r["program"] == prog and r[column] is not None for r in rows)
                               else " (no answers on this scale)")
        for label, column in metrics for prog in programs
    ]
    fig = make_subplots(
        rows=3, cols=2, shared_xaxes=True, vertical_spacing=0.08, horizontal_spacing=0.06, subplot_titles=titles,
    )
    for col, prog in enumerate(programs, start=1):
        touchpoints = sorted({r["touchpoint"] for r in rows if r["program"] == prog})
        for tp in touchpoints:
            pts = [r for r in rows if (r["program"], r["touchpoint"]) == (prog, tp)]
            for row, (label, column) in enumerate(metrics, start=1):
                shown = [r for r in pts if r[column] is not None]
                if not shown:
                    continue
                error = None
                if column == "nps" and any(r["nps_moe_95"] is not None for r in shown):
                    error = {"type": "data", "array": [r["nps_moe_95"] for r in shown], "thickness": 1, "width": 3}
                fig.add_trace(go.Scatter(
                    x=[r["period_start"] for r in shown], y=[r[column] for r in shown], error_y=error,
                    mode="lines+markers", name=tp, legendgroup=tp, showlegend=row == 1,
                    line={"color": colours[tp]},
                    customdata=[r["nps_responses"] for r in shown],
                    hovertemplate=f"<b>{tp}</b><br>%{{x|%Y Q%q}}<br>{label}: %{{y:.1f}}"
                    + ("<br>NPS answers: %{customdata}" if column == "nps" else "") + "<extra></extra>",
                ), row=row, col=col)
    fig.update_annotations(font_size=12)
    for row, (_, column) in enumerate(metrics, start=1):
        fig.update_yaxes(range=AXIS_RANGES.get(column), row=row)
    section = Section(
        "Relational vs transactional",
        "Quarterly scores of the relational programme (how customers feel about us overall) beside the "
        "transactional one (how a given interaction went), per touchpoint; NPS error bars are the mart's 95 % "
        "margin of error. Scores are not averaged across touchpoints: read each line on its own.",
    )
    section.figures.append(_style(fig, 900, "Relational vs transactional, by quarter"))
    return section


def scorecard_section(marts: Marts) -> Section | None:
    """Latest quarter against the targets of the cx_score_targets seed."""
    table = next((t for t in SCORECARD_MARTS if marts.has(t, ["period_grain", "period_start", "program", "touchpoint"])),
                 None)
    if table is None:
        return None
    columns = marts.columns(table)
    quarter = marts.latest_period(table)
    if quarter is None:
        return None
    wanted = [
        "program", "touchpoint", "responses", "nps_responses", "nps", "nps_moe_95", "nps_target", "nps_vs_target",
        "is_nps_on_target", "is_nps_below_target_beyond_moe", "ces_avg", "ces_target", "ces_vs_target",
        "is_ces_on_target", "csat_pct", "csat_target", "csat_vs_target", "is_csat_on_target",
    ]
    present = [c for c in wanted if c in columns]
    rows = marts.rows(
        f"select {', '.join(present)} from {SCHEMA}.{table} where period_grain = 'quarter' and period_start = ? "
        "order by program, touchpoint",
        [quarter],
    )
    if not rows:
        return None
    section = Section(
        f"Scorecard, quarter starting {quarter}",
        f"Latest quarter against target ({table}). A miss is marked ✖ when even the top of the 95 % interval is "
        "below target (not explained by sampling noise), ▼ when the score is below target but inside its margin "
        "of error, ✔ when on target; – means no target or no answers.",
    )
    section.html_blocks.append(_scorecard_table(rows))
    if {"nps", "nps_target"} <= set(present):
        shown = [r for r in rows if r["nps"] is not None]
        labels = [f"{r['touchpoint']} ({r['program']})" for r in shown]
        colours = [
            "#2ca02c" if r.get("is_nps_on_target") else "#d62728" if r.get("is_nps_below_target_beyond_moe")
            else "#ff7f0e" if r.get("nps_target") is not None else "#7f7f7f"
            for r in shown
        ]
        fig = go.Figure()
        fig.add_trace(go.Bar(
            x=[r["nps"] for r in shown], y=labels, orientation="h", marker={"color": colours}, name="NPS",
            error_x={"type": "data", "array": [r.get("nps_moe_95") for r in shown], "thickness": 1},
            hovertemplate="%{y}<br>NPS %{x:.1f}<extra></extra>",
        ))
        targets = [r for r in shown if r["nps_target"] is not None]
        fig.add_trace(go.Scatter(
            x=[r["nps_target"] for r in targets], y=[f"{r['touchpoint']} ({r['program']})" for r in targets],
            mode="markers", marker={"symbol": "line-ns-open", "size": 22, "line": {"width": 3}, "color": "#222"},
            name="target", hovertemplate="%{y}<br>target %{x:.0f}<extra></extra>",
        ))
        fig.update_yaxes(autorange="reversed")
        section.figures.append(_style(fig, 60 + 34 * len(shown) + 90, "NPS ± 95% margin of error against target"))
    return section


def _scorecard_table(rows: list[Row]) -> str:
    def status(row: Row, on: str, below_beyond: str | None = None) -> str:
        flag = row.get(on)
        if flag is None:
            return "–"
        if flag:
            return '<span class="ok">✔</span>'
        if below_beyond and row.get(below_beyond):
            return '<span class="bad">✖</span>'
        return '<span class="warn">▼</span>'

    head = (
        "<tr><th>programme</th><th>touchpoint</th><th>responses</th><th>NPS n</th><th>NPS</th><th>± 95%</th>"
        "<th>target</th><th></th><th>CES</th><th>target</th><th></th><th>CSAT %</th><th>target</th><th></th></tr>"
    )
    body = []
    for r in rows:
        cells = [
            html.escape(str(r.get("program"))), html.escape(str(r.get("touchpoint"))), _fmt(r.get("responses")),
            _fmt(r.get("nps_responses")), _fmt(r.get("nps")), _fmt(r.get("nps_moe_95")), _fmt(r.get("nps_target"), 0),
            status(r, "is_nps_on_target", "is_nps_below_target_beyond_moe"),
            _fmt(r.get("ces_avg"), 2), _fmt(r.get("ces_target"), 1), status(r, "is_ces_on_target"),
            _fmt(r.get("csat_pct")), _fmt(r.get("csat_target"), 0), status(r, "is_csat_on_target"),
        ]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f'<table class="scorecard"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'


def response_rates_section(marts: Marts) -> Section | None:
    needed = ["period_grain", "period_start", "program", "touchpoint", "channel", "invitations", "response_rate"]
    if not marts.has("fct_response_rates", needed):
        return None
    quarter = marts.latest_period("fct_response_rates")
    rows = marts.rows(
        f"""
        select program || ' · ' || touchpoint as label, channel, response_rate, invitations
        from {SCHEMA}.fct_response_rates
        where period_grain = 'quarter' and period_start = ?
        order by program, touchpoint, channel
        """,
        [quarter],
    )
    if not rows:
        return None
    labels = sorted({r["label"] for r in rows})
    channels = sorted({r["channel"] for r in rows})
    by_key = {(r["label"], r["channel"]): r for r in rows}
    z = [[_pct(by_key.get((lab, ch), {}).get("response_rate")) for ch in channels] for lab in labels]
    n = [[by_key.get((lab, ch), {}).get("invitations") for ch in channels] for lab in labels]
    fig = go.Figure(go.Heatmap(
        z=z, x=channels, y=labels, customdata=n, colorscale="Blues", zmin=0, zmax=100,
        text=[[_fmt(v, 0, "%") for v in row] for row in z], texttemplate="%{text}",
        colorbar={"title": {"text": "response rate %"}},
        hovertemplate="%{y}<br>%{x}: %{z:.1f}% of %{customdata} invitations<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    section = Section(
        f"Response rates, quarter starting {quarter}",
        "Share of the invitations sent in the quarter that got at least one answer, per touchpoint and channel "
        "(fct_response_rates.response_rate).",
    )
    section.figures.append(_style(fig, 120 + 30 * len(labels), "Response rate by touchpoint and channel"))
    return section


def _pct(share: float | None) -> float | None:
    """A 0-1 share from a mart as percent, for display."""
    return None if share is None else 100.0 * share


def agents_section(marts: Marts, top: int = 20) -> Section | None:
    needed = ["period_grain", "period_start", "agent_id", "team", "csat_responses", "csat_pct",
              "csat_wilson_lower_95", "csat_rank"]
    if not marts.has("fct_agent_scores", needed):
        return None
    quarter = marts.latest_period("fct_agent_scores")
    rows = marts.rows(
        f"""
        select agent_id, team, csat_responses, csat_pct, csat_wilson_lower_95, csat_rank
        from {SCHEMA}.fct_agent_scores
        where period_grain = 'quarter' and period_start = ? and csat_rank is not null
        order by csat_rank, agent_id
        limit {int(top)}
        """,
        [quarter],
    )
    if not rows:
        return None
    labels = [f"#{r['csat_rank']} {r['agent_id']} · {r['team']}" for r in rows]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=[r["csat_wilson_lower_95"] for r in rows], y=labels, orientation="h", name="Wilson lower bound (95%)",
        marker={"color": "#1f77b4"}, customdata=[r["csat_responses"] for r in rows],
        hovertemplate="%{y}<br>Wilson lower bound %{x:.1f}%<br>CSAT answers: %{customdata}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=[r["csat_pct"] for r in rows], y=labels, mode="markers", name="CSAT % (raw)",
        marker={"symbol": "diamond", "size": 9, "color": "#ff7f0e"},
        hovertemplate="%{y}<br>CSAT %{x:.1f}%<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 104], title_text="%")
    section = Section(
        f"Agent leaderboard, quarter starting {quarter}",
        "Agents ranked by the 95 % Wilson lower bound of their CSAT (fct_agent_scores.csat_rank), so an agent "
        f"with one perfect rating does not top the board; the diamond is the raw CSAT %. Top {top} shown.",
    )
    section.figures.append(_style(fig, 120 + 26 * len(rows), "CSAT Wilson lower bound by agent"))
    return section


def follow_up_section(marts: Marts) -> Section | None:
    if not marts.has("fct_detractor_follow_up", ["response_id", "program", "touchpoint"]):
        return None
    columns = marts.columns("fct_detractor_follow_up")
    total = marts.con.execute(f"select count(*) from {SCHEMA}.fct_detractor_follow_up").fetchone()[0]
    as_of = None
    if "as_of_date" in columns:
        as_of = marts.con.execute(f"select max(as_of_date) from {SCHEMA}.fct_detractor_follow_up").fetchone()[0]
    rows = marts.rows(
        f"""
        select program || ' · ' || touchpoint as label, count(*) as detractors
        from {SCHEMA}.fct_detractor_follow_up
        group by 1
        order by 2 desc, 1
        """
    )
    section = Section(
        "Detractors to follow up",
        "Detractor answers on the closed-loop list (fct_detractor_follow_up): customers who agreed to be "
        "contacted" + (f", as of {as_of}." if as_of else "."),
    )
    section.html_blocks.append(
        f'<div class="kpi"><span class="kpi-value" id="follow-up-count">{total}</span>'
        '<span class="kpi-label">detractors awaiting follow-up</span></div>'
    )
    if rows:
        fig = go.Figure(go.Bar(
            x=[r["detractors"] for r in rows], y=[r["label"] for r in rows], orientation="h",
            marker={"color": "#d62728"}, hovertemplate="%{y}: %{x}<extra></extra>",
        ))
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(title_text="detractors", dtick=1 if max(r["detractors"] for r in rows) < 10 else None)
        section.figures.append(_style(fig, 140 + 30 * len(rows), "Detractors to follow up, by touchpoint"))
    return section


def themes_section(marts: Marts) -> Section | None:
    needed = ["period_grain", "period_start", "theme", "answers", "answer_share", "nps"]
    if not marts.has("fct_response_themes", needed):
        return None
    quarter = marts.latest_period("fct_response_themes")
    columns = marts.columns("fct_response_themes")
    detractor_share = "detractor_share" if "detractor_share" in columns else "null"
    rows = marts.rows(
        f"""
        select theme, answers, answer_share, nps, {detractor_share} as detractor_share
        from {SCHEMA}.fct_response_themes
        where period_grain = 'quarter' and period_start = ? and nps is not null
        order by answers desc, theme
        """,
        [quarter],
    )
    if not rows:
        return None
    max_answers = max(r["answers"] for r in rows) or 1
    fig = go.Figure(go.Scatter(
        x=[_pct(r["answer_share"]) for r in rows], y=[r["nps"] for r in rows], text=[r["theme"] for r in rows],
        mode="markers+text", textposition="top center",
        marker={"size": [12 + 30 * r["answers"] / max_answers for r in rows],
                "color": [_pct(r["detractor_share"]) for r in rows], "colorscale": "Reds", "showscale": True,
                "colorbar": {"title": {"text": "detractor %"}}, "line": {"width": 1, "color": "#444"}},
        customdata=[[r["answers"], _pct(r["detractor_share"])] for r in rows],
        hovertemplate="<b>%{text}</b><br>mentioned in %{x:.1f}% of reasons (%{customdata[0]})"
                      "<br>NPS of those answers %{y:.1f}<extra></extra>",
    ))
    fig.update_xaxes(title_text="share of reasons mentioning the theme (%)")
    fig.update_yaxes(title_text="NPS of the answers mentioning it")
    section = Section(
        f"Theme impact, quarter starting {quarter}",
        "What customers write about (fct_response_themes): how often each theme comes up in the free-text "
        "reasons and the NPS of the answers that mention it. Frequent themes low on the chart cost the most.",
    )
    section.figures.append(_style(fig, 520, "Themes: frequency against NPS"))
    return section


SECTIONS: tuple[Callable[[Marts], Section | None], ...] = (
    scorecard_section, trends_section, programs_section, response_rates_section, agents_section,
    follow_up_section, themes_section,
)


# --------------------------------------------------------------------------------------------------------------
# Page
# --------------------------------------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222;
       background: #f6f7f9; }
header { background: #1f2d3d; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px 0; font-size: 22px; }
header p { margin: 0; opacity: .8; font-size: 13px; }
nav { padding: 8px 32px; background: #fff; border-bottom: 1px solid #e3e6ea; font-size: 13px; }
nav a { margin-right: 16px; color: #1f5f99; text-decoration: none; }
main { padding: 16px 32px 40px; max-width: 1400px; }
section { background: #fff; border: 1px solid #e3e6ea; border-radius: 6px; padding: 16px 20px; margin: 16px 0; }
section h2 { margin: 0 0 6px; font-size: 18px; }
section p.intro { margin: 0 0 10px; color: #555; font-size: 13px; max-width: 1000px; }
table.scorecard { border-collapse: collapse; font-size: 13px; margin-bottom: 12px; }
table.scorecard th, table.scorecard td { border-bottom: 1px solid #eee; padding: 4px 10px; text-align: right; }
table.scorecard th:nth-child(-n+2), table.scorecard td:nth-child(-n+2) { text-align: left; }
.ok { color: #2ca02c; } .warn { color: #ff7f0e; } .bad { color: #d62728; font-weight: bold; }
.kpi { display: inline-block; padding: 8px 16px; border-left: 4px solid #d62728; background: #fbf1f1; }
.kpi-value { font-size: 32px; font-weight: 600; margin-right: 10px; }
.kpi-label { color: #555; }
footer { color: #777; font-size: 12px; padding: 0 32px 24px; }
"""


def build_sections(marts: Marts) -> list[Section]:
    return [s for s in (make(marts) for make in SECTIONS) if s is not None]


def render(sections: list[Section], source: str, data_through: Any) -> str:
    """The page: every figure a plotly div; plotly.js inlined once, before the first figure."""
    parts: list[str] = []
    nav: list[str] = []
    first_figure = True
    for i, section in enumerate(sections):
        anchor = f"section-{i + 1}"
        nav.append(f'<a href="#{anchor}">{html.escape(section.title.split(",")[0])}</a>')
        body = [f'<h2>{html.escape(section.title)}</h2>', f'<p class="intro">{html.escape(section.intro)}</p>']
        body += section.html_blocks
        for fig in section.figures:
            body.append(fig.to_html(
                full_html=False, include_plotlyjs=first_figure, include_mathjax=False, config=PLOTLY_CONFIG,
            ))
            first_figure = False
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
<p>Customer answers up to {html.escape(str(data_through))} · from the marts of {html.escape(source)}</p>
</header>
<nav>{"".join(nav)}</nav>
<main>
{"".join(parts)}
</main>
<footer>Static page written by <code>python -m cx_tools.dashboard</code> (make dashboard); every number is read from the
marts; metric definitions are in the dbt docs (dbt docs generate).</footer>
</body>
</html>
"""


def write_dashboard(duckdb_path: Path, out: Path) -> list[str]:
    """Write the page for the warehouse at `duckdb_path` to `out`; returns the titles of the sections drawn."""
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        marts = Marts(con)
        sections = build_sections(marts)
        data_through = None
        if marts.has("fct_cx_scores", ["period_grain", "period_start"]):
            data_through = con.execute(
                f"select max(period_start) from {SCHEMA}.fct_cx_scores where period_grain = 'day'"
            ).fetchone()[0]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(sections, duckdb_path.name, data_through), encoding="utf-8")
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
