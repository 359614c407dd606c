"""Qualtrics and Zendesk as Fivetran lands them (data/fixtures/connectors_raw): exact numbers, computed by hand.

The fixture holds both connectors' tables, written from the connectors' documented schemas (with columns the
adapters never read: recipients' emails and names, IP addresses, subjects, descriptions). The mixed build reads
cx_survey_sources = qualtrics,zendesk and cx_helpdesk_source = zendesk; survey_map (seeds/) maps
SV_aSupportFixture (transactional / support; NPS question found by selector: QID1, the deleted QID9 does not
count; CES QID2 with options 1-5, the deleted option 7 does not count; CSAT QID3 options 1-5), SV_bRelationalFixture
(relational / overall; NPS QID10 named in the map although QID11 is an NPS question too) and Zendesk's
satisfaction ratings (transactional / support, CSAT max 2). SV_cPollFixture is not mapped.

Qualtrics survey_response (18 rows):
  kept  R_S01 03-02 NPS 10 P, CES 4 -> 1 + 3*6/4 = 5.5, CSAT 5 sat; reason with an email -> [email]
        R_S02 03-31 23:30 UTC (zone-less: UTC, still Q1) NPS 6 D, CES 2 -> 2.5, CSAT 2 not; reason with a phone
        R_S07 status 16 (offline), finished 'true': NPS 8 Pa, CES '9' out of 1-5 (nulled), CSAT 4 sat
        R_S08 status 4 (imported): NPS 'abc' (nulled), CSAT 3 not, customer 999 unknown (nulled)
        R_S09 second copy (synced later): NPS 9 (its answer synced later beats the 3), CES 5 -> 7.0
        R_R13 NPS 7 Pa (QID10; QID11's 0 ignored), R_R14 10 P (sub-question and loop answers ignored), R_R15 2 D
  rejected: R_S03 status 1, R_S04 status 2, R_S05 status 8 -> not_a_live_response; R_S16's latest copy status 8
        -> not_a_live_response and its earlier live copy -> duplicate; R_S09's first copy -> duplicate;
        R_S06 finished 0 -> unfinished; R_S10 (SV_cPollFixture) -> unmapped_survey; empty id -> missing_id;
        R_S12 recorded_date 'not a date' -> invalid_timestamp.  8 kept + 10 rejected = 18.
Zendesk ticket_field_history, satisfaction records (10 of its 27 rows; the unoffered one is ignored):
  answers: ticket 1 good then bad (the later bad is its response, the good a duplicate), 2 good, 3 bad (ticket 3 is
        deleted -> deleted_ticket), 4 good, 6 good -> 4 kept (3 good, 1 bad), 2 rejected.
  offers: tickets 1, 2, 3 (deleted_ticket), 5 -> 3 kept, 1 rejected.
fct_cx_scores, 2026-Q1:
  transactional / support = 5 Qualtrics + 4 Zendesk answers = 9 responses.
        NPS: R_S01 P, R_S02 D, R_S07 Pa, R_S09 P -> (2 - 1) / 4 = 25. CES: (5.5 + 2.5 + 7.0) / 3 = 5.0.
        CSAT: Qualtrics 5, 2, 4, 3 (max 5: 4 and 5 satisfied) -> 2 of 4; Zendesk max 2, only good (2) satisfied
        -> 3 of 4; together 5 of 8 = 62.5.
  relational / overall: R_R13 Pa, R_R14 P, R_R15 D -> 3 responses, NPS 0.
"""
from __future__ import annotations

import csv
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from conftest import CONNECTOR_SOURCES, CONNECTORS_DIR, query, run_dbt

RAW = CONNECTORS_DIR
SURVEY_MAP = Path(__file__).resolve().parents[2] / "seeds" / "survey_map.csv"
with SURVEY_MAP.open(newline="", encoding="utf-8") as _handle:
    SEED_QUALTRICS_ROWS = sum(1 for row in csv.DictReader(_handle) if row["source_system"] == "qualtrics")
MIXED = CONNECTOR_SOURCES

EXPECTED_ROW_COUNTS = {
    # (source_system, source_table): (raw, read, kept, rejected)
    ("qualtrics", "qualtrics.survey_response"): (18, 18, 8, 10),
    ("qualtrics", "qualtrics.distribution_contact"): (8, 8, 6, 2),  # CID_3 synced twice; CID_5 unmapped
    # survey_map's Qualtrics rows: this fixture's 2 and the examples of the importer and generator tests
    ("qualtrics", "survey_map"): (SEED_QUALTRICS_ROWS,) * 3 + (0,),
    ("zendesk", "survey_map"): (1, 1, 1, 0),
    ("zendesk", "zendesk.ticket"): (7, 7, 5, 2),  # ticket 3 deleted; ticket 4 synced twice
    ("zendesk", "zendesk.ticket_field_history"): (10, 10, 7, 3),
    # 101, 102, 103, 104 (twice), no id, 105 (role robot) as customers; 201, 202, 203 as agents
    ("zendesk", "zendesk.user"): (10, 10, 7, 3),
}

