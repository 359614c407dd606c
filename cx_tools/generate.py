"""Deterministic synthetic raw data for the cx_metrics project.

Writes the six raw files of the contract (surveys, survey_invitations, survey_responses, tickets,
customers, agents) as RFC 4180 CSV. The same arguments always produce byte-identical files.

    python -m cx_tools.generate --responses 2000 --seed 7 --out data/sample --dirty-share 0.02

``--format parquet`` writes the same text as Parquet (every column VARCHAR, so the Parquet files hold
exactly the text the CSV holds); ``--layout parts`` writes each table as a folder of ``--parts`` part
files instead of one file (``survey_responses/part-00000.csv`` ...), split on row boundaries, each CSV part
with the header.

Two engines (``--engine``) write the same contract, shape and kinds of defects:

- ``python``, the default up to ``FAST_ENGINE_THRESHOLD`` (200,000) responses: row by row, standard
  library only for CSV (Parquet is the CSV converted with the duckdb package), about 6k responses/s. It
  wrote the committed sample and the test fixtures, and keeps writing them byte for byte.
- ``fast``, the default above: ``cx_tools.generate_fast``, one DuckDB ``COPY (SELECT ...) TO`` per output
  file over row numbers, every value a hash-based function of (seed, table, row number). It streams
  (nothing is held in Python), uses every core, writes CSV or Parquet directly in either layout and is
  deterministic too (same arguments, same CSV bytes): 10M responses with their tickets, invitations and
  customers in well under 2 minutes on 2 cores, within 4 GB. Its rows are not the Python engine's rows
  (other random numbers; response k answers one invitation of the k-th of N equal slices of the
  invitations instead of selection sampling; a copy follows its original by 1-40 rows, but the first row
  of a file is never copied; "unknown" ids are numbered past the last real one); see its docstring.

Shape (clean rows, before any dirty extras): 12 surveys, 40 agents, customers = max(1, round(N/4)),
tickets = max(1, round(0.6 N)), invitations = max(N, round(2.5 N)), responses = N. Every response
answers one invitation of the same survey and customer (Python engine: selection sampling over the
invitation stream, so neither responses nor invitations are held in memory); responses to the support
and agent surveys reference the ticket their invitation was sent for; employee (eNPS) responses carry an
employee_id (an agent_id) and no customer_id.

With ``--dirty-share F`` about a share F of the rows of each file gets one defect drawn from a
per-file list (``DEFECTS``: missing id, bad timestamps, unknown survey, exact duplicate, edited duplicate
with a later _loaded_at, re-submitted answer, non-integer / out-of-range / padded scores, unknown
references, bad booleans, messy text, ...). Defects that add rows (duplicates) add them a few rows
later in the same file, so raw row counts exceed the clean counts above.
"""
from __future__ import annotations

import argparse
import csv
import random
import shutil
import tempfile
from array import array
from collections import deque
from itertools import accumulate
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Iterable

from cx_tools import RAW_COLUMNS

_EPOCH = datetime(1970, 1, 1)
DAY = 86_400
HOUR = 3_600

# ---------------------------------------------------------------------------------------------
# Surveys. Raw spellings vary on purpose; normalised (program, touchpoint, audience) in comments.
# kind: "rel" (relationship, any customer), "ticket" (sent after a ticket), "tx" (transactional,
# any customer), "emp" (employees). questions: n = NPS, e = CES, c = CSAT.
# ---------------------------------------------------------------------------------------------
SURVEYS = [
    # id, name, program, touchpoint, audience, ces_min, ces_max, csat_max, weight, questions, kind
    ("S01", "Quarterly Relationship Survey", "Relational", "Overall Relationship", "Customer", "", "", "5", 12, "nc", "rel"),  # relational / overall_relationship
    ("S02", "Support Follow-up", " TRANSACTIONAL ", "Support Interaction", "", "1", "7", "5", 18, "nec", "ticket"),  # transactional / support_interaction / (empty -> customer)
    ("S03", "Agent Feedback", "Transactional", "Agent", "customer", "1", "5", "5", 8, "nec", "ticket"),
    ("S04", "Post-Purchase Survey", "transactional", "Purchase", "Customer", "1", "5", "7", 14, "nec", "tx"),
    ("S05", "Onboarding Check-in", "Transactional", "Onboarding", "CUSTOMER", "1", "10", "5", 6, "nec", "tx"),
    ("S06", "Website Feedback", "Transactional", "Web Page", " customer ", "", "", "", 10, "nec", "tx"),  # all scales default: CES 1-7, CSAT 5
    ("S07", "In-Store Visit", "Transactional", "In-Store Visit", "Customer", "1", "7", "7", 8, "nec", "tx"),  # in_store_visit
    ("S08", "Social Care", "Transactional", "Social Media", "Customer", "1", "5", "", 4, "nec", "tx"),
    ("S09", "Delivery Experience", "Transactional", "Delivery & Returns", "Customer", "1", "7", "5", 8, "nec", "tx"),  # delivery_returns
    ("S10", "Mobile App Pulse", "Digital Product", "Mobile App", "Customer", "", "", "5", 6, "nec", "tx"),  # digital_product / mobile_app
    ("S11", "Brand Tracker", "Relational", "Brand Perception", "Customer", "", "", "", 3, "n", "rel"),
    ("S12", "Employee eNPS", "Employee Experience", "eNPS", "Employee", "", "", "", 5, "n", "emp"),  # audience employee: not in fct_cx_scores
]

