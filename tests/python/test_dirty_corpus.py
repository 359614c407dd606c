"""The hand-written dirty corpus (data/fixtures/dirty_raw): exact numbers, computed by hand.

Every expectation below is derived in the comments from the fixture rows and the rules in the issue
and DECISIONLOG.md; none is produced by code. The same expectations are checked against the dbt
warehouse and against the Python reference (so a disagreement shows which side drifted).

Effective survey scales (after trimming, normalisation and defaults):
  S1  ' TRANSACTIONAL ' / 'Support Interaction' / audience ''  -> transactional / support_interaction / customer, CES 1-5, CSAT 5
  S2  'Transactional' / '' / 'Customer', scales empty         -> transactional / unknown / customer, CES 1-7, CSAT 5 (defaults)
  S3  'Employee Experience' / 'eNPS' / 'Employee'              -> audience employee: never in fct_cx_scores
  S4  'Relational' / 'Overall Relationship' / 'CUSTOMER', CES 5..3, CSAT 1
        -> min 5 not below max 3: out_of_range on ces_scale_max, CES falls back to 1-7;
           CSAT max 1 < 2: out_of_range on csat_scale_max, no CSAT scale (its CSAT answers are nulled: invalid_scale)
  S5  key ' S5 ' -> 'S5'; relational / brand, CES 1-10, CSAT 7; _loaded_at 'not a date' -> invalid_timestamp
  S6  two rows; v2 (_loaded_at 2025-02-01T00:00:00Z) beats v1 (2025-01-01): v1 rejected duplicate (its 'x' is never
        recorded). v2: ces_scale_min 'abc' -> not_an_integer, min defaults to 1 -> CES 1-10, CSAT 7; relational / brand
"""
from __future__ import annotations

import math
from collections import Counter
from datetime import date

import pytest

import reference
from conftest import DIRTY_CORPUS_DIR, query

RAW = DIRTY_CORPUS_DIR
TX, SI = "transactional", "support_interaction"

# ---------------------------------------------------------------------------------------------
# Rejected rows, one reason each (missing_id -> invalid_timestamp -> unknown_survey -> duplicate)
# ---------------------------------------------------------------------------------------------
EXPECTED_REJECTED = Counter({
    # surveys (8 raw): '  ' id -> missing_id; S6 v1 superseded by v2 (later _loaded_at) -> duplicate
    ("surveys", "missing_id"): 1,
    ("surveys", "duplicate"): 1,
    # customers (7 raw): ' ' id -> missing_id; C1 appears twice identically -> the earlier row is a duplicate
    ("customers", "missing_id"): 1,
    ("customers", "duplicate"): 1,
    # agents (4 raw): empty id -> missing_id; A1 loaded 2025-01-01 loses to A1 loaded 2025-03-01 -> duplicate
    ("agents", "missing_id"): 1,
    ("agents", "duplicate"): 1,
    # tickets (6 raw): T3 created_at '31/12/2025'; the T5 re-delivery has created_at '2025-02-30 10:00:00'
    # (later _loaded_at, but duplicates are resolved only among rows that passed, so the good T5 stays)
    ("tickets", "invalid_timestamp"): 2,
    # survey_invitations (9 raw): empty id; I6 empty sent_at; I4 survey S9; I1 exact duplicate
    ("survey_invitations", "missing_id"): 1,
    ("survey_invitations", "invalid_timestamp"): 1,
    ("survey_invitations", "unknown_survey"): 1,
    ("survey_invitations", "duplicate"): 1,
    # survey_responses (29 raw):
    #   missing_id 2: '  ' (row 19) and '' (last row, which also has a bad timestamp and survey S9: first reason wins)
    #   invalid_timestamp 3: R12 re-delivery '2025-02-29 10:00:00' (2025 is no leap year), R16 '31/12/2025',
    #                        R17 '2025-13-45 10:00:00' (survey S9 too, but invalid_timestamp comes first)
    #   unknown_survey 1: R14 (S9)
    #   duplicate 4: R07 first copy (exact duplicate, later row in the file wins);
    #                R10 first answer (_loaded_at 03-11 < 03-12 of the re-submission);
    #                R11 submitted 08:00 (same _loaded_at, the 09:00 submission wins although it comes first);
    #                R13 with empty _loaded_at (both R13 _loaded_at are missing/invalid = oldest: tie; the
    #                10:00 submission wins over 09:00)
    ("survey_responses", "missing_id"): 2,
    ("survey_responses", "invalid_timestamp"): 3,
    ("survey_responses", "unknown_survey"): 1,
    ("survey_responses", "duplicate"): 4,
})

