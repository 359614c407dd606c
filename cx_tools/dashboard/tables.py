"""The HTML fragments of the sections: tables, captions, notes and the follow-up count, from mart rows.

Every cell carries data-* attributes naming the mart row it shows, so a test (or a reader) can match it back.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from cx_tools.dashboard.formatting import (SIGNIFICANCE, SUPPRESSED_TEXT, UNRANKED_REASONS, VERDICTS, esc, fmt,
                                           interval, name, pct, rate_label, rgba, score_verdict)
from cx_tools.dashboard.queries import SCORES, Row


def incomplete_caption(periods: Sequence[tuple[str, Any]], as_of: Any) -> str | None:
    """The caption naming the incomplete periods a chart shows: `periods` are its (grain, period_start) pairs whose
    row says is_complete_period = false; `as_of` the last day the data covers (None: not said)."""
    unique = sorted(set(periods), key=lambda p: (str(p[1]), p[0]))
    if not unique:
        return None
    named = ", ".join(f"{grain.replace('_', ' ')} starting {start}" for grain, start in unique)
    through = f" (data through {as_of})" if as_of is not None else ""
    label = "Incomplete period" if len(unique) == 1 else "Incomplete periods"
    data = " ".join(f"{grain}:{start}" for grain, start in unique)
    return f'<p class="caption incomplete" data-incomplete="{esc(data)}">{label}: {html.escape(named)}{through}.</p>'


def note(text: str) -> str:
    """A short remark under a chart (`text` is HTML)."""
    return f'<p class="note">{text}</p>'


def scorecard_table(rows: list[Row]) -> str:
    """One row per touchpoint: answers, then per score its value, interval and n, the target and the verdict."""
    group_head = "".join(f'<th colspan="3" class="group">{html.escape(s.label)}</th>' for s in SCORES)
    sub_head = "".join('<th>score · 95% · n</th><th>target</th><th>verdict</th>' for _ in SCORES)
    head = (f'<tr><th rowspan="2" class="name">touchpoint</th><th rowspan="2">answers</th>{group_head}</tr>'
            f"<tr>{sub_head}</tr>")
    body = []
    for r in rows:
        cells = [
            f'<td class="name">{name(r["touchpoint"])}<br><small>{name(r["program"])}</small></td>',
            f'<td>{fmt(r["responses"])}' + ('<br><small class="warn">low n</small>' if r["is_low_sample"] else "")
            + "</td>",
        ]
        for s in SCORES:
            value = r[s.column]
            score_cell = (
                "–" if value is None else
                f"<b>{fmt(value, s.digits)}</b><br><small>{interval(r[s.lower], r[s.upper], s.digits)}"
                f" · n={fmt(r[s.count])}</small>"
            )
            verdict = score_verdict(r, s)
            text, css = VERDICTS[verdict]
            cells += [
                f'<td class="score" data-score="{s.key}">{score_cell}</td>',
                f'<td>{fmt(r[f"{s.key}_target"], 0 if s.key != "ces" else 1)}</td>',
                f'<td class="verdict {css}" data-verdict="{verdict}" data-score="{s.key}" '
                f'data-program="{esc(r["program"])}" data-touchpoint="{esc(r["touchpoint"])}" '
                f'data-period-start="{esc(r["period_start"])}">{html.escape(text)}</td>',
            ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="table-wrap"><table class="scorecard" id="scorecard"><thead>{head}</thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _employee_rate_cell(r: Row | None) -> str:
    if r is None:
        return "<td>–</td>"
    attrs = (f'data-audience="employee" data-program="{esc(r["program"])}" '
             f'data-touchpoint="{esc(r["touchpoint"])}" data-channel="{esc(r["channel"])}" '
             f'data-invitations="{esc(r["invitations"])}" data-responded="{esc(r["responded"])}" '
             f'data-suppressed="{"true" if r["is_suppressed"] else "false"}"')
    if r["is_suppressed"]:
        return (f'<td class="rate suppressed" {attrs}>{SUPPRESSED_TEXT}<br>'
                f'<small>{r["invitations"]} invitations</small></td>')
    rate = r["response_rate"]
    shade = f' style="background:{rgba("#1f77b4", 0.1 + 0.6 * rate)}"' if rate is not None else ""
    return (f'<td class="rate" {attrs}{shade}>{fmt(pct(rate), 0, "%")}<br>'
            f'<small>{fmt(r["responded"])} of {r["invitations"]} answered</small></td>')


def employee_rates_table(rows: list[Row]) -> str:
    """Employee response rates, touchpoint by channel, apart from the customer heatmap; suppressed cells say so."""
    labels = sorted({rate_label(r) for r in rows})
    channels = sorted({r["channel"] for r in rows})
    by_key = {(rate_label(r), r["channel"]): r for r in rows}
    head = '<tr><th class="name">employee survey</th>' + "".join(f"<th>{name(ch)}</th>" for ch in channels) + "</tr>"
    body = []
    for lab in labels:
        cells = [f'<td class="name">{name(lab)}<br><small>employee</small></td>']
        cells += [_employee_rate_cell(by_key.get((lab, ch))) for ch in channels]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return ('<h3>Employee surveys (audience: employee)</h3>'
            '<div class="table-wrap"><table class="rates employee-rates" data-audience="employee">'
            f'<thead>{head}</thead><tbody>{"".join(body)}</tbody></table></div>')


def unranked_line(period: str, grain: str, start: Any, total: int, unranked: list[Row]) -> str:
    """How many of the period's agents are unranked, per unranked_reason (counts from fct_agent_scores)."""
    count = sum(r["agents"] for r in unranked)
    reasons = "; ".join(
        f'{r["agents"]} {html.escape(UNRANKED_REASONS.get(r["unranked_reason"], r["unranked_reason"]))} '
        f'(<code>{esc(r["unranked_reason"])}</code>)' for r in unranked
    )
    extra = ("" if grain != "quarter" or not count else
             " Agents with too few ratings in a quarter can be read on the rolling_12_months grain below.")
    return (f'<p class="note unranked" data-grain="{esc(grain)}" data-period-start="{esc(start)}" '
            f'data-unranked="{count}">{count} of {total} agents unranked in {html.escape(period)}'
            + (f": {reasons}." if reasons else ".") + html.escape(extra) + "</p>")


