"""Connector-shaped synthetic data: ``python -m cx_tools.generate --shape qualtrics|zendesk``.

A connector shape is the six-file contract (written exactly as ``--shape contract`` writes it, same arguments and
engine, into a temporary folder) converted into the tables Fivetran's Qualtrics or Zendesk Support connector lands,
with the columns of models/staging/qualtrics/_qualtrics__sources.yml and models/staging/zendesk/_zendesk__sources.yml
(plus a few realistic columns the project never reads). The conversion is DuckDB SQL, one ``COPY (SELECT ...) TO``
per table over ``read_csv(..., all_varchar = true)`` of the contract, so it streams; every table is written in a
total order (its keys, then every column), so the same arguments give byte-identical files.

Timestamps. A contract timestamp the project would read (the contract's ISO 8601 rule: optional fraction, Z or
+-HH:MM offset) is written as zone-less UTC text ``YYYY-MM-DD HH:MM:SS.ffffff`` (the layout Fivetran writes, the
fraction kept, so every instant is exactly the contract's); text the project would reject (the dirty share's bad
timestamps) is copied unchanged, so it is rejected the same way. Ids are the contract's, unchanged.

``--shape qualtrics`` (survey side; the helpdesk stays the contract: tickets, customers, agents copied as they are):

- survey: one row per contract survey row, id ``SV_gen`` + survey_id (SV_genS01; padding and empty ids kept as
  defects), survey_name, _fivetran_synced = _loaded_at.
- question: per survey, QID1 NPS (selector NPS), QID2 CES, QID3 CSAT, QID4 reason (text), QID5 improvement (text),
  QID6 follow-up. question_option: the CES options ces_scale_min..max (QID2) and CSAT options 1..csat_scale_max
  (QID3) of a survey whose contract row gives that scale; a survey with an empty scale has none, so the project's
  default applies as for the contract. seeds/survey_map.csv holds one row per generator survey
  (``survey_map_rows()``, copied from ``SURVEYS``, which the seed never changes).
- survey_response: one row per contract response row: id = response_id, survey_id, recorded_date = submitted_at,
  distribution_channel = channel, status 0, finished 1, _fivetran_synced = _loaded_at.
- question_response: one row per non-empty nps_score (QID1), ces_score (QID2), csat_score (QID3), follow_up_ok (QID6)
  as value (the raw text), and reason_text (QID4), improvement_text (QID5) as text (value empty).
- survey_embedded_data: keys customer_id, ticket_id, employee_id of the response, where non-empty.
- distribution: one per survey invited, id ``EMD_gen`` + survey_id (EMD_genS01), survey_link_survey_id SV_gen...
- distribution_contact: one per contract invitation row: contact_id = invitation_id, the distribution of its survey,
  sent_at, response_id = the contract response whose invitation_id it is (if any), _fivetran_synced = _loaded_at.

``--shape zendesk`` (helpdesk; the survey side is only Zendesk's satisfaction ratings):

- ticket: one row per contract ticket row: requester_id (and submitter_id) = customer_id, assignee_id = agent_id,
  via_channel = channel, priority, status (lower case), created_at, _fivetran_synced = _loaded_at.
- user: customers as role end-user (created_at = signup_date at 00:00 UTC; a timestamp-shaped signup as its UTC
  instant), agents as role agent with default_group_id = the group of their team, created_at = hired_at.
- group: one per team, ids 9001, 9002, ... in team-name order.
- ticket_field_history, from the latest-loaded copy of each ticket: status new at created_at, open at
  first_response_at (else at created_at), reopen_count cycles solved -> open evenly spaced before the final solve
  (or, for an unsolved ticket, one hour apart), solved at solved_at, closed 4 days later for a closed ticket, pending
  at the end for a pending one. So solved_at (latest change to solved) and reopen_count (changes from solved to a
  status other than closed) are the contract's. Zendesk cannot say "reopened but never solved": an unsolved contract
  ticket with reopen_count > 0 keeps its reopen_count and gets the last of those solves as solved_at.
  Satisfaction ratings: every contract CSAT answer (latest copy of its response id; integer score within
  1..csat_scale_max, default 5) to a transactional survey that references a ticket: satisfaction_score ``offered``
  at its invitation's sent_at (one minute before the answer when that is missing or not earlier), then ``good``
  (score >= max - 1) or ``bad`` at submitted_at, and its reason_text as satisfaction_comment. Zendesk keeps a
  ticket's latest rating (later submitted_at, then later response_id: written in that order).
- ticket_comment: the requester's public comment at created_at and the assignee's public comment at
  first_response_at (when there is one), so first_response_at is the contract's.

Zendesk has no handle time, plan, demographics or churn: those contract fields have no place in the shape.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Callable

from cx_tools.generate.duckdb_engine import generate_fast
from cx_tools.generate.layout import _READ_CSV, _sql_text, csv_to_parquet, split_csv
from cx_tools.generate.python_engine import generate
from cx_tools.generate.spec import SURVEYS, check_arguments

SHAPES = ("contract", "qualtrics", "zendesk")
QUALTRICS_TABLES = ("survey", "question", "question_option", "survey_response", "question_response",
                    "survey_embedded_data", "distribution", "distribution_contact")
ZENDESK_TABLES = ("ticket", "user", "group", "ticket_field_history", "ticket_comment")
HELPDESK_FILES = ("tickets", "customers", "agents")
# (question id, export tag, question text, question type, selector) of every generated survey, QID1..QID6.
QUESTIONS = [
    ("QID1", "Q1", "How likely are you to recommend us to a friend or colleague?", "MC", "NPS"),
    ("QID2", "Q2", "How easy was it to get what you needed?", "MC", "SAVR"),
    ("QID3", "Q3", "How satisfied are you overall?", "MC", "SAVR"),
    ("QID4", "Q4", "What is the main reason for your score?", "TE", "ML"),
    ("QID5", "Q5", "What could we improve?", "TE", "ML"),
    ("QID6", "Q6", "May we contact you about your answers?", "MC", "SAVR"),
]
MAP_COLUMNS = ["source_system", "survey_id", "program", "touchpoint", "audience", "nps_question_id",
               "ces_question_id", "csat_question_id", "reason_question_id", "improvement_question_id",
               "follow_up_question_id", "ces_scale_min", "ces_scale_max", "csat_scale_max"]

# The contract's timestamp rule (macros/cleaning/parse_timestamp.sql, iso_timestamp_pattern).
_ISO_TS = (r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?"
           r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?")
_WS = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)"
_TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def survey_map_rows() -> list[dict[str, str]]:
    """The seeds/survey_map.csv rows of the generated Qualtrics surveys: one per generator survey, its spellings
    and scales as the contract's surveys file writes them (empty stays empty: the same defaults apply)."""
    return [{"source_system": "qualtrics", "survey_id": f"SV_gen{sid}", "program": program, "touchpoint": touch,
             "audience": aud, "nps_question_id": "QID1", "ces_question_id": "QID2", "csat_question_id": "QID3",
             "reason_question_id": "QID4", "improvement_question_id": "QID5", "follow_up_question_id": "QID6",
             "ces_scale_min": cmin, "ces_scale_max": cmax, "csat_scale_max": smax}
            for sid, _name, program, touch, aud, cmin, cmax, smax, *_ in SURVEYS]


