"""The row-by-row engine of the synthetic generator (``--engine python``): standard library only.

Writes the six raw CSV files of the contract into a folder, one table after the other, streaming each row
through a ``TableWriter`` (which applies the dirty-share defects and queues the copies that appear a few rows
later). Every table draws from its own ``random.Random("cx-<seed>-<name>")`` (and ``...-dirty`` for its defects),
so the same arguments give byte-identical files. This engine wrote the committed sample (data/sample) and the
test fixtures and keeps writing them byte for byte: any change to the order of the random draws changes them.

Every response answers one invitation of the same survey and customer, chosen by selection sampling over the
invitation stream (neither responses nor invitations are held in memory); responses to the support and agent
surveys reference the ticket their invitation was sent for (of the tickets only their customers and created_at
are kept, as arrays); employee (eNPS) responses carry an employee_id (an agent_id) and no customer_id.
"""
from __future__ import annotations

import csv
import random
from array import array
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Callable

from cx_tools import RAW_COLUMNS
from cx_tools.generate.spec import (AGE_BANDS, BAD_BOOLEANS, BAD_DATES, BAD_TIMESTAMPS, COUNTRIES, DAY, DEFECTS, FIRST,
                                    FOLLOW_UP, GENDERS, HOUR, I_CHANNELS, IMPROVEMENTS, INCOME_BANDS, LAST,
                                    MAX_COPY_DISTANCE, MESSY_TEXTS, NON_INTEGERS, NPS_W, PLANS, PRIORITIES, REASONS,
                                    STATUSES, SURVEYS, T_CHANNELS, TEAMS, check_arguments, epoch, table_sizes)

_EPOCH = datetime(1970, 1, 1)

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


class TableWriter:
    """Streams rows of one raw file; with a dirty share, applies one defect to about that share."""

    def __init__(self, out: Path, table: str, rng: random.Random, share: float,
                 defects: list[tuple[str, int]] | None = None,
                 apply: Callable[[str, dict, "TableWriter"], dict | None] | None = None) -> None:
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
        # The row being written, for the defects that need it (set by the table's loop before each write).
        self.ctx_created = 0
        self.ctx_submitted = 0
        self.ctx_scale = (1, 7, 5)

    def _emit(self, row: dict) -> None:
        self.writer.writerow([row.get(c, "") for c in self.columns])
        self.n += 1
        while self.pending and self.pending[0][0] <= self.n:
            extra = self.pending.popleft()[1]
            self.writer.writerow([extra.get(c, "") for c in self.columns])
            self.n += 1

    def later(self, row: dict) -> None:
        """Queue an extra row to appear a few rows later in the file (duplicates)."""
        self.pending.append((self.n + self.rng.randint(1, MAX_COPY_DISTANCE), dict(row)))
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



# --------------------------------------------------------------------------------------------- defects per file
def _survey_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
    """Surveys get extra rows only, so a defect never erases a real survey."""
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


def _agent_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
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


def _customer_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
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


def _ticket_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
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


def _invitation_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
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


def _response_score_defect(kind: str, row: dict, w: TableWriter) -> None:
    """non_integer_score, out_of_range_score and padded_score: one of the three score columns, in place."""
    r = w.rng
    cmin, cmax, smax = w.ctx_scale
    if kind == "non_integer_score":
        row[r.choice(["nps_score", "ces_score", "csat_score"])] = r.choice(NON_INTEGERS)
    elif kind == "out_of_range_score":
        col = r.choice(["nps_score", "ces_score", "csat_score"])
        if col == "nps_score":
            row[col] = r.choice(["11", "12", "100"])
        elif col == "ces_score":
            row[col] = str(cmax + r.randint(1, 3)) if cmin == 0 or r.random() < 0.6 else str(cmin - 1)
        else:
            row[col] = r.choice(["0", str(smax + 1)])
    else:  # padded_score
        col = r.choice(["nps_score", "ces_score", "csat_score"])
        if row[col]:
            row[col] = r.choice([" {} ", "{}.0", "{}.00", "\t{}", "{}\n"]).format(row[col])


_SCORE_DEFECTS = ("non_integer_score", "out_of_range_score", "padded_score")


def _response_copy_defect(kind: str, row: dict, w: TableWriter) -> None:
    """edited_duplicate, resubmitted and broken_redelivery: a changed copy of the row a few rows later."""
    r = w.rng
    copy = dict(row)
    if kind == "edited_duplicate":  # same id re-delivered later with a changed answer: the copy wins
        copy["nps_score"] = str(r.randint(0, 10))
        copy["reason_text"] = "Changed my mind, sorry"
        copy["_loaded_at"] = _later_loaded(r, row["_loaded_at"])
    elif kind == "resubmitted":  # same _loaded_at, later submitted_at: the copy wins
        copy["submitted_at"] = fmt_ts(r, w.ctx_submitted + r.randint(60, 6 * HOUR))
        copy["csat_score"] = str(r.randint(1, w.ctx_scale[2]))
    else:  # broken_redelivery: later copy with a broken timestamp: rejected, original kept
        copy["submitted_at"] = r.choice(BAD_TIMESTAMPS)
        copy["_loaded_at"] = _later_loaded(r, row["_loaded_at"])
    w.later(copy)