def follow_up_count(count: int) -> str:
    """The number of detractors awaiting follow-up, as a headline figure."""
    return (f'<div class="kpi"><span class="kpi-value" id="follow-up-count">{count}</span>'
            '<span class="kpi-label">detractors awaiting follow-up</span></div>')


def follow_up_table(rows: list[Row]) -> str:
    """The call list, one row per fct_detractor_follow_up row; a note when it is empty."""
    if not rows:
        return note("Nobody to call: the list is empty.")
    head = ('<tr><th class="name">touchpoint</th><th>NPS</th><th>days since answer</th><th>customer</th><th>ticket</th>'
            '<th>agent</th><th class="name">reason</th></tr>')
    body = "".join(
        f'<tr class="follow-up" data-response-id="{esc(r["response_id"])}">'
        f'<td class="name">{name(r["touchpoint"])}<br><small>{name(r["program"])}</small></td>'
        f'<td>{fmt(r["nps_score"])}</td><td>{fmt(r["days_since_answer"])}'
        f'<br><small>{esc(r["submitted_date"])}</small></td>'
        f'<td>{esc(r["customer_id"]) or "–"}</td><td>{esc(r["ticket_id"]) or "–"}</td>'
        f'<td>{esc(r["agent_id"]) or "–"}</td><td class="text">{esc(r["reason_text"]) or "–"}</td></tr>'
        for r in rows
    )
    return (f'<div class="table-wrap scroll"><table class="call-list" id="follow-up-list">'
            f'<thead>{head}</thead><tbody>{body}</tbody></table></div>')


def themes_table(rows: list[Row]) -> str:
    """Themes ranked as the mart orders them (detractor lift), with significance, n and the mention shares."""
    head = ('<tr><th>#</th><th class="name">theme</th><th>detractor lift</th><th>significance</th>'
            '<th>n (NPS answers)</th><th>detractor share · 95%</th><th>baseline</th>'
            '<th>share of detractors mentioning</th><th>share of promoters mentioning</th></tr>')
    body = []
    for i, r in enumerate(rows, start=1):
        text, css, _ = SIGNIFICANCE[r["is_lift_significant"]]
        significance = {True: "true", False: "false", None: "null"}[r["is_lift_significant"]]
        body.append(
            f'<tr class="theme" data-theme="{esc(r["theme"])}" data-significance="{significance}">'
            f'<td>{i}</td><td class="name">{name(r["theme"])}</td><td>{fmt(r["detractor_lift"], 2)}</td>'
            f'<td class="{css}">{text}</td><td>{fmt(r["nps_responses"])}'
            + ('<br><small class="warn">low n</small>' if r["is_low_sample"] else "") + "</td>"
            f'<td>{fmt(pct(r["detractor_share"]), 0, "%")}<br><small>'
            f'{interval(pct(r["detractor_share_lower_95"]), pct(r["detractor_share_upper_95"]), 0)}</small></td>'
            f'<td>{fmt(pct(r["baseline_detractor_share"]), 0, "%")}</td>'
            f'<td>{fmt(pct(r["detractor_mention_share"]), 0, "%")}</td>'
            f'<td>{fmt(pct(r["promoter_mention_share"]), 0, "%")}</td></tr>'
        )
    return (f'<div class="table-wrap"><table class="themes" id="themes"><thead>{head}</thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')