# ------------------------------------------------------------------------------------------------ SQL helpers
def _trim(e: str) -> str:
    return f"trim({e}, {_WS})"


def _ts(e: str) -> str:
    """The UTC timestamp of contract text `e` when the project reads it as one, else null."""
    t = _trim(e)
    micro = rf"regexp_replace({t}, '(\.[0-9]{{6}})[0-9]+', '\1')"
    return (f"(case when regexp_full_match({t}, '{_ISO_TS}') and left({t}, 4) <> '0000' "
            f"then timezone('UTC', try_cast({micro} as timestamptz)) end)")


def _fmt(ts: str) -> str:
    return f"strftime({ts}, '{_TS_FORMAT}')"


def _utc(e: str) -> str:
    """Contract timestamp text as zone-less UTC text; text the project would reject, unchanged."""
    return f"coalesce({_fmt(_ts(e))}, {e})"


def _int(e: str, digits: int = 3) -> str:
    """An integer field (digits, optionally .0...) as integer, else null."""
    t = _trim(e)
    return (f"(case when regexp_full_match({t}, '[0-9]{{1,{digits}}}(\\.0+)?') "
            f"then try_cast(split_part({t}, '.', 1) as integer) end)")


def _prefixed(e: str, prefix: str) -> str:
    """`prefix` + the id, any padding kept outside it; empty or blank stays as it is (a missing id)."""
    return rf"regexp_replace({e}, '^(\s*)(\S.*?)(\s*)$', '\1{prefix}\2\3', 's')"