EXPECTED_REJECTED = Counter({
    ("qualtrics.survey_response", "not_a_live_response"): 4,
    ("qualtrics.survey_response", "duplicate"): 2,
    ("qualtrics.survey_response", "unfinished"): 1,
    ("qualtrics.survey_response", "unmapped_survey"): 1,
    ("qualtrics.survey_response", "missing_id"): 1,
    ("qualtrics.survey_response", "invalid_timestamp"): 1,
    ("qualtrics.distribution_contact", "duplicate"): 1,
    ("qualtrics.distribution_contact", "unmapped_survey"): 1,
    ("zendesk.ticket", "deleted"): 1,
    ("zendesk.ticket", "duplicate"): 1,
    ("zendesk.ticket_field_history", "deleted_ticket"): 2,
    ("zendesk.ticket_field_history", "duplicate"): 1,
    ("zendesk.user", "duplicate"): 1,
    ("zendesk.user", "missing_id"): 1,
    ("zendesk.user", "invalid_role"): 1,
})

EXPECTED_INVALID = {
    ("qualtrics:R_S07", "ces_score", "9", "out_of_range"),
    ("qualtrics:R_S08", "nps_score", "abc", "not_an_integer"),
    ("qualtrics:R_S08", "customer_id", "999", "unknown_reference"),
}

SCORE_COLUMNS = ("responses, nps_responses, promoters, passives, detractors, nps, ces_responses, ces_avg, "
                 "csat_responses, csat_satisfied, csat_pct")
EXPECTED_QUARTER = {
    ("transactional", "support"): (9, 4, 2, 1, 1, 25.0, 3, 5.0, 8, 5, 62.5),
    ("relational", "overall"): (3, 3, 1, 1, 1, 0.0, 0, None, 0, 0, None),
}


@pytest.fixture(scope="module")
def mixed_db(connectors_warehouse) -> Path:
    return connectors_warehouse


def _close(actual, expected) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return abs(actual - expected) < 1e-6


def test_quarter_scores_equal_the_hand_computation(mixed_db):
    rows = query(mixed_db, f"select program, touchpoint, {SCORE_COLUMNS} from marts.fct_cx_scores "
                           "where period_grain = 'quarter'")
    assert {(r[0], r[1]) for r in rows} == set(EXPECTED_QUARTER)
    for program, touchpoint, *values in rows:
        expected = EXPECTED_QUARTER[(program, touchpoint)]
        assert all(_close(a, e) for a, e in zip(values, expected)), (program, touchpoint, values, expected)
    assert query(mixed_db, "select distinct period_start from marts.fct_cx_scores "
                           "where period_grain = 'quarter'") == [(date(2026, 1, 1),)]


def test_every_source_row_is_kept_or_rejected(mixed_db):
    rows = query(mixed_db, "select source_system, source_table, raw_rows, read_rows, kept_rows, rejected_rows, "
                           "is_reconciled from audit.audit_row_counts")
    assert {(r[0], r[1]): tuple(r[2:6]) for r in rows} == EXPECTED_ROW_COUNTS
    assert all(r[6] for r in rows)
    rejected = Counter({(t, reason): n for t, reason, n in query(
        mixed_db, "select source_table, reason, count(*) from audit.audit_rejected_rows group by all")})
    assert rejected == EXPECTED_REJECTED


def test_nulled_values_are_recorded_with_the_value_the_connector_held(mixed_db):
    assert set(query(mixed_db, "select source_key, column_name, raw_value, reason from audit.audit_invalid_values")) \
        == EXPECTED_INVALID


def test_zendesk_tickets_from_history_and_comments(mixed_db):
    rows = query(mixed_db, "select ticket_id, customer_id, agent_id, channel, first_response_minutes, "
                           "resolution_minutes, handle_time_seconds, reopen_count, survey_csat_score "
                           "from marts.fct_tickets order by ticket_id")
    assert rows == [
        # 1: agent 201's public reply at 09:30 (its 09:10 note is private); solved 03-01 12:00, reopened 03-02 08:00,
        #    solved again 15:00 (the latest solve: 30 h = 1800 min); rated bad at last (CSAT 1)
        ("zendesk:1", "zendesk:101", "zendesk:201", "web", 30.0, 1800.0, None, 1, 1),
        # 2: admin 202 replied at 10:45; solved 11:00 then closed (not a reopen)
        ("zendesk:2", "zendesk:102", "zendesk:202", "email", 45.0, 60.0, None, 0, 2),
        # 4: the 08:30 reply is before the 09:00 creation and does not count; 09:20 does
        ("zendesk:4", "zendesk:101", "zendesk:201", "web", 20.0, 60.0, None, 0, 2),
        # 5: offered, never rated, never answered by an agent
        ("zendesk:5", "zendesk:102", "zendesk:203", "api", None, None, None, 0, None),
        # 6: the end user's 09:05 comment is not a response; agent 203's 09:40 is
        ("zendesk:6", "zendesk:103", "zendesk:202", "email", 40.0, 60.0, None, 0, 2),
    ]
    assert query(mixed_db, "select agent_id, team from marts.dim_agents order by agent_id") == [
        ("zendesk:201", "Tier 1"), ("zendesk:202", "Escalations"), ("zendesk:203", None)]


