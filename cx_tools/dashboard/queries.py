"""Every SQL statement of the dashboard: read-only, against the marts schema of a DuckDB warehouse.

The marts publish every number the page shows (scores, their 95 % intervals, verdicts against target, response
rates, agent ranks, theme lifts, the completeness of each period); nothing here recomputes a metric, it selects the
rows and columns a section draws. The column lists below are what each section needs: a section whose mart lacks
one of them is left out of the page.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from cx_tools import project_vars

SCHEMA = "marts"

Row = dict[str, Any]


@dataclass(frozen=True)
class Score:
    key: str          # the score's name in the registry: the prefix of its mart columns
    label: str
    column: str       # the point estimate
    count: str        # the answers behind it
    lower: str
    upper: str
    digits: int

    @classmethod
    def from_registry(cls, entry: dict[str, Any]) -> "Score":
        """A score as the project declares it once (var cx_scores of dbt_project.yml)."""
        name = entry["name"]
        return cls(name, entry["label"], entry["score"], f"{name}_responses", f"{name}_lower_95",
                   f"{name}_upper_95", entry["decimals"])


SCORES = tuple(Score.from_registry(entry) for entry in project_vars()["cx_scores"])

SCORECARD_TABLE = "fct_cx_scores_vs_target"
SCORECARD_COLUMNS = ["period_grain", "period_start", "program", "touchpoint", "responses", "is_low_sample",
                     "is_complete_period"] + [
    column for s in SCORES for column in (
        s.column, s.count, s.lower, s.upper, f"{s.key}_target", f"is_{s.key}_on_target",
        f"is_{s.key}_below_target_beyond_interval",
    )
]
TREND_COLUMNS = ["period_grain", "period_start", "program", "touchpoint", "is_complete_period"]
PROGRAMS = ("relational", "transactional")
PROGRAM_COLUMNS = TREND_COLUMNS + [c for s in SCORES for c in (s.column, s.count, s.lower, s.upper)]
RATE_COLUMNS = ["period_grain", "period_start", "audience", "program", "touchpoint", "channel", "invitations",
                "responded", "response_rate", "is_suppressed", "is_complete_period"]
AGENT_COLUMNS = ["period_grain", "period_start", "agent_id", "team", "csat_responses", "csat_pct", "csat_lower_95",
                 "csat_upper_95", "csat_best_rank", "csat_worst_rank", "unranked_reason", "is_complete_period"]
FOLLOW_UP_COLUMNS = ["response_id", "customer_id", "ticket_id", "agent_id", "program", "touchpoint", "reason_text",
                     "nps_score", "days_since_answer", "submitted_date", "as_of_date"]
THEME_COLUMNS = ["period_grain", "period_start", "theme", "answers", "nps_responses", "detractor_share",
                 "detractor_share_lower_95", "detractor_share_upper_95", "baseline_detractor_share", "detractor_lift",
                 "is_lift_significant", "detractor_mention_share", "promoter_mention_share", "is_low_sample",
                 "is_complete_period"]


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

    # ---- the catalogue ---------------------------------------------------------------------------------------

    def has(self, table: str, columns: Sequence[str] = ()) -> bool:
        """Whether the marts schema has `table` with every one of `columns`."""
        return table in self._columns and set(columns) <= self._columns[table]

    def columns(self, table: str) -> set[str]:
        """The columns of `table` (empty when the mart is not built)."""
        return self._columns.get(table, set())

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows of a query, each a dict of column name to value."""
        result = self.con.execute(sql, list(params))
        names = [d[0] for d in result.description]
        return [dict(zip(names, values)) for values in result.fetchall()]

    # ---- periods ---------------------------------------------------------------------------------------------

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

    # ---- one query per section -------------------------------------------------------------------------------

    def touchpoints(self) -> list[str]:
        """The touchpoints of fct_cx_scores (empty when the mart has no touchpoint column)."""
        if not self.has("fct_cx_scores", ["touchpoint"]):
            return []
        return [r[0] for r in self.con.execute(f"select distinct touchpoint from {SCHEMA}.fct_cx_scores").fetchall()]

    def scorecard_rows(self, quarter: Any) -> list[Row]:
        """fct_cx_scores_vs_target for one quarter, one row per programme and touchpoint."""
        return self.rows(
            f"select {', '.join(SCORECARD_COLUMNS)} from {SCHEMA}.{SCORECARD_TABLE} "
            "where period_grain = 'quarter' and period_start = ? order by program, touchpoint",
            [quarter],
        )

    def trend_rows(self, score: Score) -> list[Row]:
        """The monthly rows of fct_cx_scores with a value of `score`, as score, n, low, high."""
        return self.rows(
            f"""
            select program, touchpoint, period_start, {score.column} as score, {score.count} as n,
                {score.lower} as low, {score.upper} as high, is_complete_period
            from {SCHEMA}.fct_cx_scores
            where period_grain = 'month' and {score.column} is not null
            order by program, touchpoint, period_start
            """
        )

    def program_rows(self) -> list[Row]:
        """The quarterly rows of fct_cx_scores of the relational and transactional programmes, every score."""
        score_columns = ", ".join(c for s in SCORES for c in (s.column, s.count, s.lower, s.upper))
        return self.rows(
            f"""
            select program, touchpoint, period_start, is_complete_period, {score_columns}
            from {SCHEMA}.fct_cx_scores
            where period_grain = 'quarter' and program in ('relational', 'transactional')
            order by program, touchpoint, period_start
            """
        )

    def response_rate_rows(self, quarter: Any) -> list[Row]:
        """fct_response_rates for one quarter, customer and employee surveys."""
        return self.rows(
            f"""
            select {', '.join(RATE_COLUMNS)}
            from {SCHEMA}.fct_response_rates
            where period_grain = 'quarter' and period_start = ?
            order by audience, program, touchpoint, channel
            """,
            [quarter],
        )

    def agent_rows(self, grain: str, start: Any) -> list[Row]:
        """fct_agent_scores for one period, ranked and unranked agents."""
        return self.rows(
            f"select {', '.join(AGENT_COLUMNS)} from {SCHEMA}.fct_agent_scores "
            "where period_grain = ? and period_start = ?", [grain, start],
        )

    def unranked_agents(self, grain: str, start: Any) -> list[Row]:
        """How many agents of fct_agent_scores are unranked in one period, per unranked_reason, most first."""
        return self.rows(
            f"""
            select unranked_reason, count(*) as agents
            from {SCHEMA}.fct_agent_scores
            where period_grain = ? and period_start = ? and unranked_reason is not null
            group by 1 order by 2 desc, 1
            """, [grain, start],
        )

    def follow_up_rows(self) -> list[Row]:
        """The call list (fct_detractor_follow_up), longest waiting first."""
        return self.rows(
            f"select {', '.join(FOLLOW_UP_COLUMNS)} from {SCHEMA}.fct_detractor_follow_up "
            "order by days_since_answer desc, submitted_date, response_id"
        )

    def theme_rows(self, quarter: Any) -> list[Row]:
        """fct_response_themes for one quarter, by detractor lift."""
        return self.rows(
            f"""
            select {', '.join(THEME_COLUMNS)}
            from {SCHEMA}.fct_response_themes
            where period_grain = 'quarter' and period_start = ?
            order by detractor_lift desc nulls last, theme
            """,
            [quarter],
        )