_COPY_DEFECTS = ("edited_duplicate", "resubmitted", "broken_redelivery")


def _response_defect(kind: str, row: dict, w: TableWriter) -> dict | None:
    r = w.rng
    if kind == "bad_submitted_at":
        row["submitted_at"] = r.choice(BAD_TIMESTAMPS)
    elif kind == "unknown_survey":
        row["survey_id"] = r.choice(["S99", "", "s02", "S 01"])
    elif kind in _SCORE_DEFECTS:
        _response_score_defect(kind, row, w)
    elif kind == "unknown_reference":
        col = r.choice(["customer_id", "invitation_id", "ticket_id"])
        row[col] = {"customer_id": "C999999", "invitation_id": "I99999999", "ticket_id": "T9999999"}[col]
    elif kind == "bad_follow_up_ok":
        row["follow_up_ok"] = r.choice(BAD_BOOLEANS)
    elif kind == "messy_text":
        row[r.choice(["reason_text", "improvement_text"])] = r.choice(MESSY_TEXTS)
    elif kind in _COPY_DEFECTS:
        _response_copy_defect(kind, row, w)
    else:
        return _common_defect(kind, row, w)
    return row


# --------------------------------------------------------------------------------------------- the tables
@dataclass(frozen=True)
class _Run:
    """One generator run: where, which seed and dirty share, the time window (epoch seconds) and the sizes."""
    out: Path
    seed: int
    dirty_share: float
    t0: int  # first second of --start (UTC)
    t1: int  # first second after --end (UTC): the end date is inclusive
    sizes: dict[str, int]

    @property
    def span(self) -> int:
        return self.t1 - self.t0

    def rng(self, name: str) -> random.Random:
        """The random numbers of a table's clean rows."""
        return random.Random(f"cx-{self.seed}-{name}")

    def writer(self, table: str, apply: Callable[[str, dict, TableWriter], dict | None]) -> TableWriter:
        """A TableWriter for `table` with the table's dirty random numbers and defect list."""
        return TableWriter(self.out, table, random.Random(f"cx-{self.seed}-{table}-dirty"), self.dirty_share,
                           DEFECTS[table], apply)


def _write_surveys(run: _Run) -> int:
    rng = run.rng("surveys")
    survey_loaded = run.t0 - 30 * DAY
    sw = run.writer("surveys", _survey_defect)
    for sid, name, program, touch, aud, cmin, cmax, smax, *_ in SURVEYS:
        sw.write({"survey_id": sid, "survey_name": name, "program": program, "touchpoint": touch,
                  "audience": aud, "ces_scale_min": cmin, "ces_scale_max": cmax, "csat_scale_max": smax,
                  "_loaded_at": fmt_loaded(rng, survey_loaded + rng.randrange(DAY))})
    sw.close()
    return sw.n


def _write_agents(run: _Run) -> int:
    rng = run.rng("agents")
    t0 = run.t0
    aw = run.writer("agents", _agent_defect)
    for i in range(1, run.sizes["agents"] + 1):
        fn, ln = rng.choice(FIRST), rng.choice(LAST)
        hired = t0 - rng.randrange(5 * 365 * DAY)
        aw.write({"agent_id": f"A{i:03d}", "full_name": f"{fn} {ln}",
                  "email": f"{fn.lower()}.{ln.lower()}@support.example.com".replace("'", ""),
                  "team": TEAMS[i % len(TEAMS)], "hired_at": fmt_ts(rng, hired),
                  "_loaded_at": fmt_loaded(rng, t0 - 20 * DAY + rng.randrange(DAY))})
    aw.close()
    return aw.n


def _write_customers(run: _Run) -> int:
    rng = run.rng("customers")
    t0, t1, span = run.t0, run.t1, run.span
    cw = run.writer("customers", _customer_defect)
    for i in range(1, run.sizes["customers"] + 1):
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
    return cw.n


@dataclass
class _Tickets:
    """What the invitations need of the tickets: customer number and created_at (epoch) per ticket."""
    customer: array
    created: array


def _write_tickets(run: _Run) -> tuple[int, _Tickets]:
    rng = run.rng("tickets")
    n_customers, n_agents = run.sizes["customers"], run.sizes["agents"]
    kept = _Tickets(array("l"), array("q"))
    tw = run.writer("tickets", _ticket_defect)
    for i in range(1, run.sizes["tickets"] + 1):
        cust = rng.randrange(n_customers) + 1
        created = run.t0 + rng.randrange(run.span)
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
        kept.customer.append(cust)
        kept.created.append(created)
    tw.close()
    return tw.n, kept


