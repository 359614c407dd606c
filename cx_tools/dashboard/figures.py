"""The plotly figures of the dashboard, drawn from mart rows as they are.

Intervals come from the marts' *_lower_95 / *_upper_95 columns only: a row without an interval gets no band or
error bar, and none is ever drawn with zero width.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cx_tools.dashboard.formatting import (SIGNIFICANCE, VERDICT_COLOURS, VERDICTS, fmt, interval, pct, rate_label,
                                           rgba, score_verdict)
from cx_tools.dashboard.queries import PROGRAMS, SCORES, Row, Score

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a",
)
# Fixed y ranges, so an interval wider than the scale does not squash the line.
AXIS_RANGES = {"nps": [-105, 105], "ces_avg": [0.8, 7.2], "csat_pct": [-3, 103]}


def colour_map(keys: Sequence[str]) -> dict[str, str]:
    """One palette colour per key (touchpoint), in sorted order, so every chart colours a key alike."""
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(sorted(set(keys)))}


def style(fig: go.Figure, height: int, title: str) -> go.Figure:
    """The layout every chart shares: title, height, margins, template, legend below."""
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


def has_interval(lower: Any, upper: Any) -> bool:
    """A drawable interval: both bounds known and apart (a zero-width band is never drawn)."""
    return lower is not None and upper is not None and upper > lower


def error_bar(value: float, lower: float, upper: float) -> tuple[float, float]:
    """Asymmetric error-bar lengths (up, down) from the mart's bounds, clamped at 0 when the point estimate lies
    outside its adjusted interval (n = 1): the bar then runs from the estimate to the far bound."""
    return max(0.0, upper - value), max(0.0, value - lower)


def error_trace(points: Sequence[Row], value: str, lower: str, upper: str, colour: str, meta: dict[str, Any],
                horizontal: bool = False, category: Callable[[Row], Any] | None = None,
                position: str = "period_start", marker: dict[str, Any] | None = None,
                key: Callable[[Row], list[Any]] | None = None) -> go.Scatter | None:
    """The error bars of the points that have a drawable interval, as their own scatter trace (plotly draws a
    zero-length bar for a missing error value, so rows without an interval are left out instead)."""
    shown = [p for p in points if p[value] is not None and has_interval(p[lower], p[upper])]
    if not shown:
        return None
    bars = [error_bar(p[value], p[lower], p[upper]) for p in shown]
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


def band_trace(points: Sequence[Row], value: str, lower: str, upper: str, colour: str,
               meta: dict[str, Any]) -> tuple[go.Scatter | None, list[Row]]:
    """A filled 95 % band over each run of consecutive points with a drawable interval (one closed shape per run,
    runs split by a gap); returns it and the isolated points (a run of one) that need an error bar instead."""
    runs: list[list[Row]] = [[]]
    for p in points:
        if p[value] is not None and has_interval(p[lower], p[upper]):
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
        x=xs, y=ys, fill="toself", fillcolor=rgba(colour, 0.18), line={"width": 0}, mode="lines",
        hoverinfo="skip", showlegend=False, name=f"{meta.get('label', '')} 95% band", meta=meta,
    ), singles


# --------------------------------------------------------------------------------------------------------------
# One figure per chart of the page
# --------------------------------------------------------------------------------------------------------------

def scorecard_figure(rows: list[Row]) -> go.Figure:
    """NPS, CES and CSAT side by side: the score, its 95 % interval and the target, coloured by verdict."""
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[s.label for s in SCORES])
    label = lambda r: f"{r['touchpoint']} ({r['program']})"  # noqa: E731
    categories = [label(r) for r in rows]
    for col, s in enumerate(SCORES, start=1):
        shown = [r for r in rows if r[s.column] is not None]
        colours = [VERDICT_COLOURS[VERDICTS[score_verdict(r, s)][1]] for r in shown]
        bars = error_trace(shown, s.column, s.lower, s.upper, "#555",
                           {"chart": "scorecard", "score": s.key, "label": s.label},
                           horizontal=True, category=label, marker={"size": 1, "color": "#555"},
                           key=lambda r: [r["program"], r["touchpoint"]])
        if bars is not None:
            fig.add_trace(bars, row=1, col=col)
        fig.add_trace(go.Scatter(
            x=[r[s.column] for r in shown], y=[label(r) for r in shown], mode="markers", showlegend=False,
            name=s.label, marker={"size": 10, "color": colours, "line": {"width": 1, "color": "#333"}},
            customdata=[[interval(r[s.lower], r[s.upper], s.digits), r[s.count],
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
    style(fig, 150 + 30 * len(rows), "Scores with their 95% interval against target")
    fig.update_layout(margin={"l": 10, "r": 10})
    return fig


def trend_figure(score: Score, rows: list[Row], colours: dict[str, str]) -> go.Figure:
    """One score by month, a panel per touchpoint: the line, its 95 % band (a lone month: an error bar)."""
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
        meta = {"chart": "trends", "score": score.key, "program": prog, "touchpoint": tp, "label": tp}
        band, singles = band_trace(pts, "score", "low", "high", colour, {**meta, "band": True})
        if band is not None:
            fig.add_trace(band, row=row, col=col)
        bars = error_trace(singles, "score", "low", "high", colour, meta)
        if bars is not None:
            fig.add_trace(bars, row=row, col=col)
        fig.add_trace(go.Scatter(
            x=[r["period_start"] for r in pts], y=[r["score"] for r in pts], mode="lines+markers", name=tp,
            showlegend=False, line={"color": colour, "width": 2},
            marker={"size": 5, "color": colour,
                    "symbol": ["circle" if r["is_complete_period"] else "circle-open" for r in pts]},
            customdata=[[r["n"], interval(r["low"], r["high"], score.digits),
                         "" if r["is_complete_period"] else "<br>incomplete month"] for r in pts],
            hovertemplate=(
                f"<b>{tp}</b><br>%{{x|%b %Y}}<br>{score.label}: %{{y:.{score.digits}f}}<br>95%: %{{customdata[1]}}"
                "<br>answers: %{customdata[0]}%{customdata[2]}<extra></extra>"
            ),
        ), row=row, col=col)
    fig.update_annotations(font_size=11)
    fig.update_yaxes(range=AXIS_RANGES.get(score.column))
    return style(fig, 230 * n_rows + 90, f"{score.label} by touchpoint and month")


def programs_figure(rows: list[Row], colours: dict[str, str]) -> go.Figure:
    """Every score by quarter, relational touchpoints left and transactional right, with 95 % error bars."""
    titles = [
        f"{s.label} – {prog}" + ("" if any(r["program"] == prog and r[s.column] is not None for r in rows)
                                 else " (no answers on this scale)")
        for s in SCORES for prog in PROGRAMS
    ]
    fig = make_subplots(
        rows=3, cols=2, shared_xaxes=True, vertical_spacing=0.08, horizontal_spacing=0.06, subplot_titles=titles,
    )
    for col, prog in enumerate(PROGRAMS, start=1):
        touchpoints = sorted({r["touchpoint"] for r in rows if r["program"] == prog})
        for tp in touchpoints:
            pts = [r for r in rows if (r["program"], r["touchpoint"]) == (prog, tp)]
            for row, s in enumerate(SCORES, start=1):
                shown = [r for r in pts if r[s.column] is not None]
                if not shown:
                    continue
                bars = error_trace(shown, s.column, s.lower, s.upper, colours[tp],
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
                    customdata=[[r[s.count], interval(r[s.lower], r[s.upper], s.digits)] for r in shown],
                    hovertemplate=f"<b>{tp}</b><br>%{{x|%Y Q%q}}<br>{s.label}: %{{y:.{s.digits}f}}"
                    "<br>95%: %{customdata[1]}<br>answers: %{customdata[0]}<extra></extra>",
                ), row=row, col=col)
    fig.update_annotations(font_size=12)
    for row, s in enumerate(SCORES, start=1):
        fig.update_yaxes(range=AXIS_RANGES.get(s.column), row=row)
    return style(fig, 900, "Relational vs transactional, by quarter")


def rates_heatmap(rows: list[Row]) -> go.Figure:
    """Customer response rates, touchpoint by channel; each cell the rate and answered of invitations."""
    labels = sorted({rate_label(r) for r in rows})
    channels = sorted({r["channel"] for r in rows})
    by_key = {(rate_label(r), r["channel"]): r for r in rows}

    def cell(lab: str, ch: str) -> Row:
        return by_key.get((lab, ch), {})

    z = [[pct(cell(lab, ch).get("response_rate")) for ch in channels] for lab in labels]
    text = [[
        "" if not cell(lab, ch) else
        f"{fmt(pct(cell(lab, ch)['response_rate']), 0, '%')}<br>{cell(lab, ch)['responded']} of "
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
    return style(fig, 140 + 36 * len(labels), "Customer surveys: response rate (answered of invitations)")


def agents_figure(best: list[Row], worst: list[Row], grain: str, title: str) -> go.Figure:
    """The best agents by csat_best_rank above, the worst by csat_worst_rank below, CSAT with its interval."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        row_heights=[max(len(best), 1), max(len(worst), 1)],
                        subplot_titles=["Best, by the lower bound of CSAT (csat_best_rank)",
                                        "Worst, by the upper bound of CSAT (csat_worst_rank)"])
    for row, (rank, agents, colour) in enumerate(
            (("csat_best_rank", best, "#2ca02c"), ("csat_worst_rank", worst, "#d62728")), start=1):
        label = lambda r, rank=rank: f"#{r[rank]} {r['agent_id']} · {r['team']} · n={r['csat_responses']}"  # noqa: E731
        bars = error_trace(agents, "csat_pct", "csat_lower_95", "csat_upper_95", colour,
                           {"chart": "agents", "grain": grain, "rank": rank, "label": rank},
                           horizontal=True, category=label, marker={"size": 1, "color": colour},
                           key=lambda r: [r["agent_id"]])
        if bars is not None:
            fig.add_trace(bars, row=row, col=1)
        fig.add_trace(go.Scatter(
            x=[r["csat_pct"] for r in agents], y=[label(r) for r in agents], mode="markers", showlegend=False,
            marker={"size": 9, "color": colour, "symbol": "diamond"}, name=rank,
            customdata=[[interval(r["csat_lower_95"], r["csat_upper_95"]), r["csat_responses"]] for r in agents],
            hovertemplate="%{y}<br>CSAT %{x:.1f}%<br>95%: %{customdata[0]}<br>ratings: %{customdata[1]}"
                          "<extra></extra>",
        ), row=row, col=1)
        fig.update_yaxes(autorange="reversed", row=row, col=1)
    fig.update_xaxes(range=[0, 102])
    fig.update_xaxes(title_text="CSAT % with its 95% interval", row=2, col=1)
    fig.update_annotations(font_size=12)
    return style(fig, 170 + 28 * (len(best) + len(worst)), title)


