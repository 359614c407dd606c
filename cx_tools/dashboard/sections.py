"""The sections of the page, in order: each reads its mart (queries), draws its figures and tables, says what it
shows, and is left out (None) when its mart, or a column it needs, is not built.

- scorecard of the latest complete quarter against targets, each score with its 95 % interval and a verdict
  judged against that interval (fct_cx_scores_vs_target)
- NPS, CES and CSAT by touchpoint and month, with 95 % interval bands (fct_cx_scores)
- relational vs transactional touchpoints side by side, by quarter, with 95 % interval error bars (fct_cx_scores)
- response rates by touchpoint and channel, customer surveys and employee surveys apart (fct_response_rates)
- agent leaderboard, best by the lower bound and worst by the upper bound of CSAT (fct_agent_scores)
- the call list of detractors awaiting follow-up (fct_detractor_follow_up)
- themes ranked by detractor lift (fct_response_themes)

A chart showing a period that is not complete yet (is_complete_period) says so in a caption.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from cx_tools.dashboard import figures, tables
from cx_tools.dashboard.queries import (AGENT_COLUMNS, FOLLOW_UP_COLUMNS, PROGRAM_COLUMNS, RATE_COLUMNS,
                                        SCORECARD_COLUMNS, SCORECARD_TABLE, SCORES, THEME_COLUMNS, TREND_COLUMNS,
                                        Marts, Row)


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


def _incomplete(rows: Sequence[Row], grain: str) -> list[tuple[str, Any]]:
    """The (grain, period_start) of the rows the mart flags as not complete (is_complete_period = false)."""
    return [(grain, r["period_start"]) for r in rows if r.get("is_complete_period") is False]


def _caption(marts: Marts, periods: Sequence[tuple[str, Any]]) -> str | None:
    """The incomplete-period caption of a chart, with the marts' as-of date; None when every period is complete."""
    return tables.incomplete_caption(periods, marts.as_of_date()) if periods else None


def _which(complete: bool) -> str:
    return "latest complete quarter" if complete else "latest quarter (not complete yet)"


def scorecard_section(marts: Marts) -> Section | None:
    """The latest complete quarter against the targets of the cx_score_targets seed, each score with its interval."""
    table = SCORECARD_TABLE
    if not marts.has(table, SCORECARD_COLUMNS):
        return None
    quarter, complete = marts.reporting_period(table)
    if quarter is None:
        return None
    rows = marts.scorecard_rows(quarter)
    if not rows:
        return None
    which = _which(complete)
    section = Section(
        f"Scorecard, {which}, starting {quarter}",
        f"The {which} against target ({table}), each score with its 95 % interval (NPS: adjusted Wald, CES: t "
        "interval, CSAT: Wilson) and the number of answers behind it. A miss is \"beyond its interval\" when even "
        "the top of the interval is below target (not explained by sampling noise), \"inside its interval\" when "
        "the score is below target but the interval reaches it; \"no interval (n too small)\" when the mart "
        "publishes no interval. \"low n\": fewer than 30 answers, read the interval rather than the point.",
    )
    caption = _caption(marts, _incomplete(rows, "quarter"))
    if caption:
        section.add_html(caption)
    section.add_html(tables.scorecard_table(rows))
    section.add_figure(figures.scorecard_figure(rows))
    return section


def trends_section(marts: Marts) -> Section | None:
    """NPS, CES and CSAT per touchpoint and month, with the mart's 95 % interval as a band."""
    if not marts.has("fct_cx_scores", TREND_COLUMNS):
        return None
    columns = marts.columns("fct_cx_scores")
    section = Section(
        "Trends by touchpoint",
        "Monthly scores of customer answers per touchpoint (fct_cx_scores). The shaded band is the 95 % interval "
        "published by the mart (*_lower_95 to *_upper_95): a month-to-month move inside the band is noise. A month "
        "without an interval (too few answers, or no spread) has no band; a lone month with one has an error bar. "
        "An open marker is a month not complete yet.",
    )
    colours = figures.colour_map(marts.touchpoints())
    for s in SCORES:
        if not {s.column, s.count, s.lower, s.upper} <= columns:
            continue
        rows = marts.trend_rows(s)
        if not rows:
            continue
        section.add_figure(figures.trend_figure(s, rows, colours), _caption(marts, _incomplete(rows, "month")))
    return section if section.figures else None


def programs_section(marts: Marts) -> Section | None:
    """Relational and transactional touchpoints side by side, by quarter, with 95 % interval error bars."""
    if not marts.has("fct_cx_scores", PROGRAM_COLUMNS):
        return None
    rows = marts.program_rows()
    if not rows:
        return None
    colours = figures.colour_map(marts.touchpoints())
    fig = figures.programs_figure(rows, colours)
    section = Section(
        "Relational vs transactional",
        "Quarterly scores of the relational programme (how customers feel about us overall) beside the "
        "transactional one (how a given interaction went), per touchpoint; error bars are the mart's 95 % "
        "intervals (a quarter without one has none). Scores are not averaged across touchpoints: read each line "
        "on its own. An open marker is a quarter not complete yet.",
    )
    section.add_figure(fig, _caption(marts, _incomplete(rows, "quarter")))
    return section


