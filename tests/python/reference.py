"""Independent pure-Python reference implementation of the cleaning rules and fct_cx_scores.

Written from the issue text and DECISIONLOG.md only (standard library; nothing from models/ or
macros/). The tests compare the dbt warehouse with it.

Entry points (all take the raw folder):
    row_counts(raw_dir)      -> {table: {"raw": n, "kept": n, "rejected": n}}
    rejected_counts(raw_dir) -> Counter[(source_table, reason)]
    invalid_counts(raw_dir)  -> Counter[(source_table, column_name, reason)]
    fct_cx_scores(raw_dir)   -> list of dicts, one per fct_cx_scores row
    run(raw_dir)             -> the Reference object (rejected rows, invalid values, kept rows, ...)
"""
from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from cx_tools import RAW_COLUMNS  # the contract's column lists only; no rule is imported

TABLES = ["surveys", "survey_invitations", "survey_responses", "tickets", "customers", "agents"]
GRAINS = ["day", "week", "month", "quarter", "year"]

DEFAULT_CES_MIN, DEFAULT_CES_MAX, DEFAULT_CSAT_MAX = 1, 7, 5
MAX_HANDLE_TIME_SECONDS = 86_400
MAX_REOPEN_COUNT = 1_000

# ------------------------------------------------------------------------------------ values
_TRIM = " \t\r\n"
_TS_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_INT_RE = re.compile(r"([0-9]+)(?:\.0+)?")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def clean_text(v: str | None) -> str | None:
    """Trim spaces, tabs, CR and LF at both ends; empty -> None (missing)."""
    if v is None:
        return None
    v = v.strip(_TRIM)
    return v or None


def parse_timestamp(v: str | None) -> datetime | None:
    """ISO 8601 per the contract -> naive UTC datetime; None when invalid (or missing)."""
    if v is None:
        return None
    m = _TS_RE.fullmatch(v)
    if not m:
        return None
    y, mo, d, h, mi, s, frac, off = m.groups()
    if int(h) > 23 or int(mi) > 59 or int(s) > 59:
        return None
    try:
        dt = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s),
                      int((frac or "").ljust(6, "0")[:6]))  # microseconds, extra digits truncated
    except ValueError:  # not a real calendar date (or year 0)
        return None
    if off and off != "Z":
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            return None
        delta = timedelta(hours=oh, minutes=om)
        try:
            dt = dt - delta if off[0] == "+" else dt + delta  # local = UTC + offset
        except OverflowError:
            return None
    return dt


def parse_date(v: str | None) -> date | None:
    """`YYYY-MM-DD` or a timestamp (its UTC date); None when invalid."""
    if v is None:
        return None
    m = _DATE_RE.fullmatch(v)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    ts = parse_timestamp(v)
    return ts.date() if ts else None


def parse_int(v: str | None) -> tuple[int | None, str | None]:
    """(value, None) | (None, 'not_an_integer'); missing -> (None, None)."""
    if v is None:
        return None, None
    m = _INT_RE.fullmatch(v)
    if not m:
        return None, "not_an_integer"
    if int(m.group(1)) > 999_999_999:  # no integer field of the contract goes this high
        return None, "out_of_range"
    return int(m.group(1)), None


def parse_bool(v: str | None) -> tuple[bool | None, str | None]:
    if v is None:
        return None, None
    low = v.lower()
    if low in _TRUE:
        return True, None
    if low in _FALSE:
        return False, None
    return None, "invalid_boolean"


def snake(v: str | None) -> str | None:
    """Lower snake case: lowercase, runs of non [a-z0-9] -> '_', no leading/trailing '_'."""
    if v is None:
        return None
    return _NON_ALNUM.sub("_", v.lower()).strip("_") or None