# raw = kept + rejected for every table
EXPECTED_ROW_COUNTS = {
    "surveys": {"raw": 8, "kept": 6, "rejected": 2},              # kept S1..S6
    "customers": {"raw": 7, "kept": 5, "rejected": 2},            # kept C1..C5
    "agents": {"raw": 4, "kept": 2, "rejected": 2},               # kept A1, A2
    "tickets": {"raw": 6, "kept": 4, "rejected": 2},              # kept T1, T2, T4, T5
    "survey_invitations": {"raw": 9, "kept": 5, "rejected": 4},   # kept I1, I2, I3, I5, I7
    "survey_responses": {"raw": 29, "kept": 19, "rejected": 10},  # kept R01-R08, R10-R13, R18-R24
}

# ---------------------------------------------------------------------------------------------
# Invalid values (kept rows only; a missing value is never invalid)
# ---------------------------------------------------------------------------------------------
EXPECTED_INVALID = Counter({
    # surveys: S4 ces_scale_max '3' (min 5 not below it), S4 csat_scale_max '1' (< 2),
    #          S6 v2 ces_scale_min 'abc', S5 _loaded_at 'not a date'
    ("surveys", "ces_scale_max", "out_of_range"): 1,
    ("surveys", "csat_scale_max", "out_of_range"): 1,
    ("surveys", "ces_scale_min", "not_an_integer"): 1,
    ("surveys", "_loaded_at", "invalid_timestamp"): 1,
    # customers: C3 signup '31/12/2024', C4 signup '2023-02-29' (no leap year) -> invalid_date;
    #            C4 churned_at '2025-13-45 10:00:00' -> invalid_timestamp.
    #            Valid: C2 '2024-02-29' (leap year), C5 '2024-02-29T23:30:00-02:00' (UTC date 2024-03-01)
    ("customers", "signup_date", "invalid_date"): 2,
    ("customers", "churned_at", "invalid_timestamp"): 1,
    # agents: A2 hired_at '2023-13-01 09:00:00'
    ("agents", "hired_at", "invalid_timestamp"): 1,
    # tickets: T1 first_response '2025-03-01T11:00:00+02:00' = 09:00 UTC < created 10:00 -> before_created_at;
    #          T4 solved '2025-03-04 09:59:59' < created 10:00:00 -> before_created_at;
    #          T2 customer C9 and agent A9 unknown; T2 handle 'abc'; T4 handle 90000 > 86400; T2 reopen 1001 > 1000.
    #          Valid: T2 first_response '2025-03-02 10:05:00.5', T5 handle ' 300.0 '
    ("tickets", "first_response_at", "before_created_at"): 1,
    ("tickets", "solved_at", "before_created_at"): 1,
    ("tickets", "customer_id", "unknown_reference"): 1,
    ("tickets", "agent_id", "unknown_reference"): 1,
    ("tickets", "handle_time_seconds", "not_an_integer"): 1,
    ("tickets", "handle_time_seconds", "out_of_range"): 1,
    ("tickets", "reopen_count", "out_of_range"): 1,
    # survey_invitations: I5 customer C9
    ("survey_invitations", "customer_id", "unknown_reference"): 1,
    # survey_responses:
    #   nps not_an_integer 3: R03 '7.5', R04 'abc', R05 full-width '９'; nps out_of_range 1: R06 '11'
    #   ces not_an_integer 1: R04 full-width '５'; ces out_of_range 2: R02 '6' (S1 is 1-5), R22 '0' (S6 is 1-10)
    #   csat not_an_integer 1: R24 '3.5'; csat out_of_range 1: R03 '0'
    #   valid despite looks: R01 ' 9 ', R02 '8.0', R24 '10.00' and '5.0', R20 ces 7 on S4's fallback CES scale
    #   follow_up_ok: R03 'maybe', R24 'N/A' (Yes/TRUE/0/no/false/1/true all valid, '' missing)
    #   references: R23 invitation I4 (rejected invitation), R23 ticket T3 (rejected ticket), R24 customer C9;
    #               R24 ticket '   ' is missing, not invalid
    #   _loaded_at: the kept R13 has 'not-a-time'
    ("survey_responses", "nps_score", "not_an_integer"): 3,
    ("survey_responses", "nps_score", "out_of_range"): 1,
    ("survey_responses", "ces_score", "not_an_integer"): 1,
    ("survey_responses", "ces_score", "out_of_range"): 2,
    ("survey_responses", "csat_score", "not_an_integer"): 1,
    ("survey_responses", "csat_score", "out_of_range"): 1,
    #   csat invalid_scale 1: R20 '5' on S4, whose CSAT max 1 leaves it without a CSAT scale
    ("survey_responses", "csat_score", "invalid_scale"): 1,
    ("survey_responses", "follow_up_ok", "invalid_boolean"): 2,
    ("survey_responses", "invitation_id", "unknown_reference"): 1,
    ("survey_responses", "ticket_id", "unknown_reference"): 1,
    ("survey_responses", "customer_id", "unknown_reference"): 1,
    ("survey_responses", "_loaded_at", "invalid_timestamp"): 1,
})

