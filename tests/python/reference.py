"""Independent pure-Python reference implementation of the cleaning rules and fct_cx_scores.

Written from the issue text, DECISIONLOG.md and the issue-17 rule spec (rules 1-8: Unicode trim set, NFC keys and
hashed email-shaped keys, Unicode snake case with invalid_category, audience synonyms, UTC year range,
future_timestamp, repeated_header, free-text redaction) only (standard library; nothing from models/ or macros/).
The tests compare the dbt warehouse with it.

Entry points (all take the raw folder):
    row_counts(raw_dir)      -> {table: {"raw": n, "kept": n, "rejected": n}}
    rejected_counts(raw_dir) -> Counter[(source_table, reason)]
    invalid_counts(raw_dir)  -> Counter[(source_table, column_name, reason)]
    fct_cx_scores(raw_dir)   -> list of dicts, one per fct_cx_scores row
    run(raw_dir)             -> the Reference object (rejected rows, invalid values, kept rows, ...)
Value helpers used by tests: clean_text, clean_key, snake, category, audience, parse_timestamp, redact.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from cx_tools import RAW_COLUMNS, project_vars  # the contract's column lists and grains only; no rule is imported

TABLES = ["surveys", "survey_invitations", "survey_responses", "tickets", "customers", "agents"]
GRAINS = project_vars()["cx_period_grains"]  # the grains the project builds (dbt_project.yml)

DEFAULT_CES_MIN, DEFAULT_CES_MAX, DEFAULT_CSAT_MAX = 1, 7, 5
MAX_HANDLE_TIME_SECONDS = 86_400
MAX_REOPEN_COUNT = 1_000
CLOCK_SKEW_DAYS = 1  # var cx_clock_skew_days

# Rule 2: the key columns, in every table that has them (references included, so they still match).
KEY_COLUMNS = ("response_id", "survey_id", "invitation_id", "customer_id", "employee_id", "ticket_id", "agent_id")
# Rule 3: the category columns per table.
CATEGORY_COLUMNS = {
    "surveys": ("program", "touchpoint", "audience"),
    "survey_invitations": ("channel",),
    "survey_responses": ("channel",),
    "tickets": ("channel", "priority", "status"),
    "customers": ("plan", "gender"),
    "agents": (),
}
# Rule 4: audience synonyms (after rule 3); empty -> customer; anything else rejects the survey.
AUDIENCES = {"customer": "customer", "customers": "customer",
             "employee": "employee", "employees": "employee", "staff": "employee", "internal": "employee"}

# ------------------------------------------------------------------------------------ values
# Rule 1: U+0009-U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000-U+200B, U+2028, U+2029, U+202F, U+205F, U+3000,
# U+FEFF. (Not Python's default strip set: that one also strips U+001C-U+001F and not U+200B / U+FEFF.)
_TRIM = ("".join(map(chr, range(0x09, 0x0E))) + "\u0020\u0085\u00a0\u1680"
         + "".join(map(chr, range(0x2000, 0x200C))) + "\u2028\u2029\u202f\u205f\u3000\ufeff")
_TS_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_INT_RE = re.compile(r"([0-9]+)(?:\.0+)?")
# Rule 2: an email-shaped key (full match, after trim + NFC).
_EMAIL_KEY_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Rule 8: free text. Emails first, then phone numbers (7 to 15 digits with separators; leftmost, greedy).
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_RE = re.compile(r"\+?\(?[0-9](?:[ ./()-]{0,2}[0-9]){6,}")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def csat_is_satisfied(score: int, scale_max: int) -> bool:
    """Top two boxes on 4+ points; top box only on a 2- or 3-point scale."""
    return score >= scale_max - 1 if scale_max >= 4 else score == scale_max


def clean_text(v: str | None) -> str | None:
    """Rule 1: strip the trim set at both ends; empty -> None (missing)."""
    if v is None:
        return None
    v = v.strip(_TRIM)
    return v or None


def clean_key(v: str | None) -> str | None:
    """Rule 2: trimmed, NFC; an email-shaped key becomes 'hashed_' + md5 hex of its UTF-8 bytes."""
    v = clean_text(v)
    if v is None:
        return None
    v = unicodedata.normalize("NFC", v)
    if _EMAIL_KEY_RE.fullmatch(v):
        return "hashed_" + hashlib.md5(v.encode("utf-8")).hexdigest()
    return v


def redact(text: str | None) -> str | None:
    """Rule 8: emails -> '[email]', then phone numbers -> '[phone]'."""
    if text is None:
        return None
    return _PHONE_RE.sub("[phone]", _EMAIL_RE.sub("[email]", text))


def parse_timestamp(v: str | None) -> datetime | None:
    """ISO 8601 per the contract -> naive UTC datetime; None when invalid (or missing).

    Rule 5: the UTC value must lie in years 1..9999 (datetime's own range: an offset that carries the value out of
    it raises OverflowError -> invalid)."""
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
    """Rule 3: NFC(lower(v)); every run of characters that are not a Unicode letter, mark or number -> one '_';
    no '_' at either end. None when nothing is left (missing, or a value with no letter, mark or number)."""
    if v is None:
        return None
    # lower() per character (the simple, context-free mapping an SQL lower() applies; str.lower() on the whole
    # string would special-case a final sigma).
    s = unicodedata.normalize("NFC", "".join(ch.lower() for ch in v))
    out: list[str] = []
    for ch in s:
        if unicodedata.category(ch)[0] in "LMN":
            out.append(ch)
        elif not out or out[-1] != "_":
            out.append("_")
    return "".join(out).strip("_") or None


def category(v: str | None) -> tuple[str | None, str | None]:
    """(snake value, None) | (None, 'invalid_category') for a non-empty value with no letter/mark/number;
    missing -> (None, None)."""
    if v is None:
        return None, None
    s = snake(v)
    return (s, None) if s is not None else (None, "invalid_category")


def audience(v: str | None) -> str | None:
    """Rule 4: 'customer' | 'employee'; None = not an accepted audience (the survey is rejected invalid_audience)."""
    if v is None:
        return "customer"
    return AUDIENCES.get(snake(v))


# ------------------------------------------------------------------------------------ model
@dataclass
class Reference:
    raw_dir: Path
    raw: dict = field(default_factory=dict)            # table -> list of trimmed row dicts
    kept: dict = field(default_factory=dict)           # table -> {key: cleaned row dict}
    rejected: list = field(default_factory=list)       # (table, key, reason, row)
    invalid: list = field(default_factory=list)        # (table, key, column, raw_value, reason)
    skew_days: int = CLOCK_SKEW_DAYS

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
                surveys: dict | None = None, check=None) -> list[dict]:
        """Rejection checks in order (rule 6: repeated_header, missing_id, invalid_timestamp, future_timestamp,
        unknown_survey / `check` (invalid_audience), then duplicate). Returns the surviving rows."""
        candidates: dict[str, list[dict]] = defaultdict(list)
        for row in self.raw[table]:
            key = row[key_col]
            if row["__repeated_header"]:
                self.rejected.append((table, key, "repeated_header", row))
                continue
            if key is None:
                self.rejected.append((table, None, "missing_id", row))
                continue
            if event_col is not None:
                ts = parse_timestamp(row[event_col])
                if ts is None:
                    self.rejected.append((table, key, "invalid_timestamp", row))
                    continue
                row["__event"] = ts
                if self._is_future(ts, row["_loaded_at"]):
                    self.rejected.append((table, key, "future_timestamp", row))
                    continue
            if surveys is not None and row["survey_id"] not in surveys:
                self.rejected.append((table, key, "unknown_survey", row))
                continue
            reason = check(row) if check is not None else None
            if reason:
                self.rejected.append((table, key, reason, row))
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

    def _is_future(self, event: datetime, loaded_at: str | None) -> bool:
        """Rule 6: later than _loaded_at + skew days; a row with no valid _loaded_at is not checked."""
        loaded = parse_timestamp(loaded_at)
        if loaded is None:
            return False
        try:
            limit = loaded + timedelta(days=self.skew_days)
        except OverflowError:  # beyond 9999-12-31: nothing valid is later
            return False
        return event > limit

    def _category(self, table: str, key: str, row: dict, col: str) -> str | None:
        v, reason = category(row[col])
        if reason:
            self._bad(table, key, col, row[col], reason)
        return v

    def _categories(self, table: str, key: str, row: dict, rec: dict) -> None:
        """Rule 3 for the category columns of `table` not already set in `rec` (survey ones are set there)."""
        for col in CATEGORY_COLUMNS[table]:
            if col not in rec:
                rec[col] = self._category(table, key, row, col)

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

        # surveys (rule 4: an audience that is not a customer/employee spelling rejects the row)
        surveys = {}

        def audience_check(row: dict) -> str | None:
            return None if audience(row["audience"]) else "invalid_audience"

        for row in self._select("surveys", "survey_id", check=audience_check):
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
                # No CSAT scale: the survey's CSAT answers are nulled (invalid_scale).
                self._bad("surveys", k, "csat_scale_max", row["csat_scale_max"], "out_of_range")
                smax = None
            self._loaded("surveys", k, row)
            surveys[k] = {
                "survey_id": k,
                # empty or invalid_category (recorded) -> 'unknown'
                "program": self._category("surveys", k, row, "program") or "unknown",
                "touchpoint": self._category("surveys", k, row, "touchpoint") or "unknown",
                "audience": audience(row["audience"]),  # valid: the others were rejected above
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
            customers[k] = {"customer_id": k, "signup_date": signup, "churned_at": churned}
            self._categories("customers", k, row, customers[k])
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
            self._categories("tickets", k, row, rec)
            self._loaded("tickets", k, row)
            tickets[k] = rec
        self.kept["tickets"] = tickets

        # survey_invitations
        invitations = {}
        for row in self._select("survey_invitations", "invitation_id", "sent_at", surveys):
            k = row["invitation_id"]
            rec = {"invitation_id": k, "survey_id": row["survey_id"], "sent_at": row["__event"]}
            rec["customer_id"] = self._ref("survey_invitations", k, row, "customer_id", customers)
            self._categories("survey_invitations", k, row, rec)
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
            if s["csat_max"] is None:
                if row["csat_score"] is not None:
                    self._bad("survey_responses", k, "csat_score", row["csat_score"], "invalid_scale")
                rec["csat"] = None
            else:
                rec["csat"] = self._int("survey_responses", k, row, "csat_score", 1, s["csat_max"])
            follow, reason = parse_bool(row["follow_up_ok"])
            if reason:
                self._bad("survey_responses", k, "follow_up_ok", row["follow_up_ok"], reason)
            rec["follow_up_ok"] = follow
            self._categories("survey_responses", k, row, rec)
            rec["employee_id"] = row["employee_id"]
            rec["reason_text"] = redact(row["reason_text"])
            rec["improvement_text"] = redact(row["improvement_text"])
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
                    if csat_is_satisfied(r["csat"], s["csat_max"]):
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
    """The rows of one raw CSV: one per physical RFC 4180 record after the header (a quoted field may span
    lines; an empty line holds no record), every value trimmed (rule 1), key columns also NFC / hashed (rule 2)."""
    table = path.stem
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = [h.strip(_TRIM) for h in next(reader)]
        rows = []
        line = 0
        for values in reader:
            if not values:  # an empty line: no record
                continue
            values = values + [""] * (len(header) - len(values))
            raw = dict(zip(header, values))
            row = {h: clean_text(v) for h, v in raw.items()}
            # Rule 7: every contract column holds (after trim) exactly its own name.
            row["__repeated_header"] = all(row.get(c) == c for c in RAW_COLUMNS[table])
            for c in KEY_COLUMNS:
                if c in row:
                    row[c] = clean_key(row[c])
            row["__line"] = line
            line += 1
            # The raw record as the audit keeps it (contract columns, empty = null, no contact data): the
            # content tie-break between copies of a key that agree on _loaded_at and event time.
            row["__raw_record"] = json.dumps(
                {c: (raw.get(c) or None) for c in RAW_COLUMNS[table] if c not in ("email", "full_name")},
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