# ------------------------------------------------------------------------------------ model
@dataclass
class Reference:
    raw_dir: Path
    raw: dict = field(default_factory=dict)            # table -> list of trimmed row dicts
    kept: dict = field(default_factory=dict)           # table -> {key: cleaned row dict}
    rejected: list = field(default_factory=list)       # (table, key, reason, row)
    invalid: list = field(default_factory=list)        # (table, key, column, raw_value, reason)

    # ---- public summaries
    def row_counts(self) -> dict[str, dict[str, int]]:
        rej = Counter(t for t, *_ in self.rejected)
        return {t: {"raw": len(self.raw[t]), "kept": len(self.kept[t]), "rejected": rej[t]} for t in TABLES}

    def rejected_counts(self) -> Counter:
        return Counter((t, reason) for t, _k, reason, _r in self.rejected)

    def invalid_counts(self) -> Counter:
        return Counter((t, col, reason) for t, _k, col, _v, reason in self.invalid)

    # ---- internals
    def _bad(self, table: str, key: str, column: str, raw_value: str | None, reason: str) -> None:
        self.invalid.append((table, key, column, raw_value, reason))

    def _select(self, table: str, key_col: str, event_col: str | None = None,
                surveys: dict | None = None) -> list[dict]:
        """Rejection checks in order, then duplicate resolution. Returns the surviving rows."""
        candidates: dict[str, list[dict]] = defaultdict(list)
        for row in self.raw[table]:
            key = row[key_col]
            if key is None:
                self.rejected.append((table, None, "missing_id", row))
                continue
            if event_col is not None:
                ts = parse_timestamp(row[event_col])
                if ts is None:
                    self.rejected.append((table, key, "invalid_timestamp", row))
                    continue
                row["__event"] = ts
            if surveys is not None and row["survey_id"] not in surveys:
                self.rejected.append((table, key, "unknown_survey", row))
                continue
            candidates[key].append(row)
        out = []
        for key, rows in candidates.items():
            def order(r: dict):
                loaded = parse_timestamp(r["_loaded_at"])
                return (loaded is not None, loaded or datetime.min, r.get("__event") or datetime.min,
                        r["__raw_record"], r["__line"])
            rows.sort(key=order)
            for loser in rows[:-1]:
                self.rejected.append((table, key, "duplicate", loser))
            out.append(rows[-1])
        out.sort(key=lambda r: r["__line"])
        return out

    def _loaded(self, table: str, key: str, row: dict) -> datetime | None:
        ts = parse_timestamp(row["_loaded_at"])
        if ts is None and row["_loaded_at"] is not None:
            self._bad(table, key, "_loaded_at", row["_loaded_at"], "invalid_timestamp")
        return ts

    def _timestamp(self, table: str, key: str, row: dict, col: str) -> datetime | None:
        ts = parse_timestamp(row[col])
        if ts is None and row[col] is not None:
            self._bad(table, key, col, row[col], "invalid_timestamp")
        return ts

    def _int(self, table: str, key: str, row: dict, col: str, lo: int | None = None, hi: int | None = None) -> int | None:
        v, reason = parse_int(row[col])
        if reason:
            self._bad(table, key, col, row[col], reason)
            return None
        if v is not None and ((lo is not None and v < lo) or (hi is not None and v > hi)):
            self._bad(table, key, col, row[col], "out_of_range")
            return None
        return v

    def _ref(self, table: str, key: str, row: dict, col: str, target: dict) -> str | None:
        v = row[col]
        if v is not None and v not in target:
            self._bad(table, key, col, v, "unknown_reference")
            return None
        return v

    # ---- pipeline
    def build(self) -> "Reference":
        for t in TABLES:
            self.raw[t] = _read(self.raw_dir / f"{t}.csv")

        # surveys
        surveys = {}
        for row in self._select("surveys", "survey_id"):
            k = row["survey_id"]
            cmin = self._int("surveys", k, row, "ces_scale_min")
            cmax = self._int("surveys", k, row, "ces_scale_max")
            smax = self._int("surveys", k, row, "csat_scale_max")
            cmin = DEFAULT_CES_MIN if cmin is None else cmin
            cmax_given = cmax is not None
            cmax = DEFAULT_CES_MAX if cmax is None else cmax
            if not cmin < cmax:
                # Recorded on the max when it was given, else on the min that clashes with the default max.
                if cmax_given:
                    self._bad("surveys", k, "ces_scale_max", row["ces_scale_max"], "out_of_range")
                else:
                    self._bad("surveys", k, "ces_scale_min", row["ces_scale_min"], "out_of_range")
                cmin, cmax = DEFAULT_CES_MIN, DEFAULT_CES_MAX
            if smax is None:
                smax = DEFAULT_CSAT_MAX
            elif smax < 2:
                self._bad("surveys", k, "csat_scale_max", row["csat_scale_max"], "out_of_range")
                smax = DEFAULT_CSAT_MAX
            self._loaded("surveys", k, row)
            surveys[k] = {
                "survey_id": k,
                "program": snake(row["program"]) or "unknown",
                "touchpoint": snake(row["touchpoint"]) or "unknown",
                "audience": snake(row["audience"]) or "customer",
                "ces_min": cmin, "ces_max": cmax, "csat_max": smax,
            }
        self.kept["surveys"] = surveys

        # customers
        customers = {}
        for row in self._select("customers", "customer_id"):
            k = row["customer_id"]
            signup = parse_date(row["signup_date"])
            if signup is None and row["signup_date"] is not None:
                self._bad("customers", k, "signup_date", row["signup_date"], "invalid_date")
            churned = self._timestamp("customers", k, row, "churned_at")
            self._loaded("customers", k, row)
            customers[k] = {"customer_id": k, "signup_date": signup, "churned_at": churned,
                            "plan": snake(row["plan"]), "gender": snake(row["gender"])}
        self.kept["customers"] = customers

        # agents
        agents = {}
        for row in self._select("agents", "agent_id"):
            k = row["agent_id"]
            hired = self._timestamp("agents", k, row, "hired_at")
            self._loaded("agents", k, row)
            agents[k] = {"agent_id": k, "team": row["team"], "hired_at": hired}
        self.kept["agents"] = agents

        # tickets
        tickets = {}
        for row in self._select("tickets", "ticket_id", "created_at"):
            k = row["ticket_id"]
            created = row["__event"]
            rec = {"ticket_id": k, "created_at": created}
            rec["customer_id"] = self._ref("tickets", k, row, "customer_id", customers)
            rec["agent_id"] = self._ref("tickets", k, row, "agent_id", agents)
            for col in ("first_response_at", "solved_at"):
                ts = self._timestamp("tickets", k, row, col)
                if ts is not None and ts < created:
                    self._bad("tickets", k, col, row[col], "before_created_at")
                    ts = None
                rec[col] = ts
            rec["handle_time_seconds"] = self._int("tickets", k, row, "handle_time_seconds", 0, MAX_HANDLE_TIME_SECONDS)
            rec["reopen_count"] = self._int("tickets", k, row, "reopen_count", 0, MAX_REOPEN_COUNT)
            self._loaded("tickets", k, row)
            tickets[k] = rec
        self.kept["tickets"] = tickets

        # survey_invitations
        invitations = {}
        for row in self._select("survey_invitations", "invitation_id", "sent_at", surveys):
            k = row["invitation_id"]
            rec = {"invitation_id": k, "survey_id": row["survey_id"], "sent_at": row["__event"]}
            rec["customer_id"] = self._ref("survey_invitations", k, row, "customer_id", customers)
            self._loaded("survey_invitations", k, row)
            invitations[k] = rec
        self.kept["survey_invitations"] = invitations

        # survey_responses
        responses = {}
        for row in self._select("survey_responses", "response_id", "submitted_at", surveys):
            k = row["response_id"]
            s = surveys[row["survey_id"]]
            rec = {"response_id": k, "survey_id": row["survey_id"], "submitted_at": row["__event"]}
            rec["invitation_id"] = self._ref("survey_responses", k, row, "invitation_id", invitations)
            rec["customer_id"] = self._ref("survey_responses", k, row, "customer_id", customers)
            rec["ticket_id"] = self._ref("survey_responses", k, row, "ticket_id", tickets)
            rec["nps"] = self._int("survey_responses", k, row, "nps_score", 0, 10)
            rec["ces"] = self._int("survey_responses", k, row, "ces_score", s["ces_min"], s["ces_max"])
            rec["csat"] = self._int("survey_responses", k, row, "csat_score", 1, s["csat_max"])
            follow, reason = parse_bool(row["follow_up_ok"])
            if reason:
                self._bad("survey_responses", k, "follow_up_ok", row["follow_up_ok"], reason)
            rec["follow_up_ok"] = follow
            self._loaded("survey_responses", k, row)
            responses[k] = rec
        self.kept["survey_responses"] = responses
        return self

    # ---- mart
    def fct_cx_scores(self) -> list[dict]:
        groups: dict[tuple, dict] = {}
        surveys = self.kept["surveys"]
        for r in self.kept["survey_responses"].values():
            s = surveys[r["survey_id"]]
            if s["audience"] != "customer":
                continue
            d = r["submitted_at"].date()
            for grain in GRAINS:
                key = (grain, period_start(grain, d), s["program"], s["touchpoint"])
                g = groups.get(key)
                if g is None:
                    g = groups[key] = {"responses": 0, "prom": 0, "pas": 0, "det": 0,
                                       "ces_n": 0, "ces_sum": 0.0, "csat_n": 0, "csat_sat": 0}
                g["responses"] += 1
                if r["nps"] is not None:
                    if r["nps"] >= 9:
                        g["prom"] += 1
                    elif r["nps"] >= 7:
                        g["pas"] += 1
                    else:
                        g["det"] += 1
                if r["ces"] is not None:
                    g["ces_n"] += 1
                    g["ces_sum"] += 1 + (r["ces"] - s["ces_min"]) * 6 / (s["ces_max"] - s["ces_min"])
                if r["csat"] is not None:
                    g["csat_n"] += 1
                    if r["csat"] >= s["csat_max"] - 1:
                        g["csat_sat"] += 1
        out = []
        for (grain, start, program, touchpoint), g in sorted(groups.items()):
            n = g["prom"] + g["pas"] + g["det"]
            nps = moe = None
            if n:
                p, d = g["prom"] / n, g["det"] / n
                nps = 100 * (g["prom"] - g["det"]) / n
                moe = 1.96 * 100 * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)
            out.append({
                "period_grain": grain, "period_start": start, "program": program, "touchpoint": touchpoint,
                "responses": g["responses"], "nps_responses": n, "promoters": g["prom"], "passives": g["pas"],
                "detractors": g["det"], "nps": nps, "nps_moe_95": moe,
                "ces_responses": g["ces_n"], "ces_avg": g["ces_sum"] / g["ces_n"] if g["ces_n"] else None,
                "csat_responses": g["csat_n"], "csat_satisfied": g["csat_sat"],
                "csat_pct": 100 * g["csat_sat"] / g["csat_n"] if g["csat_n"] else None,
            })
        return out