def _ordered(inner: str, columns: list[str], keys: list[str]) -> str:
    """`columns` of `inner` in a total order: `keys` (helper columns of `inner` may be used), then every column."""
    return f"select {', '.join(columns)} from ({inner}) order by {', '.join(keys + columns)}"


# ------------------------------------------------------------------------------------------------ Qualtrics
def _qualtrics_definitions(src: Callable[[str], str]) -> dict[str, str]:
    """survey, question, question_option."""
    questions = ", ".join(f"({_sql_text(q)}, {_sql_text(tag)}, {_sql_text(text)}, {_sql_text(kind)}, "
                          f"{_sql_text(selector)})" for q, tag, text, kind, selector in QUESTIONS)
    surveys = (f"select {_trim('survey_id')} as sid, max({_utc('_loaded_at')}) as synced, "
               f"max({_int('ces_scale_min')}) as cmin, max({_int('ces_scale_max')}) as cmax, "
               f"max({_int('csat_scale_max')}) as smax from {src('surveys')} where {_trim('survey_id')} <> '' "
               f"group by 1")
    options = (f"select 'QID2' as qid, sid, synced, unnest(range(cmin, cmax + 1)) as k from ({surveys}) "
               f"where cmin < cmax and cmax - cmin <= 100 "
               f"union all select 'QID3', sid, synced, unnest(range(1, smax + 1)) from ({surveys}) "
               f"where smax between 2 and 100")
    return {
        "survey": _ordered(
            f"select {_prefixed('survey_id', 'SV_gen')} as id, survey_name, 'Active' as survey_status, "
            f"'false' as _fivetran_deleted, {_utc('_loaded_at')} as _fivetran_synced, "
            f"{_ts('_loaded_at')} as o_synced from {src('surveys')}",
            ["id", "survey_name", "survey_status", "_fivetran_deleted", "_fivetran_synced"],
            ["id", "o_synced nulls first"]),
        "question": _ordered(
            f"select q.id, 'SV_gen' || s.sid as survey_id, q.tag as data_export_tag, q.text as question_text, "
            f"q.kind as question_type, q.selector, 'false' as _fivetran_deleted, s.synced as _fivetran_synced "
            f"from ({surveys}) as s cross join (values {questions}) as q (id, tag, text, kind, selector)",
            ["id", "survey_id", "data_export_tag", "question_text", "question_type", "selector",
             "_fivetran_deleted", "_fivetran_synced"],
            ["survey_id", "id"]),
        "question_option": _ordered(
            f"select cast(k as varchar) as key, qid as question_id, 'SV_gen' || sid as survey_id, "
            f"cast(k as varchar) as recode_value, cast(k as varchar) as text, 'false' as _fivetran_deleted, "
            f"synced as _fivetran_synced, k as o_k from ({options})",
            ["key", "question_id", "survey_id", "recode_value", "text", "_fivetran_deleted", "_fivetran_synced"],
            ["survey_id", "question_id", "o_k"]),
    }