FIRST = ["Ana", "Ben", "Chloé", "Dev", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam",
         "Mara", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tess", "Uma", "Victor", "Wen", "Yara"]
LAST = ["Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "García", "Hansen", "Ito", "Jensen",
        "Kowalski", "López", "Müller", "Novak", "O'Brien", "Patel", "Rossi", "Silva", "Tanaka", "Weber"]
PLANS = (["Basic", "basic", "Pro", "PRO", "Pro ", "Enterprise", "Free Trial", "free-trial"], [20, 5, 20, 4, 3, 10, 8, 3])
COUNTRIES = (["DE", "FR", "NL", "ES", "IT", "GB", "US", "PL", "SE", ""], [18, 12, 10, 10, 8, 14, 16, 5, 4, 3])
AGE_BANDS = (["18-24", "25-34", "35-44", "45-54", "55-64", "65+", ""], [10, 24, 22, 18, 12, 8, 6])
GENDERS = (["Female", "Male", "Non-binary", "female", "MALE", "Prefer not to say", ""], [38, 38, 3, 4, 4, 5, 8])
INCOME_BANDS = (["<25k", "25-50k", "50-75k", "75-100k", "100k+", ""], [14, 26, 22, 14, 10, 14])
TEAMS = ["Tier 1 Support", "Tier 2 Support", "Billing", "Onboarding", "Social Care"]
T_CHANNELS = (["Email", "Chat", "Phone", "Web Form", "chat ", "PHONE"], [30, 30, 20, 12, 4, 4])
PRIORITIES = (["Low", "Normal", "High", "Urgent", " high", "NORMAL"], [25, 45, 18, 6, 3, 3])
STATUSES = (["Solved", "Closed", "Open", "Pending", "solved"], [45, 35, 8, 7, 5])
I_CHANNELS = (["Email", "SMS", "In-App", "Web Widget", "email", " SMS"], [45, 15, 18, 14, 5, 3])
FOLLOW_UP = (["true", "false", "yes", "no", "1", "0", "TRUE", "No", ""], [20, 20, 10, 10, 8, 8, 4, 4, 16])
NPS_W = [2, 1, 1, 2, 2, 4, 6, 10, 17, 24, 31]  # 0..10, skewed high
REASONS = [
    "Quick and friendly help", "Agent solved it first time", "Too long on hold",
    "Easy, fast, no fuss", 'The "express" option was not express', "Delivery was late, again",
    "Great product; support could be faster", "Had to explain my issue twice",
    "Website kept logging me out", "Staff in store were helpful", "", "", "",
]
IMPROVEMENTS = [
    "", "", "", "", "Shorter wait times", "Better app navigation, please",
    "More payment options", 'Stop sending "surveys" after every click', "Call me back instead of email",
]
BAD_TIMESTAMPS = [
    "31/12/2025", "2025-13-45 10:00:00", "2025-02-29 10:00:00", "2025-06-31 08:00:00",
    "2025-06-01 24:00:00", "2025-06-01 10:60:00", "2025-06-01 10:00:61", "2025-06-01",
    "2025/06/01 10:00:00", "2025-06-01T10:00:00+2:00", "2025-06-01T10:00:00+24:00", "yesterday",
    "1748772000", "2025-6-1 10:00:00", "",
]
BAD_DATES = ["31/12/2024", "2025-02-30", "2024-13-01", "n/a", "20240105", "2024-1-5"]
NON_INTEGERS = ["7.5", "abc", "\uff19", "-1", "8,0", "1e1", "ten", "9.", "+8"]
BAD_BOOLEANS = ["maybe", "Y", "N/A", "2", "t", "yes please"]
MESSY_TEXTS = [
    'Good, but "slow" reply,\nthen fixed', "  padded with spaces\t ", "\nline one\nline two\n",
    'She said "no, not today", twice', "comma, comma, comma", 'quote " inside',
]


_CUM: dict[int, list[int]] = {}


def _cum(weights: list[int]) -> list[int]:
    """Cumulative weights, cached (rng.choices with cum_weights draws exactly as with weights)."""
    cum = _CUM.get(id(weights))
    if cum is None:
        cum = _CUM[id(weights)] = list(accumulate(weights))
    return cum


def _weighted(rng: random.Random, table: tuple[list[str], list[int]]) -> str:
    return rng.choices(table[0], cum_weights=_cum(table[1]))[0]


def fmt_ts(rng: random.Random, t: int) -> str:
    """Render UTC epoch second `t` in one of the ISO 8601 forms the contract allows."""
    r = rng.random()
    if r < 0.12:  # +02:00 offset: local wall clock is UTC + 2h
        dt = _EPOCH + timedelta(seconds=t + 2 * HOUR)
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + "+02:00"
    if r < 0.17:  # -05:00 offset
        dt = _EPOCH + timedelta(seconds=t - 5 * HOUR)
        return dt.strftime("%Y-%m-%d %H:%M:%S") + "-05:00"
    dt = _EPOCH + timedelta(seconds=t)
    if r < 0.55:
        return dt.strftime("%Y-%m-%d %H:%M:%S")
    if r < 0.80:
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    if r < 0.90:  # millisecond fraction, no offset
        return dt.strftime("%Y-%m-%d %H:%M:%S") + ".%03d" % rng.randrange(1000)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%06dZ" % rng.randrange(1_000_000)


def fmt_loaded(rng: random.Random, t: int) -> str:
    """_loaded_at: the loader writes UTC, mostly with a space, sometimes with T...Z."""
    dt = _EPOCH + timedelta(seconds=t)
    if rng.random() < 0.7:
        return dt.strftime("%Y-%m-%d %H:%M:%S")
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _epoch(d: date) -> int:
    return (d - date(1970, 1, 1)).days * DAY


class TableWriter:
    """Streams rows of one raw file; with a dirty share, applies one defect to about that share."""

    def __init__(self, out: Path, table: str, rng: random.Random, share: float,
                 defects: list[tuple[str, int]] | None = None,
                 apply: Callable[[str, dict, "TableWriter"], dict | None] | None = None):
        self.columns = RAW_COLUMNS[table]
        self.key = self.columns[0]
        self.fh = open(out / f"{table}.csv", "w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.fh, lineterminator="\r\n")
        self.writer.writerow(self.columns)
        self.rng = rng
        self.share = share
        self.defects = defects or []
        self.apply = apply
        self.pending: deque[tuple[int, dict]] = deque()
        self.n = 0

    def _emit(self, row: dict) -> None:
        self.writer.writerow([row.get(c, "") for c in self.columns])
        self.n += 1
        while self.pending and self.pending[0][0] <= self.n:
            extra = self.pending.popleft()[1]
            self.writer.writerow([extra.get(c, "") for c in self.columns])
            self.n += 1

    def later(self, row: dict) -> None:
        """Queue an extra row to appear a few rows later in the file (duplicates)."""
        self.pending.append((self.n + self.rng.randint(1, 40), dict(row)))
        # keep the queue ordered by due position (appends are nearly ordered; fix the tail)
        if len(self.pending) > 1 and self.pending[-2][0] > self.pending[-1][0]:
            items = sorted(self.pending, key=lambda p: p[0])
            self.pending = deque(items)

    def write(self, row: dict) -> None:
        if self.share > 0 and self.defects and self.rng.random() < self.share:
            kinds, weights = zip(*self.defects)
            kind = self.rng.choices(kinds, weights)[0]
            new = self.apply(kind, dict(row), self) if self.apply else row
            if new is not None:
                self._emit(new)
            return
        self._emit(row)

    def close(self) -> None:
        for _, row in self.pending:
            self.writer.writerow([row.get(c, "") for c in self.columns])
            self.n += 1
        self.pending.clear()
        self.fh.close()


def _later_loaded(rng: random.Random, loaded: str) -> str:
    """A _loaded_at 1-10 days after `loaded` (which the generator always writes valid)."""
    base = loaded.replace("T", " ").rstrip("Z")
    dt = datetime.strptime(base, "%Y-%m-%d %H:%M:%S") + timedelta(days=rng.randint(1, 10), seconds=rng.randrange(DAY))
    return dt.strftime("%Y-%m-%d %H:%M:%S")


def _common_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
    """Defects every table can get. Returns the row to write now (or None)."""
    rng = w.rng
    if kind == "missing_id":
        row[w.key] = rng.choice(["", "  ", "\t", " \r\n"])
    elif kind == "padded_key":
        row[w.key] = rng.choice([" ", "\t", "  "]) + row[w.key] + rng.choice([" ", "\t", "\n", ""])
    elif kind == "exact_duplicate":
        w.later(row)
    elif kind == "bad_loaded_at":
        row["_loaded_at"] = rng.choice(BAD_TIMESTAMPS[:-1])
    elif kind == "stale_duplicate_bad_loaded_at":
        # an extra copy whose _loaded_at is invalid: it counts as oldest and is superseded
        copy = dict(row)
        copy["_loaded_at"] = rng.choice(BAD_TIMESTAMPS[:-1])
        w.later(copy)
    return row


COMMON_DEFECTS = [("missing_id", 3), ("padded_key", 2), ("exact_duplicate", 3), ("bad_loaded_at", 1),
                  ("stale_duplicate_bad_loaded_at", 1)]
# Per file: the defects a dirty row draws from, with weights (both engines; the order is part of the draw).
DEFECTS: dict[str, list[tuple[str, int]]] = {
    "surveys": [("extra_missing_id", 1), ("later_load_duplicate", 2), ("exact_duplicate", 1), ("padded_key", 1)],
    "agents": COMMON_DEFECTS + [("bad_hired_at", 2), ("later_load_duplicate", 2)],
    "customers": COMMON_DEFECTS + [("bad_signup_date", 3), ("signup_as_timestamp", 1), ("bad_churned_at", 2),
                                   ("later_load_duplicate", 3)],
    "tickets": COMMON_DEFECTS + [("bad_created_at", 3), ("bad_first_response_at", 1), ("before_created_at", 2),
                                 ("bad_handle_time", 2), ("padded_handle_time", 1), ("bad_reopen_count", 1),
                                 ("unknown_customer", 2), ("unknown_agent", 1), ("later_load_duplicate", 2),
                                 ("broken_redelivery", 1)],
    "survey_invitations": COMMON_DEFECTS + [("bad_sent_at", 3), ("unknown_survey", 2), ("unknown_customer", 2),
                                            ("later_load_duplicate", 2)],
    "survey_responses": COMMON_DEFECTS + [("bad_submitted_at", 3), ("unknown_survey", 2), ("non_integer_score", 3),
                                          ("out_of_range_score", 3), ("padded_score", 3), ("unknown_reference", 3),
                                          ("bad_follow_up_ok", 2), ("messy_text", 2), ("edited_duplicate", 2),
                                          ("resubmitted", 2), ("broken_redelivery", 1)],
}


# ---------------------------------------------------------------------------------------------
def check_arguments(responses: int, dirty_share: float, start: date, end: date) -> None:
    """The argument rules both engines share; raises ValueError naming the option."""
    if responses < 1:
        raise ValueError("--responses must be >= 1")
    if not 0.0 <= dirty_share <= 1.0:
        raise ValueError("--dirty-share must be within 0..1")
    if end < start:
        raise ValueError("--end must not be before --start")


def generate(responses: int, seed: int, out: Path, dirty_share: float = 0.0,
             start: date = date(2025, 1, 1), end: date = date(2026, 9, 30)) -> dict[str, int]:
    """Write the six raw files into `out`; returns the number of data rows written per file."""
    check_arguments(responses, dirty_share, start, end)
    out.mkdir(parents=True, exist_ok=True)
    t0 = _epoch(start)
    t1 = _epoch(end) + DAY  # end date inclusive
    span = t1 - t0
    n_customers = max(1, round(responses / 4))
    n_agents = 40
    n_tickets = max(1, round(0.6 * responses))
    n_invitations = max(responses, round(2.5 * responses))
    counts: dict[str, int] = {}

    def rng_for(name: str) -> random.Random:
        return random.Random(f"cx-{seed}-{name}")

    def dirty_rng(name: str) -> random.Random:
        return random.Random(f"cx-{seed}-{name}-dirty")

    # ---------------- surveys (extra rows only, so a defect never erases a real survey) --------
    rng = rng_for("surveys")
    survey_loaded = t0 - 30 * DAY

    def survey_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
        if kind == "extra_missing_id":
            copy = dict(row)
            copy["survey_id"] = ""
            w.later(copy)
            return row
        if kind == "later_load_duplicate":
            copy = dict(row)
            copy["survey_name"] = row["survey_name"] + " (v2)"
            copy["program"] = "  " + row["program"].strip().upper() + " "
            copy["_loaded_at"] = _later_loaded(w.rng, row["_loaded_at"])
            w.later(copy)
            return row
        return _common_defect(kind, row, w)

    sw = TableWriter(out, "surveys", dirty_rng("surveys"), dirty_share,
                     DEFECTS["surveys"], survey_defect)
    for sid, name, program, touch, aud, cmin, cmax, smax, *_ in SURVEYS:
        sw.write({"survey_id": sid, "survey_name": name, "program": program, "touchpoint": touch,
                  "audience": aud, "ces_scale_min": cmin, "ces_scale_max": cmax, "csat_scale_max": smax,
                  "_loaded_at": fmt_loaded(rng, survey_loaded + rng.randrange(DAY))})
    sw.close()
    counts["surveys"] = sw.n

    # ---------------- agents ----------------
    rng = rng_for("agents")

    def agent_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
        if kind == "bad_hired_at":
            row["hired_at"] = w.rng.choice(BAD_TIMESTAMPS[:-1])
            return row
        if kind == "later_load_duplicate":
            copy = dict(row)
            copy["team"] = w.rng.choice(TEAMS)
            copy["_loaded_at"] = _later_loaded(w.rng, row["_loaded_at"])
            w.later(copy)
            return row
        return _common_defect(kind, row, w)

    aw = TableWriter(out, "agents", dirty_rng("agents"), dirty_share,
                     DEFECTS["agents"], agent_defect)
    for i in range(1, n_agents + 1):
        fn, ln = rng.choice(FIRST), rng.choice(LAST)
        hired = t0 - rng.randrange(5 * 365 * DAY)
        aw.write({"agent_id": f"A{i:03d}", "full_name": f"{fn} {ln}",
                  "email": f"{fn.lower()}.{ln.lower()}@support.example.com".replace("'", ""),
                  "team": TEAMS[i % len(TEAMS)], "hired_at": fmt_ts(rng, hired),
                  "_loaded_at": fmt_loaded(rng, t0 - 20 * DAY + rng.randrange(DAY))})
    aw.close()
    counts["agents"] = aw.n

    # ---------------- customers ----------------
    rng = rng_for("customers")

    def customer_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
        r = w.rng
        if kind == "bad_signup_date":
            row["signup_date"] = r.choice(BAD_DATES)
        elif kind == "signup_as_timestamp":  # valid: a timestamp's UTC date
            row["signup_date"] = row["signup_date"] + r.choice(["T23:30:00-02:00", " 00:30:00+02:00", "T12:00:00Z"])
        elif kind == "bad_churned_at":
            row["churned_at"] = r.choice(BAD_TIMESTAMPS[:-1])
        elif kind == "later_load_duplicate":
            copy = dict(row)
            copy["plan"] = r.choice(PLANS[0])
            copy["_loaded_at"] = _later_loaded(r, row["_loaded_at"])
            w.later(copy)
        else:
            return _common_defect(kind, row, w)
        return row

    cw = TableWriter(out, "customers", dirty_rng("customers"), dirty_share,
                     DEFECTS["customers"], customer_defect)
    for i in range(1, n_customers + 1):
        fn, ln = rng.choice(FIRST), rng.choice(LAST)
        signup = t0 - 3 * 365 * DAY + rng.randrange(3 * 365 * DAY + span)
        signup_d = (_EPOCH + timedelta(seconds=signup)).date()
        churned = ""
        if rng.random() < 0.08:
            first = max(signup, t0) + DAY
            churned = fmt_ts(rng, first + rng.randrange(max(DAY, t1 - first)))
        cw.write({"customer_id": f"C{i:06d}", "email": f"{fn.lower()}.{ln.lower()}{i}@example.com".replace("'", ""),
                  "full_name": f"{fn} {ln}", "signup_date": signup_d.isoformat(), "plan": _weighted(rng, PLANS),
                  "country": _weighted(rng, COUNTRIES), "age_band": _weighted(rng, AGE_BANDS),
                  "gender": _weighted(rng, GENDERS), "income_band": _weighted(rng, INCOME_BANDS),
                  "churned_at": churned, "_loaded_at": fmt_loaded(rng, max(signup, t0 - 10 * DAY) + DAY)})
    cw.close()
    counts["customers"] = cw.n

    # ---------------- tickets (arrays of customer and created_at kept for the surveys) -------
    rng = rng_for("tickets")
    ticket_customer = array("l")
    ticket_created = array("q")

    def ticket_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
        r = w.rng
        if kind == "bad_created_at":
            row["created_at"] = r.choice(BAD_TIMESTAMPS)
        elif kind == "bad_first_response_at":
            row["first_response_at"] = r.choice(BAD_TIMESTAMPS[:-1])
        elif kind == "before_created_at":
            c = w.ctx_created
            row[r.choice(["first_response_at", "solved_at"])] = fmt_ts(r, c - r.randint(60, 3 * DAY))
        elif kind == "bad_handle_time":
            row["handle_time_seconds"] = r.choice(["abc", "-5", "90000", "12.5", "86401", "1 200"])
        elif kind == "padded_handle_time":
            row["handle_time_seconds"] = " " + row["handle_time_seconds"] + ".0 "
        elif kind == "bad_reopen_count":
            row["reopen_count"] = r.choice(["1001", "x", "-1", "2.5"])
        elif kind == "unknown_customer":
            row["customer_id"] = "C9" + row["customer_id"][1:]
        elif kind == "unknown_agent":
            row["agent_id"] = r.choice(["A999", "AGENT-7"])
        elif kind == "later_load_duplicate":
            copy = dict(row)
            copy["status"] = "Closed"
            copy["reopen_count"] = str(int(row["reopen_count"] or 0) + 1)
            copy["_loaded_at"] = _later_loaded(r, row["_loaded_at"])
            w.later(copy)
        elif kind == "broken_redelivery":
            copy = dict(row)
            copy["created_at"] = r.choice(BAD_TIMESTAMPS)
            copy["_loaded_at"] = _later_loaded(r, row["_loaded_at"])
            w.later(copy)
        else:
            return _common_defect(kind, row, w)
        return row

    tw = TableWriter(out, "tickets", dirty_rng("tickets"), dirty_share,
                     DEFECTS["tickets"], ticket_defect)
    for i in range(1, n_tickets + 1):
        cust = rng.randrange(n_customers) + 1
        created = t0 + rng.randrange(span)
        status = _weighted(rng, STATUSES)
        first = created + 60 + int(rng.expovariate(1 / (4 * HOUR)))
        solved = first + 120 + int(rng.expovariate(1 / (20 * HOUR)))
        open_ = status.strip().lower() in ("open", "pending")
        tw.ctx_created = created
        tw.write({"ticket_id": f"T{i:07d}", "customer_id": f"C{cust:06d}", "agent_id": f"A{rng.randrange(n_agents) + 1:03d}",
                  "channel": _weighted(rng, T_CHANNELS), "priority": _weighted(rng, PRIORITIES), "status": status,
                  "created_at": fmt_ts(rng, created),
                  "first_response_at": fmt_ts(rng, first) if rng.random() < 0.95 else "",
                  "solved_at": "" if open_ else fmt_ts(rng, solved),
                  "handle_time_seconds": str(min(86_400, 30 + int(rng.expovariate(1 / 900)))),
                  "reopen_count": str(rng.choices([0, 1, 2, 3], [85, 10, 4, 1])[0]),
                  "_loaded_at": fmt_loaded(rng, created + HOUR + rng.randrange(DAY))})
        ticket_customer.append(cust)
        ticket_created.append(created)
    tw.close()
    counts["tickets"] = tw.n

    # ---------------- invitations + responses, one pass ----------------
    rng = rng_for("invitations")
    rrng = rng_for("responses")
    scales = {}
    for sid, _n, _p, _t, _a, cmin, cmax, smax, weight, questions, kind in SURVEYS:
        scales[sid] = (int(cmin or 1), int(cmax or 7), int(smax or 5), questions, kind)
    survey_ids = [s[0] for s in SURVEYS]
    survey_cum = list(accumulate(s[8] for s in SURVEYS))

    def invitation_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
        r = w.rng
        if kind == "bad_sent_at":
            row["sent_at"] = r.choice(BAD_TIMESTAMPS)
        elif kind == "unknown_survey":
            row["survey_id"] = r.choice(["S99", "", "s01", "SURVEY-1"])
        elif kind == "unknown_customer":
            row["customer_id"] = "C9" + (row["customer_id"] or "00000")[1:]
        elif kind == "later_load_duplicate":
            copy = dict(row)
            copy["channel"] = r.choice(I_CHANNELS[0])
            copy["_loaded_at"] = _later_loaded(r, row["_loaded_at"])
            w.later(copy)
        else:
            return _common_defect(kind, row, w)
        return row

    def response_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
        r = w.rng
        cmin, cmax, smax = w.ctx_scale
        if kind == "bad_submitted_at":
            row["submitted_at"] = r.choice(BAD_TIMESTAMPS)
        elif kind == "unknown_survey":
            row["survey_id"] = r.choice(["S99", "", "s02", "S 01"])
        elif kind == "non_integer_score":
            row[r.choice(["nps_score", "ces_score", "csat_score"])] = r.choice(NON_INTEGERS)
        elif kind == "out_of_range_score":
            col = r.choice(["nps_score", "ces_score", "csat_score"])
            if col == "nps_score":
                row[col] = r.choice(["11", "12", "100"])
            elif col == "ces_score":
                row[col] = str(cmax + r.randint(1, 3)) if cmin == 0 or r.random() < 0.6 else str(cmin - 1)
            else:
                row[col] = r.choice(["0", str(smax + 1)])
        elif kind == "padded_score":
            col = r.choice(["nps_score", "ces_score", "csat_score"])
            if row[col]:
                row[col] = r.choice([" {} ", "{}.0", "{}.00", "\t{}", "{}\n"]).format(row[col])
        elif kind == "unknown_reference":
            col = r.choice(["customer_id", "invitation_id", "ticket_id"])
            row[col] = {"customer_id": "C999999", "invitation_id": "I99999999", "ticket_id": "T9999999"}[col]
        elif kind == "bad_follow_up_ok":
            row["follow_up_ok"] = r.choice(BAD_BOOLEANS)
        elif kind == "messy_text":
            row[r.choice(["reason_text", "improvement_text"])] = r.choice(MESSY_TEXTS)
        elif kind == "edited_duplicate":  # same id re-delivered later with a changed answer: the copy wins
            copy = dict(row)
            copy["nps_score"] = str(r.randint(0, 10))
            copy["reason_text"] = "Changed my mind, sorry"
            copy["_loaded_at"] = _later_loaded(r, row["_loaded_at"])
            w.later(copy)
        elif kind == "resubmitted":  # same _loaded_at, later submitted_at: the copy wins
            copy = dict(row)
            copy["submitted_at"] = fmt_ts(r, w.ctx_submitted + r.randint(60, 6 * HOUR))
            copy["csat_score"] = str(r.randint(1, smax))
            w.later(copy)
        elif kind == "broken_redelivery":  # later copy with a broken timestamp: rejected, original kept
            copy = dict(row)
            copy["submitted_at"] = r.choice(BAD_TIMESTAMPS)
            copy["_loaded_at"] = _later_loaded(r, row["_loaded_at"])
            w.later(copy)
        else:
            return _common_defect(kind, row, w)
        return row

    iw = TableWriter(out, "survey_invitations", dirty_rng("survey_invitations"), dirty_share,
                     DEFECTS["survey_invitations"], invitation_defect)
    rw = TableWriter(out, "survey_responses", dirty_rng("survey_responses"), dirty_share,
                     DEFECTS["survey_responses"], response_defect)
    need, remaining = responses, n_invitations
    resp_no = 0
    for i in range(1, n_invitations + 1):
        sid = rng.choices(survey_ids, cum_weights=survey_cum)[0]
        cmin, cmax, smax, questions, kind = scales[sid]
        ticket = ""
        if kind == "ticket":
            k = rng.randrange(n_tickets)
            ticket = f"T{k + 1:07d}"
            cust = f"C{ticket_customer[k]:06d}"
            sent = ticket_created[k] + HOUR + rng.randrange(3 * DAY)
        elif kind == "emp":
            cust = ""
            sent = t0 + rng.randrange(span)
        else:
            cust = f"C{rng.randrange(n_customers) + 1:06d}"
            sent = t0 + rng.randrange(span)
        sent = min(sent, t1 - 121)
        channel = _weighted(rng, I_CHANNELS)
        iid = f"I{i:08d}"
        iw.write({"invitation_id": iid, "survey_id": sid, "customer_id": cust, "channel": channel,
                  "sent_at": fmt_ts(rng, sent), "_loaded_at": fmt_loaded(rng, sent + HOUR + rng.randrange(DAY))})
        # selection sampling: exactly `responses` of the invitations get an answer
        if rng.random() * remaining < need:
            need -= 1
            resp_no += 1
            r = rrng
            # answers never fall after --end (UTC), so the last quarter of a sample is a whole one
            submitted = min(sent + 120 + int(r.expovariate(1 / (10 * HOUR))), t1 - 1)
            nps = ces = csat = ""
            if "n" in questions and r.random() > 0.05:
                nps = str(r.choices(range(11), cum_weights=_cum(NPS_W))[0])
            if "e" in questions and r.random() > 0.12:
                width = cmax - cmin
                ces = str(cmin + min(width, int(width * (r.random() ** 0.6) + 0.5)))
            if "c" in questions and r.random() > 0.08:
                csat = str(r.choices(range(1, smax + 1), [1 + k * k for k in range(smax)])[0])
            rw.ctx_scale = (cmin, cmax, smax)
            rw.ctx_submitted = submitted
            rw.write({"response_id": f"R{resp_no:08d}", "survey_id": sid, "invitation_id": iid,
                      "customer_id": cust, "employee_id": f"A{r.randrange(n_agents) + 1:03d}" if kind == "emp" else "",
                      "ticket_id": ticket,
                      "channel": channel if r.random() < 0.9 else _weighted(r, I_CHANNELS),
                      "submitted_at": fmt_ts(r, submitted), "nps_score": nps, "ces_score": ces, "csat_score": csat,
                      "reason_text": r.choice(REASONS), "improvement_text": r.choice(IMPROVEMENTS),
                      "follow_up_ok": _weighted(r, FOLLOW_UP),
                      "_loaded_at": fmt_loaded(r, submitted + HOUR + r.randrange(DAY))})
        remaining -= 1
    iw.close()
    rw.close()
    counts["survey_invitations"] = iw.n
    counts["survey_responses"] = rw.n
    return counts


# ---------------------------------------------------------------------------------------------
FORMATS = ("csv", "parquet")
LAYOUTS = ("file", "parts")
ENGINES = ("auto", "python", "fast")
# --engine auto: the Python engine up to this many responses (the sample and fixtures), the fast one above.
FAST_ENGINE_THRESHOLD = 200_000
# The project's CSV options (dbt_project.yml, sources external_location): the conversion reads as dbt does.
_READ_CSV = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def split_csv(source: Path, folder: Path, parts: int, rows: int) -> list[Path]:
    """Split `source` (a CSV with a header and `rows` data rows) into `parts` CSV files in `folder`, each with
    the header, on row boundaries (quoted newlines stay inside their row), rows in order; bytes of each row kept."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"part-{i:05d}.csv" for i in range(parts)]
    # part i holds data rows [i * rows // parts, (i + 1) * rows // parts)
    bounds = [(i + 1) * rows // parts for i in range(parts)]
    with source.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        n = 0
        for path, bound in zip(paths, bounds):
            with path.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out, lineterminator="\r\n")
                writer.writerow(header)
                while n < bound:
                    writer.writerow(next(reader))
                    n += 1
    return paths


def csv_to_parquet(source: Path, target: Path) -> None:
    """Write `source` (a raw CSV) to `target` as Parquet, every column as text (VARCHAR), rows in file order."""
    import duckdb  # only needed for Parquet output

    with duckdb.connect() as con:
        con.execute("set preserve_insertion_order = true")
        con.execute(f"copy (select * from read_csv({_sql_text(str(source))}, {_READ_CSV})) "
                    f"to {_sql_text(str(target))} (format parquet)")


def _data_rows(source: Path) -> int:
    with source.open(newline="", encoding="utf-8") as fh:
        return max(0, sum(1 for _ in csv.reader(fh)) - 1)


def write_layout(csv_dir: Path, out: Path, counts: dict[str, int] | None, fmt: str, layout: str,
                 parts: int = 4) -> None:
    """Write the six CSV files of `csv_dir` into `out` as `fmt` (csv | parquet) in `layout`: `file` gives
    <out>/<table>.<fmt>, `parts` gives <out>/<table>/part-NNNNN.<fmt> (earlier part files of that format in the
    table's folder are removed first, so a folder never mixes two runs). `counts` (data rows per table, as
    `generate` returns them) saves a pass over each CSV to count its rows for the split."""
    out.mkdir(parents=True, exist_ok=True)
    for table in RAW_COLUMNS:
        source = csv_dir / f"{table}.csv"
        if layout == "file":
            if fmt == "csv":
                if source != out / source.name:
                    shutil.copyfile(source, out / source.name)
            else:
                csv_to_parquet(source, out / f"{table}.parquet")
            continue
        folder = out / table
        if folder.is_dir():
            for stale in folder.glob(f"part-*.{fmt}"):
                stale.unlink()
        if fmt == "csv":
            split_csv(source, folder, parts, counts[table] if counts else _data_rows(source))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix="cx_parts_") as tmp:
                for part in split_csv(source, Path(tmp), parts, counts[table] if counts else _data_rows(source)):
                    csv_to_parquet(part, folder / part.with_suffix(".parquet").name)


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {s!r}") from exc


def _share(s: str) -> float:
    v = float(s)
    if not 0.0 <= v <= 1.0:
        raise argparse.ArgumentTypeError("must be within 0..1")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m cx_tools.generate",
        description="Write the six raw CSV files (surveys, survey_invitations, survey_responses, tickets, "
                    "customers, agents) of synthetic customer-experience data. Deterministic: the same "
                    "arguments give byte-identical files. Two engines write the same contract: a row-by-row "
                    "Python one (about 6k responses/s; the default up to "
                    f"{FAST_ENGINE_THRESHOLD:,} responses) and a vectorised DuckDB one (10M responses in "
                    "under 2 minutes on 2 cores; the default above).")
    p.add_argument("--responses", type=int, required=True, metavar="N",
                   help="number of clean survey responses to write (invitations ~2.5 N, tickets ~0.6 N, customers ~N/4)")
    p.add_argument("--seed", type=int, required=True, metavar="S",
                   help="random seed; the same seed and arguments reproduce the same files byte for byte")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="output folder (created if missing; the six tables of the chosen format and layout in it are "
                        "overwritten)")
    p.add_argument("--dirty-share", type=_share, default=0.0, metavar="F",
                   help="share (0..1) of rows per file that get one defect (bad ids, timestamps, scores, "
                        "duplicates, unknown references, ...); default 0 = clean data")
    p.add_argument("--start", type=_date, default=date(2025, 1, 1), metavar="YYYY-MM-DD",
                   help="first day (UTC) of the generated activity; default 2025-01-01")
    p.add_argument("--end", type=_date, default=date(2026, 9, 30), metavar="YYYY-MM-DD",
                   help="last day (UTC, inclusive) of the generated activity; default 2026-09-30")
    p.add_argument("--format", choices=FORMATS, default="csv", dest="file_format",
                   help="csv (default) or parquet (the same text in Parquet, every column VARCHAR; needs duckdb)")
    p.add_argument("--layout", choices=LAYOUTS, default="file",
                   help="file (default): one <table>.<format> per table; parts: a folder <table>/ of part files "
                        "part-00000.<format> ... per table")
    p.add_argument("--parts", type=int, default=4, metavar="N",
                   help="number of part files per table with --layout parts (default 4; a table with fewer rows "
                        "than N gets header-only parts)")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help=f"auto (default): python up to {FAST_ENGINE_THRESHOLD:,} responses, fast above; python: "
                        "row by row, standard library (wrote data/sample); fast: vectorised DuckDB SQL, streaming, "
                        "all cores, CSV or Parquet written directly (same contract, shape and defect kinds, "
                        "other rows than the python engine for the same seed)")
    p.add_argument("--shape", choices=("contract", "qualtrics", "zendesk"), default="contract",
                   help="contract (default): the six raw files; qualtrics: the survey side as Fivetran's Qualtrics "
                        "connector tables (helpdesk files as the contract); zendesk: the helpdesk and satisfaction "
                        "ratings as Fivetran's Zendesk Support tables; both converted from the contract the same "
                        "arguments write (cx_tools.generate_connectors)")
    return p


def engine_for(engine: str, responses: int) -> str:
    """The engine `--engine` selects for `responses` responses."""
    if engine == "auto":
        return "fast" if responses > FAST_ENGINE_THRESHOLD else "python"
    return engine


def main(argv: Iterable[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.parts < 1:
        build_parser().error("--parts must be >= 1")
    try:
        if args.shape != "contract":
            from cx_tools.generate_connectors import generate_connectors

            counts = generate_connectors(args.shape, args.responses, args.seed, args.out, args.dirty_share,
                                         args.start, args.end, engine_for(args.engine, args.responses),
                                         args.file_format, args.layout, args.parts)
        elif engine_for(args.engine, args.responses) == "fast":
            from cx_tools.generate_fast import generate_fast

            counts = generate_fast(args.responses, args.seed, args.out, args.dirty_share, args.start, args.end,
                                   args.file_format, args.layout, args.parts)
        elif args.file_format == "csv" and args.layout == "file":
            counts = generate(args.responses, args.seed, args.out, args.dirty_share, args.start, args.end)
        else:
            with tempfile.TemporaryDirectory(prefix="cx_generate_") as tmp:
                counts = generate(args.responses, args.seed, Path(tmp), args.dirty_share, args.start, args.end)
                write_layout(Path(tmp), args.out, counts, args.file_format, args.layout, args.parts)
    except ValueError as exc:
        build_parser().error(str(exc))
    for table, n in counts.items():
        print(f"{table}: {n} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