FCT_COLUMNS = ["period_grain", "period_start", "program", "touchpoint", "responses", "nps_responses",
               "promoters", "passives", "detractors", "nps", "nps_moe_95", "ces_responses", "ces_avg",
               "csat_responses", "csat_satisfied", "csat_pct"]


def period_start(grain: str, d: date) -> date:
    if grain == "day":
        return d
    if grain == "week":  # ISO week, Monday start
        return d - timedelta(days=d.weekday())
    if grain == "month":
        return d.replace(day=1)
    if grain == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    if grain == "year":
        return date(d.year, 1, 1)
    raise ValueError(grain)


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = [h.strip(_TRIM) for h in next(reader)]
        rows = []
        for line, values in enumerate(reader):
            values = values + [""] * (len(header) - len(values))
            raw = dict(zip(header, values))
            row = {h: clean_text(v) for h, v in raw.items()}
            row["__line"] = line
            # The raw record as the audit keeps it (contract columns, empty = null, no contact data): the
            # content tie-break between copies of a key that agree on _loaded_at and event time.
            row["__raw_record"] = json.dumps(
                {c: (raw.get(c) or None) for c in RAW_COLUMNS[path.stem] if c not in ("email", "full_name")},
                ensure_ascii=False, separators=(",", ":"),
            )
            rows.append(row)
    return rows


