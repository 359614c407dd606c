"""The adversarial raw corpus: one small case per class of bad input, each with its expected outcome.

The corpus is committed in data/fixtures/adversarial_raw/ (survey_responses.csv with a UTF-8 BOM and CRLF line
endings), written by `write_corpus` below (`PYTHONPATH=.:tests/python python tests/python/test_adversarial_corpus.py` rewrites it; a test
checks the two agree), built once, and every class is asserted below: the row is kept with the exact cleaned value, or kept
with the value nulled and recorded in audit.audit_invalid_values, or quarantined in audit.audit_rejected_rows
with its reason. Classes asserted elsewhere: a header-only file and an extra column
(test_raw_contract_errors.py::test_extra_column_is_ignored_and_header_only_file_builds), a missing required
column and a missing file (test_raw_contract_errors.py), a hostile CX_RAW_DIR (test_invariants.py).
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from conftest import FIXTURES_DIR, build_warehouse, query
from cx_tools import RAW_COLUMNS

LONG_TEXT = "slow " * 2048  # 10 kB of free text
SQL_TEXT = "'); drop table marts.fct_cx_scores; --"
QUOTED_TEXT = 'He said "no, thanks",\nthen left'


def response(response_id: str, **fields: str) -> dict[str, str]:
    row = {
        "response_id": response_id, "survey_id": "S1", "invitation_id": "", "customer_id": "C1",
        "employee_id": "", "ticket_id": "", "channel": "email", "submitted_at": "2025-06-10 10:00:00",
        "nps_score": "", "ces_score": "", "csat_score": "", "reason_text": "", "improvement_text": "",
        "follow_up_ok": "", "_loaded_at": "2025-06-11 00:00:00",
    }
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
]
CUSTOMERS = [
    {"customer_id": c, "email": f"{c.lower()}@example.com", "full_name": f"Person {c}", "signup_date": "2024-01-01",
     "plan": "Pro", "country": "de", "age_band": "25-34", "gender": "Female", "income_band": "mid",
     "churned_at": "", "_loaded_at": "2025-01-01 00:00:00"}
    for c in ("C1", "C2")
]
AGENTS = [{"agent_id": "A1", "full_name": "Agent One", "email": "a1@example.com", "team": "Tier 1",
           "hired_at": "2020-01-01T09:00:00Z", "_loaded_at": "2025-01-01 00:00:00"}]
INVITATIONS = [{"invitation_id": "I1", "survey_id": "S1", "customer_id": "C1", "channel": "Email",
                "sent_at": "2025-06-01 09:00:00", "_loaded_at": "2025-06-02 00:00:00"}]
TICKETS = [
    ticket("T1"),
    ticket("T2", first_response_at="2025-06-01T09:00:00Z", solved_at="2025-06-01 11:00:00+02:00"),
    ticket("T3", agent_id="A404", customer_id="C404"),
    ticket("T4", handle_time_seconds="-30", reopen_count="1.5"),
    ticket("T5", handle_time_seconds="999999"),
]
RESPONSES = [
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
    response("R_offset_day", submitted_at="2025-06-30T23:30:00-02:00"),
    response("R_dst_spring", submitted_at="2025-03-30T02:30:00+02:00"),
    response("R_dst_autumn", submitted_at="2025-10-26T02:30:00+01:00"),
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


CORPUS_DIR = FIXTURES_DIR / "adversarial_raw"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    return build_warehouse(CORPUS_DIR, tmp_path_factory.mktemp("adversarial"))


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
    # 43 raw rows, 11 rejected (listed in the next test), 32 kept.
    assert len(RESPONSES) == 43
    counts = query(corpus_db, "select raw_rows, kept_rows, rejected_rows from audit.audit_row_counts "
                              "where source_table = 'survey_responses'")
    assert counts == [(43, 32, 11)]


def test_rejected_responses_and_reasons(corpus_db):
    assert rejected(corpus_db, "survey_responses") == sorted([
        ("", "missing_id"), ("", "missing_id"),                                        # empty and whitespace keys
        ("R_april_31", "invalid_timestamp"),                                            # out of calendar
        ("R_not_leap", "invalid_timestamp"),                                            # 29 Feb of a common year
        ("R_date_only", "invalid_timestamp"), ("R_no_seconds", "invalid_timestamp"),    # partial
        ("R_day_first", "invalid_timestamp"), ("R_words", "invalid_timestamp"),         # not ISO 8601
        ("R_exact", "duplicate"), ("R_edit", "duplicate"),                              # exact and edited copies
        ("R_unknown_survey", "unknown_survey"),
    ])


def test_edited_duplicate_keeps_the_latest_load(corpus_db):
    assert response_value(corpus_db, "R_edit", "nps_score") == 9
    assert response_value(corpus_db, "R_exact", "nps_score") == 9


@pytest.mark.parametrize("response_id, expected", [
    ("R_leap", dt.datetime(2024, 2, 29, 12, 0)),
    ("R_offset_day", dt.datetime(2025, 7, 1, 1, 30)),        # 23:30 at −02:00 is the next day (and quarter) in UTC
    ("R_dst_spring", dt.datetime(2025, 3, 30, 0, 30)),        # the offset decides, not a time zone's DST rules
    ("R_dst_autumn", dt.datetime(2025, 10, 26, 1, 30)),
    ("R_fraction", dt.datetime(2025, 6, 10, 10, 0, 0, 123456)),  # nanoseconds truncated to microseconds
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
        ("T1", 30.0, 120.0, 600, True),
        ("T2", None, None, 600, False),   # solve nulled: not a resolution on record
        ("T3", 30.0, 120.0, 600, True),
        ("T4", 30.0, 120.0, None, None),  # reopen count unknown: first-contact resolution unknown
        ("T5", 30.0, 120.0, None, True),
    ]


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


if __name__ == "__main__":
    print(write_corpus(CORPUS_DIR))