# ---------------------------------------------------------------------------------------------
# fct_cx_scores. Kept S1 responses (UTC day; NPS class; CES rescaled 1 + (s-1)*6/4; CSAT satisfied = s >= 4):
#   R01 03-01  nps 9 P   ces 4 -> 5.5   csat 5 sat
#   R02 03-31  nps 8 Pa  ces 6 invalid  csat 4 sat   ('2025-04-01T01:30:00+02:00' = 2025-03-31 23:30 UTC: Q1!)
#   R03 03-15  nps inv   ces 1 -> 1.0   csat 0 invalid
#   R04 03-20  nps inv   ces inv        csat 3 not
#   R05 03-21  nps inv   ces empty      csat empty   (counts as a response, every score null)
#   R06 03-22  nps inv   ces 5 -> 7.0   csat 2 not
#   R07 03-23  nps 3 D   ces 2 -> 2.5   csat 5 sat
#   R08 04-01  nps 10 P  ces 5 -> 7.0   csat 5 sat   ('2025-03-31T23:30:00-02:00' = 2025-04-01 01:30 UTC: Q2!)
#   R10 03-10  nps 10 P  ces 3 -> 4.0   csat 4 sat   (the re-submission)
#   R11 03-12  nps 2 D                                (the 09:00 submission)
#   R12 02-13  nps 9 P
#   R13 03-14  nps 6 D
#   R23 03-24  nps 9 P   ces 3 -> 4.0   csat 4 sat
#   R24 03-25  nps 10 P  ces 5 -> 7.0   csat 3.5 invalid
# ---------------------------------------------------------------------------------------------
FCT_ROWS = {
    # Q1 2025: R01..R07, R10..R13, R23, R24 = 13 responses.
    #   NPS answers 9: P = R01 R10 R12 R23 R24 = 5, Pa = R02 = 1, D = R07 R11 R13 = 3.
    #   nps = 100 * (5 - 3) / 9 = 22.2222...
    #   moe: p = 5/9, d = 3/9; p + d - (p - d)^2 = 8/9 - 4/81 = 68/81; / 9 = 68/729;
    #        1.96 * 100 * sqrt(68/729) = 196 * 0.3054152... = 59.861385...
    #   CES answers 7: 5.5 + 1 + 7 + 2.5 + 4 + 4 + 7 = 31 -> 31/7 = 4.428571...
    #   CSAT answers 7 (R01 R02 R04 R06 R07 R10 R23), satisfied 5 (R01 R02 R07 R10 R23) -> 500/7 = 71.428571...
    ("quarter", date(2025, 1, 1), TX, SI): dict(
        responses=13, nps_responses=9, promoters=5, passives=1, detractors=3,
        nps=200 / 9, nps_moe_95=196 * math.sqrt(68 / 729),
        ces_responses=7, ces_avg=31 / 7, csat_responses=7, csat_satisfied=5, csat_pct=500 / 7),
    # March 2025 = Q1 without R12 (February): 12 responses; NPS 8 answers P 4, Pa 1, D 3 -> 100 * 1/8 = 12.5
    #   moe: p = .5, d = .375: .875 - .125^2 = .859375; / 8 = .107421875; 196 * sqrt(.) = 64.239541...
    #   CES and CSAT as in Q1 (R12 had neither).
    ("month", date(2025, 3, 1), TX, SI): dict(
        responses=12, nps_responses=8, promoters=4, passives=1, detractors=3,
        nps=12.5, nps_moe_95=196 * math.sqrt(0.859375 / 8),
        ces_responses=7, ces_avg=31 / 7, csat_responses=7, csat_satisfied=5, csat_pct=500 / 7),
    # February 2025: R12 alone, NPS only: nps 100, moe 196 * sqrt((1 - 1)/1) = 0; CES and CSAT null with counts 0
    ("month", date(2025, 2, 1), TX, SI): dict(
        responses=1, nps_responses=1, promoters=1, passives=0, detractors=0, nps=100.0, nps_moe_95=0.0,
        ces_responses=0, ces_avg=None, csat_responses=0, csat_satisfied=0, csat_pct=None),
    # Q2 2025: R08 alone: nps 100, moe 0, CES 7.0, CSAT 100
    ("quarter", date(2025, 4, 1), TX, SI): dict(
        responses=1, nps_responses=1, promoters=1, passives=0, detractors=0, nps=100.0, nps_moe_95=0.0,
        ces_responses=1, ces_avg=7.0, csat_responses=1, csat_satisfied=1, csat_pct=100.0),
    # Year 2025: all 14. NPS 10 answers: P 6, Pa 1, D 3 -> 30.0;
    #   moe: p .6, d .3: .9 - .09 = .81; / 10 = .081; 196 * sqrt(.081) = 55.782578...
    #   CES 8 answers: 31 + 7 = 38 -> 4.75; CSAT 8 answers, 6 satisfied -> 75.0
    ("year", date(2025, 1, 1), TX, SI): dict(
        responses=14, nps_responses=10, promoters=6, passives=1, detractors=3,
        nps=30.0, nps_moe_95=196 * math.sqrt(0.081),
        ces_responses=8, ces_avg=4.75, csat_responses=8, csat_satisfied=6, csat_pct=75.0),
    # ISO week starting Monday 2025-03-31: R02 (03-31 23:30 UTC) and R08 (04-01 01:30 UTC), across the quarter line.
    #   NPS P 1 (R08), Pa 1 (R02) -> 50.0; moe: p .5, d 0: .5 - .25 = .25; / 2 = .125; 196 * sqrt(.125) = 69.296465...
    #   CES: R08 only -> 7.0; CSAT: 2 of 2 -> 100
    ("week", date(2025, 3, 31), TX, SI): dict(
        responses=2, nps_responses=2, promoters=1, passives=1, detractors=0,
        nps=50.0, nps_moe_95=196 * math.sqrt(0.125),
        ces_responses=1, ces_avg=7.0, csat_responses=2, csat_satisfied=2, csat_pct=100.0),
    # ISO week starting Monday 2025-03-17: R04, R05, R06, R07 (03-20 .. 03-23).
    #   NPS: only R07 valid (3, D) -> -100, moe 0. CES: R06 7.0, R07 2.5 -> 4.75. CSAT: R04 3, R06 2, R07 5 -> 1/3
    ("week", date(2025, 3, 17), TX, SI): dict(
        responses=4, nps_responses=1, promoters=0, passives=0, detractors=1, nps=-100.0, nps_moe_95=0.0,
        ces_responses=2, ces_avg=4.75, csat_responses=3, csat_satisfied=1, csat_pct=100 / 3),
    # Day 2025-03-31: R02 alone: NPS 8 (passive) -> 0.0, moe: p = d = 0 -> 0.0; CES invalid -> null; CSAT 4 -> 100
    ("day", date(2025, 3, 31), TX, SI): dict(
        responses=1, nps_responses=1, promoters=0, passives=1, detractors=0, nps=0.0, nps_moe_95=0.0,
        ces_responses=0, ces_avg=None, csat_responses=1, csat_satisfied=1, csat_pct=100.0),
    # Day 2025-03-21: R05, every score invalid or empty: a row with all counts 0 and all scores null
    ("day", date(2025, 3, 21), TX, SI): dict(
        responses=1, nps_responses=0, promoters=0, passives=0, detractors=0, nps=None, nps_moe_95=None,
        ces_responses=0, ces_avg=None, csat_responses=0, csat_satisfied=0, csat_pct=None),
    # S2 (touchpoint empty -> unknown, default scales): R18 '2024-02-29T23:30:00-02:00' = 2024-03-01 01:30 UTC.
    #   NPS 9 -> 100; CES 7 on 1-7 -> 7.0; CSAT 5 -> 100. ISO week of Friday 2024-03-01 starts Monday 2024-02-26.
    ("day", date(2024, 3, 1), TX, "unknown"): dict(
        responses=1, nps_responses=1, promoters=1, passives=0, detractors=0, nps=100.0, nps_moe_95=0.0,
        ces_responses=1, ces_avg=7.0, csat_responses=1, csat_satisfied=1, csat_pct=100.0),
    ("week", date(2024, 2, 26), TX, "unknown"): dict(
        responses=1, nps_responses=1, promoters=1, passives=0, detractors=0, nps=100.0, nps_moe_95=0.0,
        ces_responses=1, ces_avg=7.0, csat_responses=1, csat_satisfied=1, csat_pct=100.0),
    ("quarter", date(2024, 1, 1), TX, "unknown"): dict(
        responses=1, nps_responses=1, promoters=1, passives=0, detractors=0, nps=100.0, nps_moe_95=0.0,
        ces_responses=1, ces_avg=7.0, csat_responses=1, csat_satisfied=1, csat_pct=100.0),
    # S4 (fallback CES 1-7, no CSAT scale): R20 (key '\tR20 '), 2025-05-05: NPS 9 -> 100; CES 7 -> 7.0;
    #   CSAT '5' nulled (invalid_scale: the raw max was 1) -> no CSAT answer
    ("quarter", date(2025, 4, 1), "relational", "overall_relationship"): dict(
        responses=1, nps_responses=1, promoters=1, passives=0, detractors=0, nps=100.0, nps_moe_95=0.0,
        ces_responses=1, ces_avg=7.0, csat_responses=0, csat_satisfied=0, csat_pct=None),
    # relational / brand = S5 + S6. R21 (survey ' S5', 2025-06-30 23:59:59.999999 UTC): NPS 8 Pa, CES 4 on 1-10 ->
    #   1 + 3*6/9 = 3.0, CSAT 6 on 7 -> satisfied (6 >= 6). R22 (S6, '2025-04-15T10:00:00+02:00' = 08:00 UTC):
    #   NPS 5 D, CES 0 out of S6's 1-10 (its min 'abc' defaulted to 1; the rejected v1 had min 0), CSAT 7 satisfied.
    #   NPS -50; moe: p 0, d .5: .5 - .25 = .25; / 2 -> 196 * sqrt(.125) = 69.296465...; CES 3.0 (1 answer); CSAT 100
    ("quarter", date(2025, 4, 1), "relational", "brand"): dict(
        responses=2, nps_responses=2, promoters=0, passives=1, detractors=1,
        nps=-50.0, nps_moe_95=196 * math.sqrt(0.125),
        ces_responses=1, ces_avg=3.0, csat_responses=2, csat_satisfied=2, csat_pct=100.0),
    ("day", date(2025, 6, 30), "relational", "brand"): dict(
        responses=1, nps_responses=1, promoters=0, passives=1, detractors=0, nps=0.0, nps_moe_95=0.0,
        ces_responses=1, ces_avg=3.0, csat_responses=1, csat_satisfied=1, csat_pct=100.0),
}

