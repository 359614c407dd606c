"""How values read from the marts are written on the page: numbers, intervals, escaped names, verdict labels.

Shared by the figures (hover text, colours) and the HTML tables. Display only: a 0-1 share becomes a percent, a
mart's boolean verdict columns become a label; nothing is computed from the answers.
"""
from __future__ import annotations

import html
import math
from typing import Any

from cx_tools.dashboard.queries import Row, Score

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
# is_lift_significant of fct_response_themes: (label, CSS class, marker colour).
SIGNIFICANCE = {True: ("significant", "bad", "#d62728"), False: ("not significant", "muted", "#1f77b4"),
                None: ("too few answers", "muted", "#aaaaaa")}
UNRANKED_REASONS = {
    "too_few_ratings": "too few CSAT ratings (fewer than the agent_min_ratings threshold)",
    "no_ratings": "no CSAT ratings",
    "unknown_agent": "tickets without a known agent",
}
SUPPRESSED_TEXT = "suppressed (fewer than 5 answered)"


def fmt(value: Any, digits: int = 1, suffix: str = "") -> str:
    """A value as text: floats to `digits` decimals, a missing value as a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}{suffix}"
    return f"{value}{suffix}"


def interval(lower: Any, upper: Any, digits: int = 1) -> str:
    """A 95 % interval as `lower – upper`, or "no interval" when the mart publishes none."""
    if lower is None or upper is None:
        return "no interval"
    return f"{fmt(lower, digits)} – {fmt(upper, digits)}"


def esc(value: Any) -> str:
    """A value escaped for HTML text or an attribute (None as empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def name(value: Any) -> str:
    """An identifier such as support_interaction, escaped, free to wrap after its underscores."""
    return esc(value).replace("_", "_<wbr>")


def pct(share: float | None) -> float | None:
    """A 0-1 share from a mart as percent, for display."""
    return None if share is None else 100.0 * share


def rgba(hex_color: str, alpha: float) -> str:
    """`#rrggbb` with an opacity, as a CSS rgba() colour."""
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def rate_label(row: Row) -> str:
    """A response-rate row's programme and touchpoint, as one label."""
    return f"{row['program']} · {row['touchpoint']}"


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