def _qualtrics_responses(src: Callable[[str], str]) -> dict[str, str]:
    """survey_response, question_response, survey_embedded_data: copies of one response id are written oldest
    first (_loaded_at, then submitted_at), so the connector's latest-synced-then-last-row rule keeps the copy the
    contract keeps."""
    keys = ["o_id", "o_synced nulls first", "o_recorded nulls first"]
    order = (f"response_id as o_id, {_ts('_loaded_at')} as o_synced, {_ts('submitted_at')} as o_recorded, "
             f"{_utc('_loaded_at')} as _fivetran_synced")
    null = "cast(null as varchar)"
    answers = ", ".join(
        f"{{'q': '{q}', 's': {i}, 'v': {value}, 't': {text}}}" for i, (q, value, text) in enumerate([
            ("QID1", "nps_score", null), ("QID2", "ces_score", null), ("QID3", "csat_score", null),
            ("QID4", null, "reason_text"), ("QID5", null, "improvement_text"), ("QID6", "follow_up_ok", null)]))
    fields = ", ".join(f"{{'k': '{k}', 's': {i}, 'v': {k}}}"
                       for i, k in enumerate(["customer_id", "ticket_id", "employee_id"]))

    def a(name: str) -> str:  # a field of the unnested answer struct
        return f"struct_extract(a, '{name}')"

    def f(name: str) -> str:  # a field of the unnested embedded-data struct
        return f"struct_extract(f, '{name}')"

    return {
        "survey_response": _ordered(
            f"select response_id as id, {_prefixed('survey_id', 'SV_gen')} as survey_id, "
            f"{_utc('submitted_at')} as recorded_date, channel as distribution_channel, '0' as status, "
            f"'1' as finished, '100' as progress, 'EN' as user_language, {order} from {src('survey_responses')}",
            ["id", "survey_id", "recorded_date", "distribution_channel", "status", "finished", "progress",
             "user_language", "_fivetran_synced"], keys),
        "question_response": _ordered(
            f"select md5(concat_ws('|', o_id, {a('q')}, _fivetran_synced)) as _fivetran_id, o_id as response_id, "
            f"{a('q')} as question_id, {null} as sub_question_key, {null} as loop_id, {a('v')} as value, "
            f"{a('t')} as text, _fivetran_synced, o_id, o_synced, o_recorded, {a('s')} as o_s "
            f"from (select {order}, unnest([{answers}]) as a from {src('survey_responses')}) "
            f"where coalesce({a('v')}, {a('t')}) is not null",
            ["_fivetran_id", "response_id", "question_id", "sub_question_key", "loop_id", "value", "text",
             "_fivetran_synced"], keys + ["o_s"]),
        "survey_embedded_data": _ordered(
            f"select {f('k')} as import_id, o_id as response_id, {f('k')} as key, {f('v')} as value, "
            f"_fivetran_synced, o_id, o_synced, o_recorded, {f('s')} as o_s "
            f"from (select {order}, unnest([{fields}]) as f from {src('survey_responses')}) where {f('v')} is not null",
            ["import_id", "response_id", "key", "value", "_fivetran_synced"], keys + ["o_s"]),
    }


def _qualtrics_invitations(src: Callable[[str], str]) -> dict[str, str]:
    """distribution, distribution_contact."""
    sid = _trim("survey_id")
    send_date = _fmt(f"min({_ts('sent_at')})")
    answered = (f"select {_trim('invitation_id')} as iid, min({_trim('response_id')}) as rid "
                f"from {src('survey_responses')} where {_trim('invitation_id')} <> '' "
                f"and {_trim('response_id')} <> '' group by 1")
    return {
        "distribution": _ordered(
            f"select 'EMD_gen' || {sid} as id, 'SV_gen' || {sid} as survey_link_survey_id, 'Invite' as request_type, "
            f"'Done' as request_status, {send_date} as send_date, "
            f"'false' as _fivetran_deleted, max({_utc('_loaded_at')}) as _fivetran_synced "
            f"from {src('survey_invitations')} where {sid} <> '' group by {sid}",
            ["id", "survey_link_survey_id", "request_type", "request_status", "send_date", "_fivetran_deleted",
             "_fivetran_synced"], ["id"]),
        "distribution_contact": _ordered(
            f"select case when {sid} <> '' then 'EMD_gen' || {sid} end as distribution_id, "
            f"invitation_id as contact_id, {_utc('sent_at')} as sent_at, a.rid as response_id, "
            f"case when a.rid is null then 'Email Sent' else 'Finished' end as status, "
            f"{_utc('_loaded_at')} as _fivetran_synced, {_ts('_loaded_at')} as o_synced "
            f"from {src('survey_invitations')} as i left join ({answered}) as a "
            f"on {_trim('i.invitation_id')} = a.iid",
            ["distribution_id", "contact_id", "sent_at", "response_id", "status", "_fivetran_synced"],
            ["contact_id", "o_synced nulls first"]),
    }