# Row count of fct_cx_scores:
#   transactional/support_interaction: 14 days (02-13, 03-01, 03-10, 03-12, 03-14, 03-15, 03-20, 03-21, 03-22, 03-23,
#     03-24, 03-25, 03-31, 04-01) + 6 weeks (02-10, 02-24, 03-10, 03-17, 03-24, 03-31) + 3 months + 2 quarters + 1 year = 26
#   transactional/unknown: 5 (one of each grain); relational/overall_relationship: 5;
#   relational/brand: 2 days + 2 weeks (04-14, 06-30) + 2 months + 1 quarter + 1 year = 8.  Total 44.
EXPECTED_FCT_ROWS = 44
# Per grain, responses add up to the 18 kept customer-audience responses (19 kept minus the employee R19).
EXPECTED_CUSTOMER_RESPONSES = 18
EXPECTED_PAIRS = {(TX, SI), (TX, "unknown"), ("relational", "overall_relationship"), ("relational", "brand")}

COLS = reference.FCT_COLUMNS


@pytest.fixture(scope="module", params=["warehouse", "reference"])
def source(request):
    """Uniform access to the dirty corpus results, from the dbt warehouse or from the Python reference."""
    if request.param == "reference":
        ref = reference.run(RAW)
        return dict(rejected=ref.rejected_counts(), invalid=ref.invalid_counts(), counts=ref.row_counts(),
                    fct=ref.fct_cx_scores())
    db = request.getfixturevalue("dirty_corpus_warehouse")
    return dict(
        rejected=Counter({(t, r): n for t, r, n in query(
            db, "select source_table, reason, count(*) from audit.audit_rejected_rows group by all")}),
        invalid=Counter({(t, c, r): n for t, c, r, n in query(
            db, "select source_table, column_name, reason, count(*) from audit.audit_invalid_values group by all")}),
        counts={t: {"raw": a, "kept": b, "rejected": c} for t, a, b, c in query(
            db, "select source_table, raw_rows, kept_rows, rejected_rows from audit.audit_row_counts")},
        fct=[dict(zip(COLS, v)) for v in query(db, f"select {', '.join(COLS)} from marts.fct_cx_scores")],
    )