def themes_figure(rows: list[Row]) -> go.Figure | None:
    """Each theme's detractor share with its 95 % interval against the baseline, coloured by significance; None
    when no theme has a detractor share."""
    label = lambda r: f"{r['theme']} (n={r['nps_responses']})"  # noqa: E731
    shown = [{**r, "share": pct(r["detractor_share"]), "low": pct(r["detractor_share_lower_95"]),
              "high": pct(r["detractor_share_upper_95"]), "baseline": pct(r["baseline_detractor_share"])}
             for r in rows if r["detractor_share"] is not None]
    if not shown:
        return None
    fig = go.Figure()
    bars = error_trace(shown, "share", "low", "high", "#555", {"chart": "themes", "label": "detractor share"},
                       horizontal=True, category=label, marker={"size": 1, "color": "#555"},
                       key=lambda r: [r["theme"]])
    if bars is not None:
        fig.add_trace(bars)
    fig.add_trace(go.Scatter(
        x=[r["share"] for r in shown], y=[label(r) for r in shown], mode="markers", name="detractor share",
        marker={"size": 10, "color": [SIGNIFICANCE[r["is_lift_significant"]][2] for r in shown]},
        customdata=[[fmt(r["detractor_lift"], 2), SIGNIFICANCE[r["is_lift_significant"]][0],
                     interval(r["low"], r["high"])] for r in shown],
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
    style(fig, 200 + 30 * len(shown), "Themes by detractor lift: detractor share against the baseline")
    fig.update_layout(legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}, margin={"t": 90})
    return fig