# ------------------------------------------------------------------------------------------------ Zendesk
def _zendesk_people(src: Callable[[str], str]) -> dict[str, str]:
    """ticket, user, group: one row per contract row (groups: one per team)."""
    groups = (f"select cast(9000 + row_number() over (order by name) as varchar) as id, name, "
              f"'false' as _fivetran_deleted, synced as _fivetran_synced from (select {_trim('team')} as name, "
              f"max({_utc('_loaded_at')}) as synced from {src('agents')} where {_trim('team')} <> '' group by 1)")
    signup = _trim("signup_date")
    created = (f"case when regexp_full_match({signup}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
               f"and try_cast({signup} as date) is not null then {signup} || ' 00:00:00.000000' "
               f"else {_utc('signup_date')} end")
    user_columns = ["id", "name", "email", "role", "default_group_id", "active", "created_at", "_fivetran_synced"]
    return {
        "ticket": _ordered(
            f"select ticket_id as id, customer_id as requester_id, customer_id as submitter_id, "
            f"agent_id as assignee_id, lower({_trim('channel')}) as via_channel, lower({_trim('priority')}) "
            f"as priority, lower({_trim('status')}) as status, {_utc('created_at')} as created_at, "
            f"{_utc('_loaded_at')} as _fivetran_synced, {_ts('_loaded_at')} as o_synced, "
            f"{_ts('created_at')} as o_created from {src('tickets')}",
            ["id", "requester_id", "submitter_id", "assignee_id", "via_channel", "priority", "status",
             "created_at", "_fivetran_synced"], ["id", "o_synced nulls first", "o_created nulls first"]),
        "user": _ordered(
            f"select customer_id as id, full_name as name, email, 'end-user' as role, "
            f"cast(null as varchar) as default_group_id, 'true' as active, {created} as created_at, "
            f"{_utc('_loaded_at')} as _fivetran_synced, 0 as o_kind, {_ts('_loaded_at')} as o_synced "
            f"from {src('customers')} union all "
            f"select agent_id, full_name, email, 'agent', g.id, 'true', {_utc('hired_at')}, {_utc('_loaded_at')}, "
            f"1, {_ts('_loaded_at')} from {src('agents')} as a left join ({groups}) as g "
            f"on {_trim('a.team')} = g.name",
            user_columns, ["o_kind", "id", "o_synced nulls first"]),
        "group": _ordered(groups, ["id", "name", "_fivetran_deleted", "_fivetran_synced"], ["id"]),
    }


def _zendesk_tickets(src: Callable[[str], str]) -> str:
    """The latest-loaded copy of each contract ticket, parsed (the history and the comments follow it)."""
    return (f"select {_trim('ticket_id')} as tid, customer_id, agent_id, lower({_trim('status')}) as status, "
            f"{_ts('created_at')} as created, {_ts('first_response_at')} as first_at, {_ts('solved_at')} as solved, "
            f"coalesce({_int('reopen_count')}, 0) as reopens, {_utc('_loaded_at')} as synced, "
            f"{_ts('_loaded_at')} as loaded "
            f"from {src('tickets')} where {_trim('ticket_id')} <> '' and {_ts('created_at')} is not null "
            f"qualify row_number() over (partition by {_trim('ticket_id')} order by {_ts('_loaded_at')} desc "
            f"nulls last, {_ts('created_at')} desc, ticket_id, customer_id, agent_id, status, first_response_at, "
            f"solved_at, reopen_count, _loaded_at) = 1")


def _zendesk_status_changes(tickets: str) -> str:
    """Status rows (tid, value, event_at, seq, user_id, synced, loaded) giving each ticket's solved_at and
    reopen_count."""
    spans = (f"select *, coalesce(first_at, created) as start_at, coalesce(solved, coalesce(first_at, created) "
             f"+ to_hours(2 * reopens + 1)) as end_at from ({tickets})")
    step = ("make_timestamp(epoch_us(start_at) + (epoch_us(end_at) - epoch_us(start_at)) * k "
            "// (2 * reopens + 1))")
    return (
        f"with s as ({spans}) "
        f"select tid, 'new' as value, created as event_at, 1 as seq, customer_id as user_id, synced, loaded from s "
        f"union all select tid, 'open', start_at, 2, agent_id, synced, loaded from s "
        f"union all select tid, case when k % 2 = 1 then 'solved' else 'open' end, {step}, 2 + k, agent_id, "
        f"synced, loaded "
        f"from (select *, unnest(range(1, 2 * reopens + 1)) as k from s) "
        f"union all select tid, 'solved', solved, 5000, agent_id, synced, loaded from s where solved is not null "
        f"union all select tid, 'closed', solved + interval 4 day, 5001, agent_id, synced, loaded from s "
        f"where solved is not null and status = 'closed' "
        f"union all select tid, 'pending', end_at, 5001, agent_id, synced, loaded from s "
        f"where solved is null and status = 'pending'")