def response_rates_section(marts: Marts) -> Section | None:
    """Response rates of the latest complete quarter: customer surveys as a heatmap, employee surveys apart."""
    if not marts.has("fct_response_rates", RATE_COLUMNS):
        return None
    quarter, complete = marts.reporting_period("fct_response_rates")
    if quarter is None:
        return None
    rows = marts.response_rate_rows(quarter)
    if not rows:
        return None
    section = Section(
        f"Response rates, {_which(complete)}, starting {quarter}",
        "Share of the invitations sent in the quarter that got at least one answer, per touchpoint and channel "
        "(fct_response_rates.response_rate); each cell shows the rate and how many of its invitations were "
        "answered. Employee surveys are shown apart from customer surveys: an employee group with fewer than 5 "
        "answers is suppressed by the mart to protect anonymity.",
    )
    caption = _caption(marts, _incomplete(rows, "quarter"))
    customers = [r for r in rows if r["audience"] == "customer"]
    employees = [r for r in rows if r["audience"] == "employee"]
    if customers:
        section.add_figure(figures.rates_heatmap(customers), caption)
    if employees:
        if caption and not customers:
            section.add_html(caption)
        section.add_html(tables.employee_rates_table(employees))
    return section


def _agent_grain(section: Section, marts: Marts, grain: str, start: Any, is_complete: bool, top: int) -> None:
    """One period of the leaderboard: the unranked count, then the best and worst ranked agents."""
    rows = marts.agent_rows(grain, start)
    unranked = marts.unranked_agents(grain, start)
    ranked = [r for r in rows if r["unranked_reason"] is None]
    period = ("this quarter" if grain == "quarter" else f"the rolling 12 months starting {start}")
    section.add_html(tables.unranked_line(period, grain, start, len(rows), unranked))
    if not ranked:
        section.add_html(tables.note(f"No agent has enough CSAT ratings to be ranked in {period}."))
        return
    best = sorted(ranked, key=lambda r: (r["csat_best_rank"], r["agent_id"]))[:top]
    worst = sorted(ranked, key=lambda r: (r["csat_worst_rank"], r["agent_id"]))[:top]
    title = ("CSAT by agent, quarter" if grain == "quarter"
             else "CSAT by agent, rolling 12 months (for people with few ratings in a quarter)")
    section.add_figure(figures.agents_figure(best, worst, grain, title),
                       _caption(marts, [] if is_complete else [(grain, start)]))


def agents_section(marts: Marts, top: int = 10) -> Section | None:
    """Fair agent ranks of the latest complete quarter (best by the lower bound of CSAT, worst by the upper bound),
    ranked agents only, and the same for the rolling 12 months for people with few ratings in a quarter."""
    if not marts.has("fct_agent_scores", AGENT_COLUMNS):
        return None
    quarter, complete = marts.reporting_period("fct_agent_scores")
    if quarter is None:
        return None
    section = Section(
        f"Agent leaderboard, {_which(complete)}, starting {quarter}",
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
        _agent_grain(section, marts, grain, start, is_complete, top)
    return section


def follow_up_section(marts: Marts) -> Section | None:
    """The closed-loop call list: every detractor answer awaiting follow-up, one row each."""
    if not marts.has("fct_detractor_follow_up", FOLLOW_UP_COLUMNS):
        return None
    rows = marts.follow_up_rows()
    as_of = max((r["as_of_date"] for r in rows if r["as_of_date"] is not None), default=None)
    section = Section(
        "Detractors to follow up",
        "The call list (fct_detractor_follow_up): detractor answers of customers who agreed to be contacted, "
        "longest waiting first" + (f", as of {as_of}." if as_of else "."),
    )
    section.add_html(tables.follow_up_count(len(rows)))
    section.add_html(tables.follow_up_table(rows))
    return section


def themes_section(marts: Marts) -> Section | None:
    """Themes of the latest complete quarter ranked by detractor lift, with n and significance."""
    if not marts.has("fct_response_themes", THEME_COLUMNS):
        return None
    quarter, complete = marts.reporting_period("fct_response_themes")
    if quarter is None:
        return None
    rows = marts.theme_rows(quarter)
    if not rows:
        return None
    section = Section(
        f"Theme impact, {_which(complete)}, starting {quarter}",
        "What customers write about (fct_response_themes), ranked by detractor lift: the share of detractors among "
        "the answers mentioning the theme over that share among every answer with a reason (above 1: detractors "
        "raise it more than the average answer). Significant when the baseline lies outside the theme's 95 % "
        "interval; \"too few answers\" below 30 NPS answers mentioning the theme (n). In the chart, a red dot is a "
        "significant lift, blue not significant, grey too few answers; the bar is the 95 % interval of the detractor "
        "share and the black tick the baseline.",
    )
    caption = _caption(marts, _incomplete(rows, "quarter"))
    section.add_html(tables.themes_table(rows))
    fig = figures.themes_figure(rows)
    if fig is not None:
        section.add_figure(fig, caption)
    elif caption:
        section.add_html(caption)
    return section


SECTIONS: tuple[Callable[[Marts], Section | None], ...] = (
    scorecard_section, trends_section, programs_section, response_rates_section, agents_section,
    follow_up_section, themes_section,
)


def build_sections(marts: Marts) -> list[Section]:
    """Every section the warehouse's marts can draw, in page order."""
    return [s for s in (make(marts) for make in SECTIONS) if s is not None]
