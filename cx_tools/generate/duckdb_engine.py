"""Vectorised engine of the synthetic generator: the same raw contract, written by DuckDB SQL.

``python -m cx_tools.generate --engine fast`` (the default above ``FAST_ENGINE_THRESHOLD`` responses) runs
this module instead of the row-by-row engine, ``cx_tools.generate.python_engine``; both follow
``cx_tools.generate.spec``. Each table is one ``COPY (SELECT ...) TO`` per output file over a table of row
numbers; every value of a row is a pure function
of (seed, table, row number) computed with DuckDB's ``hash()``, so nothing is held in Python memory, the
work runs on all of DuckDB's threads (up to 8), and the output is deterministic: rows are written in row-number
order, so the same arguments give byte-identical CSV on any number of threads, and Parquet files with the same
rows in the same order (byte-identical for the same number of threads; row-group boundaries follow the
threads' batches). The values depend on DuckDB's ``hash()``, so another DuckDB version may give other data.
Memory stays well under 4 GB (DuckDB's memory_limit is 3 GB; 10M responses peak at about 1 GB RSS).

Links without joins: a ticket's customer and created_at, and an invitation's survey, customer, ticket,
sent_at and channel, are functions of the ticket / invitation number, so the invitation and response
queries re-evaluate them for the number they reference instead of looking them up. Response k (0-based)
answers one invitation drawn from the k-th of N equal, disjoint slices of the invitation numbers
(stratified sampling: exactly N distinct invitations are answered, in invitation order).

Dirty rows (``--dirty-share F``): each row is dirty with probability F and then gets one defect of the same
per-file lists (and weights) as the Python engine. A defect that adds a row (exact duplicate, later-load
duplicate, edited duplicate, re-submission, broken re-delivery, stale copy with a bad _loaded_at, surveys'
extra row without id) is drawn by a row, which then stays clean itself and is followed by the copy of a row
1-40 rows earlier (the copy carries that row's own defect, if any), so copies appear a few rows after their
original, as in the Python engine. The first row of a file is never copied. "Unknown" customer, invitation
and ticket ids are numbered past the last real one (the Python engine's fixed ``C999999`` etc. exist once a
run has that many rows).

Files, columns, header, CSV quoting (Python's csv.writer conventions: minimal RFC 4180 quoting, CRLF), the
timestamp text forms and their shares, the distributions and the empty-field conventions are the Python
engine's; Parquet holds the same text, every column VARCHAR, empty fields as NULL (as the Python engine's
CSV-to-Parquet conversion reads them).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import date
from pathlib import Path

from cx_tools import RAW_COLUMNS
from cx_tools.generate.layout import _sql_text
from cx_tools.generate.spec import (AGE_BANDS, BAD_BOOLEANS, BAD_DATES, BAD_TIMESTAMPS, COUNTRIES, DAY, DEFECTS,
                                    EXTRA_ROW_DEFECTS, FIRST, FOLLOW_UP, GENDERS, HOUR, I_CHANNELS, IMPROVEMENTS,
                                    INCOME_BANDS, LAST, MAX_COPY_DISTANCE, MESSY_TEXTS, N_AGENTS, NON_INTEGERS, NPS_W,
                                    PLANS, PRIORITIES, REASONS, STATUSES, SURVEYS, T_CHANNELS, TEAMS, check_arguments,
                                    epoch, table_sizes)

# The project's CSV conventions: header, RFC 4180 quoting, CRLF line ends (as the Python engine's csv.writer).
_CSV = "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\\r\\n'"
_PARQUET = "FORMAT parquet"
_U53 = repr(2.0 ** -53)
# Row numbers per row group of the row-number table: the unit of work of a thread (and of output ordering).
ROW_GROUP_ROWS = 16_384
KIND_CODES = {"rel": 0, "ticket": 1, "tx": 2, "emp": 3}


# --------------------------------------------------------------------------------------------- SQL helpers
def lit(value: str | int | None) -> str:
    """SQL literal; the empty string is NULL (an empty CSV field, as the Python engine writes '')."""
    if value is None or value == "":
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def list_lit(values: list) -> str:
    return "[" + ", ".join(lit(v) for v in values) + "]"


def expand(values: list, weights: list[int] | None = None) -> list:
    """Values repeated by their integer weights: a uniform index into the result is a weighted draw."""
    if weights is None:
        return list(values)
    return [v for v, w in zip(values, weights) for _ in range(w)]


def pad(prefix: str, expr: str, width: int) -> str:
    """`prefix` + zero-padded integer (as Python's f"{prefix}{n:0{width}d}": wider numbers are not cut)."""
    return (f"('{prefix}' || CASE WHEN {expr} < {10 ** width} THEN lpad(({expr})::VARCHAR, {width}, '0') "
            f"ELSE ({expr})::VARCHAR END)")


def ts_text(expr: str) -> str:
    """UTC epoch seconds -> 'YYYY-MM-DD HH:MM:SS'."""
    return f"make_timestamp(({expr})::BIGINT * 1000000)::VARCHAR"


def one_of(expr: str, values: list[int]) -> str:
    """`expr` (a small non-negative integer) is one of `values`, as a bit test: DuckDB plans `IN (...)` and
    list_contains() on a constant list as a hash join, which does not keep the row order (and the files must)."""
    mask = sum(1 << v for v in set(values))
    return f"(({mask}::UBIGINT >> ({expr})::UTINYINT) & 1 = 1)"


def case(branches: list[tuple[str, str]], default: str) -> str:
    if not branches:
        return default
    return "CASE " + " ".join(f"WHEN {c} THEN {e}" for c, e in branches) + f" ELSE {default} END"


class Rand:
    """Deterministic pseudo-random numbers in SQL: hash(row number + a salt from seed and key)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def salt(self, key: str) -> int:
        digest = hashlib.sha256(f"cx-fast/{self.seed}/{key}".encode()).digest()
        return int.from_bytes(digest[:8], "big") >> 3  # < 2**61: row number + salt fits a BIGINT

    def h(self, key: str, idx: str) -> str:
        return f"hash({idx} + {self.salt(key)})"

    def int(self, key: str, idx: str, n: int | str) -> str:
        """Uniform integer in [0, n)."""
        if isinstance(n, int):
            return f"({self.h(key, idx)} % {n})::BIGINT"
        return f"({self.h(key, idx)} % ({n})::UBIGINT)::BIGINT"

    def between(self, key: str, idx: str, lo: int, hi: int) -> str:
        """Uniform integer in [lo, hi] (random.randint)."""
        return f"({lo} + {self.int(key, idx, hi - lo + 1)})"

    def unif(self, key: str, idx: str) -> str:
        """Uniform double in [0, 1)."""
        return f"(({self.h(key, idx)} >> 11)::DOUBLE * {_U53})"

    def expo(self, key: str, idx: str, mean: float) -> str:
        """int(random.expovariate(1 / mean))."""
        return f"floor(-ln(1.0 - {self.unif(key, idx)}) * {mean})::BIGINT"

    def pick(self, key: str, idx: str, values: list, weights: list[int] | None = None) -> str:
        items = expand(values, weights)
        return f"{list_lit(items)}[1 + {self.int(key, idx, len(items))}]"

    def fmt_ts(self, key: str, idx: str, t: str) -> str:
        """The Python engine's fmt_ts: the ISO 8601 forms of the contract, with the same shares."""
        sel = self.int(key + ".form", idx, 100)
        frac = self.h(key + ".frac", idx)
        shifted = f"{t} + CASE WHEN {sel} < 12 THEN {2 * HOUR} WHEN {sel} < 17 THEN {-5 * HOUR} ELSE 0 END"
        s = ts_text(shifted)
        tee = f"replace({s}, ' ', 'T')"
        return (f"CASE WHEN {sel} < 12 THEN {tee} || '+02:00' WHEN {sel} < 17 THEN {s} || '-05:00' "
                f"WHEN {sel} < 55 THEN {s} WHEN {sel} < 80 THEN {tee} || 'Z' "
                f"WHEN {sel} < 90 THEN {s} || '.' || lpad(({frac} % 1000)::VARCHAR, 3, '0') "
                f"ELSE {tee} || '.' || lpad(({frac} % 1000000)::VARCHAR, 6, '0') || 'Z' END")

    def fmt_loaded(self, key: str, idx: str, t: str) -> str:
        """_loaded_at: UTC, 70 % with a space, else T...Z."""
        s = ts_text(t)
        return f"CASE WHEN {self.int(key, idx, 10)} < 7 THEN {s} ELSE replace({s}, ' ', 'T') || 'Z' END"

    def later_loaded(self, key: str, idx: str, t: str) -> str:
        """A _loaded_at 1-10 days (and up to a day) after epoch `t`, 'YYYY-MM-DD HH:MM:SS'."""
        return ts_text(f"{t} + {self.between(key + '.days', idx, 1, 10)} * {DAY} + {self.int(key + '.secs', idx, DAY)}")


def nest(source: str, layers: list[list[tuple[str, str]]], final: list[tuple[str, str]]) -> str:
    """SELECT the `final` columns over `source` extended layer by layer (each layer sees the previous ones)."""
    sql = source
    for layer in layers:
        if layer:
            sql = f"SELECT *, {', '.join(f'{e} AS {n}' for n, e in layer)} FROM ({sql})"
    cols = ", ".join(f"nullif(({e})::VARCHAR, '') AS {n}" for n, e in final)
    return f"SELECT {cols} FROM ({sql})"


# --------------------------------------------------------------------------------------------- the engine
class FastGenerator:
    """The SELECT statements of the six tables for one run (responses, seed, dirty share, time window)."""

    def __init__(self, responses: int, seed: int, dirty_share: float, start: date, end: date) -> None:
        self.R = Rand(seed)
        self.share = dirty_share
        self.t0 = epoch(start)
        self.t1 = epoch(end) + DAY
        self.span = self.t1 - self.t0
        self.n = table_sizes(responses)
    # ---- dirty rows: which rows, which defect, which rows get a copy after them
    def codes(self, table: str) -> dict[str, int]:
        return {name: i + 1 for i, (name, _w) in enumerate(DEFECTS[table])}

    def kind(self, table: str, idx: str) -> str:
        if self.share <= 0:
            return "NULL::INTEGER"
        names, weights = zip(*DEFECTS[table])
        codes = self.codes(table)
        draw = self.R.pick(f"{table}.defect", idx, [codes[n] for n in names], list(weights))
        return f"CASE WHEN {self.R.unif(table + '.dirty', idx)} < {self.share!r} THEN {draw} END"

    def positions(self, table: str, lo: int, hi: int) -> str:
        """Rows j in [lo, hi] with x = the row number whose content is written, c = 1 for an extra copy (after j),
        ek = the extra-row defect of that copy, own = x's own in-row defect."""
        codes = self.codes(table)
        extra = [c for n, c in codes.items() if n in EXTRA_ROW_DEFECTS]
        d = f"CASE WHEN j > 1 THEN 1 + {self.R.int(table + '.distance', 'j', f'least({MAX_COPY_DISTANCE}, j - 1)')} END"
        # idx holds p = 2 j + c for every row number j and c in (0, 1): a filter keeps c = 1 only where row j draws an
        # extra row, right after row j. The plan is a scan, filters and projections only: operators that keep the
        # row order on every thread (no joins, no IN lists, see one_of), so COPY writes rows in row-number order.
        inner = f"SELECT p // 2 AS j, p % 2 AS c FROM idx WHERE p BETWEEN {2 * lo} AND {2 * hi + 1}"
        marked = f"SELECT j, c, {self.kind(table, 'j')} AS kj, {d} AS dj FROM ({inner})"
        kept = f"SELECT * FROM ({marked}) WHERE c = 0 OR ({one_of('kj', extra)} AND dj IS NOT NULL)"
        pos = (f"SELECT j, c, CASE WHEN c = 0 THEN j ELSE j - dj END AS x, CASE WHEN c = 1 THEN kj END AS ek, "
               f"CASE WHEN c = 0 THEN kj ELSE {self.kind(table, '(j - dj)')} END AS kx FROM ({kept})")
        return f"SELECT *, CASE WHEN {one_of('kx', extra)} THEN NULL ELSE kx END AS own FROM ({pos})"

    def common(self, table: str, key_col: str, key: str, loaded_num: str, loaded_text: str
               ) -> tuple[tuple[str, str], tuple[str, str]]:
        """Final (key column, _loaded_at) expressions with the common defects applied."""
        R, c = self.R, self.codes(table)
        key_branches = []
        if "missing_id" in c:
            key_branches.append((f"own = {c['missing_id']}", R.pick(table + ".missing_id", "x", ["", "  ", "\t", " \r\n"])))
        if "padded_key" in c:
            key_branches.append((f"own = {c['padded_key']}",
                                 f"{R.pick(table + '.pad1', 'x', [' ', chr(9), '  '])} || {key} || "
                                 f"coalesce({R.pick(table + '.pad2', 'x', [' ', chr(9), chr(10), ''])}, '')"))
        if "extra_missing_id" in c:
            key_branches.insert(0, (f"ek = {c['extra_missing_id']}", "NULL"))
        bad = BAD_TIMESTAMPS[:-1]
        loaded_branches = []
        for name in ("later_load_duplicate", "edited_duplicate", "broken_redelivery"):
            if name in c:
                loaded_branches.append((f"ek = {c[name]}", R.later_loaded(table + ".later", "j", loaded_num)))
        if "stale_duplicate_bad_loaded_at" in c:
            loaded_branches.append((f"ek = {c['stale_duplicate_bad_loaded_at']}", R.pick(table + ".stale", "j", bad)))
        if "bad_loaded_at" in c:
            loaded_branches.append((f"own = {c['bad_loaded_at']}", R.pick(table + ".bad_loaded", "x", bad)))
        return (key_col, case(key_branches, key)), ("_loaded_at", case(loaded_branches, loaded_text))

    def order(self, table: str, cols: dict[str, str]) -> list[tuple[str, str]]:
        assert list(cols) == RAW_COLUMNS[table], (table, list(cols))
        return list(cols.items())

    # ---- shared row functions (a ticket's / an invitation's fields from its number)
    def ticket_customer(self, idx: str) -> str:
        return f"(1 + {self.R.int('tickets.customer', idx, self.n['customers'])})"

    def ticket_created(self, idx: str) -> str:
        return f"({self.t0} + {self.R.int('tickets.created', idx, self.span)})"

    def invitation_layers(self, idx: str) -> list[list[tuple[str, str]]]:
        """Invitation `idx`'s survey (s, 0-based), kind, ticket number, customer number, sent epoch and channel."""
        R = self.R
        kinds = [KIND_CODES[s[10]] for s in SURVEYS]
        weights = [s[8] for s in SURVEYS]
        t, e = KIND_CODES["ticket"], KIND_CODES["emp"]
        return [
            [("s", R.pick("inv.survey", idx, list(range(len(SURVEYS))), weights))],
            [("skind", f"{list_lit(kinds)}[s + 1]")],
            [("tk", f"CASE WHEN skind = {t} THEN 1 + {R.int('inv.ticket', idx, self.n['tickets'])} END")],
            [("cust", f"CASE skind WHEN {t} THEN {self.ticket_customer('tk')} WHEN {e} THEN NULL "
                      f"ELSE 1 + {R.int('inv.customer', idx, self.n['customers'])} END"),
             ("sent", f"least(CASE WHEN skind = {t} THEN {self.ticket_created('tk')} + {HOUR} + "
                      f"{R.int('inv.delay', idx, 3 * DAY)} ELSE {self.t0} + {R.int('inv.sent', idx, self.span)} END, "
                      f"{self.t1 - 121})"),
             ("ichannel", R.pick("inv.channel", idx, *I_CHANNELS))],
        ]

    def unknown(self, prefix: str, table: str, width: int, idx: str, key: str) -> str:
        """An id of `table`'s form that no row has (beyond its row count)."""
        return pad(prefix, f"({self.n[table]} + 1 + {self.R.int(key, idx, 1000)})", width)

    # ---- tables
    def surveys(self, lo: int, hi: int) -> str:
        R, c = self.R, self.codes("surveys")
        cols = {}
        for pos, name in enumerate(RAW_COLUMNS["surveys"][:-1]):
            cols[name] = f"{list_lit([s[pos] for s in SURVEYS])}[x]"
        loaded = f"({self.t0 - 30 * DAY} + {R.int('surveys.loaded', 'x', DAY)})"
        layers = [[("loaded_n", loaded)]]
        cols["survey_name"] = case([(f"ek = {c['later_load_duplicate']}", cols["survey_name"] + " || ' (v2)'")],
                                   cols["survey_name"])
        cols["program"] = case([(f"ek = {c['later_load_duplicate']}", f"'  ' || upper(trim({cols['program']})) || ' '")],
                               cols["program"])
        key, loaded_col = self.common("surveys", "survey_id", cols["survey_id"], "loaded_n",
                                      R.fmt_loaded("surveys.loaded_fmt", "x", "loaded_n"))
        cols.update([key, loaded_col])
        return nest(self.positions("surveys", lo, hi), layers, self.order("surveys", cols))

    def agents(self, lo: int, hi: int) -> str:
        R, c = self.R, self.codes("agents")
        first_lower = [f.lower().replace("'", "") for f in FIRST]
        last_lower = [n.lower().replace("'", "") for n in LAST]
        layers = [[("fn", R.int("agents.first", "x", len(FIRST))), ("ln", R.int("agents.last", "x", len(LAST))),
                   ("hired", f"{self.t0} - {R.int('agents.hired', 'x', 5 * 365 * DAY)}"),
                   ("loaded_n", f"{self.t0 - 20 * DAY} + {R.int('agents.loaded', 'x', DAY)}")]]
        cols = {
            "agent_id": pad("A", "x", 3),
            "full_name": f"{list_lit(FIRST)}[fn + 1] || ' ' || {list_lit(LAST)}[ln + 1]",
            "email": f"{list_lit(first_lower)}[fn + 1] || '.' || {list_lit(last_lower)}[ln + 1] || '@support.example.com'",
            "team": case([(f"ek = {c['later_load_duplicate']}", R.pick("agents.team2", "j", TEAMS))],
                         f"{list_lit(TEAMS)}[x % {len(TEAMS)} + 1]"),
            "hired_at": case([(f"own = {c['bad_hired_at']}", R.pick("agents.bad_hired", "x", BAD_TIMESTAMPS[:-1]))],
                             R.fmt_ts("agents.hired_fmt", "x", "hired")),
        }
        key, loaded = self.common("agents", "agent_id", cols["agent_id"], "loaded_n",
                                  R.fmt_loaded("agents.loaded_fmt", "x", "loaded_n"))
        cols.update([key, loaded])
        return nest(self.positions("agents", lo, hi), layers, self.order("agents", cols))

    def customers(self, lo: int, hi: int) -> str:
        R, c = self.R, self.codes("customers")
        first_lower = [f.lower().replace("'", "") for f in FIRST]
        last_lower = [n.lower().replace("'", "") for n in LAST]
        layers = [
            [("fn", R.int("customers.first", "x", len(FIRST))), ("ln", R.int("customers.last", "x", len(LAST))),
             ("signup", f"{self.t0 - 3 * 365 * DAY} + {R.int('customers.signup', 'x', 3 * 365 * DAY + self.span)}"),
             ("churns", f"{R.unif('customers.churns', 'x')} < 0.08")],
            [("churn_first", f"greatest(signup, {self.t0}) + {DAY}"),
             ("loaded_n", f"greatest(signup, {self.t0 - 10 * DAY}) + {DAY}")],
            [("churned", f"CASE WHEN churns THEN churn_first + "
                         f"{R.int('customers.churned', 'x', f'greatest({DAY}, {self.t1} - churn_first)')} END")],
        ]
        signup_text = f"({ts_text('signup')})[1:10]"
        cols = {
            "customer_id": pad("C", "x", 6),
            "email": f"{list_lit(first_lower)}[fn + 1] || '.' || {list_lit(last_lower)}[ln + 1] || x::VARCHAR || '@example.com'",
            "full_name": f"{list_lit(FIRST)}[fn + 1] || ' ' || {list_lit(LAST)}[ln + 1]",
            "signup_date": case([(f"own = {c['bad_signup_date']}", R.pick("customers.bad_signup", "x", BAD_DATES)),
                                 (f"own = {c['signup_as_timestamp']}",
                                  f"{signup_text} || {R.pick('customers.signup_ts', 'x', ['T23:30:00-02:00', ' 00:30:00+02:00', 'T12:00:00Z'])}")],
                                signup_text),
            "plan": case([(f"ek = {c['later_load_duplicate']}", R.pick("customers.plan2", "j", PLANS[0]))],
                         R.pick("customers.plan", "x", *PLANS)),
            "country": R.pick("customers.country", "x", *COUNTRIES),
            "age_band": R.pick("customers.age_band", "x", *AGE_BANDS),
            "gender": R.pick("customers.gender", "x", *GENDERS),
            "income_band": R.pick("customers.income_band", "x", *INCOME_BANDS),
            "churned_at": case([(f"own = {c['bad_churned_at']}", R.pick("customers.bad_churned", "x", BAD_TIMESTAMPS[:-1]))],
                               R.fmt_ts("customers.churned_fmt", "x", "churned")),
        }
        key, loaded = self.common("customers", "customer_id", cols["customer_id"], "loaded_n",
                                  R.fmt_loaded("customers.loaded_fmt", "x", "loaded_n"))
        cols.update([key, loaded])
        return nest(self.positions("customers", lo, hi), layers, self.order("customers", cols))

    def tickets(self, lo: int, hi: int) -> str:
        R, c = self.R, self.codes("tickets")
        open_statuses = [i for i, s in enumerate(STATUSES[0]) if s.strip().lower() in ("open", "pending")]
        layers = [
            [("created", self.ticket_created("x")),
             ("status_i", R.pick("tickets.status", "x", list(range(len(STATUSES[0]))), STATUSES[1])),
             ("reopen", R.pick("tickets.reopen", "x", [0, 1, 2, 3], [85, 10, 4, 1]))],
            [("first_n", f"created + 60 + {R.expo('tickets.first', 'x', 4 * HOUR)}"),
             ("loaded_n", f"created + {HOUR} + {R.int('tickets.loaded', 'x', DAY)}")],
            [("solved_n", f"first_n + 120 + {R.expo('tickets.solved', 'x', 20 * HOUR)}")],
        ]
        before = f"created - {R.between('tickets.before', 'x', 60, 3 * DAY)}"
        before_col = R.int("tickets.before_col", "x", 2)
        customer = pad("C", self.ticket_customer("x"), 6)
        cols = {
            "ticket_id": pad("T", "x", 7),
            "customer_id": case([(f"own = {c['unknown_customer']}",
                                  self.unknown("C", "customers", 6, "x", "tickets.unknown_customer"))], customer),
            "agent_id": case([(f"own = {c['unknown_agent']}", R.pick("tickets.unknown_agent", "x", ["A999", "AGENT-7"]))],
                             pad("A", f"1 + {R.int('tickets.agent', 'x', N_AGENTS)}", 3)),
            "channel": R.pick("tickets.channel", "x", *T_CHANNELS),
            "priority": R.pick("tickets.priority", "x", *PRIORITIES),
            "status": case([(f"ek = {c['later_load_duplicate']}", "'Closed'")], f"{list_lit(STATUSES[0])}[status_i + 1]"),
            "created_at": case([(f"ek = {c['broken_redelivery']}", R.pick("tickets.broken", "j", BAD_TIMESTAMPS)),
                                (f"own = {c['bad_created_at']}", R.pick("tickets.bad_created", "x", BAD_TIMESTAMPS))],
                               R.fmt_ts("tickets.created_fmt", "x", "created")),
            "first_response_at": case(
                [(f"own = {c['bad_first_response_at']}", R.pick("tickets.bad_first", "x", BAD_TIMESTAMPS[:-1])),
                 (f"own = {c['before_created_at']} AND {before_col} = 0", R.fmt_ts("tickets.before_fmt", "x", before)),
                 (f"{R.unif('tickets.has_first', 'x')} >= 0.95", "NULL")],
                R.fmt_ts("tickets.first_fmt", "x", "first_n")),
            "solved_at": case(
                [(f"own = {c['before_created_at']} AND {before_col} = 1", R.fmt_ts("tickets.before_fmt", "x", before)),
                 (one_of("status_i", open_statuses), "NULL")],
                R.fmt_ts("tickets.solved_fmt", "x", "solved_n")),
            "handle_time_seconds": case(
                [(f"own = {c['bad_handle_time']}",
                  R.pick("tickets.bad_handle", "x", ["abc", "-5", "90000", "12.5", "86401", "1 200"])),
                 (f"own = {c['padded_handle_time']}", "' ' || handle_n::VARCHAR || '.0 '")],
                "handle_n::VARCHAR"),
            "reopen_count": case([(f"ek = {c['later_load_duplicate']}", "(reopen + 1)::VARCHAR"),
                                  (f"own = {c['bad_reopen_count']}", R.pick("tickets.bad_reopen", "x", ["1001", "x", "-1", "2.5"]))],
                                 "reopen::VARCHAR"),
        }
        layers[0].append(("handle_n", f"least({DAY}, 30 + {R.expo('tickets.handle', 'x', 900)})"))
        key, loaded = self.common("tickets", "ticket_id", cols["ticket_id"], "loaded_n",
                                  R.fmt_loaded("tickets.loaded_fmt", "x", "loaded_n"))
        cols.update([key, loaded])
        return nest(self.positions("tickets", lo, hi), layers, self.order("tickets", cols))

    def survey_invitations(self, lo: int, hi: int) -> str:
        R, c = self.R, self.codes("survey_invitations")
        layers = self.invitation_layers("x") + [[("loaded_n", f"sent + {HOUR} + {R.int('inv.loaded', 'x', DAY)}")]]
        survey_ids = [s[0] for s in SURVEYS]
        cols = {
            "invitation_id": pad("I", "x", 8),
            "survey_id": case([(f"own = {c['unknown_survey']}",
                                R.pick("inv.unknown_survey", "x", ["S99", "", "s01", "SURVEY-1"]))],
                              f"{list_lit(survey_ids)}[s + 1]"),
            "customer_id": case([(f"own = {c['unknown_customer']}",
                                  self.unknown("C", "customers", 6, "x", "inv.unknown_customer"))], pad("C", "cust", 6)),
            "channel": case([(f"ek = {c['later_load_duplicate']}", R.pick("inv.channel2", "j", I_CHANNELS[0]))], "ichannel"),
            "sent_at": case([(f"own = {c['bad_sent_at']}", R.pick("inv.bad_sent", "x", BAD_TIMESTAMPS))],
                            R.fmt_ts("inv.sent_fmt", "x", "sent")),
        }
        key, loaded = self.common("survey_invitations", "invitation_id", cols["invitation_id"], "loaded_n",
                                  R.fmt_loaded("inv.loaded_fmt", "x", "loaded_n"))
        cols.update([key, loaded])
        return nest(self.positions("survey_invitations", lo, hi), layers, self.order("survey_invitations", cols))

    def response_layers(self) -> list[list[tuple[str, str]]]:
        """Response x's invitation (inv) with that invitation's fields, its survey's scales, the submitted epoch,
        the clean scores and _loaded_at."""
        R = self.R
        n, n_inv = self.n["survey_responses"], self.n["survey_invitations"]
        cmins = [int(s[5] or 1) for s in SURVEYS]
        cmaxs = [int(s[6] or 7) for s in SURVEYS]
        smaxs = [int(s[7] or 5) for s in SURVEYS]
        has = {q: [q in s[9] for s in SURVEYS] for q in "nec"}
        csat_draw = case([(f"smax = {m}", R.pick("resp.csat", "x", list(range(1, m + 1)), [1 + k * k for k in range(m)]))
                          for m in sorted(set(smaxs))], "NULL")
        return [
            # response x answers one invitation of the (x-1)-th of n disjoint slices of the invitation numbers
            [("slice_lo", f"((x - 1) * {n_inv} + {n - 1}) // {n}"), ("slice_hi", f"(x * {n_inv} + {n - 1}) // {n}")],
            [("inv", f"slice_lo + 1 + {R.int('resp.invitation', 'x', 'slice_hi - slice_lo')}")],
            *self.invitation_layers("inv"),
            [("submitted", f"least(sent + 120 + {R.expo('resp.delay', 'x', 10 * HOUR)}, {self.t1 - 1})"),
             ("cmin", f"{list_lit(cmins)}[s + 1]"), ("cmax", f"{list_lit(cmaxs)}[s + 1]"),
             ("smax", f"{list_lit(smaxs)}[s + 1]"),
             ("nps", f"CASE WHEN {list_lit(has['n'])}[s + 1] AND {R.unif('resp.has_nps', 'x')} > 0.05 "
                     f"THEN {R.pick('resp.nps', 'x', list(range(11)), NPS_W)} END"),
             ("score_col", R.int("resp.score_col", "x", 3))],
            [("ces", f"CASE WHEN {list_lit(has['e'])}[s + 1] AND {R.unif('resp.has_ces', 'x')} > 0.12 THEN cmin + "
                     f"least(cmax - cmin, floor((cmax - cmin) * pow({R.unif('resp.ces', 'x')}, 0.6) + 0.5)::BIGINT) END"),
             ("csat", f"CASE WHEN {list_lit(has['c'])}[s + 1] AND {R.unif('resp.has_csat', 'x')} > 0.08 THEN {csat_draw} END"),
             ("loaded_n", f"submitted + {HOUR} + {R.int('resp.loaded', 'x', DAY)}")],
        ]

    def response_scores(self) -> dict[str, str]:
        """The three score columns with their defects: non-integer, out of range, padded (score_col picks the
        column), and the edited / re-submitted copies' new answers."""
        R, c = self.R, self.codes("survey_responses")
        non_int = R.pick("resp.non_integer", "x", NON_INTEGERS)
        pads = R.int("resp.pad_form", "x", 5)

        def score(col: int, value: str, out_of_range: str, edited: tuple[str, str] | None = None) -> str:
            padded = (f"CASE {pads} WHEN 0 THEN ' ' || {value} || ' ' WHEN 1 THEN {value} || '.0' "
                      f"WHEN 2 THEN {value} || '.00' WHEN 3 THEN chr(9) || {value} ELSE {value} || chr(10) END")
            branches = [(f"own = {c['non_integer_score']} AND score_col = {col}", non_int),
                        (f"own = {c['out_of_range_score']} AND score_col = {col}", out_of_range),
                        (f"own = {c['padded_score']} AND score_col = {col}", padded)]
            if edited:
                branches.insert(0, edited)
            return case(branches, f"{value}")

        oor_ces = (f"CASE WHEN {R.unif('resp.oor_ces', 'x')} < 0.6 THEN cmax + {R.between('resp.oor_ces_up', 'x', 1, 3)} "
                   f"ELSE cmin - 1 END::VARCHAR")
        return {
            "nps_score": score(0, "nps::VARCHAR", R.pick("resp.oor_nps", "x", ["11", "12", "100"]),
                               (f"ek = {c['edited_duplicate']}", f"{R.between('resp.edited_nps', 'j', 0, 10)}::VARCHAR")),
            "ces_score": score(1, "ces::VARCHAR", oor_ces),
            "csat_score": score(2, "csat::VARCHAR",
                                f"CASE WHEN {R.int('resp.oor_csat', 'x', 2)} = 0 THEN '0' ELSE (smax + 1)::VARCHAR END",
                                (f"ek = {c['resubmitted']}", f"(1 + {R.int('resp.resubmit_csat', 'j', 'smax')})::VARCHAR")),
        }

    def survey_responses(self, lo: int, hi: int) -> str:
        R, c = self.R, self.codes("survey_responses")
        survey_ids = [s[0] for s in SURVEYS]
        ref_col = R.int("resp.ref_col", "x", 3)
        unknown_ref = f"own = {c['unknown_reference']} AND {ref_col} = "
        cols = {
            "response_id": pad("R", "x", 8),
            "survey_id": case([(f"own = {c['unknown_survey']}", R.pick("resp.unknown_survey", "x", ["S99", "", "s02", "S 01"]))],
                              f"{list_lit(survey_ids)}[s + 1]"),
            "invitation_id": case([(f"{unknown_ref}1", self.unknown("I", "survey_invitations", 8, "x", "resp.unknown_inv"))],
                                  pad("I", "inv", 8)),
            "customer_id": case([(f"{unknown_ref}0", self.unknown("C", "customers", 6, "x", "resp.unknown_customer"))],
                                pad("C", "cust", 6)),
            "employee_id": f"CASE WHEN skind = {KIND_CODES['emp']} THEN {pad('A', '1 + ' + R.int('resp.employee', 'x', N_AGENTS), 3)} END",
            "ticket_id": case([(f"{unknown_ref}2", self.unknown("T", "tickets", 7, "x", "resp.unknown_ticket"))],
                              pad("T", "tk", 7)),
            "channel": f"CASE WHEN {R.unif('resp.same_channel', 'x')} < 0.9 THEN ichannel ELSE {R.pick('resp.channel', 'x', *I_CHANNELS)} END",
            "submitted_at": case([(f"ek = {c['broken_redelivery']}", R.pick("resp.broken", "j", BAD_TIMESTAMPS)),
                                  (f"ek = {c['resubmitted']}",
                                   R.fmt_ts("resp.resubmit_fmt", "j", f"submitted + {R.between('resp.resubmit', 'j', 60, 6 * HOUR)}")),
                                  (f"own = {c['bad_submitted_at']}", R.pick("resp.bad_submitted", "x", BAD_TIMESTAMPS))],
                                 R.fmt_ts("resp.submitted_fmt", "x", "submitted")),
            **self.response_scores(),
            "reason_text": case([(f"ek = {c['edited_duplicate']}", "'Changed my mind, sorry'"),
                                 (f"own = {c['messy_text']} AND {R.int('resp.messy_col', 'x', 2)} = 0",
                                  R.pick("resp.messy", "x", MESSY_TEXTS))],
                                R.pick("resp.reason", "x", REASONS)),
            "improvement_text": case([(f"own = {c['messy_text']} AND {R.int('resp.messy_col', 'x', 2)} = 1",
                                       R.pick("resp.messy", "x", MESSY_TEXTS))],
                                     R.pick("resp.improvement", "x", IMPROVEMENTS)),
            "follow_up_ok": case([(f"own = {c['bad_follow_up_ok']}", R.pick("resp.bad_follow_up", "x", BAD_BOOLEANS))],
                                 R.pick("resp.follow_up", "x", *FOLLOW_UP)),
        }
        key, loaded = self.common("survey_responses", "response_id", cols["response_id"], "loaded_n",
                                  R.fmt_loaded("resp.loaded_fmt", "x", "loaded_n"))
        cols.update([key, loaded])
        return nest(self.positions("survey_responses", lo, hi), self.response_layers(),
                    self.order("survey_responses", cols))

    def query(self, table: str, lo: int, hi: int) -> str:
        """The SELECT of `table`'s rows lo..hi (1-based, inclusive) and the copies they draw."""
        return getattr(self, table)(lo, hi)


def _targets(out: Path, table: str, n: int, fmt: str, layout: str, parts: int) -> list[tuple[Path, int, int]]:
    """(file, first row, last row) of each output file of `table` (`n` rows); stale part files removed."""
    if layout == "file":
        return [(out / f"{table}.{fmt}", 1, n)]
    folder = out / table
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"part-*.{fmt}"):
        stale.unlink()
    # part p holds rows [p * n // parts, (p + 1) * n // parts) (0-based) and the copies they draw
    return [(folder / f"part-{p:05d}.{fmt}", p * n // parts + 1, (p + 1) * n // parts) for p in range(parts)]


def generate_fast(responses: int, seed: int, out: Path, dirty_share: float = 0.0,
                  start: date = date(2025, 1, 1), end: date = date(2026, 9, 30), fmt: str = "csv",
                  layout: str = "file", parts: int = 4, threads: int | None = None,
                  memory_limit: str = "3GB") -> dict[str, int]:
    """Write the six raw tables into `out` as `fmt` (csv | parquet) in `layout` (file | parts); returns the
    number of data rows written per table."""
    import duckdb

    check_arguments(responses, dirty_share, start, end)
    if parts < 1:
        raise ValueError("--parts must be >= 1")
    gen = FastGenerator(responses, seed, dirty_share, start, end)
    out.mkdir(parents=True, exist_ok=True)
    options = _CSV if fmt == "csv" else _PARQUET
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="cx_fast_") as tmp, duckdb.connect() as con:
        con.execute(f"SET threads = {threads or min(8, os.cpu_count() or 1)}")
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = {_sql_text(tmp)}")
        con.execute("SET preserve_insertion_order = true")  # rows in row-number order: deterministic files
        # Row numbers as a table, not range(): a table scan runs on every thread, range() on one. p = 2 j + c (see
        # FastGenerator.positions); kept in a database file in `tmp`, where it is compressed to almost nothing.
        con.execute(f"ATTACH {_sql_text(str(Path(tmp) / 'rows.duckdb'))} AS rows (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
        con.execute(f"CREATE TABLE rows.idx AS SELECT range AS p FROM range(2, {2 * max(gen.n.values()) + 2})")
        con.execute("USE rows")
        for table in RAW_COLUMNS:
            counts[table] = 0
            for path, lo, hi in _targets(out, table, gen.n[table], fmt, layout, parts):
                sql = gen.query(table, lo, hi)
                counts[table] += con.execute(f"COPY ({sql}) TO {_sql_text(str(path))} ({options})").fetchone()[0]
    return counts