def test_rejected_counts(source):
    assert source["rejected"] == EXPECTED_REJECTED


def test_invalid_counts(source):
    assert source["invalid"] == EXPECTED_INVALID


def test_row_counts(source):
    assert source["counts"] == EXPECTED_ROW_COUNTS


def test_fct_shape(source):
    fct = source["fct"]
    assert len(fct) == EXPECTED_FCT_ROWS
    assert {(r["program"], r["touchpoint"]) for r in fct} == EXPECTED_PAIRS  # no employee_experience / enps
    for grain in ("day", "week", "month", "quarter", "year"):
        assert sum(int(r["responses"]) for r in fct if r["period_grain"] == grain) == EXPECTED_CUSTOMER_RESPONSES


@pytest.mark.parametrize("key", list(FCT_ROWS), ids=lambda k: f"{k[0]}-{k[1]}-{k[3]}" if isinstance(k, tuple) else None)
def test_fct_values(source, key):
    rows = [r for r in source["fct"] if (r["period_grain"], r["period_start"], r["program"], r["touchpoint"]) == key]
    assert len(rows) == 1, f"expected exactly one row for {key}"
    got = rows[0]
    for col, want in FCT_ROWS[key].items():
        if want is None:
            assert got[col] is None, (col, got[col])
        elif isinstance(want, float):
            assert got[col] is not None and abs(float(got[col]) - want) <= 1e-6, (col, got[col], want)
        else:
            assert got[col] == want, (col, got[col], want)