def _zendesk_ratings(src: Callable[[str], str]) -> str:
    """Satisfaction rows (tid, field_name, value, event_at, seq, rid, user_id, synced, loaded: null) from the
    contract's CSAT answers to transactional surveys that reference a ticket."""
    surveys = (f"select {_trim('survey_id')} as sid, coalesce(max({_int('csat_scale_max')}), 5) as smax "
               f"from {src('surveys')} group by 1 having bool_or(lower({_trim('program')}) = 'transactional')")
    invitations = (f"select {_trim('invitation_id')} as iid, min({_ts('sent_at')}) as sent, "
                   f"min({_utc('_loaded_at')}) as isynced from {src('survey_invitations')} group by 1")
    answers = (
        f"select {_trim('r.ticket_id')} as tid, {_trim('r.response_id')} as rid, {_ts('r.submitted_at')} as rated, "
        f"{_utc('r._loaded_at')} as synced, r.customer_id, r.reason_text, {_int('r.csat_score', 9)} as score, "
        f"s.smax, i.sent, i.isynced from {src('survey_responses')} as r inner join ({surveys}) as s "
        f"on {_trim('r.survey_id')} = s.sid left join ({invitations}) as i on {_trim('r.invitation_id')} = i.iid "
        f"where {_trim('r.ticket_id')} <> '' and {_trim('r.response_id')} <> '' "
        f"and {_ts('r.submitted_at')} is not null "
        f"qualify row_number() over (partition by {_trim('r.response_id')} order by {_ts('r._loaded_at')} desc "
        f"nulls last, {_ts('r.submitted_at')} desc, r.csat_score, r.reason_text, r.customer_id, r.ticket_id) = 1")
    return (
        f"with a as (select * from ({answers}) where score between 1 and smax) "
        f"select tid, 'satisfaction_score' as field_name, 'offered' as value, case when sent < rated then sent "
        f"else rated - interval 1 minute end as event_at, 6000 as seq, rid, cast(null as varchar) as user_id, "
        f"coalesce(isynced, synced) as synced, cast(null as timestamp) as loaded from a "
        f"union all select tid, 'satisfaction_score', case when score >= smax - 1 then 'good' else 'bad' end, "
        f"rated, 6001, rid, customer_id, synced, null from a "
        f"union all select tid, 'satisfaction_comment', reason_text, rated, 6002, rid, customer_id, synced, null "
        f"from a "
        f"where nullif({_trim('reason_text')}, '') is not null")


def _zendesk_history(src: Callable[[str], str]) -> dict[str, str]:
    """ticket_field_history (status changes and satisfaction ratings) and ticket_comment."""
    tickets = _zendesk_tickets(src)
    # A change is synced an hour after it happens, at the earliest when the contract loaded its ticket.
    synced = f"case when loaded is null then synced else {_fmt('greatest(loaded, event_at + interval 1 hour)')} end"
    changes = (f"select tid, 'status' as field_name, value, event_at, seq, '' as rid, user_id, synced, loaded "
               f"from ({_zendesk_status_changes(tickets)}) union all select * from ({_zendesk_ratings(src)})")
    comments = (f"select tid || '-1' as id, tid, customer_id as user_id, 'true' as public, "
                f"'Request received' as body, created as event_at, synced, loaded, 1 as o_seq from ({tickets}) "
                f"union all select tid || '-2', tid, agent_id, 'true', 'Reply from support', first_at, synced, "
                f"loaded, 2 "
                f"from ({tickets}) where first_at is not null")
    return {
        "ticket_field_history": _ordered(
            f"select tid as ticket_id, field_name, value, {_fmt('event_at')} as updated, user_id, {synced} as "
            f"_fivetran_synced, event_at as o_at, seq as o_seq, rid as o_rid from ({changes})",
            ["ticket_id", "field_name", "value", "updated", "user_id", "_fivetran_synced"],
            ["ticket_id", "o_at nulls first", "o_seq", "o_rid"]),
        "ticket_comment": _ordered(
            f"select id, tid as ticket_id, user_id, public, body, {_fmt('event_at')} as created, {synced} as "
            f"_fivetran_synced, o_seq from ({comments})",
            ["id", "ticket_id", "user_id", "public", "body", "created", "_fivetran_synced"],
            ["ticket_id", "o_seq"]),
    }