@lru_cache(maxsize=8)
def _run_cached(raw_dir: str, _stamp: tuple) -> Reference:
    return Reference(Path(raw_dir)).build()


def run(raw_dir) -> Reference:
    p = Path(raw_dir).resolve()
    stamp = tuple((t, (p / f"{t}.csv").stat().st_mtime_ns) for t in TABLES)
    return _run_cached(str(p), stamp)


def row_counts(raw_dir) -> dict[str, dict[str, int]]:
    return run(raw_dir).row_counts()


def rejected_counts(raw_dir) -> Counter:
    return run(raw_dir).rejected_counts()


def invalid_counts(raw_dir) -> Counter:
    return run(raw_dir).invalid_counts()


def fct_cx_scores(raw_dir) -> list[dict]:
    return run(raw_dir).fct_cx_scores()


if __name__ == "__main__":  # quick look: python tests/python/reference.py DIR
    import sys

    ref = run(sys.argv[1])
    for t, c in ref.row_counts().items():
        print(f"{t:20s} raw={c['raw']:7d} kept={c['kept']:7d} rejected={c['rejected']:6d}")
    for k, v in sorted(ref.rejected_counts().items()):
        print("rejected", k, v)
    for k, v in sorted(ref.invalid_counts().items()):
        print("invalid ", k, v)
    print("fct_cx_scores rows:", len(ref.fct_cx_scores()))