def test_keys_never_collide_and_carry_their_source(mixed_db):
    for table, key in [("fct_survey_responses", "response_id"), ("fct_survey_invitations", "invitation_id"),
                       ("fct_tickets", "ticket_id"), ("dim_customers", "customer_id"), ("dim_agents", "agent_id"),
                       ("dim_surveys", "survey_id")]:
        rows = query(mixed_db, f"select source_system, {key} from marts.{table}")
        assert rows and all(k.startswith(f"{s}:") for s, k in rows), table
    # Zendesk's response and invitation of a ticket are keyed by the ticket; Qualtrics' invitation by
    # (distribution, contact).
    assert query(mixed_db, "select response_id, invitation_id from marts.fct_survey_responses "
                           "where response_id in ('zendesk:1', 'zendesk:4', 'qualtrics:R_S01') order by 1") == [
        ("qualtrics:R_S01", "qualtrics:EMD_1:CID_1"), ("zendesk:1", "zendesk:1"), ("zendesk:4", None)]


def test_no_contact_data_reaches_a_mart(mixed_db):
    texts = []
    for (table,) in query(mixed_db, "select table_name from information_schema.tables where table_schema = 'marts'"):
        columns = [c for (c,) in query(mixed_db, "select column_name from information_schema.columns where "
                                                 f"table_schema = 'marts' and table_name = '{table}' "
                                                 "and data_type = 'VARCHAR'")]
        for column in columns:
            texts += [v for (v,) in query(mixed_db, f'select "{column}" from marts."{table}"') if v]
    assert texts
    for needle in ("@", "Ann", "Lee", "555", "203.0.113"):
        assert not [t for t in texts if needle in t], needle
    assert ("Quick fix, thanks. Write me at [email]",) in query(
        mixed_db, "select reason_text from marts.fct_survey_responses")


@pytest.mark.slow
def test_zendesk_good_bad_ratings_alone(tmp_path):
    """Zendesk as the only source: 3 good and 1 bad on the 2-point scale is 75 % (top box only)."""
    db = tmp_path / "cx.duckdb"
    run_dbt(["build", "--select", "+fct_cx_scores", "--exclude", "test_type:data"], RAW, db,
            extra_env={"CX_SURVEY_SOURCES": "zendesk", "CX_HELPDESK_SOURCE": "zendesk"})
    assert query(db, "select csat_responses, csat_satisfied, csat_pct from marts.fct_cx_scores "
                     "where period_grain = 'quarter'") == [(4, 3, 75.0)]


def _copy_fixture(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(RAW, folder)
    return folder


def _rewrite(path: Path, change) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows = change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.slow
def test_a_missing_required_column_stops_the_build_naming_table_and_column(tmp_path):
    folder = _copy_fixture(tmp_path)
    _rewrite(folder / "survey_response.csv",
             lambda rows: [[v for i, v in enumerate(r) if rows[0][i] != "status"] for r in rows])
    proc = run_dbt(["build", "--select", "+stg_qualtrics__survey_responses"], folder, tmp_path / "cx.duckdb",
                   check=False, extra_env=MIXED)
    assert proc.returncode != 0
    assert "Raw table 'survey_response'" in proc.stdout and "missing required column(s): status" in proc.stdout


@pytest.mark.slow
def test_two_nps_questions_and_no_mapping_stop_the_build_naming_the_survey(tmp_path):
    folder = _copy_fixture(tmp_path)
    _rewrite(folder / "question.csv", lambda rows: rows + [
        ["QID8", "SV_aSupportFixture", "false", "2026-03-01 00:00:00.000000 UTC", "Q8", "Recommend again?", "MC",
         "NPS", ""]])
    proc = run_dbt(["build", "--select", "+int_survey_responses__validated", "--exclude", "test_type:unit"],
                   folder, tmp_path / "cx.duckdb", check=False, extra_env=MIXED)
    assert proc.returncode != 0
    assert "Qualtrics survey SV_aSupportFixture has 2 questions with selector NPS" in proc.stdout