def _invitation_target(rng: random.Random, run: _Run, kind: str, tickets: _Tickets) -> tuple[str, str, int]:
    """(ticket_id, customer_id, sent epoch) of an invitation of a survey of `kind`."""
    ticket = ""
    if kind == "ticket":
        k = rng.randrange(run.sizes["tickets"])
        ticket = f"T{k + 1:07d}"
        cust = f"C{tickets.customer[k]:06d}"
        sent = tickets.created[k] + HOUR + rng.randrange(3 * DAY)
    elif kind == "emp":
        cust = ""
        sent = run.t0 + rng.randrange(run.span)
    else:
        cust = f"C{rng.randrange(run.sizes['customers']) + 1:06d}"
        sent = run.t0 + rng.randrange(run.span)
    return ticket, cust, min(sent, run.t1 - 121)


def _write_response(rw: TableWriter, r: random.Random, run: _Run, resp_no: int, invitation: dict,
                    scale: tuple[int, int, int, str, str], sent: int) -> None:
    """Response number `resp_no`, the answer to `invitation` (sent at epoch `sent`) of a survey with `scale`."""
    cmin, cmax, smax, questions, kind = scale
    # answers never fall after --end (UTC), so the last quarter of a sample is a whole one
    submitted = min(sent + 120 + int(r.expovariate(1 / (10 * HOUR))), run.t1 - 1)
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
    rw.write({"response_id": f"R{resp_no:08d}", "survey_id": invitation["survey_id"],
              "invitation_id": invitation["invitation_id"], "customer_id": invitation["customer_id"],
              "employee_id": f"A{r.randrange(run.sizes['agents']) + 1:03d}" if kind == "emp" else "",
              "ticket_id": invitation["ticket_id"],
              "channel": invitation["channel"] if r.random() < 0.9 else _weighted(r, I_CHANNELS),
              "submitted_at": fmt_ts(r, submitted), "nps_score": nps, "ces_score": ces, "csat_score": csat,
              "reason_text": r.choice(REASONS), "improvement_text": r.choice(IMPROVEMENTS),
              "follow_up_ok": _weighted(r, FOLLOW_UP),
              "_loaded_at": fmt_loaded(r, submitted + HOUR + r.randrange(DAY))})


def _survey_scales() -> dict[str, tuple[int, int, int, str, str]]:
    """survey_id -> (CES min, CES max, CSAT max, questions, kind), empty scales as their defaults (1, 7, 5)."""
    scales = {}
    for sid, _n, _p, _t, _a, cmin, cmax, smax, _weight, questions, kind in SURVEYS:
        scales[sid] = (int(cmin or 1), int(cmax or 7), int(smax or 5), questions, kind)
    return scales


def _write_invitations_and_responses(run: _Run, tickets: _Tickets) -> dict[str, int]:
    """Both files in one pass over the invitations: selection sampling picks the answered ones."""
    rng = run.rng("invitations")
    rrng = run.rng("responses")
    scales = _survey_scales()
    survey_ids = [s[0] for s in SURVEYS]
    survey_cum = list(accumulate(s[8] for s in SURVEYS))
    iw = run.writer("survey_invitations", _invitation_defect)
    rw = run.writer("survey_responses", _response_defect)
    need, remaining = run.sizes["survey_responses"], run.sizes["survey_invitations"]
    resp_no = 0
    for i in range(1, run.sizes["survey_invitations"] + 1):
        sid = rng.choices(survey_ids, cum_weights=survey_cum)[0]
        ticket, cust, sent = _invitation_target(rng, run, scales[sid][4], tickets)
        channel = _weighted(rng, I_CHANNELS)
        iid = f"I{i:08d}"
        iw.write({"invitation_id": iid, "survey_id": sid, "customer_id": cust, "channel": channel,
                  "sent_at": fmt_ts(rng, sent), "_loaded_at": fmt_loaded(rng, sent + HOUR + rng.randrange(DAY))})
        # selection sampling: exactly `responses` of the invitations get an answer
        if rng.random() * remaining < need:
            need -= 1
            resp_no += 1
            invitation = {"invitation_id": iid, "survey_id": sid, "customer_id": cust, "ticket_id": ticket,
                          "channel": channel}
            _write_response(rw, rrng, run, resp_no, invitation, scales[sid], sent)
        remaining -= 1
    iw.close()
    rw.close()
    return {"survey_invitations": iw.n, "survey_responses": rw.n}


def generate(responses: int, seed: int, out: Path, dirty_share: float = 0.0,
             start: date = date(2025, 1, 1), end: date = date(2026, 9, 30)) -> dict[str, int]:
    """Write the six raw files into `out`; returns the number of data rows written per file."""
    check_arguments(responses, dirty_share, start, end)
    out.mkdir(parents=True, exist_ok=True)
    run = _Run(out, seed, dirty_share, epoch(start), epoch(end) + DAY, table_sizes(responses))
    counts = {"surveys": _write_surveys(run), "agents": _write_agents(run), "customers": _write_customers(run)}
    counts["tickets"], tickets = _write_tickets(run)
    counts.update(_write_invitations_and_responses(run, tickets))
    return counts
