"""The adversarial raw corpus: one small case per class of bad input, each with its expected outcome.

The corpus is committed in data/fixtures/adversarial_raw/ (survey_responses.csv with a UTF-8 BOM and CRLF line
endings), written by `write_corpus` below (`PYTHONPATH=.:tests/python python tests/python/test_adversarial_corpus.py` rewrites it; a test
checks the two agree), built once, and every class is asserted below: the row is kept with the exact cleaned value, or kept
with the value nulled and recorded in audit.audit_invalid_values, or quarantined in audit.audit_rejected_rows
with its reason. The cases after issue 17 (/work/rules17.md: Unicode trim set, NFC and hashed email keys, Unicode
categories, audience synonyms, UTC year range, future timestamps, repeated headers, free-text redaction) are the
second block of each list. Classes asserted elsewhere: a header-only file and an extra column
(test_raw_contract_errors.py::test_extra_column_is_ignored_and_header_only_file_builds), a missing required
column and a missing file (test_raw_contract_errors.py), a hostile CX_RAW_DIR (test_invariants.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from conftest import ADVERSARIAL_CORPUS_DIR, FIXTURES_DIR, query
from cx_tools import RAW_COLUMNS

LONG_TEXT = "slow " * 2048  # 10 kB of free text
SQL_TEXT = "'); drop table marts.fct_cx_scores; --"
QUOTED_TEXT = 'He said "no, thanks",\nthen left'
# Rule 8 of the issue-17 spec, copied here so the privacy scan does not lean on the code under test.
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE_RE = re.compile(r"\+?\(?[0-9](?:[ ./()-]{0,2}[0-9]){6,14}")
BOB, CAROL = "bob@example.com", "carol@example.com"      # email-shaped keys (customer; agent and employee)
BOB_KEY = "hashed_" + hashlib.md5(BOB.encode()).hexdigest()      # hashed_4b9bb80620f03eb3719e0a061c14283d
CAROL_KEY = "hashed_" + hashlib.md5(CAROL.encode()).hexdigest()  # hashed_d4766e3f21c67b7c786f012d910fa54f
EMPLOYEE_REASON = "Agent One shouted at me, write to emp.secret@example.com"
EMPLOYEE_IMPROVEMENT = "Agent One should call +49 30 7654321"


def response(response_id: str, **fields: str) -> dict[str, str]:
    row = {
        "response_id": response_id, "survey_id": "S1", "invitation_id": "", "customer_id": "C1",
        "employee_id": "", "ticket_id": "", "channel": "email", "submitted_at": "2025-06-10 10:00:00",
        "nps_score": "", "ces_score": "", "csat_score": "", "reason_text": "", "improvement_text": "",
        "follow_up_ok": "", "_loaded_at": "2025-06-11 00:00:00",
    }
    row.update(fields)
    return row


def header_row(table: str, **fields: str) -> dict[str, str]:
    """A data row that repeats the header (two files concatenated, a header per part)."""
    row = {c: c for c in RAW_COLUMNS[table]}
    row.update(fields)
    return row


def survey(survey_id: str, program: str, touchpoint: str, audience: str, **fields: str) -> dict[str, str]:
    row = {"survey_id": survey_id, "survey_name": f"Survey {survey_id}", "program": program, "touchpoint": touchpoint,
           "audience": audience, "ces_scale_min": "", "ces_scale_max": "", "csat_scale_max": "",
           "_loaded_at": "2025-01-01 00:00:00"}
    row.update(fields)
    return row


def customer(customer_id: str, **fields: str) -> dict[str, str]:
    row = {"customer_id": customer_id, "email": f"{customer_id.lower()}@example.com",
           "full_name": f"Person {customer_id}", "signup_date": "2024-01-01", "plan": "Pro", "country": "de",
           "age_band": "25-34", "gender": "Female", "income_band": "mid", "churned_at": "",
           "_loaded_at": "2025-01-01 00:00:00"}
    row.update(fields)
    return row


def ticket(ticket_id: str, **fields: str) -> dict[str, str]:
    row = {
        "ticket_id": ticket_id, "customer_id": "C1", "agent_id": "A1", "channel": "Email", "priority": "High",
        "status": "Solved", "created_at": "2025-06-01 10:00:00", "first_response_at": "2025-06-01 10:30:00",
        "solved_at": "2025-06-01 12:00:00", "handle_time_seconds": "600", "reopen_count": "0",
        "_loaded_at": "2025-06-02 00:00:00",
    }
    row.update(fields)
    return row


SURVEYS = [
    {"survey_id": "S1", "survey_name": "Support", "program": " Transactional ", "touchpoint": "Support Interaction",
     "audience": "", "ces_scale_min": "1", "ces_scale_max": "5", "csat_scale_max": "5",
     "_loaded_at": "2025-01-01 00:00:00"},
    {"survey_id": "S2", "survey_name": "Relationship", "program": "Relational", "touchpoint": "Overall",
     "audience": "Customer", "ces_scale_min": "", "ces_scale_max": "", "csat_scale_max": "",
     "_loaded_at": "2025-01-01 00:00:00"},
    # issue 17: audience synonyms and Unicode categories
    survey("S2", "Relational", "Overall", "Partners", _loaded_at="2025-02-01 00:00:00"),  # later copy, bad audience
    survey("S3", "Transactional", "Поддержка", "Customers"),
    survey("S4", "Employee Experience", "eNPS", "Employees"),
    survey("S5", "Employee Experience", "Office", " Staff "),
    survey("S6", "Employee Experience", "カスタマー サポート", "INTERNAL"),
    survey("S7", "Partner", "Onboarding", "Partners"),
    survey("S8", "Transactional", "Доставка", ""),
    survey("S9", "Relational", "Après-vente", "customer"),
    survey("S10", "---", "😡😡", "Customer"),
    survey("S11", "Relational", "Overall", "👥"),  # an invalid_category audience: invalid_audience
]
CUSTOMERS = [
    customer("C1"),
    header_row("customers"),
    customer("C2"),
    # issue 17: an email as the key, and Unicode categories
    customer(BOB, email=BOB, full_name="Bob Example"),
    customer("C3", plan="***", gender=" Weiblich\u3000"),
]
AGENTS = [{"agent_id": "A1", "full_name": "Agent One", "email": "a1@example.com", "team": "Tier 1",
           "hired_at": "2020-01-01T09:00:00Z", "_loaded_at": "2025-01-01 00:00:00"},
          {"agent_id": CAROL, "full_name": "Carol Agent", "email": CAROL, "team": "Tier 2",
           "hired_at": "2021-01-01T09:00:00Z", "_loaded_at": "2025-01-01 00:00:00"}]
INVITATIONS = [{"invitation_id": "I1", "survey_id": "S1", "customer_id": "C1", "channel": "Email",
                "sent_at": "2025-06-01 09:00:00", "_loaded_at": "2025-06-02 00:00:00"},
               {"invitation_id": "I_future", "survey_id": "S1", "customer_id": "C1", "channel": "Email",
                "sent_at": "2030-01-01 09:00:00", "_loaded_at": "2025-06-02 00:00:00"},
               {"invitation_id": "I_partner", "survey_id": "S7", "customer_id": "C1", "channel": "Email",
                "sent_at": "2025-06-01 09:00:00", "_loaded_at": "2025-06-02 00:00:00"},
               {"invitation_id": "I_bob", "survey_id": "S1", "customer_id": f" {BOB}", "channel": "E-Mail",
                "sent_at": "2025-06-01 09:00:00", "_loaded_at": "2025-06-02 00:00:00"}]
TICKETS = [
    ticket("#T_hash", handle_time_seconds="n/a"),  # first data row starts with '#': no comment character
    ticket("T1"),
    ticket("T2", first_response_at="2025-06-01T09:00:00Z", solved_at="2025-06-01 11:00:00+02:00"),
    ticket("T3", agent_id="A404", customer_id="C404"),
    ticket("T4", handle_time_seconds="-30", reopen_count="1.5"),
    ticket("T5", handle_time_seconds="999999"),
    ticket("T6", agent_id=CAROL, channel="📞", priority="Très urgent"),
    ticket("T_future", created_at="2030-01-01 10:00:00"),  # loaded 2025-06-02
]
RESPONSES = [
    # first data row starts with '#' and holds a score that fits no guessed type
    response("#R_hash", nps_score="abc"),
    response("R_exact", nps_score="9"), response("R_exact", nps_score="9"),
    response("R_edit", nps_score="3", _loaded_at="2025-06-11 00:00:00"),
    response("R_edit", nps_score="9", _loaded_at="2025-06-12 00:00:00"),
    response(""), response("   \t "),
    response("R_words", submitted_at="yesterday"),
    response("R_date_only", submitted_at="2025-06-01"),
    response("R_no_seconds", submitted_at="2025-06-01 10:00"),
    response("R_day_first", submitted_at="31/12/2025"),
    response("R_april_31", submitted_at="2025-04-31 10:00:00"),
    response("R_not_leap", submitted_at="2025-02-29 12:00:00"),
    response("R_leap", submitted_at="2024-02-29 12:00:00"),
    # R_offset_day and R_dst_autumn are answered after the default _loaded_at (2025-06-11) + 1 day: since issue 17
    # they would be future_timestamp, so their load is set after the answer to keep them about UTC conversion.
    response("R_offset_day", submitted_at="2025-06-30T23:30:00-02:00", _loaded_at="2025-11-01 00:00:00"),
    response("R_dst_spring", submitted_at="2025-03-30T02:30:00+02:00"),
    response("R_dst_autumn", submitted_at="2025-10-26T02:30:00+01:00", _loaded_at="2025-11-01 00:00:00"),
    response("R_fraction", submitted_at="2025-06-10T10:00:00.123456789Z"),
    response("R_negative", nps_score="-1"),
    response("R_eleven", nps_score="11"),
    response("R_huge", nps_score="99999999999"),
    response("R_decimal", nps_score="7.5"),
    response("R_point_zero", nps_score="8.0"),
    response("R_word_score", nps_score="nine"),
    response("R_fullwidth", nps_score="９"),
    response("R_padded", nps_score=" 9 "),
    response("R_ces_scale", ces_score="6", csat_score="0"),
    response("R_ces_ok", ces_score="5", csat_score="4"),
    response("R_unknown_survey", survey_id="S404"),
    response("R_orphans", customer_id="C404", ticket_id="T404", invitation_id="I404"),
    response("R_quotes", reason_text=QUOTED_TEXT),
    response("R_emoji", reason_text="😡 far too slow 🐢"),
    response("R_rtl", reason_text="الخدمة بطيئة جدا"),
    response("R_long", reason_text=LONG_TEXT),
    response("R_sql", reason_text=SQL_TEXT, improvement_text="1; select * from audit.audit_rejected_rows"),
] + [
    response(f"R_fu_{i}", follow_up_ok=value)
    for i, value in enumerate(["TRUE", "yes", "1", "No", "false", "0", "Y", "maybe", ""])
] + [
    # ---- issue 17. Every row below is loaded 2025-06-11 00:00:00 and answered 2025-06-10 10:00:00 on S1 unless said.
    # UTC year range (rule 5)
    response("R_max_utc", submitted_at="9999-12-31T23:00:00-12:00"),   # 10000-01-01 11:00 UTC
    response("R_min_utc", submitted_at="0001-01-01T05:00:00+14:00"),   # 0000-12-31 15:00 UTC
    # future timestamps (rule 6): limit = _loaded_at + 1 day = 2025-06-12 00:00:00 UTC
    response("R_future", submitted_at="2062-01-01 00:00:00"),
    response("R_skew_ok", submitted_at="2025-06-11 23:00:00"),
    response("R_skew_edge", submitted_at="2025-06-12 00:00:00"),            # equal to the limit: not later
    response("R_skew_offset", submitted_at="2025-06-12T01:00:00+02:00"),    # 2025-06-11 23:00 UTC
    response("R_skew_over", submitted_at="2025-06-12 00:00:01"),
    response("R_future_unloaded", submitted_at="2030-01-01 00:00:00", _loaded_at="tomorrow"),  # not checked
    response("R_future_partner", survey_id="S7", submitted_at="2062-01-01 00:00:00"),  # future before unknown_survey
    # audiences (rule 4) and Unicode touchpoints (rule 3)
    response("R_customers", survey_id="S3", nps_score="10"),
    response("R_employees", survey_id="S4", customer_id="", employee_id="A1", nps_score="3",
             reason_text=EMPLOYEE_REASON, improvement_text=EMPLOYEE_IMPROVEMENT),
    response("R_staff", survey_id="S5", customer_id="", employee_id="A1", nps_score="8"),
    response("R_internal", survey_id="S6", customer_id="", employee_id=CAROL, nps_score="9"),
    response("R_partners", survey_id="S7", nps_score="9"),
    response("R_delivery", survey_id="S8", nps_score="8"),
    response("R_after_sales", survey_id="S9", nps_score="0"),
    response("R_emoji_touchpoint", survey_id="S10", nps_score="9"),
    # Unicode spaces and NFC keys (rules 1, 2)
    response("R_nbsp\u00a0", nps_score="7"),   # same key as the next row once trimmed; same load and answer time
    response("R_nbsp", nps_score="5"),
    response("R_em_space", nps_score="\u20039\u3000"),
    response("R_\u00e9", nps_score="4", _loaded_at="2025-06-11 00:00:00"),    # composed é, loaded first
    response("R_e\u0301", nps_score="6", _loaded_at="2025-06-12 00:00:00"),   # decomposed e + U+0301, loaded later
    response("R_zwsp\u200b"), response("R_nel\u0085"), response("\ufeffR_bom"),
    response("\u3000\u00a0\u2028"),           # only trim-set characters: missing
    # a repeated header (rule 7), one value padded (compared after trim); and a row that only looks like one
    header_row("survey_responses", nps_score=" nps_score "),
    response("response_id", nps_score="nps_score"),
    # free text (rule 8) and an email-shaped customer key (rule 2)
    response("R_redact", reason_text="write to jane.doe@example.com or call +49 30 1234567",
             improvement_text="call (030) 123-4567 or mail a.b+c@mail.example.co.uk"),
    response("R_redact_more", reason_text="order 12345 arrived; card 1234567890123456",
             improvement_text="id 1234567@example.com"),
    response("R_bob", customer_id=f"\u00a0{BOB} ", invitation_id="I_bob"),
]


def write_csv(path: Path, table: str, rows: list[dict], bom_crlf: bool = False) -> None:
    with path.open("w", newline="", encoding="utf-8-sig" if bom_crlf else "utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=RAW_COLUMNS[table], lineterminator="\r\n" if bom_crlf else "\n")
        writer.writeheader()
        writer.writerows(rows)


def write_corpus(raw: Path) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    write_csv(raw / "surveys.csv", "surveys", SURVEYS)
    write_csv(raw / "customers.csv", "customers", CUSTOMERS)
    write_csv(raw / "agents.csv", "agents", AGENTS)
    write_csv(raw / "survey_invitations.csv", "survey_invitations", INVITATIONS)
    write_csv(raw / "tickets.csv", "tickets", TICKETS)
    write_csv(raw / "survey_responses.csv", "survey_responses", RESPONSES, bom_crlf=True)
    return raw


CORPUS_DIR = ADVERSARIAL_CORPUS_DIR


@pytest.fixture(scope="module")
def corpus_db(adversarial_warehouse) -> Path:
    return adversarial_warehouse


def test_committed_corpus_is_what_write_corpus_writes(tmp_path):
    fresh = write_corpus(tmp_path / "raw")
    for path in sorted(fresh.iterdir()):
        assert (CORPUS_DIR / path.name).read_bytes() == path.read_bytes(), path.name


def rejected(db: Path, table: str) -> list[tuple]:
    return query(db, f"select coalesce(source_key, ''), reason from audit.audit_rejected_rows "
                     f"where source_table = '{table}' order by 1, 2")


def invalid(db: Path, table: str, key: str) -> dict[str, tuple]:
    rows = query(db, f"select column_name, raw_value, reason from audit.audit_invalid_values "
                     f"where source_table = '{table}' and source_key = '{key}'")
    return {column: (raw_value, reason) for column, raw_value, reason in rows}


def response_value(db: Path, response_id: str, column: str):
    rows = query(db, f"select {column} from marts.fct_survey_responses where response_id = '{response_id}'")
    assert len(rows) == 1, f"{response_id} should be kept exactly once"
    return rows[0][0]


def test_every_response_row_is_accounted_for(corpus_db):
    # Before issue 17: 43 raw rows, 11 rejected, 32 kept. Issue 17 adds 32 rows (the repeated header is a physical
    # record, so it counts as raw): 10 rejected (2 invalid_timestamp, 3 future_timestamp, 1 unknown_survey,
    # 2 duplicate, 1 missing_id, 1 repeated_header) and 22 kept.
    # Raw 43 + 32 = 75; rejected 11 + 10 = 21 (listed in the next test); kept 32 + 22 = 54 = 75 - 21.
    assert len(RESPONSES) == 75
    counts = query(corpus_db, "select raw_rows, kept_rows, rejected_rows from audit.audit_row_counts "
                              "where source_table = 'survey_responses'")
    assert counts == [(75, 54, 21)]


# raw = kept + rejected, by table:
#   surveys 12 = S1, S2, S2 copy, S3..S11; rejected 3 invalid_audience (S2 copy 'Partners', S7 'Partners', S11 '👥');
#           kept 9 = S1..S6, S8..S10
#   customers 5 = C1, header, C2, bob@..., C3; rejected 1 repeated_header; kept 4
#   agents 2 = A1, carol@...; kept 2
#   tickets 8 = #T_hash, T1..T6, T_future; rejected 1 future_timestamp; kept 7
#   survey_invitations 4 = I1, I_future, I_partner, I_bob; rejected 2 (future_timestamp, unknown_survey); kept 2
EXPECTED_ROW_COUNTS = [
    ("agents", 2, 2, 0), ("customers", 5, 4, 1), ("survey_invitations", 4, 2, 2),
    ("survey_responses", 75, 54, 21), ("surveys", 12, 9, 3), ("tickets", 8, 7, 1),
]


def test_row_counts_of_every_table(corpus_db):
    assert (len(SURVEYS), len(CUSTOMERS), len(AGENTS), len(TICKETS), len(INVITATIONS)) == (12, 5, 2, 8, 4)
    assert query(corpus_db, "select source_table, raw_rows, kept_rows, rejected_rows from audit.audit_row_counts "
                            "order by 1") == EXPECTED_ROW_COUNTS


def test_rejected_responses_and_reasons(corpus_db):
    assert rejected(corpus_db, "survey_responses") == sorted([
        ("", "missing_id"), ("", "missing_id"),                                        # empty and whitespace keys
        ("R_april_31", "invalid_timestamp"),                                            # out of calendar
        ("R_not_leap", "invalid_timestamp"),                                            # 29 Feb of a common year
        ("R_date_only", "invalid_timestamp"), ("R_no_seconds", "invalid_timestamp"),    # partial
        ("R_day_first", "invalid_timestamp"), ("R_words", "invalid_timestamp"),         # not ISO 8601
        ("R_exact", "duplicate"), ("R_edit", "duplicate"),                              # exact and edited copies
        ("R_unknown_survey", "unknown_survey"),
        # issue 17
        ("", "missing_id"),                                                             # U+3000 U+00A0 U+2028 only
        ("R_max_utc", "invalid_timestamp"), ("R_min_utc", "invalid_timestamp"),         # UTC year 10000 / year 0
        ("R_future", "future_timestamp"), ("R_skew_over", "future_timestamp"),          # after load + 1 day
        ("R_future_partner", "future_timestamp"),                                       # checked before its survey
        ("R_partners", "unknown_survey"),                                               # S7 rejected invalid_audience
        ("R_nbsp", "duplicate"),                                                        # trimmed key = 'R_nbsp'
        ("R_\u00e9", "duplicate"),                                                      # NFC key = composed 'R_é'
        ("response_id", "repeated_header"),
    ])


def test_rejected_rows_of_the_other_tables(corpus_db):
    # S2: the later copy (2025-02-01) would win the duplicate, but invalid_audience comes first, so the
    # 2025-01-01 copy is kept (and is no duplicate). S11's audience '👥' has no letter: invalid_audience.
    assert rejected(corpus_db, "surveys") == [
        ("S11", "invalid_audience"), ("S2", "invalid_audience"), ("S7", "invalid_audience")]
    assert rejected(corpus_db, "customers") == [("customer_id", "repeated_header")]
    assert rejected(corpus_db, "agents") == []
    assert rejected(corpus_db, "tickets") == [("T_future", "future_timestamp")]   # created 2030, loaded 2025-06-02
    assert rejected(corpus_db, "survey_invitations") == [
        ("I_future", "future_timestamp"),   # sent 2030-01-01 09:00, loaded 2025-06-02: limit 2025-06-03
        ("I_partner", "unknown_survey"),    # S7 rejected invalid_audience
    ]


def test_edited_duplicate_keeps_the_latest_load(corpus_db):
    assert response_value(corpus_db, "R_edit", "nps_score") == 9
    assert response_value(corpus_db, "R_exact", "nps_score") == 9


@pytest.mark.parametrize("response_id, expected", [
    ("R_leap", dt.datetime(2024, 2, 29, 12, 0)),
    ("R_offset_day", dt.datetime(2025, 7, 1, 1, 30)),        # 23:30 at −02:00 is the next day (and quarter) in UTC
    ("R_dst_spring", dt.datetime(2025, 3, 30, 0, 30)),        # the offset decides, not a time zone's DST rules
    ("R_dst_autumn", dt.datetime(2025, 10, 26, 1, 30)),
    ("R_fraction", dt.datetime(2025, 6, 10, 10, 0, 0, 123456)),  # nanoseconds truncated to microseconds
    ("R_skew_offset", dt.datetime(2025, 6, 11, 23, 0)),       # 01:00 at +02:00: in UTC within the skew
    ("R_skew_ok", dt.datetime(2025, 6, 11, 23, 0)),
    ("R_skew_edge", dt.datetime(2025, 6, 12, 0, 0)),          # exactly _loaded_at + 1 day: not later, kept
    ("R_future_unloaded", dt.datetime(2030, 1, 1, 0, 0)),     # _loaded_at 'tomorrow' is not valid: not checked
])
def test_timestamps_in_utc(corpus_db, response_id, expected):
    assert response_value(corpus_db, response_id, "submitted_at") == expected


def test_offset_moves_the_answer_into_the_next_quarter(corpus_db):
    assert response_value(corpus_db, "R_offset_day", "submitted_date") == dt.date(2025, 7, 1)


@pytest.mark.parametrize("response_id, score, invalid_reason", [
    ("R_negative", None, "not_an_integer"),
    ("R_eleven", None, "out_of_range"),
    ("R_huge", None, "out_of_range"),
    ("R_decimal", None, "not_an_integer"),
    ("R_point_zero", 8, None),
    ("R_word_score", None, "not_an_integer"),
    ("R_fullwidth", None, "not_an_integer"),
    ("R_padded", 9, None),
    ("#R_hash", None, "not_an_integer"),       # 'abc' in the first data row, which starts with '#'
    ("R_em_space", 9, None),                   # U+2003 9 U+3000: trimmed
    ("response_id", None, "not_an_integer"),   # 'nps_score': only two columns hold their name, not a header
])
def test_nps_score_rules(corpus_db, response_id, score, invalid_reason):
    assert response_value(corpus_db, response_id, "nps_score") == score
    recorded = invalid(corpus_db, "survey_responses", response_id).get("nps_score")
    assert (recorded[1] if recorded else None) == invalid_reason


def test_scores_outside_the_survey_scale(corpus_db):
    assert response_value(corpus_db, "R_ces_scale", "ces_score") is None
    assert response_value(corpus_db, "R_ces_scale", "csat_score") is None
    assert invalid(corpus_db, "survey_responses", "R_ces_scale") == {
        "ces_score": ("6", "out_of_range"), "csat_score": ("0", "out_of_range"),
    }
    # 5 on a 1-5 CES scale is the top: 1 + 4 × 6 / 4 = 7; CSAT 4 of 5 is top-two-box
    assert response_value(corpus_db, "R_ces_ok", "ces_score_normalised") == 7.0
    assert response_value(corpus_db, "R_ces_ok", "is_csat_satisfied") is True


def test_orphan_references_are_kept_nulled_and_flagged(corpus_db):
    for column in ("customer_id", "ticket_id", "invitation_id"):
        assert response_value(corpus_db, "R_orphans", column) is None
    assert invalid(corpus_db, "survey_responses", "R_orphans") == {
        "customer_id": ("C404", "unknown_reference"),
        "ticket_id": ("T404", "unknown_reference"),
        "invitation_id": ("I404", "unknown_reference"),
    }
    assert invalid(corpus_db, "tickets", "T3") == {
        "agent_id": ("A404", "unknown_reference"), "customer_id": ("C404", "unknown_reference"),
    }
    assert query(corpus_db, "select agent_id, customer_id from marts.fct_tickets where ticket_id = 'T3'") == [
        (None, None)
    ]


def test_ticket_times_before_creation_and_bad_handle_times(corpus_db):
    assert invalid(corpus_db, "tickets", "T2") == {
        "first_response_at": ("2025-06-01T09:00:00Z", "before_created_at"),
        "solved_at": ("2025-06-01 11:00:00+02:00", "before_created_at"),   # 09:00 UTC, before 10:00
    }
    assert invalid(corpus_db, "tickets", "T4") == {
        "handle_time_seconds": ("-30", "not_an_integer"), "reopen_count": ("1.5", "not_an_integer"),
    }
    assert invalid(corpus_db, "tickets", "T5") == {"handle_time_seconds": ("999999", "out_of_range")}
    rows = query(corpus_db, "select ticket_id, first_response_minutes, resolution_minutes, handle_time_seconds, "
                            "is_first_contact_resolution from marts.fct_tickets order by 1")
    assert rows == [
        ("#T_hash", 30.0, 120.0, None, True),  # kept although it starts with '#'; 'n/a' handle time is not_an_integer
        ("T1", 30.0, 120.0, 600, True),
        ("T2", None, None, 600, False),   # solve nulled: not a resolution on record
        ("T3", 30.0, 120.0, 600, True),
        ("T4", 30.0, 120.0, None, None),  # reopen count unknown: first-contact resolution unknown
        ("T5", 30.0, 120.0, None, True),
        ("T6", 30.0, 120.0, 600, True),        # T_future is rejected (future_timestamp)
    ]
    assert invalid(corpus_db, "tickets", "#T_hash") == {"handle_time_seconds": ("n/a", "not_an_integer")}


@pytest.mark.parametrize("index, expected, reason", [
    (0, True, None), (1, True, None), (2, True, None), (3, False, None), (4, False, None), (5, False, None),
    (6, None, "invalid_boolean"), (7, None, "invalid_boolean"), (8, None, None),
])
def test_follow_up_consent_spellings(corpus_db, index, expected, reason):
    response_id = f"R_fu_{index}"
    assert response_value(corpus_db, response_id, "is_follow_up_ok") is expected
    recorded = invalid(corpus_db, "survey_responses", response_id).get("follow_up_ok")
    assert (recorded[1] if recorded else None) == reason


@pytest.mark.parametrize("response_id, column, text", [
    ("R_quotes", "reason_text", QUOTED_TEXT),
    ("R_emoji", "reason_text", "😡 far too slow 🐢"),
    ("R_rtl", "reason_text", "الخدمة بطيئة جدا"),
    ("R_long", "reason_text", LONG_TEXT.strip()),
    ("R_sql", "reason_text", SQL_TEXT),
    ("R_sql", "improvement_text", "1; select * from audit.audit_rejected_rows"),
])
def test_free_text_survives_verbatim(corpus_db, response_id, column, text):
    assert response_value(corpus_db, response_id, column) == text


def test_sql_looking_text_ran_nothing(corpus_db):
    assert query(corpus_db, "select count(*) from marts.fct_cx_scores")[0][0] > 0


def test_bom_and_crlf_file_reads_its_first_column(corpus_db):
    # The responses file starts with a UTF-8 BOM and ends its lines with CRLF: the key column is still found
    # and no value carries a stray carriage return.
    assert response_value(corpus_db, "R_leap", "channel") == "email"
    assert query(corpus_db, "select count(*) from marts.fct_survey_responses "
                            "where contains(reason_text, chr(13)) and response_id != 'R_quotes'") == [(0,)]


# ------------------------------------------------------------------------------------------ issue 17
def test_hash_prefixed_first_rows_are_kept(corpus_db):
    # No comment character: a line starting with '#' is data, and a value that fits no guessed type stays a value.
    assert response_value(corpus_db, "#R_hash", "survey_id") == "S1"
    assert invalid(corpus_db, "survey_responses", "#R_hash") == {"nps_score": ("abc", "not_an_integer")}
    assert query(corpus_db, "select count(*) from marts.fct_tickets where ticket_id = '#T_hash'") == [(1,)]


def test_future_timestamps(corpus_db):
    # limit = _loaded_at + 1 day: responses 2025-06-11 00:00 + 1 day = 2025-06-12 00:00:00
    #   2062-01-01 > limit -> future; 2025-06-12 00:00:01 > limit -> future; 2025-06-12 00:00:00 = limit -> kept;
    #   2025-06-11 23:00 (also 2025-06-12T01:00+02:00) < limit -> kept
    reasons = dict(query(corpus_db, "select source_key, reason from audit.audit_rejected_rows "
                                    "where source_key in ('R_future', 'R_skew_over', 'R_future_partner', "
                                    "'T_future', 'I_future')"))
    assert reasons == {"R_future": "future_timestamp", "R_skew_over": "future_timestamp",
                       "R_future_partner": "future_timestamp", "T_future": "future_timestamp",
                       "I_future": "future_timestamp"}
    for kept in ("R_skew_ok", "R_skew_edge", "R_skew_offset", "R_future_unloaded"):
        assert response_value(corpus_db, kept, "response_id") == kept
    # the unchecked row's bad _loaded_at is still recorded on the kept row
    assert invalid(corpus_db, "survey_responses", "R_future_unloaded") == {
        "_loaded_at": ("tomorrow", "invalid_timestamp")}
    assert query(corpus_db, "select count(*) from marts.fct_tickets where ticket_id = 'T_future'") == [(0,)]
    assert query(corpus_db, "select count(*) from marts.fct_survey_invitations where invitation_id = 'I_future'") == [
        (0,)]


@pytest.mark.parametrize("survey_id, program, touchpoint, audience", [
    ("S1", "transactional", "support_interaction", "customer"),   # audience '' -> customer
    ("S2", "relational", "overall", "customer"),                  # the 2025-01-01 copy ('Customer')
    ("S3", "transactional", "поддержка", "customer"),             # 'Customers'
    ("S4", "employee_experience", "enps", "employee"),            # 'Employees'
    ("S5", "employee_experience", "office", "employee"),          # ' Staff '
    ("S6", "employee_experience", "カスタマー_サポート", "employee"),  # 'INTERNAL'; 'カスタマー サポート'
    ("S8", "transactional", "доставка", "customer"),
    ("S9", "relational", "après_vente", "customer"),              # 'Après-vente'
    ("S10", "unknown", "unknown", "customer"),                    # '---' and '😡😡': invalid_category
])
def test_survey_categories_and_audiences(corpus_db, survey_id, program, touchpoint, audience):
    assert query(corpus_db, f"select program, touchpoint, audience from marts.dim_surveys "
                            f"where survey_id = '{survey_id}'") == [(program, touchpoint, audience)]


def test_rejected_surveys_are_not_in_dim_surveys(corpus_db):
    assert query(corpus_db, "select survey_id from marts.dim_surveys order by 1") == [
        ("S1",), ("S10",), ("S2",), ("S3",), ("S4",), ("S5",), ("S6",), ("S8",), ("S9",)]


def test_invalid_categories(corpus_db):
    assert invalid(corpus_db, "surveys", "S10") == {
        "program": ("---", "invalid_category"), "touchpoint": ("😡😡", "invalid_category")}
    # rejected surveys record nothing (S11's audience is rejected, not recorded); an empty value is not recorded
    for survey_id in ("S11", "S7", "S1", "S8"):
        assert invalid(corpus_db, "surveys", survey_id) == {}
    assert invalid(corpus_db, "customers", "C3") == {"plan": ("***", "invalid_category")}
    assert query(corpus_db, "select plan, gender from marts.dim_customers where customer_id = 'C3'") == [
        (None, "weiblich")]                                     # ' Weiblich' + U+3000: trimmed, lower case
    assert invalid(corpus_db, "tickets", "T6") == {"channel": ("📞", "invalid_category")}
    assert query(corpus_db, "select channel, priority, status, agent_id from marts.fct_tickets "
                            "where ticket_id = 'T6'") == [(None, "très_urgent", "solved", CAROL_KEY)]
    assert query(corpus_db, "select channel, customer_id from marts.fct_survey_invitations "
                            "where invitation_id = 'I_bob'") == [("e_mail", BOB_KEY)]


# fct_cx_scores. Kept customer-audience responses: 54 kept - 3 employee (R_employees, R_staff, R_internal) = 51,
# so every grain sums to 51. Of them S3, S8, S9, S10 have one each; S1 has 51 - 4 = 47: R_leap in 2024,
# R_future_unloaded in 2030, 45 in 2025. S1's valid 2025 NPS answers: promoters R_exact 9, R_edit 9, R_padded 9,
# R_em_space 9 (4); passives R_point_zero 8, R_nbsp 7 (2); detractors R_é 6 (1): NPS = 100 × (4 − 1) / 7 = 42.857...
EXPECTED_YEAR_ROWS = [
    # (year, program, touchpoint, responses, promoters, passives, detractors, nps)
    (2024, "transactional", "support_interaction", 1, 0, 0, 0, None),
    (2025, "relational", "après_vente", 1, 0, 0, 1, -100.0),            # R_after_sales 0
    (2025, "transactional", "support_interaction", 45, 4, 2, 1, 300 / 7),
    (2025, "transactional", "доставка", 1, 0, 1, 0, 0.0),               # R_delivery 8
    (2025, "transactional", "поддержка", 1, 1, 0, 0, 100.0),            # R_customers 10
    (2025, "unknown", "unknown", 1, 1, 0, 0, 100.0),                    # R_emoji_touchpoint 9
    (2030, "transactional", "support_interaction", 1, 0, 0, 0, None),
]


def test_fct_cx_scores_unicode_touchpoints_and_customer_audience_only(corpus_db):
    rows = query(corpus_db, "select year(period_start), program, touchpoint, responses, promoters, passives, "
                            "detractors, nps from marts.fct_cx_scores where period_grain = 'year' order by 1, 2, 3")
    assert [r[:7] for r in rows] == [r[:7] for r in EXPECTED_YEAR_ROWS]
    for got, want in zip(rows, EXPECTED_YEAR_ROWS):
        assert (got[7] is None and want[7] is None) or abs(got[7] - want[7]) < 1e-9, (got, want)
    assert query(corpus_db, "select period_grain, sum(responses) from marts.fct_cx_scores group by 1 order by 1") == [
        (g, 51) for g in ("day", "month", "quarter", "week", "year")]


def test_employee_answers_count_nowhere_and_keep_no_text(corpus_db):
    # Kept as employee answers, in the restricted schema only (issue 15): no mart holds them at row level.
    for response_id in ("R_employees", "R_staff", "R_internal"):
        assert query(corpus_db, "select audience from intermediate.int_survey_responses__validated "
                                f"where response_id = '{response_id}' and rejection_reason is null") == [("employee",)]
        assert query(corpus_db, "select count(*) from restricted.int_employee_responses "
                                f"where response_id = '{response_id}'") == [(1,)]
        assert query(corpus_db, "select count(*) from marts.fct_survey_responses "
                                f"where response_id = '{response_id}'") == [(0,)]
    assert query(corpus_db, "select count(*) from marts.fct_cx_scores where program = 'employee_experience'") == [(0,)]


def test_unicode_spaces_and_nfc_keys(corpus_db):
    # 'R_nbsp' + U+00A0 and 'R_nbsp': one key; same _loaded_at and answer time, so the greater raw record wins.
    # Whether the record holds the raw or the trimmed key, the U+00A0 copy (nps 7) is the greater one: U+00A0 (or
    # its JSON escape '\\') sorts after the closing quote, and with trimmed keys '7' > '5' decides.
    assert response_value(corpus_db, "R_nbsp", "nps_score") == 7
    assert response_value(corpus_db, "R_em_space", "nps_score") == 9
    # decomposed 'R_e' + U+0301 (loaded 06-12, nps 6) beats composed 'R_é' (06-11, nps 4); the kept key is NFC
    assert response_value(corpus_db, "R_\u00e9", "nps_score") == 6
    assert query(corpus_db, "select count(*) from marts.fct_survey_responses where response_id = 'R_e\u0301'") == [
        (0,)]
    for key in ("R_zwsp", "R_nel", "R_bom"):   # U+200B, U+0085, U+FEFF at an end are trimmed
        assert response_value(corpus_db, key, "response_id") == key


def test_repeated_headers(corpus_db):
    assert query(corpus_db, "select source_table, source_key from audit.audit_rejected_rows "
                            "where reason = 'repeated_header' order by 1") == [
        ("customers", "customer_id"), ("survey_responses", "response_id")]
    assert query(corpus_db, "select count(*) from marts.dim_customers where customer_id = 'customer_id'") == [(0,)]
    # the row that only starts like a header is an answer
    assert response_value(corpus_db, "response_id", "survey_id") == "S1"


@pytest.mark.parametrize("response_id, column, text", [
    # jane.doe@example.com -> [email]; '+49 30 1234567' = 11 digits -> [phone]
    ("R_redact", "reason_text", "write to [email] or call [phone]"),
    # '(030) 123-4567': '(' then 10 digits with ') ' and '-' between -> [phone]; a.b+c@mail.example.co.uk -> [email]
    ("R_redact", "improvement_text", "call [phone] or mail [email]"),
    # 12345 is 5 digits: kept; 16 digits: the leftmost 15 are a phone, the 16th stays
    ("R_redact_more", "reason_text", "order 12345 arrived; card [phone]"),
    # emails first: 1234567@example.com is an email, not a phone followed by @example.com
    ("R_redact_more", "improvement_text", "id [email]"),
])
def test_free_text_redaction(corpus_db, response_id, column, text):
    assert response_value(corpus_db, response_id, column) == text


def test_email_keys_are_hashed_everywhere(corpus_db):
    # U+00A0 bob@example.com ' ' in the response and ' bob@example.com' in the invitation trim to the customer's key
    assert response_value(corpus_db, "R_bob", "customer_id") == BOB_KEY
    assert response_value(corpus_db, "R_bob", "invitation_id") == "I_bob"
    assert invalid(corpus_db, "survey_responses", "R_bob") == {}            # references still match
    assert invalid(corpus_db, "survey_invitations", "I_bob") == {}
    assert query(corpus_db, f"select count(*) from marts.dim_customers where customer_id = '{BOB_KEY}'") == [(1,)]
    assert query(corpus_db, f"select count(*) from marts.dim_agents where agent_id = '{CAROL_KEY}'") == [(1,)]
    assert invalid(corpus_db, "tickets", "T6").get("agent_id") is None


def mart_text_values(db: Path):
    """(table, column, value) for every non-null value of every text column of every table in schema marts."""
    columns = query(db, "select table_name, column_name from information_schema.columns "
                        "where table_schema = 'marts' and data_type = 'VARCHAR' order by 1, 2")
    assert columns
    for table, column in columns:
        for (value,) in query(db, f'select distinct "{column}" from marts."{table}" where "{column}" is not null'):
            yield table, column, value


def test_privacy_scan_of_marts(corpus_db):
    leaks = [(t, c, v) for t, c, v in mart_text_values(corpus_db)
             if "@" in v or EMAIL_RE.search(v) or PHONE_RE.search(v) or "Agent One" in v]
    assert leaks == []



def test_raw_rows_are_the_physical_records_of_every_file(corpus_db):
    """audit_row_counts.raw_rows of every table equals a physical record count made here with the csv module alone:
    a `#`-row, a quoted field across lines and the BOM + CRLF file count like any record."""
    physical = {}
    for path in sorted(CORPUS_DIR.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as stream:
            physical[path.stem] = sum(1 for row in csv.reader(stream) if row) - 1
    counts = query(corpus_db, "select source_table, raw_rows, read_rows, kept_rows + rejected_rows "
                              "from audit.audit_row_counts")
    assert {table: (n, n, n) for table, n in physical.items()} == {t: (a, b, c) for t, a, b, c in counts}
    assert physical["survey_responses"] == 75 and physical["tickets"] == 8


def test_as_of_date_ignores_future_and_unchecked_answers(corpus_db):
    # Kept answers with a valid load time end with R_dst_autumn, 2025-10-26T02:30:00+01:00 = 01:30 UTC on 26 Oct.
    # R_future (2062, rejected) and R_future_unloaded (2030, load time 'tomorrow': kept but unchecked) do not move it.
    assert query(corpus_db, "select distinct as_of_date from marts.fct_customer_loyalty") == [(dt.date(2025, 10, 26),)]

if __name__ == "__main__":
    print(write_corpus(CORPUS_DIR))