# ------------------------------------------------------------------------------------------------ writing
def _write(con, table: str, sql: str, out: Path, fmt: str, layout: str, parts: int, tmp: Path) -> int:
    """COPY `sql` into `out` as <table>.<fmt>, or as <table>/part-NNNNN.<fmt> (stale parts of `fmt` removed)."""
    options = "format csv, header" if fmt == "csv" else "format parquet"
    if layout == "file":
        target = out / f"{table}.{fmt}"
        return con.execute(f"copy ({sql}) to {_sql_text(str(target))} ({options})").fetchone()[0]
    staged = tmp / f"{table}.csv"
    rows = con.execute(f"copy ({sql}) to {_sql_text(str(staged))} (format csv, header)").fetchone()[0]
    folder = out / table
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"part-*.{fmt}"):
        stale.unlink()
    if fmt == "csv":
        split_csv(staged, folder, parts, rows)
    else:
        for part in split_csv(staged, tmp / f"{table}_parts", parts, rows):
            csv_to_parquet(part, folder / part.with_suffix(".parquet").name)
    return rows


def _contract(responses: int, seed: int, folder: Path, dirty_share: float, start: date, end: date,
              engine: str) -> dict[str, int]:
    """The six-file contract as CSV files in `folder`, exactly as `--shape contract` writes it."""
    if engine == "fast":
        return generate_fast(responses, seed, folder, dirty_share, start, end, "csv", "file")
    return generate(responses, seed, folder, dirty_share, start, end)


def generate_connectors(shape: str, responses: int, seed: int, out: Path, dirty_share: float = 0.0,
                        start: date = date(2025, 1, 1), end: date = date(2026, 9, 30), engine: str = "python",
                        fmt: str = "csv", layout: str = "file", parts: int = 4) -> dict[str, int]:
    """Write the `shape` (qualtrics | zendesk) connector tables into `out`; returns data rows per table."""
    import duckdb

    if shape not in SHAPES[1:]:
        raise ValueError(f"--shape must be one of {', '.join(SHAPES)}")
    check_arguments(responses, dirty_share, start, end)
    if parts < 1:
        raise ValueError("--parts must be >= 1")
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="cx_connectors_") as tmp_name, duckdb.connect() as con:
        tmp = Path(tmp_name)
        contract = tmp / "contract"
        contract_counts = _contract(responses, seed, contract, dirty_share, start, end, engine)
        con.execute(f"set threads = {min(8, os.cpu_count() or 1)}")
        con.execute("set memory_limit = '3GB'")
        con.execute(f"set temp_directory = {_sql_text(str(tmp / 'spill'))}")
        con.execute("set preserve_insertion_order = true")
        con.execute("set TimeZone = 'UTC'")

        def src(table: str) -> str:
            return f"read_csv({_sql_text(str(contract / f'{table}.csv'))}, {_READ_CSV})"

        if shape == "qualtrics":
            tables = {**_qualtrics_definitions(src), **_qualtrics_responses(src), **_qualtrics_invitations(src)}
        else:
            tables = {**_zendesk_people(src), **_zendesk_history(src)}
        for table, sql in tables.items():
            counts[table] = _write(con, table, sql, out, fmt, layout, parts, tmp)
        if shape == "qualtrics":  # the helpdesk stays the contract's, byte for byte in CSV files
            for table in HELPDESK_FILES:
                if fmt == "csv" and layout == "file":
                    shutil.copyfile(contract / f"{table}.csv", out / f"{table}.csv")
                    counts[table] = contract_counts[table]
                else:
                    counts[table] = _write(con, table, f"select * from {src(table)}", out, fmt, layout, parts, tmp)
    return counts
